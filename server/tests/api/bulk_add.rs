//! Adding many people by email in one request: a result per entry in input order, new accounts
//! invited, existing ones reused, repeats changing nothing, dry runs writing nothing, and the
//! organization and help center options.

use serde_json::{json, Value};

use crate::helpers::{assert_error, assert_refused, emails, TestServer, ADMIN, AGENT, CUSTOMER, LEAD};

const ITH_CUSTOMERS: &str = "/rest/servicedeskapi/servicedesk/ITH/customer";

fn outcomes(report: &Value) -> Vec<String> {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn new_addresses_become_invited_customers_and_existing_accounts_are_reused() {
    let server = TestServer::start().await;
    let ada = server.account_id("ada.okafor@globex.example").await;
    let report = server
        .bulk_add(
            AGENT,
            "ITH",
            json!({"emails": ["nina.new@newco.example", "Ada.Okafor@globex.example"]}),
        )
        .await;
    let (nina, existing) = (&report["results"][0], &report["results"][1]);
    assert_eq!(nina["outcome"], "added");
    assert_eq!(nina["newAccount"], true);
    assert_eq!(nina["email"], "nina.new@newco.example");
    assert_eq!(nina["displayName"], "nina.new");
    assert_eq!(existing["outcome"], "added");
    assert_eq!(existing["newAccount"], false);
    assert_eq!(existing["accountId"], ada.as_str());
    assert_eq!(existing["displayName"], "Ada Okafor");
    assert_eq!(report["summary"]["newAccounts"], 1);

    let detail = server
        .get_json(
            ADMIN,
            &format!(
                "/rest/clientele/1/customer/{}",
                nina["accountId"].as_str().unwrap()
            ),
        )
        .await;
    assert_eq!(detail["customer"]["status"], "invited");
    assert_eq!(detail["customer"]["accountType"], "customer");
    assert_eq!(detail["projects"], json!([{"key": "ITH", "name": "IT Help"}]));
    assert_eq!(
        server
            .accounts_with_email("ada.okafor@globex.example")
            .await
            .len(),
        1
    );
    let listed = server.all_emails(ITH_CUSTOMERS).await;
    assert!(
        listed.contains(&"nina.new@newco.example".into())
            && listed.contains(&"ada.okafor@globex.example".into())
    );
}

const MIXED: &str = "\"Doe, Jane\" <jane.doe@newco.example>; bob@newco.example, not-an-email,\n\
                     customer@example.com, BOB@newco.example, pat@staff.example.com, jonas.garcia@globex.example";

#[tokio::test]
async fn a_mixed_list_reports_each_entry_in_input_order() {
    let server = TestServer::start().await;
    let report = server.bulk_add(AGENT, "ITH", json!({"text": MIXED})).await;
    assert_eq!(
        outcomes(&report),
        [
            "added",
            "added",
            "invalid",
            "alreadyCustomer",
            "duplicate",
            "refused",
            "refused"
        ]
    );
    let results = report["results"].as_array().unwrap();
    let inputs: Vec<&str> = results.iter().map(|r| r["input"].as_str().unwrap()).collect();
    assert_eq!(inputs[0], "\"Doe, Jane\" <jane.doe@newco.example>");
    assert_eq!(
        inputs[2..],
        [
            "not-an-email",
            "customer@example.com",
            "BOB@newco.example",
            "pat@staff.example.com",
            "jonas.garcia@globex.example"
        ]
    );
    assert_eq!(results[0]["displayName"], "Doe, Jane");
    assert_eq!(results[2]["reasonCode"], "noAt");
    assert_eq!(
        results[3]["accountId"],
        server.account_id(CUSTOMER).await.as_str()
    );
    assert_eq!(results[4]["reasonCode"], "duplicate");
    assert_eq!(results[5]["reasonCode"], "managedDomain");
    assert_eq!(results[6]["reasonCode"], "accessRevoked");
    for r in &results[2..] {
        assert_eq!(r["newAccount"], false, "{r}");
    }
    for r in [&results[2], &results[4], &results[5], &results[6]] {
        assert!(r["reason"].as_str().is_some_and(|m| !m.is_empty()), "{r}");
    }
    let expected = json!({"total": 7, "added": 2, "alreadyCustomer": 1, "addedToOrganization": 0, "invalid": 1,
                          "duplicate": 1, "refused": 2, "newAccounts": 2, "dryRun": false});
    assert_eq!(report["summary"], expected);
    let listed = server.all_emails(ITH_CUSTOMERS).await;
    assert_eq!(listed.len(), 9);
    assert!(!listed.contains(&"jonas.garcia@globex.example".into()));
}

#[tokio::test]
async fn repeating_a_bulk_add_adds_nothing_more() {
    let server = TestServer::start().await;
    let list: Vec<String> = (0..5).map(|i| format!("repeat{i}@newco.example")).collect();
    let first = server.bulk_add(AGENT, "ITH", json!({"emails": list})).await;
    assert_eq!(first["summary"]["added"], 5);
    let count = server.all_emails(ITH_CUSTOMERS).await.len();
    let second = server.bulk_add(AGENT, "ITH", json!({"emails": list})).await;
    assert_eq!(outcomes(&second), ["alreadyCustomer"; 5]);
    assert_eq!(second["summary"]["added"], 0);
    assert_eq!(second["summary"]["newAccounts"], 0);
    for (a, b) in first["results"]
        .as_array()
        .unwrap()
        .iter()
        .zip(second["results"].as_array().unwrap())
    {
        assert_eq!(a["accountId"], b["accountId"]);
    }
    assert_eq!(server.all_emails(ITH_CUSTOMERS).await.len(), count);
    // The mixed list too: what was added is now already there, the rest is reported again.
    server.bulk_add(AGENT, "ITH", json!({"text": MIXED})).await;
    let again = server.bulk_add(AGENT, "ITH", json!({"text": MIXED})).await;
    assert_eq!(
        outcomes(&again),
        [
            "alreadyCustomer",
            "alreadyCustomer",
            "invalid",
            "alreadyCustomer",
            "duplicate",
            "refused",
            "refused"
        ]
    );
}

#[tokio::test]
async fn a_dry_run_reports_without_writing() {
    let server = TestServer::start().await;
    let before = server.all_emails(ITH_CUSTOMERS).await;
    let body = json!({"emails": ["dry.one@newco.example", "ada.okafor@globex.example", "customer@example.com"], "dryRun": true});
    let report = server.bulk_add(AGENT, "ITH", body).await;
    assert_eq!(outcomes(&report), ["added", "added", "alreadyCustomer"]);
    assert_eq!(report["results"][0]["newAccount"], true);
    assert_eq!(report["summary"]["dryRun"], true);
    assert_eq!(report["summary"]["newAccounts"], 1);
    assert_eq!(server.all_emails(ITH_CUSTOMERS).await, before);
    assert!(server
        .accounts_with_email("dry.one@newco.example")
        .await
        .is_empty());

    let globex = server.organization_id("Globex").await;
    let path = format!("/rest/clientele/1/organization/{globex}/user/bulk");
    let response = server
        .post_as(
            LEAD,
            &path,
            json!({"emails": ["dry.two@newco.example"], "dryRun": true}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let members = server
        .all_emails(&format!("/rest/servicedeskapi/organization/{globex}/user"))
        .await;
    assert_eq!(members.len(), 13);
    assert!(server
        .accounts_with_email("dry.two@newco.example")
        .await
        .is_empty());
}

#[tokio::test]
async fn organization_id_on_the_project_endpoint_adds_to_that_organization() {
    let server = TestServer::start().await;
    let globex = server.organization_id("Globex").await;
    let number: i64 = globex.parse().unwrap();
    let list = ["olga.org@newco.example", "ines.lindqvist@initech.example"];
    let report = server
        .bulk_add(LEAD, "ITH", json!({"emails": list, "organizationId": number}))
        .await;
    assert_eq!(outcomes(&report), ["addedToOrganization", "addedToOrganization"]);
    assert_eq!(report["summary"]["addedToOrganization"], 2);
    let members = server
        .all_emails(&format!("/rest/servicedeskapi/organization/{globex}/user"))
        .await;
    assert!(
        list.iter().all(|e| members.contains(&e.to_string())),
        "{members:?}"
    );
    // Members of an attached organization use the project without being its own customers.
    assert!(!server
        .all_emails(ITH_CUSTOMERS)
        .await
        .contains(&"olga.org@newco.example".into()));
    let again = server
        .bulk_add(LEAD, "ITH", json!({"emails": list, "organizationId": globex}))
        .await;
    assert_eq!(outcomes(&again), ["alreadyCustomer", "alreadyCustomer"]);
}

#[tokio::test]
async fn an_organization_not_attached_to_the_project_is_a_400_and_an_unknown_one_a_404() {
    let server = TestServer::start().await;
    let initech = server.organization_id("Initech").await;
    let acme = server.organization_id("Acme Corporation").await;
    let path = |desk: &str| format!("/rest/clientele/1/servicedesk/{desk}/customer/bulk");
    let body = |org: Value| json!({"emails": ["nobody.yet@newco.example"], "organizationId": org});
    let response = server.post_as(LEAD, &path("ITH"), body(json!(initech))).await;
    assert_error(response, 400, "organizationNotAttached").await;
    let response = server.post_as(ADMIN, &path("FAC"), body(json!(acme))).await;
    assert_error(response, 400, "organizationNotAttached").await;
    for unknown in [json!(999_999), json!("999999"), json!("acme")] {
        assert_error(
            server.post_as(LEAD, &path("ITH"), body(unknown)).await,
            404,
            "notFound",
        )
        .await;
    }
    assert!(server
        .accounts_with_email("nobody.yet@newco.example")
        .await
        .is_empty());
}

#[tokio::test]
async fn too_many_entries_is_a_400_and_nothing_is_added() {
    let server = TestServer::start_with(|c| c.max_bulk_entries = 5).await;
    let six: Vec<String> = (0..6).map(|i| format!("many{i}@newco.example")).collect();
    let acme = server.organization_id("Acme Corporation").await;
    let bulk = "/rest/clientele/1/servicedesk/ITH/customer/bulk";
    let response = server.post_as(AGENT, bulk, json!({"text": six.join(", ")})).await;
    let body = assert_error(response, 400, "tooManyEntries").await;
    assert!(body["errorMessage"].as_str().unwrap().contains('6'), "{body}");
    assert_error(
        server.post_as(AGENT, bulk, json!({"emails": six})).await,
        400,
        "tooManyEntries",
    )
    .await;
    let response = server
        .post_as(AGENT, ITH_CUSTOMERS, json!({"usernames": six}))
        .await;
    assert_error(response, 400, "tooManyEntries").await;
    let org_bulk = format!("/rest/clientele/1/organization/{acme}/user/bulk");
    assert_error(
        server.post_as(ADMIN, &org_bulk, json!({"emails": six})).await,
        400,
        "tooManyEntries",
    )
    .await;
    for email in &six {
        assert!(server.accounts_with_email(email).await.is_empty(), "{email}");
    }
    let five = server.bulk_add(AGENT, "ITH", json!({"emails": six[..5]})).await;
    assert_eq!(five["summary"]["added"], 5);
}

#[tokio::test]
async fn choosing_a_help_center_needs_premium_and_a_known_one() {
    let server = TestServer::start().await;
    let centers = server.get_json(AGENT, "/rest/clientele/1/helpcenter").await;
    let facilities = centers["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["slug"] == "facilities")
        .unwrap()["id"]
        .clone();
    let body = |id: Value| json!({"emails": ["helped@newco.example"], "helpCenterId": id});
    let report = server.bulk_add(AGENT, "FAC", body(facilities.clone())).await;
    assert_eq!(report["summary"]["added"], 1);
    let path = "/rest/clientele/1/servicedesk/FAC/customer/bulk";
    for unknown in [json!(999), json!("nope")] {
        assert_error(
            server.post_as(AGENT, path, body(unknown)).await,
            400,
            "unknownHelpCenter",
        )
        .await;
    }
    server.set_settings(json!({"plan": "standard"})).await;
    assert_refused(
        server.post_as(AGENT, path, body(facilities)).await,
        "premiumOnly",
        "siteAdmin",
    )
    .await;
    assert_eq!(
        server
            .bulk_add(AGENT, "FAC", json!({"emails": ["plain@newco.example"]}))
            .await["summary"]["added"],
        1
    );
}

#[tokio::test]
async fn a_request_carries_exactly_one_nonempty_list() {
    let server = TestServer::start().await;
    let path = "/rest/clientele/1/servicedesk/ITH/customer/bulk";
    let both = json!({"text": "a@newco.example", "emails": ["b@newco.example"]});
    assert_error(server.post_as(AGENT, path, both).await, 400, "textOrEmails").await;
    assert_error(server.post_as(AGENT, path, json!({})).await, 400, "textOrEmails").await;
    assert_error(
        server.post_as(AGENT, path, json!({"text": " ,;\n "})).await,
        400,
        "noEntries",
    )
    .await;
    assert_error(
        server.post_as(AGENT, path, json!({"emails": []})).await,
        400,
        "noEntries",
    )
    .await;
    assert_error(
        server
            .post_as(AGENT, ITH_CUSTOMERS, json!({"usernames": []}))
            .await,
        400,
        "noUsers",
    )
    .await;
}

#[tokio::test]
async fn organization_bulk_add_reports_members_added_and_already_there() {
    let server = TestServer::start().await;
    let initech = server.organization_id("Initech").await;
    // An organization attached to no project is the site admin's (issue 11): attach it to the
    // project admin's project first.
    let attach = json!({"organizationId": initech});
    let attached = server
        .post_as(ADMIN, "/rest/servicedeskapi/servicedesk/ITH/organization", attach)
        .await;
    assert_eq!(attached.status(), 204);
    let path = format!("/rest/clientele/1/organization/{initech}/user/bulk");
    let body = json!({"text": "oscar.org@newco.example ada.okafor@globex.example ines.lindqvist@initech.example nope"});
    let response = server.post_as(LEAD, &path, body.clone()).await;
    assert_eq!(response.status(), 200);
    let report: Value = response.json().await.unwrap();
    assert_eq!(
        outcomes(&report),
        [
            "addedToOrganization",
            "addedToOrganization",
            "alreadyCustomer",
            "invalid"
        ]
    );
    let members = server
        .get_json(
            ADMIN,
            &format!("/rest/servicedeskapi/organization/{initech}/user?limit=100"),
        )
        .await;
    assert_eq!(members["size"], 14);
    assert!(emails(&members).contains(&"oscar.org@newco.example".into()));
    let again: Value = server.post_as(LEAD, &path, body).await.json().await.unwrap();
    assert_eq!(again["summary"]["alreadyCustomer"], 3);
    let with_org = json!({"emails": ["x@newco.example"], "organizationId": initech});
    assert_error(
        server.post_as(LEAD, &path, with_org).await,
        400,
        "organizationInPath",
    )
    .await;
    let unknown = "/rest/clientele/1/organization/999999/user/bulk";
    assert_error(
        server
            .post_as(LEAD, unknown, json!({"emails": ["x@newco.example"]}))
            .await,
        404,
        "notFound",
    )
    .await;
}

#[tokio::test]
async fn site_admin_adds_managed_domain_addresses_in_bulk() {
    let server = TestServer::start().await;
    let report = server
        .bulk_add(ADMIN, "ITH", json!({"emails": ["pat@staff.example.com"]}))
        .await;
    assert_eq!(outcomes(&report), ["added"]);
    assert_eq!(server.accounts_with_email("pat@staff.example.com").await.len(), 1);
}

#[tokio::test]
async fn myself_publishes_the_servers_bulk_entry_limit() {
    let server = TestServer::start_with(|c| c.max_bulk_entries = 5).await;
    let me = server.get_json(AGENT, "/rest/clientele/1/myself").await;
    assert_eq!(me["bulkLimits"]["maxEntries"], 5, "{}", me["bulkLimits"]);
    let default = TestServer::start().await;
    let me = default.get_json(AGENT, "/rest/clientele/1/myself").await;
    assert_eq!(
        me["bulkLimits"]["maxEntries"],
        clientele_domain::email::DEFAULT_MAX_ENTRIES
    );
}

#[tokio::test]
async fn rows_pasted_from_a_spreadsheet_keep_their_names() {
    let server = TestServer::start().await;
    let text = "Name\tEmail\tCompany\n\
                Sheet One\tsheet.one@newco.example\tNewco\n\
                sheet.two@newco.example\tSheet Two\n\
                Sheet Three\tnot-an-address\t";
    let report = server.bulk_add(AGENT, "ITH", json!({"text": text})).await;
    assert_eq!(outcomes(&report), ["added", "added", "invalid"], "{report}");
    let results = &report["results"];
    assert_eq!(results[0]["email"], "sheet.one@newco.example");
    assert_eq!(results[0]["displayName"], "Sheet One");
    assert_eq!(results[0]["input"], "Sheet One\tsheet.one@newco.example\tNewco");
    assert_eq!(results[1]["displayName"], "Sheet Two");
    assert_eq!(results[2]["reasonCode"], "noAt");
    let two = server.account_id("sheet.two@newco.example").await;
    let detail = server
        .get_json(ADMIN, &format!("/rest/clientele/1/customer/{two}"))
        .await;
    assert_eq!(detail["customer"]["displayName"], "Sheet Two");
}
