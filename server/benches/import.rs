//! Issue 17's figures, measured through HTTP against the real server on SQLite (run with
//! `cargo bench -p clientele-server --bench import`, a release build):
//!
//! - a CSV import of 100,000 new customers (each in one of 100 organizations, created by the
//!   import, and a customer of ITH): the dry run, then the import itself as a job, from the
//!   upload to the job's end (target: validated and committed within 10 s);
//! - a CSV export of every account after `CLIENTELE_BENCH_EXPORT_CUSTOMERS` (default
//!   1,000,000) synthetic customers are added: its time, and how much the process's resident
//!   memory (VmRSS, sampled at every chunk) grew while it streamed (constant memory: a few MB,
//!   whatever the size).
//!
//! Set `CLIENTELE_BENCH_IMPORT_ROWS` to import another number of rows (the server's limit is
//! raised to match).

use std::time::{Duration, Instant};

use clientele_server::store::Store;
use clientele_server::{demo, ServeConfig, Server};
use reqwest::Client;
use serde_json::{json, Value};
use tokio::runtime::Runtime;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// The process's resident memory now, in MB (Linux).
fn resident_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

struct Bench {
    base: String,
    client: Client,
    store: Store,
}

async fn start(url: String, rows: usize) -> Bench {
    let mut config = ServeConfig::for_tests(url);
    config.dist = std::env::temp_dir().join("clientele-bench-dist");
    config.demo = true;
    config.max_import_rows = rows.max(100_000);
    let server = Server::bind(config).await.unwrap();
    let base = server.base_url().to_string();
    let store = server.store();
    tokio::spawn(server.serve(std::future::pending()));
    let client = Client::builder().cookie_store(true).build().unwrap();
    let response = client
        .post(format!("{base}/rest/auth/1/session"))
        .json(&json!({"username": "admin@example.com", "password": demo::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    Bench { base, client, store }
}

fn file(rows: usize) -> String {
    let mut out = String::from("email,display name,organizations,projects\r\n");
    for i in 0..rows {
        out.push_str(&format!(
            "import.{i}@bench{}.example,Imported Person {i},Bench Org {},ITH\r\n",
            i % 17,
            i % 100
        ));
    }
    out
}

async fn post(bench: &Bench, query: &str, body: String) -> (u16, Value) {
    let response = bench
        .client
        .post(format!("{}/rest/clientele/1/import?{query}", bench.base))
        .header("content-type", "text/csv")
        .header("x-atlassian-token", "no-check")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn import(bench: &Bench, rows: usize) {
    let body = file(rows);
    println!(
        "[SQLite] import file: {rows} rows, {:.1} MB",
        body.len() as f64 / 1e6
    );
    let started = Instant::now();
    let (status, dry) = post(
        bench,
        "dryRun=true&createOrganizations=true&limit=1",
        body.clone(),
    )
    .await;
    let dry_time = started.elapsed();
    assert_eq!(status, 200, "{dry}");
    assert_eq!(
        dry["summary"]["ok"].as_u64(),
        Some(rows as u64),
        "{}",
        dry["summary"]
    );
    println!(
        "[SQLite] dry run of {rows} rows (validated, written and rolled back): {:.2} s",
        dry_time.as_secs_f64()
    );

    let started = Instant::now();
    let (status, job) = post(bench, "dryRun=false&createOrganizations=true", body).await;
    assert_eq!(status, 202, "{job}");
    let id = job["id"].as_str().unwrap().to_string();
    let mut polls = 0;
    let done = loop {
        let status: Value = bench
            .client
            .get(format!("{}/rest/clientele/1/import/{id}?limit=1", bench.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        polls += 1;
        if status["state"] != "running" {
            break status;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let commit_time = started.elapsed();
    assert_eq!(done["state"], "done", "{done}");
    assert_eq!(done["summary"]["accountsCreated"].as_u64(), Some(rows as u64));
    println!(
        "[SQLite] import of {rows} new customers into 100 new organizations and ITH, as a job (validated and committed, \
         upload to end, {polls} progress polls): {:.2} s   (target ≤ 10 s)",
        commit_time.as_secs_f64()
    );
}

async fn export(bench: &Bench, extra: usize) {
    if extra > 0 {
        let started = Instant::now();
        let ith = bench.store.project_by_id_or_key("ITH").await.unwrap().unwrap();
        bench
            .store
            .seed_synthetic(ith.id, extra, 1_000, 0, |_| {})
            .await
            .unwrap();
        println!(
            "[SQLite] seeded {extra} more customers in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    let before = resident_mb();
    let mut most = before;
    let started = Instant::now();
    let response = bench
        .client
        .get(format!("{}/rest/clientele/1/customer/export", bench.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let total: u64 = response.headers()["x-total-count"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let first_byte = started.elapsed();
    let mut response = response;
    let (mut bytes, mut lines) = (0_usize, 0_u64);
    while let Some(chunk) = response.chunk().await.unwrap() {
        bytes += chunk.len();
        lines += chunk.iter().filter(|b| **b == b'\n').count() as u64;
        most = most.max(resident_mb());
    }
    let time = started.elapsed();
    assert_eq!(lines - 1, total);
    println!(
        "[SQLite] export of {total} accounts: {:.1} MB of CSV in {:.2} s (first byte after {:.0} ms); \
         resident memory {before:.0} MB before, at most {most:.0} MB during (+{:.1} MB)",
        bytes as f64 / 1e6,
        time.as_secs_f64(),
        first_byte.as_secs_f64() * 1e3,
        most - before
    );
}

fn main() {
    let rows = env_number("CLIENTELE_BENCH_IMPORT_ROWS", 100_000);
    let extra = env_number("CLIENTELE_BENCH_EXPORT_CUSTOMERS", 1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("import.db").display());
    let runtime = Runtime::new().unwrap();
    let bench = runtime.block_on(start(url, rows));
    runtime.block_on(import(&bench, rows));
    runtime.block_on(export(&bench, extra));
}
