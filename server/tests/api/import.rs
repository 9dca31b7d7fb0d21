//! CSV imports (issue 17 §3): the dry run's per-row report and totals writing nothing, the
//! job with its progress, all or nothing, invitations, the bad files refused before anything
//! runs, the permissions, and the round trip export → import into an empty site → export.

use std::time::Duration;

use clientele_domain::account::AccountStatus;
use clientele_domain::email::Email;
use clientele_server::security::hash_password;
use clientele_server::store::{insert_project, insert_user, NewProject, NewUser, Store};
use reqwest::{Client, Response};
use serde_json::{json, Value};

use crate::export::{csv, lines};
use crate::helpers::{assert_error, database_url, json, TestServer, ADMIN, AGENT, PASSWORD};

/// `POST /rest/clientele/1/import?query` with `body` as `text/csv`, as `who`.
async fn post_csv(server: &TestServer, who: &str, query: &str, body: impl Into<reqwest::Body>) -> Response {
    Client::new()
        .post(server.url(&format!("/rest/clientele/1/import?{query}")))
        .basic_auth(who, Some(PASSWORD))
        .header("content-type", "text/csv")
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn dry_run(server: &TestServer, query: &str, body: &str) -> Value {
    let response = post_csv(server, ADMIN, &format!("dryRun=true&{query}"), body.to_string()).await;
    assert_eq!(response.status(), 200);
    json(response).await
}

/// Starts an import and waits for its end; answers its last status.
async fn commit(server: &TestServer, who: &str, query: &str, body: &str) -> Value {
    let response = post_csv(server, who, &format!("dryRun=false&{query}"), body.to_string()).await;
    assert_eq!(response.status(), 202);
    let started = json(response).await;
    assert_eq!(started["state"], "running", "{started}");
    let id = started["id"].as_str().unwrap().to_string();
    for _ in 0..600 {
        let status = server
            .get_json(who, &format!("/rest/clientele/1/import/{id}?limit=1000"))
            .await;
        assert!(status["rowsDone"].as_u64() <= status["rowsTotal"].as_u64());
        if status["state"] != "running" {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the import did not end");
}

fn outcomes(status: &Value) -> Vec<(String, String)> {
    status["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["email"].as_str().unwrap().to_string(),
                r["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const FILE: &str = "Email,Full name,Organizations,Projects\r\n\
    imp.one@newco.example,Imp One,Acme Corporation,ITH\r\n\
    ada.okafor@globex.example,Ada O.,,\r\n\
    not-an-address,Nobody,,\r\n\
    imp.one@newco.example,Imp One,Acme Corporation,ITH\r\n\
    imp.two@newco.example,,Brand New Org; Acme Corporation,ith\r\n";

#[tokio::test]
async fn a_dry_run_reports_each_row_with_totals_and_writes_nothing() {
    let server = TestServer::start().await;
    let report = dry_run(&server, "createOrganizations=true&fileName=people.csv", FILE).await;
    assert_eq!(report["state"], "dryRun");
    assert_eq!(report["fileName"], "people.csv");
    assert_eq!(
        report["mapping"],
        json!({"email": 0, "displayName": 1, "organizations": 2, "projects": 3})
    );
    assert_eq!(
        outcomes(&report),
        [
            ("imp.one@newco.example".into(), "ok".into()),
            ("ada.okafor@globex.example".into(), "ok".into()),
            ("not-an-address".into(), "invalid".into()),
            ("imp.one@newco.example".into(), "duplicate".into()),
            ("imp.two@newco.example".into(), "ok".into()),
        ]
    );
    let results = &report["results"];
    assert_eq!(
        results[0]["changes"],
        json!([{"kind": "accountCreated"}, {"kind": "addedToOrganization", "organization": "Acme Corporation", "created": false},
               {"kind": "addedToProject", "project": "ITH"}])
    );
    assert_eq!(
        results[1]["changes"],
        json!([{"kind": "nameUpdated", "from": "Ada Okafor", "to": "Ada O."}])
    );
    assert!(results[2]["reason"]
        .as_str()
        .unwrap()
        .contains("not a valid address"));
    assert_eq!(results[3]["reason"], "The same as the row on line 2: skipped.");
    assert_eq!(
        results[4]["changes"][1],
        json!({"kind": "addedToOrganization", "organization": "Brand New Org", "created": true})
    );
    let summary = &report["summary"];
    assert_eq!(
        (
            summary["rows"].as_u64(),
            summary["ok"].as_u64(),
            summary["invalid"].as_u64(),
            summary["duplicates"].as_u64()
        ),
        (Some(5), Some(3), Some(1), Some(1))
    );
    assert_eq!(summary["accountsCreated"], 2);
    assert_eq!(summary["organizationsCreated"], 1);
    assert_eq!(summary["messages"], 2);
    // Nothing written.
    assert!(server
        .accounts_with_email("imp.one@newco.example")
        .await
        .is_empty());
    let ada = server.account_id("ada.okafor@globex.example").await;
    let detail = server
        .get_json(ADMIN, &format!("/rest/clientele/1/customer/{ada}"))
        .await;
    assert_eq!(detail["customer"]["displayName"], "Ada Okafor");
    let orgs = server
        .get_json(ADMIN, "/rest/servicedeskapi/organization?query=brand%20new")
        .await;
    assert_eq!(orgs["size"], 0);

    // Without creating organizations, the row naming a new one is invalid and says how.
    let report = dry_run(&server, "", FILE).await;
    assert_eq!(report["results"][4]["outcome"], "invalid");
    assert!(report["results"][4]["reason"]
        .as_str()
        .unwrap()
        .contains("Tick \"Create missing organizations\""));

    // The report stays downloadable, as CSV.
    let id = report["id"].as_str().unwrap();
    let (text, _) = report_csv(&server, id).await;
    assert!(
        text.starts_with("line,email,outcome,reason,changes\r\n"),
        "{text}"
    );
    assert!(text.contains("2,imp.one@newco.example,ok,,account created; added to organization Acme Corporation; added to project ITH\r\n"), "{text}");
}

async fn report_csv(server: &TestServer, id: &str) -> (String, String) {
    let response = server
        .get_as(ADMIN, &format!("/rest/clientele/1/import/{id}/report"))
        .await;
    assert_eq!(response.status(), 200);
    let kind = response.headers()["content-type"].to_str().unwrap().to_string();
    let text = response.text().await.unwrap();
    (text.strip_prefix('\u{feff}').unwrap().to_string(), kind)
}

#[tokio::test]
async fn chosen_columns_replace_the_detected_ones() {
    let server = TestServer::start().await;
    let file = "Contact,Mail,Company\r\nCol One,col.one@newco.example,Acme Corporation\r\n";
    let report = dry_run(&server, "", file).await;
    assert_eq!(report["mapping"]["email"], 1);
    assert_eq!(report["mapping"]["displayName"], 0);
    assert_eq!(report["mapping"]["organizations"], Value::Null);
    let report = dry_run(&server, "organizationsColumn=2&nameColumn=none", file).await;
    assert_eq!(
        report["mapping"],
        json!({"email": 1, "displayName": null, "organizations": 2, "projects": null})
    );
    assert_eq!(
        report["results"][0]["changes"][1]["organization"],
        "Acme Corporation"
    );
    assert_error(
        post_csv(&server, ADMIN, "organizationsColumn=7", file).await,
        400,
        "invalidFile",
    )
    .await;
    assert_error(
        post_csv(&server, ADMIN, "emailColumn=x", file).await,
        400,
        "invalidParameter",
    )
    .await;
}

#[tokio::test]
async fn a_committed_import_runs_as_a_job_writes_everything_and_invites_new_people_once() {
    let server = TestServer::start().await;
    let file = "email,display name,organizations,projects\r\n\
                job.one@newco.example,Job One,Job Org,ITH; FAC\r\n\
                job.two@newco.example,Job Two,,\r\n\
                ada.okafor@globex.example,Ada Okafor,Job Org,\r\n";
    let status = commit(&server, ADMIN, "createOrganizations=true", file).await;
    assert_eq!(status["state"], "done", "{status}");
    assert_eq!(
        (status["rowsDone"].as_u64(), status["rowsTotal"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(status["summary"]["accountsCreated"], 2);
    assert_eq!(status["summary"]["messages"], 2);
    assert!(status["finishedAt"].is_i64());
    let one = server.account_id("job.one@newco.example").await;
    let detail = server
        .get_json(ADMIN, &format!("/rest/clientele/1/customer/{one}"))
        .await;
    assert_eq!(detail["customer"]["displayName"], "Job One");
    assert_eq!(detail["customer"]["status"], "invited");
    let projects: Vec<&str> = detail["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    assert_eq!(projects.len(), 2, "{detail}");
    assert_eq!(detail["organizations"][0]["name"], "Job Org");
    for email in ["job.one@newco.example", "job.two@newco.example"] {
        assert_eq!(crate::mail::mail_to(&server, email).await.len(), 1, "{email}");
    }
    assert!(crate::mail::mail_to(&server, "ada.okafor@globex.example")
        .await
        .is_empty());
    // Again: nothing more to do, and nobody is invited twice.
    let again = commit(&server, ADMIN, "createOrganizations=true", file).await;
    assert_eq!(again["state"], "done");
    assert_eq!(again["summary"]["accountsCreated"], 0);
    assert_eq!(
        again["results"][0]["changes"][0],
        json!({"kind": "accountExists"})
    );
    assert_eq!(
        crate::mail::mail_to(&server, "job.one@newco.example").await.len(),
        1
    );

    // sendInvitations=false sends none.
    let quiet = commit(
        &server,
        ADMIN,
        "sendInvitations=false",
        "email\r\njob.quiet@newco.example\r\n",
    )
    .await;
    assert_eq!(quiet["state"], "done");
    assert_eq!(quiet["summary"]["messages"], 0);
    assert!(crate::mail::mail_to(&server, "job.quiet@newco.example")
        .await
        .is_empty());
}

#[tokio::test]
async fn one_invalid_row_and_nothing_is_written() {
    let server = TestServer::start().await;
    let file =
        "email,name,projects\r\nall.one@newco.example,All One,ITH\r\nall.two@newco.example,All Two,NOPE\r\n";
    let status = commit(&server, ADMIN, "", file).await;
    assert_eq!(status["state"], "failed");
    assert!(
        status["error"].as_str().unwrap().contains("nothing was written"),
        "{status}"
    );
    assert_eq!(
        status["results"][1]["reason"],
        "There is no project with the key NOPE."
    );
    assert!(server
        .accounts_with_email("all.one@newco.example")
        .await
        .is_empty());
    let attention = server
        .get_json(
            ADMIN,
            &format!(
                "/rest/clientele/1/import/{}?attention=true",
                status["id"].as_str().unwrap()
            ),
        )
        .await;
    assert_eq!(attention["resultsTotal"], 1);
    assert_eq!(attention["results"][0]["line"], 3);
}

#[tokio::test]
async fn bad_files_are_refused_before_anything_runs() {
    let server = TestServer::start_with(|c| c.max_import_rows = 3).await;
    let cases: Vec<(Vec<u8>, &str, &str)> = vec![
        (
            b"email,name\r\nlatin@newco.example,Jos\xe9\r\n".to_vec(),
            "invalidFile",
            "not UTF-8",
        ),
        (
            b"email,name\r\n\"open@newco.example,Open\r\n".to_vec(),
            "invalidFile",
            "never closed",
        ),
        (
            b"name,phone\r\nJane,555\r\n".to_vec(),
            "noEmailColumn",
            "No column holds email addresses",
        ),
        (
            b"email\r\na@newco.example\r\nb@newco.example\r\nc@newco.example\r\nd@newco.example\r\n".to_vec(),
            "tooManyRows",
            "4 rows; at most 3",
        ),
        (
            format!("email\r\n{}@newco.example\r\n", "x".repeat(10 * 1024 * 1024)).into_bytes(),
            "invalidFile",
            "longer than 64 KiB",
        ),
        (b"email\r\n".to_vec(), "invalidFile", "no rows"),
    ];
    for (body, reason, words) in cases {
        for dry in ["true", "false"] {
            let error = assert_error(
                post_csv(&server, ADMIN, &format!("dryRun={dry}"), body.clone()).await,
                400,
                reason,
            )
            .await;
            assert!(error["errorMessage"].as_str().unwrap().contains(words), "{error}");
        }
    }
    assert!(server.accounts_with_email("a@newco.example").await.is_empty());
    let response = Client::new()
        .post(server.url("/rest/clientele/1/import"))
        .basic_auth(ADMIN, Some(PASSWORD))
        .json(&json!({"email": "a@newco.example"}))
        .send()
        .await
        .unwrap();
    assert_error(response, 415, "unsupportedMediaType").await;
}

#[tokio::test]
async fn the_file_may_come_as_a_multipart_form_and_formula_cells_are_restored() {
    let server = TestServer::start().await;
    let boundary = "XyZ123";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\nContent-Type: text/csv\r\n\r\n\
         email,display name\r\nform.one@newco.example,'-Minus One\r\n\
         --{boundary}--\r\n"
    );
    let response = Client::new()
        .post(server.url("/rest/clientele/1/import?dryRun=true"))
        .basic_auth(ADMIN, Some(PASSWORD))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let report = json(response).await;
    assert_eq!(report["results"][0]["outcome"], "ok", "{report}");
    assert_eq!(report["summary"]["accountsCreated"], 1);
    // A cell an export neutralised (`'-Minus One`) is read back as it was.
    let status = commit(
        &server,
        ADMIN,
        "",
        "email,display name\r\nform.one@newco.example,'-Minus One\r\n",
    )
    .await;
    assert_eq!(status["state"], "done");
    let id = server.account_id("form.one@newco.example").await;
    let detail = server
        .get_json(ADMIN, &format!("/rest/clientele/1/customer/{id}"))
        .await;
    assert_eq!(detail["customer"]["displayName"], "-Minus One");
}

#[tokio::test]
async fn only_site_admins_import() {
    let server = TestServer::start().await;
    let response = post_csv(&server, AGENT, "dryRun=true", "email\r\na@newco.example\r\n").await;
    assert_eq!(response.status(), 403);
    let report = dry_run(&server, "", "email\r\na@newco.example\r\n").await;
    let id = report["id"].as_str().unwrap();
    assert_eq!(
        server
            .get_as(AGENT, &format!("/rest/clientele/1/import/{id}"))
            .await
            .status(),
        403
    );
    assert_eq!(
        server
            .get_as(AGENT, &format!("/rest/clientele/1/import/{id}/report"))
            .await
            .status(),
        403
    );
    assert_error(
        server.get_as(ADMIN, "/rest/clientele/1/import/999999").await,
        404,
        "notFound",
    )
    .await;
}

/// An empty site: one site admin, and the projects of `like` (same keys), nothing else.
async fn empty_site_like(like: &TestServer) -> (TestServer, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = database_url(dir.path()).await;
    let store = Store::open(&url).await.unwrap();
    let mut tx = store.write().await.unwrap();
    let hash = hash_password(PASSWORD);
    let email = Email::parse("importer@empty.example").unwrap();
    insert_user(
        &mut tx,
        &NewUser {
            email: &email,
            display_name: "Importer",
            kind: "full",
            status: AccountStatus::Active,
            site_admin: true,
            password_hash: Some(&hash),
        },
    )
    .await
    .unwrap();
    let desks = like
        .get_json(ADMIN, "/rest/servicedeskapi/servicedesk?limit=100")
        .await;
    for desk in desks["values"].as_array().unwrap() {
        let project = NewProject {
            key: desk["projectKey"].as_str().unwrap(),
            name: desk["projectName"].as_str().unwrap(),
            project_type: "companyManaged",
        };
        insert_project(&mut tx, &project).await.unwrap();
    }
    tx.commit().await.unwrap();
    store.close().await;
    (TestServer::start_on(&url, |_| {}).await, dir)
}

/// email, display name, organizations, projects: the columns an import carries.
fn carried(text: &str) -> Vec<String> {
    let records = clientele_server::csv::read(text.as_bytes()).unwrap();
    records
        .into_iter()
        .map(|r| [0, 1, 4, 5].map(|i| r.fields[i].clone()).join(" | "))
        .collect()
}

#[tokio::test]
async fn export_import_into_an_empty_site_and_export_again_match() {
    let site = TestServer::start().await;
    // Some awkward values besides the demo's.
    site.bulk_add(
        AGENT,
        "ITH",
        json!({"text": "\"Doe, \\\"JD\\\" Jane\" <trip.one@newco.example>, \"-Minus\" <trip.two@newco.example>"}),
    )
    .await;
    let (first, total) = csv(&site, ADMIN, "/rest/clientele/1/customer/export").await;
    assert!(total > 10);
    let (empty, _dir) = empty_site_like(&site).await;
    let status = commit(
        &empty,
        "importer@empty.example",
        "createOrganizations=true&sendInvitations=false",
        &first,
    )
    .await;
    assert_eq!(status["state"], "done", "{}", status["results"]);
    assert_eq!(status["summary"]["ok"].as_u64(), Some(total as u64));
    let (second, _) = csv(
        &empty,
        "importer@empty.example",
        "/rest/clientele/1/customer/export?kind=portal",
    )
    .await;
    assert_eq!(lines(&first)[0], lines(&second)[0]);
    let (a, b) = (carried(&first), carried(&second));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y);
    }
    assert!(a
        .iter()
        .any(|r| r.starts_with("trip.one@newco.example | Doe, \"JD\" Jane | ")));
}

#[tokio::test]
async fn a_committed_import_is_one_bulk_change_in_the_audit_trail_that_an_undo_takes_back() {
    let server = TestServer::start().await;
    let file = "email,display name,organizations,projects\r\n\
                undo.one@newco.example,Undo One,Globex,ITH\r\n\
                undo.two@newco.example,Undo Two,,ITH\r\n\
                ada.okafor@globex.example,Ada Okafor,,ITH\r\n";
    let status = commit(&server, ADMIN, "", file).await;
    assert_eq!(status["summary"]["accountsCreated"], 2, "{status}");

    // Recorded as the import's, by the admin who ran it, all under one bulk change.
    let created = server
        .get_json(ADMIN, "/rest/clientele/1/audit?action=account.created&limit=100")
        .await;
    let events: Vec<&Value> = created["values"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["target"]["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("undo."))
        })
        .collect();
    assert_eq!(events.len(), 2, "{created}");
    assert!(
        events
            .iter()
            .all(|e| e["via"] == "import" && e["actor"]["name"] == ADMIN),
        "{events:?}"
    );
    let change = events[0]["bulkChangeId"]
        .as_str()
        .expect("a bulk change id")
        .to_string();
    assert_eq!(events[1]["bulkChangeId"], events[0]["bulkChangeId"]);

    // The undo's dry run lists exactly what the import added; the undo takes it back.
    let path = format!("/rest/clientele/1/bulk-change/{change}/undo");
    let dry = server.get_json(ADMIN, &path).await;
    assert_eq!(dry["bulkChange"]["kind"], "import", "{dry}");
    let mut deleted: Vec<&str> = dry["deletedAccounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    deleted.sort_unstable();
    assert_eq!(deleted, ["undo.one@newco.example", "undo.two@newco.example"]);
    // Three added to ITH (Ada Okafor was not one of its customers) and one to Globex.
    assert_eq!(dry["removed"].as_array().unwrap().len(), 4, "{dry}");
    assert_eq!(
        server.accounts_with_email("undo.one@newco.example").await.len(),
        1
    );

    let done = json(server.post_as(ADMIN, &path, json!({})).await).await;
    assert_eq!(done["dryRun"], false, "{done}");
    assert!(server
        .accounts_with_email("undo.one@newco.example")
        .await
        .is_empty());
    assert!(server
        .accounts_with_email("undo.two@newco.example")
        .await
        .is_empty());
    // Her account was there before the import: it stays, and she is no longer ITH's customer.
    assert_eq!(
        server
            .accounts_with_email("ada.okafor@globex.example")
            .await
            .len(),
        1
    );
    let customers = server
        .all_emails("/rest/servicedeskapi/servicedesk/ITH/customer")
        .await;
    assert!(
        !customers.iter().any(|c| c == "ada.okafor@globex.example"),
        "{customers:?}"
    );
}
