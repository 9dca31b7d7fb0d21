//! A bulk add is one transaction: when the server process is killed in the middle of one, a
//! restart on the same database finds all of it or none of it — accounts and project
//! membership alike.

use std::path::Path;
use std::time::{Duration, Instant};

use reqwest::Client;
use serde_json::{json, Value};

use crate::helpers::{encode, ServerProcess, ADMIN, AGENT, PASSWORD};

const ADDRESSES: usize = 10_000;

/// The real `clientele` binary serving the demo data.
struct Process(ServerProcess);

impl Process {
    fn start(dir: &Path, database: &str) -> Process {
        Process(ServerProcess::start(dir, database, &[]))
    }

    fn kill(self) {
        self.0.kill();
    }

    fn bulk_add(&self, body: Value) -> reqwest::RequestBuilder {
        Client::new()
            .post(format!(
                "{}/rest/clientele/1/servicedesk/ITH/customer/bulk",
                self.0.base
            ))
            .basic_auth(AGENT, Some(PASSWORD))
            .json(&body)
    }

    /// How many entries `path?query=…` lists, checked to be exactly 0 or exactly `ADDRESSES`.
    async fn all_or_none(&self, path: &str, query: &str) -> usize {
        let size = |start: usize| {
            let url = format!(
                "{}{path}?query={}&start={start}&limit=1",
                self.0.base,
                encode(query)
            );
            async move {
                let response = Client::new()
                    .get(url)
                    .basic_auth(ADMIN, Some(PASSWORD))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 200);
                response.json::<Value>().await.unwrap()["size"].as_u64().unwrap()
            }
        };
        match (size(0).await, size(ADDRESSES - 1).await, size(ADDRESSES).await) {
            (0, _, _) => 0,
            (1, 1, 0) => ADDRESSES,
            other => panic!("{path} {query}: a partial bulk add survived the crash: {other:?}"),
        }
    }
}

fn addresses(round: usize) -> Vec<String> {
    (0..ADDRESSES)
        .map(|i| format!("person{i}@round{round}.crash.example"))
        .collect()
}

/// Sends the bulk add of round `round`, kills the server `delay` after, restarts it, and
/// answers how many of the addresses exist (0 or all), with the restarted server.
async fn crash_round(
    dir: &Path,
    database: &str,
    server: Process,
    round: usize,
    delay: Duration,
) -> (usize, Process) {
    let request = server.bulk_add(json!({"emails": addresses(round)}));
    let sending = tokio::spawn(request.send());
    tokio::time::sleep(delay).await;
    server.kill();
    let _ = sending.await;
    let server = Process::start(dir, database);
    let domain = format!("@round{round}.crash.example");
    let accounts = server.all_or_none("/rest/clientele/1/customer", &domain).await;
    let customers = server
        .all_or_none("/rest/servicedeskapi/servicedesk/ITH/customer", &domain)
        .await;
    assert_eq!(
        accounts, customers,
        "round {round}: accounts and project membership disagree"
    );
    (accounts, server)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_during_a_bulk_add_keeps_all_of_it_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let database = crate::helpers::database_url(dir.path()).await;
    let server = Process::start(dir.path(), &database);

    // Round 0 completes: its duration tells where "in the middle" is on this machine.
    let started = Instant::now();
    let response = server
        .bulk_add(json!({"emails": addresses(0)}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let report: Value = response.json().await.unwrap();
    assert_eq!(report["summary"]["added"], ADDRESSES);
    let took = started.elapsed();
    let (kept, mut server) = crash_round(dir.path(), &database, server, 0, Duration::ZERO).await;
    assert_eq!(kept, ADDRESSES, "a finished bulk add survives a crash");

    let mut outcomes = Vec::new();
    for (round, percent) in [1, 10, 20, 30, 35, 40, 45, 50, 60, 80, 120]
        .into_iter()
        .enumerate()
    {
        let delay = took * percent / 100;
        let (kept, restarted) = crash_round(dir.path(), &database, server, round + 1, delay).await;
        outcomes.push((delay, kept));
        server = restarted;
    }
    eprintln!("bulk add of {ADDRESSES} took {took:?}; (kill delay, addresses kept): {outcomes:?}");
    // The database is still whole: the demo data answers as before.
    let response = Client::new()
        .get(format!("{}/rest/servicedeskapi/organization", server.0.base))
        .basic_auth(ADMIN, Some(PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(response.json::<Value>().await.unwrap()["size"], 3);
    server.kill();
}
