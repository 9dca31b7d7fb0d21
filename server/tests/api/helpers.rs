//! Starts the real server per test, with a fresh database file and the demo data.

use std::path::PathBuf;

use clientele_server::{ServeConfig, Server};
use reqwest::{Client, Response};
use serde_json::Value;

pub const PASSWORD: &str = "clientele-demo";

pub struct TestServer {
    pub base: String,
    _dir: tempfile::TempDir,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

impl TestServer {
    /// A server with the demo data.
    pub async fn start() -> TestServer {
        TestServer::start_with(|_| {}).await
    }

    /// A server with the demo data and a changed configuration.
    pub async fn start_with(change: impl FnOnce(&mut ServeConfig)) -> TestServer {
        let dir = tempfile::tempdir().expect("temporary directory");
        let db = dir.path().join("clientele.db");
        let mut config = ServeConfig::for_tests(format!("sqlite://{}", db.display()));
        config.demo = true;
        config.dist = dir.path().join("dist");
        std::fs::create_dir_all(&config.dist).unwrap();
        std::fs::write(
            config.dist.join("index.html"),
            "<!doctype html><title>Clientele</title>",
        )
        .unwrap();
        std::fs::write(config.dist.join("app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        change(&mut config);
        let server = Server::bind(config).await.expect("server starts");
        let base = server.base_url().to_string();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(server.serve(async {
            let _ = rx.await;
        }));
        TestServer {
            base,
            _dir: dir,
            _shutdown: tx,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn dist(&self) -> PathBuf {
        self._dir.path().join("dist")
    }

    /// A client that keeps cookies, signed in as `email`.
    pub async fn signed_in(&self, email: &str) -> Client {
        let client = Client::builder().cookie_store(true).build().unwrap();
        let response = client
            .post(self.url("/rest/auth/1/session"))
            .json(&serde_json::json!({"username": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "sign-in as {email}");
        client
    }
}

/// The JSON body of a response that must be JSON.
pub async fn json(response: Response) -> Value {
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(
        content_type.starts_with("application/json"),
        "content type {content_type:?}"
    );
    response.json().await.expect("JSON body")
}

/// Asserts a JSON error with this status and reason.
pub async fn assert_error(response: Response, status: u16, reason: &str) -> Value {
    assert_eq!(response.status().as_u16(), status);
    let body = json(response).await;
    assert_eq!(body["reason"], reason, "body: {body}");
    assert!(
        body["errorMessage"].as_str().is_some_and(|m| !m.is_empty()),
        "body: {body}"
    );
    assert!(body["i18nErrorMessage"]["i18nKey"].is_string(), "body: {body}");
    body
}
