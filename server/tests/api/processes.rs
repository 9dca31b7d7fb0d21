//! Several `clientele serve` processes on one database (issue 13 §2 and §5): what one process
//! does, the others see at once — sessions and sign-outs, the rate limits, the outbox — and
//! concurrent adds on different processes make each account once. Runs on both backends:
//! two processes on one SQLite file hold the same promises as on PostgreSQL.

use std::time::Duration;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{database_url, ServerProcess, ADMIN, AGENT, CUSTOMER, PASSWORD};
use crate::smtp::{free_port, wait_for, SmtpServer};

/// Two processes on one fresh database (the first fills it with the demo data).
async fn two_processes(dir: &std::path::Path, extra: &[&str]) -> (ServerProcess, ServerProcess) {
    let database = database_url(dir).await;
    let one = ServerProcess::start(&dir.join("one"), &database, extra);
    let other = ServerProcess::start(&dir.join("other"), &database, extra);
    (one, other)
}

fn cookie_client() -> Client {
    Client::builder().cookie_store(false).build().unwrap()
}

async fn sign_in(process: &ServerProcess, email: &str, password: &str) -> (StatusCode, Option<String>) {
    let response = cookie_client()
        .post(process.url("/rest/auth/1/session"))
        .json(&json!({"username": email, "password": password}))
        .send()
        .await
        .unwrap();
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_owned);
    (response.status(), cookie)
}

async fn myself_with(process: &ServerProcess, cookie: &str) -> StatusCode {
    cookie_client()
        .get(process.url("/rest/clientele/1/myself"))
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_started_on_one_process_works_on_the_other_until_signed_out_on_either() {
    let dir = tempfile::tempdir().unwrap();
    let (one, other) = two_processes(dir.path(), &[]).await;
    let (status, cookie) = sign_in(&one, AGENT, PASSWORD).await;
    assert_eq!(status, 200);
    let cookie = cookie.expect("a session cookie");
    assert_eq!(myself_with(&other, &cookie).await, 200);
    let signed_out = cookie_client()
        .delete(other.url("/rest/auth/1/session"))
        .header("Cookie", &cookie)
        .header("X-Atlassian-Token", "no-check")
        .send()
        .await
        .unwrap();
    assert!(signed_out.status().is_success(), "{}", signed_out.status());
    assert_eq!(myself_with(&one, &cookie).await, 401);
    assert_eq!(myself_with(&other, &cookie).await, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn six_wrong_passwords_spread_over_two_processes_are_throttled_at_the_sixth() {
    let dir = tempfile::tempdir().unwrap();
    let (one, other) = two_processes(dir.path(), &[]).await;
    for n in 0..5 {
        let process = if n % 2 == 0 { &one } else { &other };
        assert_eq!(
            sign_in(process, CUSTOMER, "a wrong guess").await.0,
            401,
            "guess {n}"
        );
    }
    assert_eq!(sign_in(&other, CUSTOMER, "a wrong guess").await.0, 429);
    assert_eq!(sign_in(&one, CUSTOMER, "a wrong guess").await.0, 429);
}

async fn bulk_add(process: &ServerProcess, emails: &[String]) -> Value {
    let response = Client::new()
        .post(process.url("/rest/clientele/1/servicedesk/ITH/customer/bulk"))
        .basic_auth(AGENT, Some(PASSWORD))
        .json(&json!({"emails": emails}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_bulk_adds_of_the_same_new_addresses_on_two_processes_make_each_account_once() {
    let dir = tempfile::tempdir().unwrap();
    let (one, other) = two_processes(dir.path(), &[]).await;
    let emails: Vec<String> = (0..300).map(|n| format!("twin{n}@processes.example")).collect();
    let (a, b) = tokio::join!(bulk_add(&one, &emails), bulk_add(&other, &emails));
    let created =
        a["summary"]["newAccounts"].as_u64().unwrap_or(0) + b["summary"]["newAccounts"].as_u64().unwrap_or(0);
    let page: Value = Client::new()
        .get(one.url("/rest/clientele/1/customer?query=processes.example&limit=100"))
        .basic_auth(ADMIN, Some(PASSWORD))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(page["size"].as_u64().unwrap() > 0);
    for email in [&emails[0], &emails[150], &emails[299]] {
        let found: Value = Client::new()
            .get(other.url(&format!("/rest/clientele/1/customer?query={email}")))
            .basic_auth(ADMIN, Some(PASSWORD))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(found["size"], 1, "{email}: {found}");
    }
    // Each address was created by exactly one of the two requests.
    assert_eq!(created, 300, "{a} {b}");
}

/// Counts each recipient among the messages received.
fn per_recipient(received: &[String]) -> std::collections::HashMap<String, usize> {
    let mut counts = std::collections::HashMap::new();
    for to in received {
        *counts.entry(to.clone()).or_insert(0) += 1;
    }
    counts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_senders_deliver_each_queued_message_once_even_when_one_is_killed_mid_send() {
    let dir = tempfile::tempdir().unwrap();
    let smtp = SmtpServer::start(free_port(), dir.path());
    let smtp_url = format!("smtp://127.0.0.1:{}", smtp.port());
    let extra = ["--smtp", &smtp_url, "--mail-lease-secs", "3"];
    let (one, other) = two_processes(dir.path(), &extra).await;

    // Both senders at work on one outbox: every message once.
    let first: Vec<String> = (0..60).map(|n| format!("first{n}@senders.example")).collect();
    bulk_add(&one, &first).await;
    wait_for("60 messages", Duration::from_secs(60), || {
        smtp.received().len() >= 60
    })
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let counts = per_recipient(&smtp.received());
    assert_eq!(counts.len(), 60);
    assert!(counts.values().all(|n| *n == 1), "{counts:?}");

    // One sender killed with SIGKILL while messages are going out: the other delivers what the
    // dead one had claimed once its lease ends, and nothing is lost.
    let second: Vec<String> = (0..200).map(|n| format!("second{n}@senders.example")).collect();
    bulk_add(&other, &second).await;
    wait_for("the first of the second batch", Duration::from_secs(30), || {
        smtp.received().iter().any(|to| to.starts_with("second"))
    })
    .await;
    other.kill();
    wait_for(
        "every message of the second batch",
        Duration::from_secs(90),
        || {
            per_recipient(&smtp.received())
                .keys()
                .filter(|to| to.starts_with("second"))
                .count()
                == 200
        },
    )
    .await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    let counts = per_recipient(&smtp.received());
    let twice: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    // A message the SMTP server accepted in the instant before the killed process could record
    // it is sent again (the same Message-ID): at most the one it was handing over.
    assert!(twice.len() <= 1, "sent more than once: {twice:?}");
    drop(one);
}
