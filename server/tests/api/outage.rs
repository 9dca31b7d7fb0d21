//! A database that goes away while the server runs (issue 13, "Bad input"): requests answer 503
//! with a JSON reason, never a 500 or a hang, and the server recovers by itself when the database
//! is back, with every write it acknowledged before still there. On the PostgreSQL run the
//! database sits behind a TCP proxy this test cuts and restores; SQLite is a file in the
//! server's own process and cannot go away like this.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Client;
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

use crate::helpers::{test_postgres, TestServer, ADMIN, PASSWORD};

/// Forwards `127.0.0.1:PORT` to `target` while up; going down drops every connection and
/// refuses new ones.
struct Proxy {
    port: u16,
    up: Arc<AtomicBool>,
    cut: Arc<Notify>,
}

impl Proxy {
    async fn start(target: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let cut = Arc::new(Notify::new());
        let (up2, cut2) = (up.clone(), cut.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut inbound, _)) = listener.accept().await else {
                    return;
                };
                if !up2.load(Ordering::SeqCst) {
                    drop(inbound);
                    continue;
                }
                let (target, cut) = (target.clone(), cut2.clone());
                tokio::spawn(async move {
                    let Ok(mut outbound) = TcpStream::connect(&target).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = cut.notified() => {}
                    }
                });
            }
        });
        Proxy { port, up, cut }
    }

    fn down(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.cut.notify_waiters();
    }

    fn up(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

async fn status_and_body(client: &Client, url: &str) -> (u16, Value) {
    let response = client
        .get(url)
        .basic_auth(ADMIN, Some(PASSWORD))
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgresql_a_database_that_goes_away_answers_503_and_the_server_recovers_when_it_is_back() {
    let Some(admin) = test_postgres() else {
        eprintln!("SQLite run: the outage test needs the PostgreSQL run of the suite");
        return;
    };
    // A database of its own, reached through the proxy.
    let direct = crate::helpers::database_url(std::path::Path::new("/nonexistent")).await;
    let (_, name) = direct.rsplit_once('/').unwrap();
    let after_at = admin.split_once('@').unwrap().1; // 127.0.0.1:PORT/postgres
    let target = after_at.split_once('/').unwrap().0.to_string();
    let proxy = Proxy::start(target).await;
    let user = admin.split_once("//").unwrap().1.split_once('@').unwrap().0;
    let through_proxy = format!("postgres://{user}@127.0.0.1:{}/{name}", proxy.port);
    let server = TestServer::start_with(|c| c.database = through_proxy.clone()).await;
    let client = Client::new();

    // A write the server acknowledges before the outage.
    let created = client
        .post(server.url("/rest/servicedeskapi/organization"))
        .basic_auth(ADMIN, Some(PASSWORD))
        .json(&json!({"name": "Before the outage"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);

    proxy.down();
    let list = server.url("/rest/servicedeskapi/organization?query=outage");
    for url in [list.clone(), server.url("/rest/clientele/1/health")] {
        let started = Instant::now();
        let (status, body) = status_and_body(&client, &url).await;
        assert_eq!(status, 503, "{url}: {body}");
        assert!(
            ["databaseUnavailable", "busy"].contains(&body["reason"].as_str().unwrap_or("")),
            "{url}: {body}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(25),
            "{url} took {:?}",
            started.elapsed()
        );
    }

    proxy.up();
    let started = Instant::now();
    loop {
        let (status, body) = status_and_body(&client, &list).await;
        if status == 200 {
            assert_eq!(body["size"], 1, "the acknowledged write survived: {body}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "not recovered: {status} {body}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (status, _) = status_and_body(&client, &server.url("/rest/clientele/1/health")).await;
    assert_eq!(status, 200);
}
