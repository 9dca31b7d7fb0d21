//! Issue 4's performance figures, measured through HTTP against the real server on an SQLite
//! file on disk (run with `cargo bench -p clientele-server --bench scale`, a release build):
//!
//! - adding 10,000 new customers in one bulk request (target ≤ 2 s);
//! - with 1,000,000 customers and 10,000 organizations: a customer search page, `query` on
//!   name or email (target p95 ≤ 50 ms), and the first page of an organization's members
//!   (target p95 ≤ 20 ms).
//!
//! The 1M-customer database is built once by the same code as `clientele seed` and kept in
//! `target/bench-data/`; each run works on a copy. Set `CLIENTELE_BENCH_CUSTOMERS` to measure
//! another size. Percentiles are printed by this file; criterion adds its own statistics.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clientele_server::store::{synthetic_customer, Store};
use clientele_server::{demo, ServeConfig, Server};
use criterion::Criterion;
use reqwest::Client;
use serde_json::{json, Value};

const ORGANIZATIONS: usize = 10_000;

fn customers() -> usize {
    std::env::var("CLIENTELE_BENCH_CUSTOMERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

/// The seeded database, built when missing.
async fn seeded_database() -> PathBuf {
    let n = customers();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("scale-{n}.db"));
    let done = dir.join(format!("scale-{n}.done"));
    if !done.exists() {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        eprintln!(
            "Seeding {n} customers and {ORGANIZATIONS} organizations into {} (once)…",
            path.display()
        );
        let started = Instant::now();
        let store = Store::open(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        demo::fill(&store).await.unwrap();
        let ith = store.project_by_id_or_key("ITH").await.unwrap().unwrap();
        store
            .seed_synthetic(ith.id, n, ORGANIZATIONS, |_| {})
            .await
            .unwrap();
        eprintln!("Seeded in {:.1} s.", started.elapsed().as_secs_f64());
        std::fs::write(&done, "").unwrap();
    }
    path
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn report(what: &str, mut times: Vec<Duration>, target: &str) {
    times.sort();
    println!(
        "{what}: n={} p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms   (target {target})",
        times.len(),
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.95).as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3,
    );
}

async fn get(client: &Client, url: &str) -> Value {
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200, "{url}");
    response.json().await.unwrap()
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (base, client, _dir) = runtime.block_on(async {
        let source = seeded_database().await;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("bench.db");
        std::fs::copy(&source, &db).unwrap();
        let mut config = ServeConfig::for_tests(format!("sqlite://{}", db.display()));
        config.dist = dir.path().join("dist");
        config.max_body_bytes = 8 * 1024 * 1024;
        let server = Server::bind(config).await.unwrap();
        let base = server.base_url().to_string();
        tokio::spawn(server.serve(std::future::pending()));
        let client = Client::builder().cookie_store(true).build().unwrap();
        let response = client
            .post(format!("{base}/rest/auth/1/session"))
            .json(&json!({"username": "admin@example.com", "password": demo::DEMO_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        (base, client, dir)
    });
    let n = customers();

    // Bulk add: 10,000 addresses nobody has, one request each time.
    let mut run = 0usize;
    let bulk_once = |run: usize| {
        let emails: Vec<String> = (0..10_000)
            .map(|i| format!("new.{run}.{i}@bulk{}.example", i % 13))
            .collect();
        let started = Instant::now();
        let body: Value = runtime.block_on(async {
            let response = client
                .post(format!("{base}/rest/clientele/1/servicedesk/ITH/customer/bulk"))
                .json(&json!({ "emails": emails }))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            response.json().await.unwrap()
        });
        let elapsed = started.elapsed();
        assert_eq!(body["summary"]["added"], 10_000, "{}", body["summary"]);
        elapsed
    };
    let mut bulk_times = Vec::new();
    for _ in 0..5 {
        run += 1;
        bulk_times.push(bulk_once(run));
    }
    report(
        &format!("bulk add of 10,000 new customers ({n} customers on file)"),
        bulk_times,
        "≤ 2000 ms",
    );

    // Search pages: fragments of names, addresses and numbers, as people type them.
    let mut queries: Vec<String> = Vec::new();
    for k in 0..60usize {
        let (name, email) = synthetic_customer((k * 7919 + 13) % n);
        let words: Vec<&str> = name.split(' ').collect();
        queries.push(words[0].to_lowercase());
        queries.push(words[1][..words[1].len().min(5)].to_string());
        queries.push(email[..email.find('@').unwrap()].to_string());
        queries.push(format!("{} {}", words[1], &words[2][..words[2].len().min(2)]));
        queries.push(format!("customer{}", k % 97));
    }
    let search_url =
        |q: &str| format!("{base}/rest/servicedeskapi/servicedesk/ITH/customer?limit=50&query={q}");
    let mut times = Vec::new();
    runtime.block_on(async {
        for q in &queries {
            let started = Instant::now();
            let page = get(&client, &search_url(&q.replace(' ', "%20"))).await;
            times.push(started.elapsed());
            assert!(page["size"].as_u64().unwrap() > 0, "{q} found nobody");
        }
    });
    report(
        &format!("customer search page ({n} customers)"),
        times,
        "p95 ≤ 50 ms",
    );

    // First page of organizations' members.
    let first_org: i64 = runtime.block_on(async {
        let page = get(
            &client,
            &format!("{base}/rest/servicedeskapi/organization?query=synthetic&limit=1"),
        )
        .await;
        page["values"][0]["id"].as_str().unwrap().parse().unwrap()
    });
    let member_url = |k: usize| {
        format!(
            "{base}/rest/servicedeskapi/organization/{}/user?limit=50",
            first_org + ((k * 7919) % ORGANIZATIONS) as i64
        )
    };
    let mut times = Vec::new();
    runtime.block_on(async {
        for k in 0..300 {
            let started = Instant::now();
            let page = get(&client, &member_url(k)).await;
            times.push(started.elapsed());
            assert_eq!(page["size"].as_u64().unwrap(), 50.min((n / ORGANIZATIONS) as u64));
        }
    });
    report(
        &format!("organization members, first page ({ORGANIZATIONS} organizations)"),
        times,
        "p95 ≤ 20 ms",
    );

    // Criterion's statistics for the two read paths.
    let mut criterion = Criterion::default().sample_size(50).configure_from_args();
    let mut k = 0usize;
    criterion.bench_function("customer search page", |b| {
        b.to_async(&runtime).iter(|| {
            k += 1;
            let url = search_url(&queries[k % queries.len()].replace(' ', "%20"));
            let client = client.clone();
            async move { get(&client, &url).await }
        })
    });
    let mut k = 0usize;
    criterion.bench_function("organization members first page", |b| {
        b.to_async(&runtime).iter(|| {
            k += 1;
            let url = member_url(k);
            let client = client.clone();
            async move { get(&client, &url).await }
        })
    });
    criterion.final_summary();
}
