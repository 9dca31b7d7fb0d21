//! Issue 4's and issue 13's performance figures, measured through HTTP against the real server
//! (run with `cargo bench -p clientele-server --bench scale`, a release build):
//!
//! - adding 10,000 new customers in one bulk request (target ≤ 1 s; issue 4 asked ≤ 2 s on
//!   SQLite, issue 13 ≤ 1 s on PostgreSQL, and SQLite meets 1 s too), with the audit trail
//!   recording it and, on a second server over the same database, without (issue 17: recording
//!   may cost at most 50 %); the two alternate, so that both meet the same database state;
//! - with 1,000,000 customers and 10,000 organizations: a customer search page, `query` on
//!   name or email (target p95 ≤ 10 ms), and the first page of an organization's members
//!   (target p95 ≤ 5 ms);
//! - issue 14: with 2,000,000 requests besides (two per customer, one resolved), a project's
//!   Customers page with each customer's open and closed request counts (target p95 ≤ 20 ms);
//! - issue 18: a Customers page by cursor anywhere in the list (target p95 ≤ 10 ms), and JSM's
//!   deep offset `start=500000` (target ≤ 100 ms; the first one, with the server just started,
//!   is printed apart).
//!
//! Ten million (issue 18, opt-in: it takes minutes): `CLIENTELE_BENCH_CUSTOMERS=10000000`, with
//! 100,000 organizations (one per hundred customers unless `CLIENTELE_BENCH_ORGANIZATIONS`
//! says otherwise). A seed that size is several gigabytes, so with `CLIENTELE_BENCH_IN_PLACE=1`
//! the run works on the seeded database itself instead of a copy — the SQLite file, or on
//! PostgreSQL the database `scale_N_r2` — (the bulk adds stay in it; delete it after
//! measuring).
//!
//! On SQLite (the default) the 1M-customer database is a file built once by the same code as
//! `clientele seed` and kept in `target/bench-data/`; each run works on a copy of it. With
//! `CLIENTELE_BENCH_POSTGRES` set to an admin URL (`postgres://USER@HOST:PORT/postgres`, a role
//! that may create databases) the same measurements run on PostgreSQL: the database `scale_N`
//! is seeded once (a table `bench_seeded` marks it complete) and each run works on a fresh
//! `CREATE DATABASE … TEMPLATE scale_N`, dropped at the end. Only the database URL depends on
//! the backend. Set `CLIENTELE_BENCH_CUSTOMERS` to measure another size. Percentiles are
//! printed by this file; criterion adds its own statistics.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clientele_server::store::{synthetic_customer, Store};
use clientele_server::{demo, ServeConfig, Server};
use criterion::Criterion;
use reqwest::Client;
use serde_json::{json, Value};
use sqlx::{Connection, Executor, PgConnection};
use tokio::runtime::Runtime;

/// Organizations the seed spreads customers over: one per hundred customers (10,000 at 1M,
/// 100,000 at 10M) unless `CLIENTELE_BENCH_ORGANIZATIONS` says otherwise.
fn organizations() -> usize {
    std::env::var("CLIENTELE_BENCH_ORGANIZATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| (customers() / 100).max(1))
}
/// Requests each synthetic customer reports; the seed's version is part of its file name, so a
/// seed made before requests existed is not reused.
const REQUESTS_PER_CUSTOMER: usize = 2;

fn customers() -> usize {
    std::env::var("CLIENTELE_BENCH_CUSTOMERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

/// Where the benchmark runs.
enum Backend {
    Sqlite,
    /// An admin URL on a PostgreSQL server.
    Postgres(String),
}

impl Backend {
    fn from_env() -> Backend {
        match std::env::var("CLIENTELE_BENCH_POSTGRES") {
            Ok(admin) if !admin.trim().is_empty() => Backend::Postgres(admin.trim().to_string()),
            _ => Backend::Sqlite,
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres(_) => "PostgreSQL",
        }
    }
}

/// Fills the database at `url` as `clientele seed` does: the demo data, then `n` customers of
/// ITH spread over [`organizations`] organizations.
async fn seed(url: &str, n: usize) {
    let organizations = organizations();
    eprintln!("Seeding {n} customers and {organizations} organizations into {url} (once)…");
    let started = Instant::now();
    let store = Store::open(url).await.unwrap();
    demo::fill(&store).await.unwrap();
    let ith = store.project_by_id_or_key("ITH").await.unwrap().unwrap();
    store
        .seed_synthetic(ith.id, n, organizations, REQUESTS_PER_CUSTOMER, |done| {
            if done % 100_000 == 0 {
                eprintln!("  {done} customers… ({:.0} s)", started.elapsed().as_secs_f64());
            }
        })
        .await
        .unwrap();
    store.close().await;
    eprintln!("Seeded in {:.1} s.", started.elapsed().as_secs_f64());
}

/// A database for one run, with the seeded data; removed when dropped.
enum RunDatabase {
    Sqlite {
        _dir: tempfile::TempDir,
    },
    Postgres {
        admin: String,
        name: String,
    },
    /// The seeded database itself (`CLIENTELE_BENCH_IN_PLACE=1`), kept.
    InPlace,
}

/// Whether the run works on the seeded database itself instead of a copy (a 10M seed is
/// several gigabytes, on SQLite and PostgreSQL alike).
fn in_place() -> bool {
    std::env::var("CLIENTELE_BENCH_IN_PLACE").is_ok_and(|v| v == "1")
}

impl Drop for RunDatabase {
    fn drop(&mut self) {
        if let RunDatabase::Postgres { admin, name } = self {
            let (admin, name) = (admin.clone(), name.clone());
            // On a thread of its own: this may run while a runtime is being left (a panic).
            let _ = std::thread::spawn(move || {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap()
                    .block_on(admin_execute(
                        &admin,
                        &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                    ))
            })
            .join();
        }
    }
}

/// The URL of the database `name` on the server of the admin URL `admin`.
fn postgres_url(admin: &str, name: &str) -> String {
    let (base, params) = match admin.split_once('?') {
        Some((base, params)) => (base, format!("?{params}")),
        None => (admin, String::new()),
    };
    let (server, _) = base.rsplit_once('/').expect("a PostgreSQL URL with a database");
    format!("{server}/{name}{params}")
}

async fn admin_execute(admin: &str, sql: &str) {
    let mut conn = PgConnection::connect(admin)
        .await
        .expect("the PostgreSQL admin URL answers");
    conn.execute(sql).await.unwrap();
    conn.close().await.ok();
}

/// A fresh copy of the seeded database (seeding it first when missing) and its URL.
async fn fresh_copy(backend: &Backend, n: usize) -> (String, RunDatabase) {
    match backend {
        Backend::Sqlite => {
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-data");
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(format!("scale-{n}-r{REQUESTS_PER_CUSTOMER}.db"));
            let done = dir.join(format!("scale-{n}-r{REQUESTS_PER_CUSTOMER}.done"));
            if !done.exists() {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
                seed(&format!("sqlite://{}", path.display()), n).await;
                std::fs::write(&done, "").unwrap();
            }
            if in_place() {
                eprintln!(
                    "Working on {} itself (CLIENTELE_BENCH_IN_PLACE=1).",
                    path.display()
                );
                return (format!("sqlite://{}", path.display()), RunDatabase::InPlace);
            }
            let copy = tempfile::tempdir().unwrap();
            let db = copy.path().join("bench.db");
            std::fs::copy(&path, &db).unwrap();
            (
                format!("sqlite://{}", db.display()),
                RunDatabase::Sqlite { _dir: copy },
            )
        }
        Backend::Postgres(admin) => {
            let template = format!("scale_{n}_r{REQUESTS_PER_CUSTOMER}");
            if !postgres_seeded(admin, &template, n).await {
                admin_execute(admin, &format!("DROP DATABASE IF EXISTS {template} WITH (FORCE)")).await;
                admin_execute(admin, &format!("CREATE DATABASE {template}")).await;
                let url = postgres_url(admin, &template);
                seed(&url, n).await;
                // Written last: a seed cut short leaves no marker and is redone.
                let mut conn = PgConnection::connect(&url).await.unwrap();
                conn.execute(
                    format!("CREATE TABLE bench_seeded (customers BIGINT NOT NULL); INSERT INTO bench_seeded VALUES ({n})")
                        .as_str(),
                )
                .await
                .unwrap();
                conn.close().await.ok();
            }
            if in_place() {
                eprintln!("Working on {template} itself (CLIENTELE_BENCH_IN_PLACE=1).");
                return (postgres_url(admin, &template), RunDatabase::InPlace);
            }
            let name = format!("bench_{template}_{}", std::process::id());
            let started = Instant::now();
            admin_execute(admin, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
            admin_execute(admin, &format!("CREATE DATABASE {name} TEMPLATE {template}")).await;
            eprintln!(
                "Copied {template} into {name} in {:.1} s.",
                started.elapsed().as_secs_f64()
            );
            let copy = RunDatabase::Postgres {
                admin: admin.clone(),
                name: name.clone(),
            };
            (postgres_url(admin, &name), copy)
        }
    }
}

/// Whether the database `name` exists and holds a complete seed of `n` customers.
async fn postgres_seeded(admin: &str, name: &str, n: usize) -> bool {
    let mut conn = PgConnection::connect(admin)
        .await
        .expect("the PostgreSQL admin URL answers");
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
        .bind(name)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    conn.close().await.ok();
    if !exists {
        return false;
    }
    let mut conn = PgConnection::connect(&postgres_url(admin, name)).await.unwrap();
    let marked: bool = sqlx::query_scalar("SELECT to_regclass('public.bench_seeded') IS NOT NULL")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    let seeded: Option<i64> = if marked {
        sqlx::query_scalar("SELECT customers FROM bench_seeded")
            .fetch_optional(&mut conn)
            .await
            .unwrap()
    } else {
        None
    };
    conn.close().await.ok();
    seeded == Some(n as i64)
}

/// The running server, signed in as the site admin.
struct Bench {
    base: String,
    client: Client,
}

async fn start_server(database: String) -> Bench {
    start_server_recording(database, true).await
}

/// A server as [`start_server`]; with `recording` false, the audit trail is switched off (the
/// benchmark's comparison only).
async fn start_server_recording(database: String, recording: bool) -> Bench {
    let dir = std::env::temp_dir().join("clientele-bench-dist");
    let mut config = ServeConfig::for_tests(database);
    config.dist = dir;
    config.max_body_bytes = 8 * 1024 * 1024;
    let mut server = Server::bind(config).await.unwrap();
    if !recording {
        server = server.without_audit_for_benchmark();
    }
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
    Bench { base, client }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn report(backend: &Backend, what: &str, mut times: Vec<Duration>, target: &str) {
    times.sort();
    println!(
        "[{}] {what}: n={} p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms   (target {target})",
        backend.name(),
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

/// One bulk add of 10,000 addresses nobody has (`tag` makes them new), timed; with its bulk
/// change's id when recorded.
fn bulk_add_once(runtime: &Runtime, bench: &Bench, tag: &str) -> (Duration, Option<String>) {
    let emails: Vec<String> = (0..10_000)
        // The process id keeps the addresses new when a run works on a database an earlier
        // run added to (`CLIENTELE_BENCH_IN_PLACE=1`).
        .map(|i| format!("new.{tag}.{}.{i}@bulk{}.example", std::process::id(), i % 13))
        .collect();
    let started = Instant::now();
    let body: Value = runtime.block_on(async {
        let response = bench
            .client
            .post(format!(
                "{}/rest/clientele/1/servicedesk/ITH/customer/bulk",
                bench.base
            ))
            .json(&json!({ "emails": emails }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    });
    let elapsed = started.elapsed();
    assert_eq!(body["summary"]["added"], 10_000, "{}", body["summary"]);
    (elapsed, body["bulkChangeId"].as_str().map(str::to_string))
}

/// Bulk add: 10,000 addresses nobody has, one request each time, five times with the audit
/// trail recording (`bench`) and five times without (`unrecorded`, a second server on the same
/// database), alternating.
fn bulk_add(runtime: &Runtime, bench: &Bench, unrecorded: &Bench, backend: &Backend, n: usize) {
    let mut recorded_times = Vec::new();
    let mut unrecorded_times = Vec::new();
    let mut last_change = None;
    for run in 1..=5 {
        unrecorded_times.push(bulk_add_once(runtime, unrecorded, &format!("plain{run}")).0);
        let (time, change) = bulk_add_once(runtime, bench, &format!("audited{run}"));
        recorded_times.push(time);
        last_change = change;
    }
    let median = |times: &[Duration]| {
        let mut sorted = times.to_vec();
        sorted.sort();
        percentile(&sorted, 0.5)
    };
    let (with, without) = (median(&recorded_times), median(&unrecorded_times));
    report(
        backend,
        &format!("bulk add of 10,000 new customers, audit trail recording ({n} customers on file)"),
        recorded_times,
        "≤ 1000 ms",
    );
    report(
        backend,
        &format!("bulk add of 10,000 new customers, audit trail off ({n} customers on file)"),
        unrecorded_times,
        "the comparison",
    );
    println!(
        "[{}] audit trail's cost on a 10,000-address bulk add: median {:.0} ms with, {:.0} ms without: +{:.0} %   (target ≤ +50 %)",
        backend.name(),
        with.as_secs_f64() * 1e3,
        without.as_secs_f64() * 1e3,
        (with.as_secs_f64() / without.as_secs_f64() - 1.0) * 100.0,
    );
    // Undoing the last one: a dry run, then the undo (10,000 memberships and accounts).
    let id = last_change.expect("a recorded bulk add has a bulk change");
    for (method, what) in [
        (reqwest::Method::GET, "the dry run of an undo"),
        (reqwest::Method::POST, "the undo"),
    ] {
        let started = Instant::now();
        let body: Value = runtime.block_on(async {
            let response = bench
                .client
                .request(
                    method,
                    format!("{}/rest/clientele/1/bulk-change/{id}/undo", bench.base),
                )
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            response.json().await.unwrap()
        });
        assert_eq!(body["deletedAccounts"].as_array().unwrap().len(), 10_000);
        println!(
            "[{}] {what} of a 10,000-address bulk add (10,000 accounts deleted): {:.0} ms",
            backend.name(),
            started.elapsed().as_secs_f64() * 1e3
        );
    }
}

/// Search fragments of names, addresses and numbers, as people type them.
fn search_queries(n: usize) -> Vec<String> {
    let mut queries = Vec::new();
    for k in 0..60usize {
        let (name, email) = synthetic_customer((k * 7919 + 13) % n);
        let words: Vec<&str> = name.split(' ').collect();
        queries.push(words[0].to_lowercase());
        queries.push(words[1][..words[1].len().min(5)].to_string());
        queries.push(email[..email.find('@').unwrap()].to_string());
        queries.push(format!("{} {}", words[1], &words[2][..words[2].len().min(2)]));
        queries.push(format!("customer{}", k % 97));
    }
    queries
}

fn search_url(bench: &Bench, q: &str) -> String {
    format!(
        "{}/rest/servicedeskapi/servicedesk/ITH/customer?limit=50&query={}",
        bench.base,
        q.replace(' ', "%20")
    )
}

/// Customer search pages, one per query.
fn search(runtime: &Runtime, bench: &Bench, backend: &Backend, queries: &[String], n: usize) {
    let mut times = Vec::new();
    runtime.block_on(async {
        for q in queries {
            let started = Instant::now();
            let page = get(&bench.client, &search_url(bench, q)).await;
            times.push(started.elapsed());
            assert!(page["size"].as_u64().unwrap() > 0, "{q} found nobody");
        }
    });
    report(
        backend,
        &format!("customer search page ({n} customers)"),
        times,
        "p95 ≤ 10 ms",
    );
}

/// The id of the first synthetic organization.
fn first_organization(runtime: &Runtime, bench: &Bench) -> i64 {
    runtime.block_on(async {
        let page = get(
            &bench.client,
            &format!(
                "{}/rest/servicedeskapi/organization?query=synthetic&limit=1",
                bench.base
            ),
        )
        .await;
        page["values"][0]["id"].as_str().unwrap().parse().unwrap()
    })
}

fn member_url(bench: &Bench, first_org: i64, k: usize) -> String {
    format!(
        "{}/rest/servicedeskapi/organization/{}/user?limit=50",
        bench.base,
        first_org + ((k * 7919) % organizations()) as i64
    )
}

/// First pages of organizations' members, 300 organizations.
fn organization_members(runtime: &Runtime, bench: &Bench, backend: &Backend, first_org: i64, n: usize) {
    let mut times = Vec::new();
    runtime.block_on(async {
        for k in 0..300 {
            let started = Instant::now();
            let page = get(&bench.client, &member_url(bench, first_org, k)).await;
            times.push(started.elapsed());
            assert_eq!(
                page["size"].as_u64().unwrap(),
                50.min((n / organizations()) as u64)
            );
        }
    });
    report(
        backend,
        &format!(
            "organization members, first page ({} organizations)",
            organizations()
        ),
        times,
        "p95 ≤ 5 ms",
    );
}

/// A project's Customers page with request counts: 300 pages spread over the first 10,000
/// customers.
fn customers_with_counts(runtime: &Runtime, bench: &Bench, backend: &Backend) {
    let mut times = Vec::new();
    runtime.block_on(async {
        for k in 0..300 {
            let url = format!(
                "{}/rest/servicedeskapi/servicedesk/1/customer?limit=50&start={}",
                bench.base,
                (k * 37 % 200) * 50
            );
            let started = Instant::now();
            let page = get(&bench.client, &url).await;
            times.push(started.elapsed());
            let counted = page["values"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c["requests"]["open"].as_u64().unwrap_or(0) > 0)
                .count();
            assert!(counted > 0, "no counts on {url}");
        }
    });
    report(
        backend,
        &format!("Customers page with request counts ({REQUESTS_PER_CUSTOMER} requests per customer)"),
        times,
        "p95 ≤ 20 ms",
    );
}

/// Customers pages by cursor, 300 of them at depths spread over the whole list (the cursors
/// are taken first, from pages by start), then JSM's deep offset `start=n/2`, 20 times.
fn cursor_and_deep_pages(runtime: &Runtime, bench: &Bench, backend: &Backend, n: usize) {
    let customers = format!(
        "{}/rest/servicedeskapi/servicedesk/1/customer?limit=50",
        bench.base
    );
    let middle = n / 2;
    let mut deep = Vec::new();
    runtime.block_on(async {
        for _ in 0..20 {
            let started = Instant::now();
            let page = get(&bench.client, &format!("{customers}&start={middle}")).await;
            deep.push(started.elapsed());
            assert_eq!(page["size"], 50);
        }
    });
    println!(
        "[{}] start={middle}: first {:.1} ms (the first deep page since the server started)",
        backend.name(),
        deep[0].as_secs_f64() * 1e3
    );
    report(
        backend,
        &format!("Customers page at start={middle} (JSM offset, {n} customers)"),
        deep,
        "≤ 100 ms",
    );
    let cursors: Vec<String> = runtime.block_on(async {
        let mut cursors = Vec::new();
        for k in 0..30usize {
            let start = (k * 7919 * 50) % (n - 100);
            let page = get(&bench.client, &format!("{customers}&start={start}")).await;
            cursors.push(page["nextCursor"].as_str().unwrap().to_string());
        }
        cursors
    });
    let mut times = Vec::new();
    runtime.block_on(async {
        for k in 0..300 {
            let url = format!("{customers}&cursor={}", cursors[(k * 7) % cursors.len()]);
            let started = Instant::now();
            let page = get(&bench.client, &url).await;
            times.push(started.elapsed());
            assert_eq!(page["size"], 50);
        }
    });
    report(
        backend,
        &format!("Customers page by cursor, anywhere in {n} customers"),
        times,
        "p95 ≤ 10 ms",
    );
}

/// Criterion's statistics for the two read paths.
fn criterion_statistics(
    runtime: &Runtime,
    bench: &Bench,
    backend: &Backend,
    queries: &[String],
    first_org: i64,
) {
    let mut criterion = Criterion::default().sample_size(50).configure_from_args();
    let mut k = 0usize;
    criterion.bench_function(&format!("customer search page ({})", backend.name()), |b| {
        b.to_async(runtime).iter(|| {
            k += 1;
            let url = search_url(bench, &queries[k % queries.len()]);
            let client = bench.client.clone();
            async move { get(&client, &url).await }
        })
    });
    let mut k = 0usize;
    criterion.bench_function(
        &format!("organization members first page ({})", backend.name()),
        |b| {
            b.to_async(runtime).iter(|| {
                k += 1;
                let url = member_url(bench, first_org, k);
                let client = bench.client.clone();
                async move { get(&client, &url).await }
            })
        },
    );
    criterion.final_summary();
}

fn main() {
    let runtime = Runtime::new().unwrap();
    let backend = Backend::from_env();
    let n = customers();
    let (url, _copy) = runtime.block_on(fresh_copy(&backend, n));
    let bench = runtime.block_on(start_server(url.clone()));
    let unrecorded = runtime.block_on(start_server_recording(url, false));
    // First, while the server's cache is cold.
    cursor_and_deep_pages(&runtime, &bench, &backend, n);

    bulk_add(&runtime, &bench, &unrecorded, &backend, n);
    let queries = search_queries(n);
    search(&runtime, &bench, &backend, &queries, n);
    let first_org = first_organization(&runtime, &bench);
    organization_members(&runtime, &bench, &backend, first_org, n);
    customers_with_counts(&runtime, &bench, &backend);
    criterion_statistics(&runtime, &bench, &backend, &queries, first_org);
}
