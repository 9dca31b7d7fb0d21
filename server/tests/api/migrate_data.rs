//! Moving a site (`clientele migrate-data`): everything but sessions copied with its ids into an
//! empty database, on which a server answers as the old one did; a target holding anything is
//! refused and left as it was.

use std::collections::BTreeMap;
use std::process::{Command, Output};

use clientele_server::store::{Actor, Backend, Store, TableCount, TransferError};
use serde_json::{json, Value};

use crate::helpers::{assert_no_content, database_url, json, TestServer, ADMIN, AGENT, CUSTOMER, PASSWORD};

/// The customer's password after the change made before the move.
const CHANGED_PASSWORD: &str = "a passphrase from before the move";

/// A site on SQLite with the demo data and some life in it, served while the test runs.
struct Site {
    server: TestServer,
    url: String,
    /// The newest account ever made, deleted: its id must never be handed out again.
    deleted_id: i64,
    /// An API token of the agent.
    token: String,
    _dir: tempfile::TempDir,
}

async fn lived_in_site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("site.db").display());
    let server = TestServer::start_on(&url, |_| {}).await;
    server
        .set_settings(json!({"plan": "premium", "agentsCanManageOrganizations": true}))
        .await;
    let added = server
        .bulk_add(
            AGENT,
            "ITH",
            json!({"emails": ["Noor Haddad <noor.haddad@moving.example>", "ole.berg@moving.example"]}),
        )
        .await;
    assert_eq!(added["summary"]["newAccounts"], 2, "{added}");
    let acme = server.organization_id("Acme Corporation").await;
    let property = server
        .put_as(
            ADMIN,
            &format!("/rest/servicedeskapi/organization/{acme}/property/tier"),
            json!({"level": "gold", "seats": 40}),
        )
        .await;
    assert_eq!(property.status(), 201);
    let token = json(
        server
            .post_as(AGENT, "/rest/clientele/1/token", json!({"label": "nightly sync"}))
            .await,
    )
    .await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let customer = server.signed_in(CUSTOMER).await;
    let changed = customer
        .put(server.url("/rest/clientele/1/myself/password"))
        .json(&json!({"currentPassword": PASSWORD, "newPassword": CHANGED_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 204);
    let deleted_id = new_account(&server, "gone@moving.example").await;
    assert_no_content(
        &server
            .delete_as(ADMIN, &format!("/rest/clientele/1/customer/{deleted_id}"), None)
            .await,
    );
    Site {
        server,
        url,
        deleted_id,
        token,
        _dir: dir,
    }
}

/// Creates a customer through the API and returns their account id.
async fn new_account(server: &TestServer, email: &str) -> i64 {
    let response = server
        .post_as(ADMIN, "/rest/servicedeskapi/customer", json!({"email": email}))
        .await;
    assert_eq!(response.status(), 201, "new customer {email}");
    json(response).await["accountId"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// What a site answers about its people, organizations, settings, tokens and mail, keyed by
/// request. Links name the server's own address; compare with [`same_answers`].
async fn answers(server: &TestServer) -> BTreeMap<String, Value> {
    let acme = server.organization_id("Acme Corporation").await;
    let requests = [
        (ADMIN, "/rest/clientele/1/customer?limit=100".to_string()),
        (ADMIN, "/rest/servicedeskapi/organization?limit=100".to_string()),
        (
            ADMIN,
            format!("/rest/servicedeskapi/organization/{acme}/user?limit=100"),
        ),
        (
            ADMIN,
            format!("/rest/servicedeskapi/organization/{acme}/property"),
        ),
        (
            ADMIN,
            format!("/rest/servicedeskapi/organization/{acme}/property/tier"),
        ),
        (
            AGENT,
            "/rest/servicedeskapi/servicedesk/ITH/customer?limit=100".to_string(),
        ),
        (
            AGENT,
            "/rest/servicedeskapi/servicedesk/ITH/organization".to_string(),
        ),
        (ADMIN, "/rest/servicedeskapi/servicedesk".to_string()),
        (ADMIN, "/rest/clientele/1/mail?limit=100".to_string()),
        (ADMIN, "/rest/clientele/1/settings".to_string()),
        (ADMIN, "/rest/clientele/1/manageddomain".to_string()),
        (ADMIN, "/rest/clientele/1/helpcenter".to_string()),
        (AGENT, "/rest/clientele/1/token".to_string()),
    ];
    let mut answers = BTreeMap::new();
    for (who, path) in requests {
        answers.insert(format!("{who} {path}"), server.get_json(who, &path).await);
    }
    answers
}

/// Asserts that two sites answered the same, their own addresses aside, and the order of an
/// organization's `projectKeys` (unspecified: it follows how the rows lie in storage).
fn same_answers(before: &BTreeMap<String, Value>, after: &BTreeMap<String, Value>, servers: &[&TestServer]) {
    let plain = |v: &Value| {
        let mut v = v.clone();
        sort_project_keys(&mut v);
        servers
            .iter()
            .fold(v.to_string(), |text, s| text.replace(&s.base, "BASE"))
    };
    assert_eq!(before.len(), after.len());
    for (request, answer) in before {
        assert_eq!(plain(answer), plain(&after[request]), "{request}");
    }
}

fn sort_project_keys(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            for (name, field) in fields.iter_mut() {
                match field {
                    Value::Array(keys) if name == "projectKeys" => {
                        keys.sort_by_key(|k| k.as_str().map(str::to_string));
                    }
                    _ => sort_project_keys(field),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(sort_project_keys),
        _ => {}
    }
}

/// The account ids on the site admin's list of every account.
fn account_ids(answers: &BTreeMap<String, Value>) -> Vec<i64> {
    let list = &answers[&format!("{ADMIN} /rest/clientele/1/customer?limit=100")];
    assert_eq!(list["isLastPage"], true, "{list}");
    list["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["accountId"].as_str().unwrap().parse().unwrap())
        .collect()
}

/// Asserts that every copied table holds as many rows on both sides, and sessions none.
fn assert_copied(counts: &[TableCount], expected: &[(&str, i64)]) {
    let names: Vec<&str> = counts.iter().map(|c| c.table).collect();
    let expected_names: Vec<&str> = expected.iter().map(|(t, _)| *t).collect();
    assert_eq!(names, expected_names);
    for (count, (_, rows)) in counts.iter().zip(expected) {
        assert_eq!(count.source, *rows, "{count:?}");
        let target = if count.table == "sessions" { 0 } else { *rows };
        assert_eq!(count.target, target, "{count:?}");
        assert_eq!(count.copied, count.table != "sessions", "{count:?}");
    }
}

fn rows_of(counts: &[(&str, i64)], table: &str) -> i64 {
    counts.iter().find(|(t, _)| *t == table).unwrap().1
}

#[tokio::test]
async fn a_moved_site_answers_as_before_with_the_same_ids_and_passwords() {
    let site = lived_in_site().await;
    let before = answers(&site.server).await;
    let source = Store::open_existing(&site.url).await.unwrap();
    let expected = source.row_counts().await.unwrap();
    assert!(rows_of(&expected, "sessions") >= 1, "{expected:?}");
    assert_eq!(rows_of(&expected, "users") as usize, account_ids(&before).len());
    for table in [
        "organization_properties",
        "api_tokens",
        "account_tokens",
        "outbox",
    ] {
        assert!(rows_of(&expected, table) >= 1, "{table}: {expected:?}");
    }

    let dir = tempfile::tempdir().unwrap();
    let target_url = database_url(dir.path()).await;
    let target = Store::open(&target_url).await.unwrap();
    let mut progress = Vec::new();
    let counts = source
        .copy_into(&target, |table, rows| progress.push((table, rows)))
        .await
        .unwrap();
    assert_copied(&counts, &expected);
    assert!(progress.contains(&("users", rows_of(&expected, "users") as u64)));
    source.close().await;
    target.close().await;

    let moved = TestServer::start_on(&target_url, |config| config.demo = false).await;
    let after = answers(&moved).await;
    same_answers(&before, &after, &[&site.server, &moved]);

    let sign_in = |password: &str| {
        reqwest::Client::new()
            .post(moved.url("/rest/auth/1/session"))
            .json(&json!({"username": CUSTOMER, "password": password}))
            .send()
    };
    assert_eq!(sign_in(CHANGED_PASSWORD).await.unwrap().status(), 200);
    assert_eq!(sign_in(PASSWORD).await.unwrap().status(), 401);
    let desks = reqwest::Client::new()
        .get(moved.url("/rest/servicedeskapi/servicedesk"))
        .bearer_auth(&site.token)
        .send()
        .await
        .unwrap();
    assert_eq!(desks.status(), 200, "the agent's API token still works");
    // The search index (SQLite's FTS5 table, filled by its triggers; PostgreSQL's trigram index).
    let found = moved
        .get_json(ADMIN, "/rest/clientele/1/customer?query=HADDAD")
        .await;
    assert_eq!(found["values"].as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found["values"][0]["emailAddress"], "noor.haddad@moving.example");

    let fresh = new_account(&moved, "after.the.move@moving.example").await;
    let highest = account_ids(&before).into_iter().max().unwrap();
    assert!(
        fresh > highest && fresh > site.deleted_id,
        "new id {fresh}, copied up to {highest}, deleted {}",
        site.deleted_id
    );
}

#[tokio::test]
async fn a_site_goes_to_postgres_and_back_with_its_ids_when_postgres_is_there() {
    let site = lived_in_site().await;
    let before = answers(&site.server).await;
    let source = Store::open_existing(&site.url).await.unwrap();
    let expected = source.row_counts().await.unwrap();

    // PostgreSQL when the suite runs with one, else a second SQLite file.
    let middle_dir = tempfile::tempdir().unwrap();
    let middle = Store::open(&database_url(middle_dir.path()).await).await.unwrap();
    let postgres = std::env::var("CLIENTELE_TEST_POSTGRES").is_ok_and(|v| !v.is_empty());
    let backend = if postgres {
        Backend::Postgres
    } else {
        Backend::Sqlite
    };
    assert_eq!(middle.backend(), backend);
    assert_copied(&source.copy_into(&middle, |_, _| {}).await.unwrap(), &expected);

    let back_dir = tempfile::tempdir().unwrap();
    let back_url = format!("sqlite://{}", back_dir.path().join("back.db").display());
    let back = Store::open(&back_url).await.unwrap();
    let without_sessions: Vec<(&str, i64)> = expected
        .iter()
        .map(|&(t, rows)| (t, if t == "sessions" { 0 } else { rows }))
        .collect();
    assert_copied(
        &middle.copy_into(&back, |_, _| {}).await.unwrap(),
        &without_sessions,
    );
    back.close().await;

    let returned = TestServer::start_on(&back_url, |config| config.demo = false).await;
    same_answers(&before, &answers(&returned).await, &[&site.server, &returned]);
    // The deleted newest account's id went through both moves: it is not handed out again.
    let fresh = new_account(&returned, "home.again@moving.example").await;
    assert_eq!(fresh, site.deleted_id + 1);
}

#[tokio::test]
async fn a_target_that_holds_anything_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let source = Store::open(&format!("sqlite://{}", dir.path().join("site.db").display()))
        .await
        .unwrap();
    clientele_server::demo::fill(&source).await.unwrap();
    let mut settings = source.global_settings().await.unwrap();
    settings.agents_can_manage_organizations = true;
    source
        .save_global_settings(&Actor::system("test"), &settings, 365)
        .await
        .unwrap();

    let site_dir = tempfile::tempdir().unwrap();
    let another_site = Store::open(&database_url(site_dir.path()).await).await.unwrap();
    clientele_server::demo::fill(&another_site).await.unwrap();
    let before = another_site.row_counts().await.unwrap();
    match source.copy_into(&another_site, |_, _| {}).await {
        Err(TransferError::TargetNotEmpty { table, rows }) => {
            assert_eq!((table, rows), ("users", rows_of(&before, "users")));
        }
        other => panic!("a site was copied over another: {other:?}"),
    }
    assert_eq!(another_site.row_counts().await.unwrap(), before);
    assert!(
        !another_site
            .global_settings()
            .await
            .unwrap()
            .agents_can_manage_organizations
    );

    // One managed domain is enough to refuse.
    let domain_dir = tempfile::tempdir().unwrap();
    let one_domain = Store::open(&database_url(domain_dir.path()).await).await.unwrap();
    assert!(one_domain
        .insert_managed_domain(&Actor::system("test"), "kept.example")
        .await
        .unwrap());
    let error = source.copy_into(&one_domain, |_, _| {}).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "the target database is not empty (managed_domains holds 1 rows); nothing was copied"
    );
    assert_eq!(one_domain.managed_domains().await.unwrap(), ["kept.example"]);
    assert_eq!(rows_of(&one_domain.row_counts().await.unwrap(), "users"), 0);
}

/// Runs `clientele` with these arguments.
async fn clientele(args: &[&str]) -> Output {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_clientele"))
            .args(&args)
            .env_remove("RUST_LOG")
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

/// Asserts exit code 1 with one line on standard error that contains `says`.
fn assert_fails(output: &Output, says: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("clientele migrate-data: "), "{stderr}");
    assert!(stderr.contains(says), "{stderr}");
}

#[tokio::test]
async fn the_command_prints_both_counts_of_each_table_and_exits_1_when_it_copies_nothing() {
    let site = lived_in_site().await;
    let expected = Store::open_existing(&site.url)
        .await
        .unwrap()
        .row_counts()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let target = database_url(dir.path()).await;

    let copied = clientele(&["migrate-data", "--from", &site.url, "--to", &target]).await;
    let stdout = String::from_utf8_lossy(&copied.stdout);
    assert!(
        copied.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&copied.stderr)
    );
    let printed: Vec<(String, i64, i64)> = stdout
        .lines()
        .skip(1)
        .take(expected.len())
        .map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            (
                words[0].to_string(),
                words[1].parse().unwrap(),
                words[2].parse().unwrap(),
            )
        })
        .collect();
    let wanted: Vec<(String, i64, i64)> = expected
        .iter()
        .map(|&(t, rows)| (t.to_string(), rows, if t == "sessions" { 0 } else { rows }))
        .collect();
    assert_eq!(printed, wanted, "{stdout}");
    assert!(stdout.contains("Sessions are not copied"), "{stdout}");

    let copied_over = Store::open(&target).await.unwrap().row_counts().await.unwrap();
    let again = clientele(&["migrate-data", "--from", &site.url, "--to", &target]).await;
    let users = rows_of(&expected, "users");
    assert_fails(&again, &format!("not empty (users holds {users} rows)"));
    assert_eq!(
        Store::open(&target).await.unwrap().row_counts().await.unwrap(),
        copied_over
    );

    let missing = format!("sqlite://{}", dir.path().join("missing.db").display());
    let elsewhere = format!("sqlite://{}", dir.path().join("elsewhere.db").display());
    for (from, to, says) in [
        (site.url.as_str(), site.url.as_str(), "the same database"),
        (
            "mysql://db.example/site",
            elsewhere.as_str(),
            "unsupported database URL",
        ),
        (
            site.url.as_str(),
            "ftp://db.example/site",
            "unsupported database URL",
        ),
        (missing.as_str(), elsewhere.as_str(), "no database file"),
        (
            site.url.as_str(),
            "postgres://clientele@127.0.0.1:1/nowhere",
            "cannot connect to PostgreSQL",
        ),
    ] {
        assert_fails(
            &clientele(&["migrate-data", "--from", from, "--to", to]).await,
            says,
        );
    }
    assert!(!dir.path().join("missing.db").exists());
}
