//! Running behind a load balancer (issue 13, point 6): the health check a balancer polls, and
//! rate limits keyed on the client address a trusted proxy forwards — and only then.

use clientele_server::{ServeConfig, Server};
use reqwest::Client;
use serde_json::{json, Value};

use crate::helpers::{TestServer, CUSTOMER, PASSWORD};

#[tokio::test]
async fn health_answers_200_while_the_database_answers_and_503_once_it_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let config = ServeConfig::for_tests(crate::helpers::database_url(dir.path()).await);
    let server = Server::bind(config).await.expect("server starts");
    let store = server.store();
    let url = format!("http://{}/rest/clientele/1/health", server.local_addr());
    let (_stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server.serve(async {
        let _ = stopped.await;
    }));
    let response = Client::new().get(&url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    store.close().await;
    let response = Client::new().get(&url).send().await.unwrap();
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["reason"], "databaseUnavailable", "{body}");
    assert!(body["errorMessage"].as_str().is_some_and(|m| !m.is_empty()));
}

async fn sign_in_via(server: &TestServer, forwarded_for: &str, password: &str) -> u16 {
    Client::new()
        .post(server.url("/rest/auth/1/session"))
        .header("X-Forwarded-For", forwarded_for)
        .json(&json!({"username": CUSTOMER, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn behind_a_trusted_proxy_a_stranger_throttled_at_one_address_leaves_the_owner_alone() {
    let server = TestServer::start_with(|c| c.trusted_proxies = vec!["127.0.0.0/8".parse().unwrap()]).await;
    let stranger = "203.0.113.7";
    for _ in 0..5 {
        assert_eq!(sign_in_via(&server, stranger, "a wrong guess").await, 401);
    }
    assert_eq!(sign_in_via(&server, stranger, "a wrong guess").await, 429);
    // A forged entry to the left of what the proxy appended changes nothing.
    assert_eq!(
        sign_in_via(&server, &format!("198.51.100.9, {stranger}"), PASSWORD).await,
        429
    );
    // The owner, from another client behind the same proxy, signs in.
    assert_eq!(sign_in_via(&server, "198.51.100.9", PASSWORD).await, 200);
}

#[tokio::test]
async fn without_a_trusted_proxy_x_forwarded_for_is_ignored() {
    let server = TestServer::start().await;
    for n in 0..5 {
        let forged = format!("203.0.113.{n}");
        assert_eq!(sign_in_via(&server, &forged, "a wrong guess").await, 401);
    }
    // A new forged address does not buy a new budget: the key is the real peer.
    assert_eq!(sign_in_via(&server, "198.51.100.9", "a wrong guess").await, 429);
}

#[test]
fn a_wrong_or_unreachable_database_url_fails_at_start_with_one_clear_line_and_exit_code_1() {
    let port = crate::smtp::free_port(); // nothing listens there
    let cases = [
        (
            format!("postgres://someone:secret@127.0.0.1:{port}/site"),
            format!("127.0.0.1:{port}/site"),
        ),
        (
            "postgres://someone@nonexistent.invalid:5432/site".to_string(),
            "nonexistent.invalid".to_string(),
        ),
        (
            "postgresql://someone@127.0.0.1:notaport/site".to_string(),
            "not valid".to_string(),
        ),
        (
            "mysql://someone@127.0.0.1/site".to_string(),
            "unsupported database URL".to_string(),
        ),
    ];
    for (url, names) in cases {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_clientele"))
            .args(["serve", "--listen", "127.0.0.1:0", "--database", &url])
            .env("RUST_BACKTRACE", "1")
            .output()
            .expect("the clientele binary runs");
        assert_eq!(output.status.code(), Some(1), "{url}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "{url}: {stderr}");
        assert!(lines[0].contains(&names), "{url}: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("password"),
            "{stderr}"
        );
        assert!(
            !stderr.contains("secret"),
            "the password is never printed: {stderr}"
        );
    }
}
