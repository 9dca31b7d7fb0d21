//! Issue 11, holes 2, 3, 7, 10 and 16: every password check goes through one limiter that
//! counts before it verifies; a stranger cannot lock the owner out; every failed check costs
//! one argon2 verification, off the async workers.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use tokio::task::JoinSet;

use crate::helpers::{assert_error, TestServer, AGENT, CUSTOMER, LEAD, PASSWORD};

/// A client whose connections come from this loopback address (127.0.0.0/8 all reach the server).
fn client_from(ip: &str) -> Client {
    Client::builder()
        .local_address(ip.parse::<IpAddr>().unwrap())
        .build()
        .unwrap()
}

async fn sign_in_from(server: &TestServer, client: &Client, email: &str, password: &str) -> StatusCode {
    client
        .post(server.url("/rest/auth/1/session"))
        .json(&json!({"username": email, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
}

/// Sends `n` requests at once and counts the answers by status.
async fn burst(n: usize, request: impl Fn() -> reqwest::RequestBuilder) -> Vec<u16> {
    let mut tasks = JoinSet::new();
    for _ in 0..n {
        let request = request();
        tasks.spawn(async move { request.send().await.unwrap().status().as_u16() });
    }
    let mut statuses = Vec::new();
    while let Some(status) = tasks.join_next().await {
        statuses.push(status.unwrap());
    }
    statuses
}

fn count(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

#[tokio::test]
async fn forty_parallel_wrong_sign_ins_get_no_more_guesses_than_the_limit() {
    let server = TestServer::start().await;
    let client = Client::new();
    let statuses = burst(40, || {
        client
            .post(server.url("/rest/auth/1/session"))
            .json(&json!({"username": AGENT, "password": "a wrong guess"}))
    })
    .await;
    assert_eq!(count(&statuses, 401), 5, "{statuses:?}");
    assert_eq!(count(&statuses, 429), 35, "{statuses:?}");
}

#[tokio::test]
async fn http_basic_with_a_password_is_limited_like_sign_in_sequentially_and_in_parallel() {
    let server = TestServer::start().await;
    let url = server.url("/rest/servicedeskapi/servicedesk");
    for attempt in 0..8 {
        let status = Client::new()
            .get(&url)
            .basic_auth(LEAD, Some("a wrong guess"))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, if attempt < 5 { 401 } else { 429 }, "attempt {attempt}");
    }
    let statuses = burst(30, || {
        Client::new().get(&url).basic_auth(AGENT, Some("a wrong guess"))
    })
    .await;
    assert_eq!(count(&statuses, 401), 5, "{statuses:?}");
    // Sign-in shares the count: the address is at its limit from this client.
    assert_eq!(sign_in_from(&server, &Client::new(), AGENT, PASSWORD).await, 429);
}

#[tokio::test]
async fn a_burst_of_right_passwords_from_a_script_all_get_through() {
    let server = TestServer::start().await;
    let url = server.url("/rest/servicedeskapi/servicedesk");
    let statuses = burst(16, || Client::new().get(&url).basic_auth(AGENT, Some(PASSWORD))).await;
    assert_eq!(count(&statuses, 200), 16, "{statuses:?}");
}

#[tokio::test]
async fn a_stranger_cannot_lock_the_owner_out_of_sign_in_or_forgot_password() {
    let server = TestServer::start().await;
    let stranger = client_from("127.0.0.2");
    for _ in 0..5 {
        assert_eq!(
            sign_in_from(&server, &stranger, CUSTOMER, "a wrong guess").await,
            401
        );
    }
    assert_eq!(
        sign_in_from(&server, &stranger, CUSTOMER, "a wrong guess").await,
        429
    );
    // The owner, from their own client, still signs in with the right password.
    let owner = client_from("127.0.0.3");
    assert_eq!(sign_in_from(&server, &owner, CUSTOMER, PASSWORD).await, 200);
    // Forgot password has a budget of its own, even from the stranger's client.
    for client in [&stranger, &owner] {
        let forgot = client
            .post(server.url("/rest/clientele/1/helpcenter/support/forgot"))
            .json(&json!({"email": CUSTOMER}))
            .send()
            .await
            .unwrap();
        assert_eq!(forgot.status(), 202);
    }
}

#[tokio::test]
async fn a_password_change_checks_the_current_password_through_the_same_limiter() {
    let server = TestServer::start().await;
    let browser = server.signed_in(CUSTOMER).await;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        let response = browser
            .put(server.url("/rest/clientele/1/myself/password"))
            .json(&json!({"currentPassword": "a wrong guess", "newPassword": "a sturdy passphrase"}))
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    // Signing in as the test did counted nothing (a success); five wrong, then refused.
    assert_eq!(statuses, [400, 400, 400, 400, 400, 429, 429]);
}

#[tokio::test]
async fn oversized_usernames_are_refused_before_they_reach_the_limiter_or_the_database() {
    let server = TestServer::start().await;
    let huge = format!("{}@mail.example", "a".repeat(2 * 1024 * 1024));
    let response = Client::new()
        .post(server.url("/rest/auth/1/session"))
        .json(&json!({"username": huge, "password": "x"}))
        .send()
        .await
        .unwrap();
    // Over the body limit (2 MiB) or over the address limit: refused either way, as a 4xx.
    assert!(
        matches!(response.status().as_u16(), 400 | 413),
        "{}",
        response.status()
    );
    let long = format!("{}@mail.example", "a".repeat(300));
    let response = Client::new()
        .post(server.url("/rest/auth/1/session"))
        .json(&json!({"username": long, "password": "x"}))
        .send()
        .await
        .unwrap();
    assert_error(response, 400, "invalidUsername").await;
    let response = Client::new()
        .get(server.url("/rest/servicedeskapi/servicedesk"))
        .basic_auth(&long, Some("x"))
        .send()
        .await
        .unwrap();
    assert_error(response, 401, "badCredentials").await;
    let response = Client::new()
        .post(server.url("/rest/clientele/1/helpcenter/support/forgot"))
        .json(&json!({"email": long}))
        .send()
        .await
        .unwrap();
    assert_error(response, 400, "invalidEmail").await;
}

/// The time one failed sign-in for `email` takes.
async fn failure_time(server: &TestServer, email: &str) -> Duration {
    let started = Instant::now();
    let status = sign_in_from(server, &Client::new(), email, "a wrong guess").await;
    assert_eq!(status, 401);
    started.elapsed()
}

#[tokio::test]
async fn unknown_invited_and_real_accounts_take_as_long_to_refuse() {
    let server = TestServer::start().await;
    server
        .bulk_add(AGENT, "ITH", json!({"emails": ["no.password.yet@mail.example"]}))
        .await;
    let kinds = [
        CUSTOMER,
        "no.password.yet@mail.example",
        "nobody.at.all@mail.example",
    ];
    // Interleaved rounds, so that the load of tests running alongside falls on all three alike.
    let mut times: [Vec<Duration>; 3] = Default::default();
    for _ in 0..5 {
        for (i, email) in kinds.iter().enumerate() {
            times[i].push(failure_time(&server, email).await);
        }
    }
    let [wrong_password, invited, unknown] = times.map(|mut t| {
        t.sort();
        t[2]
    });
    // Each is one argon2 verification; without it an invited account answered ~8× faster.
    for (what, time) in [("invited", invited), ("unknown", unknown)] {
        assert!(
            time * 3 >= wrong_password,
            "{what} {time:?} vs wrong password {wrong_password:?}"
        );
    }
}

#[tokio::test]
async fn password_checks_run_off_the_async_workers_so_other_requests_do_not_wait() {
    // `#[tokio::test]` runs the server on this one thread: argon2 on it would stall everything.
    let server = TestServer::start().await;
    let started = Instant::now();
    let mut guesses = JoinSet::new();
    for i in 0..16 {
        let request = Client::new()
            .post(server.url("/rest/auth/1/session"))
            .json(&json!({"username": format!("guess{i}@mail.example"), "password": "wrong"}));
        guesses.spawn(async move { request.send().await.unwrap().status().as_u16() });
    }
    tokio::time::sleep(Duration::from_millis(20)).await;
    let cheap = Instant::now();
    let answer: Value = Client::new()
        .get(server.url("/rest/auth/1/session"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let cheap = cheap.elapsed();
    while let Some(status) = guesses.join_next().await {
        assert_eq!(status.unwrap(), 401);
    }
    let all = started.elapsed();
    assert_eq!(answer["reason"], "notSignedIn");
    assert!(
        cheap * 4 < all,
        "a cheap request took {cheap:?} while 16 password checks took {all:?}"
    );
}
