//! Issue 17 §4–5: the audit trail (recorded in the change's transaction, its filters, who may
//! read it, retention) and undoing a bulk add (24 hours, who, accounts whose owners signed in
//! kept, the undo recorded, refusals).

use clientele_server::store::{now_millis, Actor, Store};
use reqwest::{Client, Method};
use serde_json::{json, Value};

use crate::helpers::*;
use crate::mail::{link_in, mail_to};

const AUDIT: &str = "/rest/clientele/1/audit";
/// A demo customer of Facilities, not of IT Help.
const FAC_CUSTOMER: &str = "ada.tanaka@mail.example";

/// The UTC day (`YYYY-MM-DD`) of a time in milliseconds (Howard Hinnant's algorithm).
fn day_of(millis: i64) -> String {
    let z = millis.div_euclid(86_400_000) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The events of the audit log as the site admin sees them with `query` (`a=b&c=d`).
async fn events(server: &TestServer, query: &str) -> Vec<Value> {
    let page = server
        .get_json(ADMIN, &format!("{AUDIT}?limit=100&{query}"))
        .await;
    page["values"].as_array().unwrap().clone()
}

fn actions(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect()
}

/// Every event recorded so far (newest first).
async fn all_events(server: &TestServer) -> Vec<Value> {
    let mut all = Vec::new();
    let mut start = 0;
    loop {
        let page = server
            .get_json(ADMIN, &format!("{AUDIT}?limit=100&start={start}"))
            .await;
        all.extend(page["values"].as_array().unwrap().iter().cloned());
        if page["isLastPage"] == true {
            return all;
        }
        start += 100;
    }
}

#[tokio::test]
async fn a_change_is_recorded_with_who_how_what_and_the_request_id() {
    let server = TestServer::start().await;
    let id = server.organization_id("Acme Corporation").await;
    let response = Client::new()
        .put(server.url(&format!("/rest/clientele/1/organization/{id}")))
        .basic_auth(ADMIN, Some(PASSWORD))
        .header("X-Request-Id", "rename-42")
        .json(&json!({"name": "Acme Holdings"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-request-id"], "rename-42");

    let found = events(&server, &format!("target=organization:{id}")).await;
    let event = &found[0];
    assert_eq!(event["action"], "organization.renamed", "{found:?}");
    assert_eq!(event["via"], "api");
    assert_eq!(event["requestId"], "rename-42");
    assert_eq!(event["actor"]["name"], ADMIN);
    assert_eq!(event["actor"]["accountId"], server.account_id(ADMIN).await);
    assert_eq!(event["target"]["name"], "Acme Holdings");
    assert_eq!(
        event["changes"],
        json!([{"field": "name", "before": "Acme Corporation", "after": "Acme Holdings"}])
    );

    // Without a request id (or with one that is not sensible) the server makes one up.
    let response = server
        .put_as(
            ADMIN,
            &format!("/rest/clientele/1/organization/{id}"),
            json!({"name": "Acme Again"}),
        )
        .await;
    let made_up = response.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(made_up.len(), 16);
    let found = events(&server, &format!("target=organization:{id}")).await;
    assert_eq!(found[0]["requestId"], made_up.as_str());
}

#[tokio::test]
async fn the_app_the_api_and_the_help_center_are_told_apart() {
    let server = TestServer::start().await;
    // The app: the session cookie.
    let app = server.signed_in(ADMIN).await;
    let response = app
        .post(server.url("/rest/clientele/1/manageddomain"))
        .header("X-Atlassian-Token", "no-check")
        .json(&json!({"domain": "cookie.example"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let found = events(&server, "target=managedDomain:cookie.example").await;
    assert_eq!(found[0]["via"], "app");
    assert_eq!(found[0]["action"], "managedDomain.added");

    // The help center: an invitation link used to set a password, by the account's owner.
    server
        .bulk_add(AGENT, "ITH", json!({"emails": ["linked@mail.example"]}))
        .await;
    let (slug, token) = link_in(&mail_to(&server, "linked@mail.example").await[0], "invite");
    let used = server
        .post_anonymous(
            &format!("/rest/clientele/1/helpcenter/{slug}/link/{token}"),
            json!({"password": "a sturdy passphrase"}),
        )
        .await;
    assert_eq!(used.status(), 200);
    let account = server.account_id("linked@mail.example").await;
    let found = events(
        &server,
        &format!("target=account:{account}&action=account.linkUsed"),
    )
    .await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["via"], "helpCenter");
    assert_eq!(found[0]["actor"]["accountId"], account.as_str());
    assert_eq!(
        found[0]["changes"],
        json!([{"field": "status", "before": "invited", "after": "active"}])
    );
    // The bulk add that created it: `bulkAdd`, one bulk change.
    let created = events(
        &server,
        &format!("target=account:{account}&action=account.created"),
    )
    .await;
    assert_eq!(created[0]["via"], "bulkAdd");
    assert!(created[0]["bulkChangeId"].is_string());
}

#[tokio::test]
async fn a_refused_or_failed_change_records_nothing() {
    let server = TestServer::start().await;
    let before = all_events(&server).await.len();
    let acme = server.organization_id("Acme Corporation").await;
    let globex = server.organization_id("Globex").await;
    // Refused by the policy.
    let response = server
        .put_as(
            CUSTOMER,
            &format!("/rest/clientele/1/organization/{acme}"),
            json!({"name": "Mine now"}),
        )
        .await;
    assert_eq!(response.status(), 403);
    // Refused by the database: the name is taken (the rename rolls back).
    let response = server
        .put_as(
            ADMIN,
            &format!("/rest/clientele/1/organization/{acme}"),
            json!({"name": "Globex"}),
        )
        .await;
    assert_eq!(response.status(), 409, "{globex}");
    // All or nothing: JSM's add with one refused address writes (and records) none.
    let response = server
        .post_as(
            ADMIN,
            "/rest/servicedeskapi/servicedesk/ITH/customer",
            json!({"usernames": ["fine.one@mail.example", "not an address"]}),
        )
        .await;
    assert_eq!(response.status(), 400);
    // A dry run writes nothing, so records nothing.
    let report = server
        .bulk_add(
            AGENT,
            "ITH",
            json!({"emails": ["dry.one@mail.example"], "dryRun": true}),
        )
        .await;
    assert!(report.get("bulkChangeId").is_none(), "{report}");
    assert_eq!(all_events(&server).await.len(), before);
}

#[tokio::test]
async fn the_log_filters_by_person_target_action_and_date_and_pages() {
    let server = TestServer::start().await;
    let acme = server.organization_id("Acme Corporation").await;
    for name in ["One", "Two", "Three"] {
        let response = server
            .put_as(
                ADMIN,
                &format!("/rest/clientele/1/organization/{acme}"),
                json!({"name": format!("Acme {name}")}),
            )
            .await;
        assert_eq!(response.status(), 200);
    }
    server
        .bulk_add(AGENT, "ITH", json!({"emails": ["filter.me@mail.example"]}))
        .await;
    let agent = server.account_id(AGENT).await;

    // Person: by account id, by address.
    let by_agent = events(&server, &format!("actor={agent}")).await;
    assert_eq!(
        actions(&by_agent),
        ["project.customerAdded", "account.created"],
        "{by_agent:?}"
    );
    assert_eq!(
        events(&server, &format!("actor={}", encode(AGENT))).await,
        by_agent
    );
    // Target: the organization's events, newest first.
    let renamed = events(&server, &format!("target=organization:{acme}")).await;
    assert_eq!(actions(&renamed), ["organization.renamed"; 3]);
    assert_eq!(renamed[0]["changes"][0]["after"], "Acme Three");
    // A target matches the other party too: the project the customer was added to.
    let ith = server
        .get_json(AGENT, "/rest/servicedeskapi/servicedesk/ITH")
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let on_project = events(&server, &format!("target=project:{ith}")).await;
    assert_eq!(actions(&on_project), ["project.customerAdded"]);
    // Action: exact, or the group.
    assert_eq!(events(&server, "action=organization.renamed").await.len(), 3);
    assert_eq!(events(&server, "action=organization").await.len(), 3);
    assert_eq!(events(&server, "action=organization.deleted").await.len(), 0);
    // Date: today holds them all; yesterday and tomorrow none.
    let day = |offset: i64| day_of(now_millis() + offset * 86_400_000);
    let today = events(&server, &format!("from={}&to={}", day(0), day(0))).await;
    assert_eq!(today.len(), all_events(&server).await.len());
    assert!(events(&server, &format!("to={}", day(-1))).await.is_empty());
    assert!(events(&server, &format!("from={}", day(1))).await.is_empty());
    // Paging: one at a time, with links that keep the filter.
    let page = server
        .get_json(ADMIN, &format!("{AUDIT}?action=organization&limit=1&start=1"))
        .await;
    assert_eq!(page["size"], 1);
    assert_eq!(page["isLastPage"], false);
    assert_eq!(page["values"][0]["changes"][0]["after"], "Acme Two");
    assert!(page["_links"]["next"]
        .as_str()
        .unwrap()
        .contains("action=organization"));
    // Wrong filters are refused, naming the parameter.
    for (query, word) in [
        ("from=2026-02-30", "from"),
        ("to=yesterday", "to"),
        ("target=account", "target"),
        ("target=planet:3", "target"),
        ("actor=someone", "actor"),
        ("action=drop%20table", "action"),
        ("bulkChange=x", "bulkChange"),
        ("actor=a%00%40b.example", "actor"),
        ("target=account:%00", "target"),
    ] {
        let body = assert_error(
            server.get_as(ADMIN, &format!("{AUDIT}?{query}")).await,
            400,
            "invalidParameter",
        )
        .await;
        assert!(
            body["errorMessage"].as_str().unwrap().starts_with(word),
            "{query}: {body}"
        );
    }
}

#[tokio::test]
async fn only_site_admins_read_the_audit_log() {
    let server = TestServer::start().await;
    for who in [LEAD, AGENT, CUSTOMER] {
        assert_refused(server.get_as(who, AUDIT).await, "siteAdminOnly", "siteAdmin").await;
    }
    let anonymous = Client::new().get(server.url(AUDIT)).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn retention_is_a_setting_and_old_events_are_purged() {
    let dir = tempfile::tempdir().unwrap();
    let url = database_url(dir.path()).await;
    let server = TestServer::start_on(&url, |_| {}).await;
    let settings = server.get_json(ADMIN, "/rest/clientele/1/settings").await;
    assert_eq!(settings["auditRetentionDays"], 365);
    for days in [0, 3651] {
        assert_error(
            server
                .put_as(
                    ADMIN,
                    "/rest/clientele/1/settings",
                    json!({"auditRetentionDays": days}),
                )
                .await,
            400,
            "invalidParameter",
        )
        .await;
    }
    let saved = server.set_settings(json!({"auditRetentionDays": 30})).await;
    assert_eq!(saved["auditRetentionDays"], 30);
    let changed = events(&server, "action=settings.changed").await;
    assert_eq!(
        changed[0]["changes"],
        json!([{"field": "auditRetentionDays", "before": "365", "after": "30"}])
    );
    let recorded = all_events(&server).await.len();
    assert!(recorded >= 1);

    // The housekeeping's purge keeps 30 days' worth, and no more.
    let store = Store::open(&url).await.unwrap();
    assert_eq!(
        store.purge_audit(now_millis() + 29 * 86_400_000).await.unwrap(),
        0
    );
    assert_eq!(all_events(&server).await.len(), recorded);
    assert_eq!(
        store.purge_audit(now_millis() + 31 * 86_400_000).await.unwrap(),
        recorded as u64
    );
    assert!(all_events(&server).await.is_empty());
    store.close().await;
}

/// A bulk add of these addresses to ITH as `who`; returns its report.
async fn add(server: &TestServer, who: &str, emails: &[&str]) -> Value {
    server.bulk_add(who, "ITH", json!({ "emails": emails })).await
}

fn bulk_change_of(report: &Value) -> String {
    report["bulkChangeId"]
        .as_str()
        .unwrap_or_else(|| panic!("no bulk change in {report}"))
        .to_string()
}

fn undo_path(id: &str) -> String {
    format!("/rest/clientele/1/bulk-change/{id}/undo")
}

fn emails_of(list: &Value, at: &str) -> Vec<String> {
    let mut emails: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.pointer(at).unwrap().as_str().unwrap().to_string())
        .collect();
    emails.sort();
    emails
}

#[tokio::test]
async fn undoing_a_bulk_add_removes_what_it_added_after_a_dry_run_that_says_exactly_that() {
    let server = TestServer::start().await;
    // customer@example.com is a customer of ITH already; Ada Tanaka is one of Facilities'.
    let report = add(
        &server,
        AGENT,
        &[
            "new.a@mail.example",
            "new.b@mail.example",
            "customer@example.com",
            FAC_CUSTOMER,
        ],
    )
    .await;
    assert_eq!(report["summary"]["newAccounts"], 2, "{report}");
    let id = bulk_change_of(&report);

    let dry = server.get_json(AGENT, &undo_path(&id)).await;
    assert_eq!(dry["dryRun"], true);
    assert_eq!(
        emails_of(&dry["removed"], "/account/name"),
        [FAC_CUSTOMER, "new.a@mail.example", "new.b@mail.example"]
    );
    assert_eq!(
        emails_of(&dry["deletedAccounts"], "/name"),
        ["new.a@mail.example", "new.b@mail.example"]
    );
    assert_eq!(dry["keptAccounts"], json!([]));
    assert_eq!(dry["bulkChange"]["kind"], "bulkAdd");
    // The dry run wrote nothing.
    assert_eq!(server.accounts_with_email("new.a@mail.example").await.len(), 1);

    let done = json(server.post_as(AGENT, &undo_path(&id), json!({})).await).await;
    assert_eq!(done["dryRun"], false);
    assert_eq!(done["removed"], dry["removed"]);
    assert_eq!(done["deletedAccounts"], dry["deletedAccounts"]);
    assert!(done["bulkChange"]["undone"].is_object(), "{done}");
    assert!(server.accounts_with_email("new.a@mail.example").await.is_empty());
    assert!(server.accounts_with_email("new.b@mail.example").await.is_empty());
    let customers = server
        .all_emails("/rest/servicedeskapi/servicedesk/ITH/customer")
        .await;
    assert!(!customers.contains(&FAC_CUSTOMER.to_string()), "{customers:?}");
    // Her account was not the bulk add's: it stays.
    assert_eq!(server.accounts_with_email(FAC_CUSTOMER).await.len(), 1);
    assert!(customers.contains(&CUSTOMER.to_string()), "{customers:?}");

    // The undo is recorded, in the same bulk change.
    let recorded = events(&server, &format!("bulkChange={id}")).await;
    assert_eq!(recorded[0]["action"], "bulkChange.undone", "{recorded:?}");
    assert_eq!(recorded[0]["actor"]["name"], AGENT);
    assert_eq!(
        actions(&recorded)
            .iter()
            .filter(|a| *a == "account.deleted")
            .count(),
        2
    );
    // Once only.
    assert_error(
        server.post_as(AGENT, &undo_path(&id), json!({})).await,
        409,
        "alreadyUndone",
    )
    .await;
    assert_error(server.get_as(ADMIN, &undo_path(&id)).await, 409, "alreadyUndone").await;
}

#[tokio::test]
async fn accounts_whose_owners_signed_in_stay_and_are_listed() {
    let server = TestServer::start().await;
    let report = add(&server, AGENT, &["signed.in@mail.example", "never@mail.example"]).await;
    let id = bulk_change_of(&report);
    let (slug, token) = link_in(&mail_to(&server, "signed.in@mail.example").await[0], "invite");
    let used = server
        .post_anonymous(
            &format!("/rest/clientele/1/helpcenter/{slug}/link/{token}"),
            json!({"password": "a sturdy passphrase"}),
        )
        .await;
    assert_eq!(used.status(), 200);

    let done = json(server.post_as(ADMIN, &undo_path(&id), json!({})).await).await;
    assert_eq!(
        emails_of(&done["deletedAccounts"], "/name"),
        ["never@mail.example"]
    );
    assert_eq!(
        emails_of(&done["keptAccounts"], "/account/name"),
        ["signed.in@mail.example"]
    );
    assert_eq!(done["keptAccounts"][0]["reason"], "Its owner has signed in.");
    // Kept, but no longer a customer of ITH.
    assert_eq!(
        server.accounts_with_email("signed.in@mail.example").await.len(),
        1
    );
    let customers = server
        .all_emails("/rest/servicedeskapi/servicedesk/ITH/customer")
        .await;
    assert!(!customers.contains(&"signed.in@mail.example".to_string()));
}

#[tokio::test]
async fn only_the_person_who_ran_it_or_a_site_admin_may_undo() {
    let server = TestServer::start().await;
    let id = bulk_change_of(&add(&server, AGENT, &["someone.new@mail.example"]).await);
    for who in [LEAD, CUSTOMER] {
        assert_refused(
            server.get_as(who, &undo_path(&id)).await,
            "siteAdminOnly",
            "siteAdmin",
        )
        .await;
        assert_refused(
            server.post_as(who, &undo_path(&id), json!({})).await,
            "siteAdminOnly",
            "siteAdmin",
        )
        .await;
    }
    assert_eq!(
        server.accounts_with_email("someone.new@mail.example").await.len(),
        1
    );
    assert_error(server.get_as(AGENT, &undo_path("999999")).await, 404, "notFound").await;
    assert_error(server.get_as(AGENT, &undo_path("nope")).await, 404, "notFound").await;
    // The site admin may.
    let response = server.post_as(ADMIN, &undo_path(&id), json!({})).await;
    assert_eq!(response.status(), 200);
    let undone = events(&server, &format!("bulkChange={id}&action=bulkChange")).await;
    assert_eq!(undone[0]["actor"]["name"], ADMIN);
}

#[tokio::test]
async fn after_24_hours_an_undo_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let url = database_url(dir.path()).await;
    let server = TestServer::start_on(&url, |_| {}).await;
    let id: i64 = bulk_change_of(&add(&server, AGENT, &["late@mail.example"]).await)
        .parse()
        .unwrap();
    let store = Store::open(&url).await.unwrap();
    let actor = Actor::system("test");
    let hour = 3_600_000;
    // Just inside the window, a dry run still answers; just past it, refused.
    let inside = store
        .undo_change_set(&actor, id, true, now_millis() + 23 * hour)
        .await
        .unwrap();
    assert!(inside.is_ok());
    let late = store
        .undo_change_set(&actor, id, false, now_millis() + 25 * hour)
        .await
        .unwrap();
    assert_eq!(
        late.unwrap_err(),
        clientele_server::store::audit::UndoRefusal::Expired
    );
    assert_eq!(server.accounts_with_email("late@mail.example").await.len(), 1);
    store.close().await;
}

#[tokio::test]
async fn two_undos_at_once_undo_once() {
    let server = TestServer::start().await;
    let id = bulk_change_of(&add(&server, AGENT, &["twice@mail.example"]).await);
    let path = undo_path(&id);
    let (a, b) = tokio::join!(
        server.send_as(AGENT, Method::POST, &path, Some(json!({}))),
        server.send_as(ADMIN, Method::POST, &path, Some(json!({})))
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409]);
    let undone = events(&server, &format!("bulkChange={id}&action=bulkChange.undone")).await;
    assert_eq!(undone.len(), 1);
}
