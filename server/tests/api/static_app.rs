use reqwest::Client;

use crate::helpers::TestServer;

#[tokio::test]
async fn deep_links_serve_the_app_and_assets_have_their_content_types() {
    let server = TestServer::start().await;
    std::fs::write(server.dist().join("app.js"), "export default 1;").unwrap();
    let client = Client::new();
    for path in [
        "/",
        "/login",
        "/projects/ITH/customers",
        "/settings/organizations",
        "/help/support",
    ] {
        let response = client.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{path}"
        );
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("<title>Clientele</title>"),
            "{path}"
        );
    }
    let wasm = client.get(server.url("/app_bg.wasm")).send().await.unwrap();
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    let js = client.get(server.url("/app.js")).send().await.unwrap();
    assert!(js.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));
}

const AGENT_INDEX: &str = "<!doctype html><title>Clientele</title><p>agent app";
const HELP_INDEX: &str = "<!doctype html><title>Clientele</title><p>help center";
const SETTINGS_INDEX: &str = "<!doctype html><title>Clientele</title><p>settings panel";
const SIGN_IN_INDEX: &str = "<!doctype html><title>Clientele</title><p>help center sign-in";
const REQUESTS_INDEX: &str = "<!doctype html><title>Clientele</title><p>request pages";
/// The dialogs' build: no page, a module whose file names the agent app reads here.
const DIALOGS_INDEX: &str = "<!doctype html><title>Clientele dialogs</title>\
    <script type=module>import init from '/agent-dialogs/clientele-dialogs-0123456789abcdef.js';\
    await init({ module_or_path: '/agent-dialogs/clientele-dialogs-0123456789abcdef_bg.wasm' });</script>";

/// A server whose app directory holds the six builds, as `scripts/build-web.sh` makes it,
/// with the Brotli and gzip copies `clientele compress` writes.
async fn server_with_all_builds() -> TestServer {
    TestServer::start_with(|config| {
        let dist = &config.dist;
        std::fs::write(dist.join("index.html"), AGENT_INDEX).unwrap();
        std::fs::write(dist.join("clientele-web-0123456789abcdef_bg.wasm"), wasm_like()).unwrap();
        std::fs::create_dir_all(dist.join("public")).unwrap();
        std::fs::write(dist.join("public/favicon.svg"), "<svg/>").unwrap();
        let help = dist.join("help-center");
        std::fs::create_dir_all(&help).unwrap();
        std::fs::write(help.join("index.html"), HELP_INDEX).unwrap();
        std::fs::write(
            help.join("clientele-help-fedcba9876543210.js"),
            "export default 2;",
        )
        .unwrap();
        std::fs::create_dir_all(dist.join("settings-panel")).unwrap();
        std::fs::write(dist.join("settings-panel/index.html"), SETTINGS_INDEX).unwrap();
        let sign_in = dist.join("help-sign-in");
        std::fs::create_dir_all(&sign_in).unwrap();
        std::fs::write(sign_in.join("index.html"), SIGN_IN_INDEX).unwrap();
        std::fs::write(
            sign_in.join("clientele-help-sign-in-0123456789abcdef_bg.wasm"),
            wasm_like(),
        )
        .unwrap();
        let requests = dist.join("project-requests");
        std::fs::create_dir_all(&requests).unwrap();
        std::fs::write(requests.join("index.html"), REQUESTS_INDEX).unwrap();
        std::fs::write(
            requests.join("clientele-requests-0123456789abcdef_bg.wasm"),
            wasm_like(),
        )
        .unwrap();
        let dialogs = dist.join("agent-dialogs");
        std::fs::create_dir_all(&dialogs).unwrap();
        std::fs::write(dialogs.join("index.html"), DIALOGS_INDEX).unwrap();
        std::fs::write(
            dialogs.join("clientele-dialogs-0123456789abcdef.js"),
            "export default 3;",
        )
        .unwrap();
        std::fs::write(
            dialogs.join("clientele-dialogs-0123456789abcdef_bg.wasm"),
            wasm_like(),
        )
        .unwrap();
        clientele_server::precompress::precompress(dist).unwrap();
    })
    .await
}

fn wasm_like() -> Vec<u8> {
    let mut bytes = b"\0asm\x01\0\0\0".to_vec();
    for i in 0..4000u32 {
        bytes.extend_from_slice(&(i % 97).to_le_bytes());
    }
    bytes
}

async fn get(server: &TestServer, path: &str, accept_encoding: Option<&str>) -> reqwest::Response {
    let mut request = Client::new().get(server.url(path));
    if let Some(encodings) = accept_encoding {
        request = request.header("accept-encoding", encodings);
    }
    request.send().await.unwrap()
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect::<Vec<_>>()
        .join(", ")
}

#[tokio::test]
async fn help_and_settings_pages_get_their_builds_and_every_other_page_the_agent_app() {
    let server = server_with_all_builds().await;
    for path in [
        "/help",
        "/help/",
        "/help/support",
        "/help/support/",
        "/help/support/requests",
        "/help/support/requests/ITH-1",
        "/help/support/raise",
        "/help/support/login/more",
        "/help/support/invite",
    ] {
        let response = get(&server, path, None).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.text().await.unwrap(), HELP_INDEX, "{path}");
    }
    // A help center's signed-out pages: the small sign-in build.
    for path in [
        "/help/support/login",
        "/help/other/login",
        "/help/support/signup",
        "/help/support/forgot",
        "/help/support/invite/abc123",
        "/help/support/verify/abc123",
        "/help/support/reset/abc123",
        "/help/support/login/",
    ] {
        let response = get(&server, path, None).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.text().await.unwrap(), SIGN_IN_INDEX, "{path}");
    }
    for path in ["/settings", "/settings/organizations", "/settings/customers/7"] {
        let response = get(&server, path, None).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.text().await.unwrap(), SETTINGS_INDEX, "{path}");
    }
    // A project's request pages and organizations: the request build.
    for path in [
        "/projects/ITH/organizations",
        "/projects/ITH/organizations/7",
        "/projects/ITH/queue",
        "/projects/ITH/queue?status=resolved&reporter=7",
        "/projects/ith/requests/ITH-12",
        "/projects/ITH/settings/request-types",
        "/projects/ITH/settings/access",
    ] {
        let response = get(&server, path, None).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.text().await.unwrap(), REQUESTS_INDEX, "{path}");
    }
    for path in [
        "/",
        "/login",
        "/projects/ITH",
        "/projects/ITH/customers",
        "/projects/ITH/organizations/7/more",
        "/projects/ITH/requests",
        "/projects/ITH/queue/more",
        "/helpdesk",
        "/settingsx",
    ] {
        let response = get(&server, path, None).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.text().await.unwrap(), AGENT_INDEX, "{path}");
    }
    let script = get(&server, "/help-center/clientele-help-fedcba9876543210.js", None).await;
    assert_eq!(script.text().await.unwrap(), "export default 2;");
}

#[tokio::test]
async fn assets_go_out_precompressed_in_the_best_encoding_the_browser_accepts() {
    let server = server_with_all_builds().await;
    let path = "/clientele-web-0123456789abcdef_bg.wasm";
    let file = server.dist().join(path.trim_start_matches('/'));
    let raw = std::fs::read(&file).unwrap();
    let brotli = std::fs::read(file.with_extension("wasm.br")).unwrap();
    let gzip = std::fs::read(file.with_extension("wasm.gz")).unwrap();
    assert!(brotli.len() < raw.len() / 4, "{} of {}", brotli.len(), raw.len());
    for (accept, encoding, body) in [
        (Some("gzip, deflate, br"), "br", &brotli),
        (Some("br;q=0.5, gzip"), "gzip", &gzip),
        (Some("gzip"), "gzip", &gzip),
        (None, "", &raw),
    ] {
        let response = get(&server, path, accept).await;
        assert_eq!(response.status(), 200, "{accept:?}");
        assert_eq!(header(&response, "content-encoding"), encoding, "{accept:?}");
        assert_eq!(
            header(&response, "content-type"),
            "application/wasm",
            "{accept:?}"
        );
        assert!(
            header(&response, "vary").contains("accept-encoding"),
            "{accept:?}"
        );
        assert_eq!(&response.bytes().await.unwrap().to_vec(), body, "{accept:?}");
    }
    // A page is precompressed too, and the sign-in build's wasm.
    let page = get(&server, "/help/support/login", Some("gzip, deflate, br")).await;
    assert_eq!(header(&page, "content-encoding"), "br");
    let sign_in_page = std::fs::read(server.dist().join("help-sign-in/index.html.br")).unwrap();
    assert_eq!(page.bytes().await.unwrap().to_vec(), sign_in_page);
    let wasm = get(
        &server,
        "/help-sign-in/clientele-help-sign-in-0123456789abcdef_bg.wasm",
        Some("gzip, deflate, br"),
    )
    .await;
    assert_eq!(header(&wasm, "content-encoding"), "br");
    assert_eq!(header(&wasm, "content-type"), "application/wasm");
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year_and_pages_are_revalidated() {
    let server = server_with_all_builds().await;
    for path in [
        "/clientele-web-0123456789abcdef_bg.wasm",
        "/help-center/clientele-help-fedcba9876543210.js",
        "/help-sign-in/clientele-help-sign-in-0123456789abcdef_bg.wasm",
        "/project-requests/clientele-requests-0123456789abcdef_bg.wasm",
        "/agent-dialogs/clientele-dialogs-0123456789abcdef.js",
        "/agent-dialogs/clientele-dialogs-0123456789abcdef_bg.wasm",
    ] {
        for accept in [Some("gzip, deflate, br"), None] {
            let response = get(&server, path, accept).await;
            assert_eq!(
                header(&response, "cache-control"),
                "public, max-age=31536000, immutable",
                "{path} {accept:?}"
            );
        }
    }
    for path in [
        "/",
        "/index.html",
        "/login",
        "/projects/ITH/customers",
        "/help/support",
        "/help/support/login",
        "/help/support/invite/abc123",
        "/help-center/index.html",
        "/help-sign-in/index.html",
        "/project-requests/index.html",
        "/agent-dialogs/index.html",
        "/projects/ITH/queue",
        "/projects/ITH/organizations/7",
        "/projects/ITH/requests/ITH-1",
        "/settings/general",
        "/public/favicon.svg",
        // A hashed name that is not there (an old build's) gets the page, which is not immutable.
        "/clientele-web-aaaaaaaaaaaaaaaa.js",
    ] {
        let response = get(&server, path, Some("gzip, deflate, br")).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(header(&response, "cache-control"), "no-cache", "{path}");
    }
    // The API keeps its own rule.
    let api = get(&server, "/rest/clientele/1/helpcenter", None).await;
    assert_eq!(header(&api, "cache-control"), "no-store");
}

#[tokio::test]
async fn the_dialogs_build_is_files_its_index_revalidated_and_its_module_cached() {
    let server = server_with_all_builds().await;
    // The agent app reads the module's hashed names from this index: it must be the file,
    // revalidated on every load, so that a new build's module is found.
    let index = get(&server, "/agent-dialogs/index.html", Some("gzip, deflate, br")).await;
    assert_eq!(index.status(), 200);
    assert_eq!(header(&index, "cache-control"), "no-cache");
    assert_eq!(header(&index, "content-encoding"), "br");
    let plain = get(&server, "/agent-dialogs/index.html", None).await;
    assert_eq!(plain.text().await.unwrap(), DIALOGS_INDEX);
    let script = get(
        &server,
        "/agent-dialogs/clientele-dialogs-0123456789abcdef.js",
        None,
    )
    .await;
    assert_eq!(script.status(), 200);
    assert!(header(&script, "content-type").contains("javascript"));
    assert_eq!(
        header(&script, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(script.text().await.unwrap(), "export default 3;");
    let wasm = get(
        &server,
        "/agent-dialogs/clientele-dialogs-0123456789abcdef_bg.wasm",
        Some("gzip, deflate, br"),
    )
    .await;
    assert_eq!(header(&wasm, "content-type"), "application/wasm");
    assert_eq!(header(&wasm, "content-encoding"), "br");
    assert_eq!(
        header(&wasm, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    // An old build's module that is gone is not cached as if it were there.
    let gone = get(
        &server,
        "/agent-dialogs/clientele-dialogs-aaaaaaaaaaaaaaaa.js",
        None,
    )
    .await;
    assert_ne!(
        header(&gone, "cache-control"),
        "public, max-age=31536000, immutable"
    );
}
