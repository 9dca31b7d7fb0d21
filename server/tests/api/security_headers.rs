//! Security headers on app pages and API answers; the `Secure` session cookie behind https.

use base64::Engine as _;
use reqwest::header::HeaderMap;
use reqwest::Client;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::helpers::{TestServer, AGENT, PASSWORD};

/// What Trunk 0.21 writes into `index.html` to start the app (shape and whitespace kept).
const TRUNK_INDEX: &str = "<!DOCTYPE html><html lang=\"en\"><head>\
<title>Clientele</title>\
<link rel=\"modulepreload\" href=\"/clientele-web-0123.js\" crossorigin=\"anonymous\">\
<script type=\"module\">\n\
import init, * as bindings from '/clientele-web-0123.js';\n\
const wasm = await init({ module_or_path: '/clientele-web-0123_bg.wasm' });\n\
\n\
window.wasmBindings = bindings;\n\
\n\
dispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {detail: {wasm}}));\n\
</script></head><body></body></html>";

fn header<'a>(headers: &'a HeaderMap, name: &str, path: &str) -> &'a str {
    headers
        .get(name)
        .unwrap_or_else(|| panic!("{path}: no {name}"))
        .to_str()
        .unwrap()
}

fn assert_security_headers(headers: &HeaderMap, path: &str) {
    let csp = header(headers, "content-security-policy", path);
    for directive in [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "object-src 'none'",
    ] {
        assert!(csp.contains(directive), "{path}: {directive} not in {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
    assert_eq!(header(headers, "x-frame-options", path), "DENY");
    assert_eq!(header(headers, "x-content-type-options", path), "nosniff");
    assert_eq!(header(headers, "referrer-policy", path), "no-referrer");
}

#[tokio::test]
async fn app_pages_deep_links_and_api_answers_carry_the_security_headers() {
    let server = TestServer::start().await;
    let client = Client::new();
    for path in [
        "/",
        "/projects/ITH/customers",
        "/help/support/reset/some-secret",
        "/app_bg.wasm",
        "/rest/auth/1/session",
        "/rest/no/such/resource",
    ] {
        let response = client.get(server.url(path)).send().await.unwrap();
        assert_security_headers(response.headers(), path);
        assert!(
            response.headers().get("strict-transport-security").is_none(),
            "{path}: HSTS over http"
        );
    }
    let answer = server.get_as(AGENT, "/rest/clientele/1/myself").await;
    assert_eq!(answer.status(), 200);
    assert_security_headers(answer.headers(), "/rest/clientele/1/myself");
}

#[tokio::test]
async fn the_policy_allows_the_inline_start_script_of_index_html_by_its_hash() {
    let server = TestServer::start_with(|config| {
        std::fs::write(config.dist.join("index.html"), TRUNK_INDEX).unwrap();
    })
    .await;
    let start = TRUNK_INDEX.find("<script type=\"module\">").unwrap() + 22;
    let end = TRUNK_INDEX.find("</script>").unwrap();
    let digest = Sha256::digest(&TRUNK_INDEX.as_bytes()[start..end]);
    let hash = format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    );
    for path in ["/", "/settings/organizations", "/rest/auth/1/session"] {
        let response = Client::new().get(server.url(path)).send().await.unwrap();
        let csp = header(response.headers(), "content-security-policy", path);
        let script_src = csp.split("; ").find(|d| d.starts_with("script-src ")).unwrap();
        assert_eq!(
            script_src,
            format!("script-src 'self' 'wasm-unsafe-eval' {hash}"),
            "{path}"
        );
    }
}

async fn session_cookies(server: &TestServer) -> (String, String) {
    let client = Client::new();
    let signed_in = client
        .post(server.url("/rest/auth/1/session"))
        .json(&json!({"username": AGENT, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    let set = signed_in.headers()["set-cookie"].to_str().unwrap().to_string();
    let token = set.split(';').next().unwrap().to_string();
    let signed_out = client
        .delete(server.url("/rest/auth/1/session"))
        .header("cookie", token)
        .header("x-atlassian-token", "no-check")
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), 204);
    let cleared = signed_out.headers()["set-cookie"].to_str().unwrap().to_string();
    (set, cleared)
}

fn attributes(cookie: &str) -> Vec<String> {
    cookie.split(';').map(|a| a.trim().to_string()).collect()
}

#[tokio::test]
async fn behind_an_https_public_url_the_session_cookie_is_secure_and_hsts_is_sent() {
    let server = TestServer::start_with(|config| {
        config.public_url = Some("https://clientele.example.com/".into());
    })
    .await;
    let (set, cleared) = session_cookies(&server).await;
    for cookie in [&set, &cleared] {
        let attributes = attributes(cookie);
        assert!(attributes.iter().any(|a| a == "Secure"), "{cookie}");
        assert!(attributes.iter().any(|a| a == "HttpOnly"), "{cookie}");
    }
    for path in ["/", "/rest/auth/1/session"] {
        let response = Client::new().get(server.url(path)).send().await.unwrap();
        assert_eq!(
            header(response.headers(), "strict-transport-security", path),
            "max-age=31536000"
        );
    }
}

#[tokio::test]
async fn behind_an_http_public_url_the_session_cookie_is_not_secure() {
    let server = TestServer::start_with(|config| {
        config.public_url = Some("http://clientele.example.com".into());
    })
    .await;
    let (set, cleared) = session_cookies(&server).await;
    for cookie in [&set, &cleared] {
        assert!(!attributes(cookie).iter().any(|a| a == "Secure"), "{cookie}");
    }
}

#[tokio::test]
async fn the_policy_allows_the_start_scripts_of_every_build() {
    let help_index = TRUNK_INDEX.replace("clientele-web-0123", "help-center/clientele-help-4567");
    let help = help_index.clone();
    let sign_in_index = TRUNK_INDEX.replace("clientele-web-0123", "help-sign-in/clientele-help-sign-in-89ab");
    let sign_in = sign_in_index.clone();
    let requests_index =
        TRUNK_INDEX.replace("clientele-web-0123", "project-requests/clientele-requests-cdef");
    let requests = requests_index.clone();
    let server = TestServer::start_with(move |config| {
        std::fs::write(config.dist.join("index.html"), TRUNK_INDEX).unwrap();
        std::fs::create_dir_all(config.dist.join("help-center")).unwrap();
        std::fs::write(config.dist.join("help-center/index.html"), help).unwrap();
        std::fs::create_dir_all(config.dist.join("help-sign-in")).unwrap();
        std::fs::write(config.dist.join("help-sign-in/index.html"), sign_in).unwrap();
        std::fs::create_dir_all(config.dist.join("project-requests")).unwrap();
        std::fs::write(config.dist.join("project-requests/index.html"), requests).unwrap();
    })
    .await;
    let hash_of = |html: &str| {
        let start = html.find("<script type=\"module\">").unwrap() + 22;
        let end = html.find("</script>").unwrap();
        let digest = Sha256::digest(&html.as_bytes()[start..end]);
        format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(digest)
        )
    };
    for path in [
        "/login",
        "/help/support",
        "/help/support/login",
        "/projects/ITH/queue",
    ] {
        let response = Client::new().get(server.url(path)).send().await.unwrap();
        let csp = header(response.headers(), "content-security-policy", path);
        let script_src = csp.split("; ").find(|d| d.starts_with("script-src ")).unwrap();
        assert_eq!(
            script_src,
            format!(
                "script-src 'self' 'wasm-unsafe-eval' {} {} {} {}",
                hash_of(TRUNK_INDEX),
                hash_of(&help_index),
                hash_of(&sign_in_index),
                hash_of(&requests_index)
            ),
            "{path}"
        );
    }
}
