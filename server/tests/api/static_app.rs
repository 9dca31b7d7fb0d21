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
