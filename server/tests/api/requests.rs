//! Requests (issue 14): request types, raising (for oneself and on someone's behalf), who sees
//! what, comments and internal notes, participants, sharing with an organization, transitions,
//! mail, the counts on customer lists, and that requests outlive their people. Every refusal
//! writes nothing.

use reqwest::Client;
use serde_json::{json, Value};

use crate::helpers::{
    assert_error, assert_no_content, assert_refused, json, TestServer, ADMIN, AGENT, CUSTOMER, LEAD, PASSWORD,
};
use crate::mail::{link_in, mail_to};

/// ITH and FAC are the demo's service desks 1 and 2.
const ITH: &str = "1";
const FAC: &str = "2";

/// A customer of `project` (added by the agent) who accepted the invitation: signs in with the
/// demo password.
async fn active_customer(server: &TestServer, project: &str, email: &str) -> String {
    server.bulk_add(AGENT, project, json!({"emails": [email]})).await;
    accept_invitation(server, email).await;
    server.account_id(email).await
}

async fn accept_invitation(server: &TestServer, email: &str) {
    let (slug, token) = link_in(&mail_to(server, email).await[0], "invite");
    let path = format!("/rest/clientele/1/helpcenter/{slug}/link/{token}");
    let accepted = Client::new()
        .post(server.url(&path))
        .json(&json!({"password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), 200, "accepting {email}'s invitation");
}

/// The id of the request type called `name` in a project.
async fn type_id(server: &TestServer, project: &str, name: &str) -> String {
    let page = server
        .get_json(
            ADMIN,
            &format!("/rest/servicedeskapi/servicedesk/{project}/requesttype"),
        )
        .await;
    page["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("no request type {name}: {page}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn raise(server: &TestServer, who: &str, body: Value) -> Value {
    let response = server.post_as(who, "/rest/servicedeskapi/request", body).await;
    assert_eq!(response.status(), 201, "raising as {who}");
    json(response).await
}

async fn it_help(server: &TestServer, summary: &str) -> Value {
    json!({
        "serviceDeskId": ITH,
        "requestTypeId": type_id(server, ITH, "Get IT help").await,
        "requestFieldValues": {"summary": summary, "description": "Details\r\nsecond line"},
    })
}

/// How many requests the site admin sees.
async fn request_total(server: &TestServer) -> usize {
    let page = server
        .get_json(ADMIN, "/rest/servicedeskapi/request?limit=100")
        .await;
    page["values"].as_array().unwrap().len()
}

fn key(request: &Value) -> String {
    request["issueKey"].as_str().unwrap().to_string()
}

/// The open and closed counts of `email` on a project's customer list.
async fn counts(server: &TestServer, project: &str, email: &str) -> (u64, u64) {
    let page = server
        .get_json(
            AGENT,
            &format!(
                "/rest/servicedeskapi/servicedesk/{project}/customer?query={}",
                crate::helpers::encode(email)
            ),
        )
        .await;
    let row = page["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["emailAddress"] == email)
        .unwrap_or_else(|| panic!("{email} not on the list: {page}"))
        .clone();
    (
        row["requests"]["open"].as_u64().unwrap(),
        row["requests"]["closed"].as_u64().unwrap(),
    )
}

#[tokio::test]
async fn the_demo_has_request_types_per_project_and_anyone_who_sees_the_project_lists_them() {
    let server = TestServer::start().await;
    let ith = server
        .get_json(CUSTOMER, "/rest/servicedeskapi/servicedesk/ITH/requesttype")
        .await;
    let names: Vec<&str> = ith["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Get IT help", "Request access"]);
    assert_eq!(ith["values"][0]["serviceDeskId"], ITH);
    let fac = server
        .get_json(AGENT, "/rest/servicedeskapi/servicedesk/FAC/requesttype")
        .await;
    assert_eq!(fac["values"][0]["name"], "Report a facilities problem");
    // The customer of IT Help does not see Facilities at all.
    assert_error(
        server
            .get_as(CUSTOMER, "/rest/servicedeskapi/servicedesk/FAC/requesttype")
            .await,
        404,
        "notFound",
    )
    .await;
    let one = type_id(&server, ITH, "Request access").await;
    let single = server
        .get_json(
            CUSTOMER,
            &format!("/rest/servicedeskapi/servicedesk/ITH/requesttype/{one}"),
        )
        .await;
    assert_eq!(single["name"], "Request access");
    let other = type_id(&server, FAC, "Report a facilities problem").await;
    assert_error(
        server
            .get_as(
                AGENT,
                &format!("/rest/servicedeskapi/servicedesk/ITH/requesttype/{other}"),
            )
            .await,
        404,
        "notFound",
    )
    .await;
}

#[tokio::test]
async fn a_customer_raises_a_request_in_jsm_shape_and_finds_it_among_their_own() {
    let server = TestServer::start().await;
    let before = counts(&server, ITH, CUSTOMER).await;
    let request = raise(&server, CUSTOMER, it_help(&server, "Laptop won't boot").await).await;
    // The demo raised ITH-1 to ITH-3.
    assert_eq!(request["issueKey"], "ITH-4");
    assert_eq!(request["serviceDeskId"], ITH);
    assert_eq!(request["reporter"]["emailAddress"], CUSTOMER);
    assert_eq!(request["currentStatus"]["status"], "Waiting for support");
    assert_eq!(request["currentStatus"]["statusCategory"], "NEW");
    assert_eq!(request["statusCode"], "waitingForSupport");
    assert_eq!(request["requestTypeName"], "Get IT help");
    assert_eq!(request["reporterIsCustomer"], true);
    assert!(request.get("raisedBy").is_none(), "{request}");
    assert_eq!(
        request["requestFieldValues"],
        json!([
            {"fieldId": "summary", "label": "Summary", "value": "Laptop won't boot"},
            {"fieldId": "description", "label": "Description", "value": "Details\nsecond line"},
        ])
    );
    assert!(request["createdDate"]["epochMillis"].as_i64().unwrap() > 0);
    assert!(request["_links"]["web"]
        .as_str()
        .unwrap()
        .ends_with("/help/support/requests/ITH-4"));

    let mine = server
        .get_json(
            CUSTOMER,
            "/rest/servicedeskapi/request?requestOwnership=OWNED_REQUESTS&requestStatus=OPEN_REQUESTS",
        )
        .await;
    let keys: Vec<&str> = mine["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["issueKey"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["ITH-4", "ITH-2", "ITH-1"], "newest first, open only");
    let by_key = server
        .get_json(CUSTOMER, "/rest/servicedeskapi/request/ith-4")
        .await;
    assert_eq!(by_key["issueId"], request["issueId"]);
    let by_id = server
        .get_json(
            CUSTOMER,
            &format!(
                "/rest/servicedeskapi/request/{}",
                request["issueId"].as_str().unwrap()
            ),
        )
        .await;
    assert_eq!(by_id["issueKey"], "ITH-4");
    let searched = server
        .get_json(CUSTOMER, "/rest/servicedeskapi/request?searchTerm=LAPTOP")
        .await;
    assert_eq!(searched["values"].as_array().unwrap().len(), 1);
    let after = counts(&server, ITH, CUSTOMER).await;
    assert_eq!(after, (before.0 + 1, before.1));
}

#[tokio::test]
async fn bad_requests_are_refused_with_their_reasons_and_write_nothing() {
    let server = TestServer::start().await;
    let total = request_total(&server).await;
    let help = type_id(&server, ITH, "Get IT help").await;
    let facilities = type_id(&server, FAC, "Report a facilities problem").await;
    let with = |type_id: &str, summary: &str, description: &str| {
        json!({"serviceDeskId": ITH, "requestTypeId": type_id,
               "requestFieldValues": {"summary": summary, "description": description}})
    };
    let cases = [
        (with("99999", "Fine", ""), 400, "unknownRequestType"),
        (with(&facilities, "Fine", ""), 400, "unknownRequestType"),
        (with(&help, "   ", ""), 400, "invalidSummary"),
        (with(&help, &"x".repeat(256), ""), 400, "invalidSummary"),
        (with(&help, "Two\nlines", ""), 400, "invalidSummary"),
        (
            with(&help, "Fine", &"y".repeat(32 * 1024 + 1)),
            400,
            "invalidText",
        ),
        (with(&help, "Fine", "nul\u{0}"), 400, "invalidText"),
    ];
    for (body, status, reason) in cases {
        assert_error(
            server
                .post_as(CUSTOMER, "/rest/servicedeskapi/request", body)
                .await,
            status,
            reason,
        )
        .await;
    }
    // A project the customer can't see, and raising for someone else.
    let mut in_facilities = with(&facilities, "Fine", "");
    in_facilities["serviceDeskId"] = json!(FAC);
    assert_error(
        server
            .post_as(CUSTOMER, "/rest/servicedeskapi/request", in_facilities)
            .await,
        404,
        "notFound",
    )
    .await;
    let mut on_behalf = with(&help, "Fine", "");
    on_behalf["raiseOnBehalfOf"] = json!("someone@mail.example");
    assert_refused(
        server
            .post_as(CUSTOMER, "/rest/servicedeskapi/request", on_behalf)
            .await,
        "customersCannot",
        "agent",
    )
    .await;
    // A participant or an organization that isn't allowed.
    let mut stranger = with(&help, "Fine", "");
    stranger["requestParticipants"] = json!(["lead@example.com"]);
    assert_error(
        server
            .post_as(CUSTOMER, "/rest/servicedeskapi/request", stranger)
            .await,
        400,
        "notACustomer",
    )
    .await;
    let initech = server.organization_id("Initech").await;
    let mut shared = with(&help, "Fine", "");
    shared["organizationId"] = json!(initech);
    assert_error(
        server
            .post_as(CUSTOMER, "/rest/servicedeskapi/request", shared)
            .await,
        400,
        "cannotShareWithOrganization",
    )
    .await;
    assert_eq!(request_total(&server).await, total, "nothing was written");
    assert!(mail_to(&server, "someone@mail.example").await.is_empty());
}

#[tokio::test]
async fn an_agent_raises_on_behalf_of_a_customer_and_of_a_new_address_who_then_finds_it() {
    let server = TestServer::start().await;
    let mut body = it_help(&server, "Raised for Casey").await;
    body["raiseOnBehalfOf"] = json!(server.account_id(CUSTOMER).await);
    let for_casey = raise(&server, AGENT, body).await;
    assert_eq!(for_casey["reporter"]["emailAddress"], CUSTOMER);
    assert_eq!(for_casey["raisedBy"]["emailAddress"], AGENT);

    // A new address becomes an invited customer with an invitation, and the request is theirs.
    let mut body = it_help(&server, "Raised before sign-up").await;
    body["raiseOnBehalfOf"] = json!("newcomer@mail.example");
    let for_newcomer = raise(&server, AGENT, body).await;
    assert_eq!(for_newcomer["reporter"]["emailAddress"], "newcomer@mail.example");
    let account = &server.accounts_with_email("newcomer@mail.example").await[0];
    assert_eq!(account["status"], "invited");
    accept_invitation(&server, "newcomer@mail.example").await;
    let theirs = server
        .get_json("newcomer@mail.example", "/rest/servicedeskapi/request")
        .await;
    assert_eq!(theirs["values"][0]["issueKey"], for_newcomer["issueKey"]);

    // A managed-domain address is the site admin's to add: refused, nothing written.
    let total = request_total(&server).await;
    let mut body = it_help(&server, "Managed").await;
    body["raiseOnBehalfOf"] = json!("someone@staff.example.com");
    assert_refused(
        server.post_as(AGENT, "/rest/servicedeskapi/request", body).await,
        "managedDomain",
        "siteAdmin",
    )
    .await;
    assert_eq!(request_total(&server).await, total);
    assert!(server
        .accounts_with_email("someone@staff.example.com")
        .await
        .is_empty());
    // An existing account outside the project, by id, is not a customer of it.
    let mut body = it_help(&server, "Not theirs").await;
    body["raiseOnBehalfOf"] = json!(server.account_id(LEAD).await);
    assert_error(
        server.post_as(AGENT, "/rest/servicedeskapi/request", body).await,
        400,
        "notACustomer",
    )
    .await;
}

#[tokio::test]
async fn nobody_sees_a_request_they_are_not_involved_in_and_the_answer_is_not_found() {
    let server = TestServer::start().await;
    let other = "other.customer@mail.example";
    active_customer(&server, "ITH", other).await;
    let request = raise(&server, CUSTOMER, it_help(&server, "Private").await).await;
    let path = format!("/rest/servicedeskapi/request/{}", key(&request));
    assert_error(server.get_as(other, &path).await, 404, "notFound").await;
    assert_error(
        server
            .post_as(other, &format!("{path}/comment"), json!({"body": "hi"}))
            .await,
        404,
        "notFound",
    )
    .await;
    assert_error(
        server.get_as(other, &format!("{path}/transition")).await,
        404,
        "notFound",
    )
    .await;
    assert_error(
        server.get_as(other, "/rest/servicedeskapi/request/ITH-999").await,
        404,
        "notFound",
    )
    .await;
    let theirs = server.get_json(other, "/rest/servicedeskapi/request").await;
    assert_eq!(theirs["values"].as_array().unwrap().len(), 0);
    // Facilities' agent-less customer list: the agent of FAC and IT sees it; staff of neither don't exist in the demo.
    assert_eq!(server.get_as(AGENT, &path).await.status(), 200);
}

#[tokio::test]
async fn a_request_shared_with_an_organization_is_seen_by_its_members_only() {
    let server = TestServer::start().await;
    let acme = server.organization_id("Acme Corporation").await;
    // Casey joins Acme (attached to IT Help); so does a colleague; a third customer does not.
    let add = server
        .post_as(
            ADMIN,
            &format!("/rest/servicedeskapi/organization/{acme}/user"),
            json!({"usernames": [CUSTOMER, "colleague@mail.example"]}),
        )
        .await;
    assert_no_content(&add);
    accept_invitation(&server, "colleague@mail.example").await;
    let outsider = "outsider@mail.example";
    active_customer(&server, "ITH", outsider).await;

    let portal = server
        .get_json(CUSTOMER, "/rest/clientele/1/helpcenter/support/portal")
        .await;
    let ith = portal["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["projectKey"] == "ITH")
        .unwrap()
        .clone();
    assert_eq!(
        ith["organizations"],
        json!([{"id": acme, "name": "Acme Corporation"}])
    );
    assert_eq!(ith["requestTypes"].as_array().unwrap().len(), 2);

    let mut body = it_help(&server, "For the whole team").await;
    body["organizationId"] = json!(acme);
    let request = raise(&server, CUSTOMER, body).await;
    assert_eq!(request["organization"]["name"], "Acme Corporation");
    let path = format!("/rest/servicedeskapi/request/{}", key(&request));
    assert_eq!(server.get_as("colleague@mail.example", &path).await.status(), 200);
    let shared = server
        .get_json(
            "colleague@mail.example",
            "/rest/servicedeskapi/request?requestOwnership=ORGANIZATION",
        )
        .await;
    assert_eq!(shared["values"][0]["issueKey"], request["issueKey"]);
    assert_error(server.get_as(outsider, &path).await, 404, "notFound").await;
    // The colleague may comment but not resolve: only the reporter does.
    let comment = server
        .post_as(
            "colleague@mail.example",
            &format!("{path}/comment"),
            json!({"body": "Same here"}),
        )
        .await;
    assert_eq!(comment.status(), 201);
    assert_refused(
        server
            .post_as(
                "colleague@mail.example",
                &format!("{path}/transition"),
                json!({"id": "11"}),
            )
            .await,
        "reporterOnly",
        "agent",
    )
    .await;
    // Unsharing hides it again.
    let unshared = server
        .put_as(
            CUSTOMER,
            &format!("/rest/clientele/1/request/{}/organization", key(&request)),
            json!({"organizationId": null}),
        )
        .await;
    assert_eq!(unshared.status(), 200);
    assert_error(
        server.get_as("colleague@mail.example", &path).await,
        404,
        "notFound",
    )
    .await;
}

#[tokio::test]
async fn replies_notes_and_transitions_follow_the_workflow_and_mail_the_customer() {
    let server = TestServer::start().await;
    let before = counts(&server, ITH, CUSTOMER).await;
    let request = raise(&server, CUSTOMER, it_help(&server, "Screen flickers").await).await;
    let path = format!("/rest/servicedeskapi/request/{}", key(&request));

    // An internal note: staff only, invisible to the customer.
    let note = server
        .post_as(
            AGENT,
            &format!("{path}/comment"),
            json!({"body": "Probably the cable", "public": false}),
        )
        .await;
    assert_eq!(note.status(), 201);
    assert_refused(
        server
            .post_as(
                CUSTOMER,
                &format!("{path}/comment"),
                json!({"body": "sneaky", "public": false}),
            )
            .await,
        "customersCannot",
        "agent",
    )
    .await;
    assert_error(
        server
            .post_as(CUSTOMER, &format!("{path}/comment"), json!({"body": "  "}))
            .await,
        400,
        "invalidText",
    )
    .await;

    // A public reply: the customer's turn, and a message to them.
    let reply = server
        .post_as(
            AGENT,
            &format!("{path}/comment"),
            json!({"body": "Try another cable, please."}),
        )
        .await;
    assert_eq!(reply.status(), 201);
    let now = server.get_json(CUSTOMER, &path).await;
    assert_eq!(now["currentStatus"]["status"], "Waiting for customer");
    let seen_by_customer = server.get_json(CUSTOMER, &format!("{path}/comment")).await;
    let bodies: Vec<&str> = seen_by_customer["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["Try another cable, please."]);
    let seen_by_agent = server.get_json(AGENT, &format!("{path}/comment")).await;
    assert_eq!(seen_by_agent["values"].as_array().unwrap().len(), 2);
    let mail = mail_to(&server, CUSTOMER).await;
    assert_eq!(mail[0]["kind"], "requestReply", "{}", mail[0]);
    let text = mail[0]["text"].as_str().unwrap();
    assert!(text.contains("Try another cable, please."), "{text}");
    assert!(
        text.contains(&format!("/help/support/requests/{}", key(&request))),
        "{text}"
    );

    // The customer answers: back to support.
    server
        .post_as(
            CUSTOMER,
            &format!("{path}/comment"),
            json!({"body": "Still flickers"}),
        )
        .await;
    assert_eq!(
        server.get_json(AGENT, &path).await["statusCode"],
        "waitingForSupport"
    );

    // Transitions: what each may take now, and ones that don't exist.
    let customers = server.get_json(CUSTOMER, &format!("{path}/transition")).await;
    assert_eq!(
        customers["values"],
        json!([{"id": "11", "name": "Resolve this request"}])
    );
    let agents = server.get_json(AGENT, &format!("{path}/transition")).await;
    assert_eq!(agents["values"].as_array().unwrap().len(), 2);
    assert_error(
        server
            .post_as(CUSTOMER, &format!("{path}/transition"), json!({"id": "21"}))
            .await,
        400,
        "invalidTransition",
    )
    .await;
    assert_error(
        server
            .post_as(CUSTOMER, &format!("{path}/transition"), json!({"id": "77"}))
            .await,
        400,
        "invalidTransition",
    )
    .await;
    assert_refused(
        server
            .post_as(CUSTOMER, &format!("{path}/transition"), json!({"id": "31"}))
            .await,
        "customersCannot",
        "agent",
    )
    .await;

    // The agent resolves it with a comment: closed, counted, mailed.
    let resolved = server
        .post_as(
            AGENT,
            &format!("{path}/transition"),
            json!({"id": 11, "additionalComment": {"body": "New cable fitted."}}),
        )
        .await;
    assert_no_content(&resolved);
    let done = server.get_json(CUSTOMER, &path).await;
    assert_eq!(done["currentStatus"]["statusCategory"], "DONE");
    assert!(done["resolvedDate"]["epochMillis"].as_i64().is_some());
    assert_eq!(counts(&server, ITH, CUSTOMER).await, (before.0, before.1 + 1));
    let mail = mail_to(&server, CUSTOMER).await;
    assert_eq!(mail[0]["kind"], "requestResolved");
    assert!(mail[0]["text"].as_str().unwrap().contains("New cable fitted."));
    // The reporter reopens it.
    assert_no_content(
        &server
            .post_as(CUSTOMER, &format!("{path}/transition"), json!({"id": "21"}))
            .await,
    );
    assert_eq!(counts(&server, ITH, CUSTOMER).await, (before.0 + 1, before.1));
    let history = server.get_json(CUSTOMER, &format!("{path}/status")).await;
    let statuses: Vec<&str> = history["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            "Waiting for support",
            "Resolved",
            "Waiting for support",
            "Waiting for customer",
            "Waiting for support"
        ]
    );
}

#[tokio::test]
async fn participants_are_customers_of_the_project_and_see_the_request() {
    let server = TestServer::start().await;
    let friend = "friend@mail.example";
    active_customer(&server, "ITH", friend).await;
    let request = raise(&server, CUSTOMER, it_help(&server, "Shared desk").await).await;
    let path = format!("/rest/servicedeskapi/request/{}", key(&request));
    assert_error(server.get_as(friend, &path).await, 404, "notFound").await;
    assert_error(
        server
            .post_as(
                CUSTOMER,
                &format!("{path}/participant"),
                json!({"accountIds": [server.account_id(LEAD).await]}),
            )
            .await,
        400,
        "notACustomer",
    )
    .await;
    let added = server
        .post_as(
            CUSTOMER,
            &format!("{path}/participant"),
            json!({"usernames": [friend]}),
        )
        .await;
    assert_eq!(added.status(), 200);
    let page = json(added).await;
    assert_eq!(page["values"][0]["emailAddress"], friend);
    assert_eq!(server.get_as(friend, &path).await.status(), 200);
    // A participant may not change participants; the reporter may remove them.
    assert_refused(
        server
            .delete_as(
                friend,
                &format!("{path}/participant"),
                Some(json!({"usernames": [friend]})),
            )
            .await,
        "reporterOnly",
        "agent",
    )
    .await;
    let removed = server
        .delete_as(
            CUSTOMER,
            &format!("{path}/participant"),
            Some(json!({"usernames": [friend]})),
        )
        .await;
    assert_eq!(removed.status(), 200);
    assert_error(server.get_as(friend, &path).await, 404, "notFound").await;
}

#[tokio::test]
async fn project_admins_manage_request_types_and_removed_types_stay_on_their_requests() {
    let server = TestServer::start().await;
    let path = "/rest/clientele/1/servicedesk/ITH/requesttype";
    assert_refused(
        server.post_as(AGENT, path, json!({"name": "Buy a laptop"})).await,
        "projectAdminOnly",
        "projectAdmin",
    )
    .await;
    assert_error(
        server.post_as(LEAD, path, json!({"name": " "})).await,
        400,
        "invalidName",
    )
    .await;
    assert_error(
        server
            .post_as(LEAD, path, json!({"name": "X", "helpCenterId": "999"}))
            .await,
        400,
        "unknownHelpCenter",
    )
    .await;
    let created = server
        .post_as(
            LEAD,
            path,
            json!({"name": "Buy a laptop", "description": "Hardware purchases"}),
        )
        .await;
    assert_eq!(created.status(), 201);
    let created = json(created).await;
    let id = created["id"].as_str().unwrap().to_string();
    let renamed = server
        .put_as(LEAD, &format!("{path}/{id}"), json!({"name": "Buy hardware"}))
        .await;
    assert_eq!(json(renamed).await["name"], "Buy hardware");
    let request = raise(
        &server,
        CUSTOMER,
        json!({"serviceDeskId": "ITH", "requestTypeId": id, "requestFieldValues": {"summary": "A laptop"}}),
    )
    .await;
    assert_no_content(&server.delete_as(LEAD, &format!("{path}/{id}"), None).await);
    let listed = server
        .get_json(CUSTOMER, "/rest/servicedeskapi/servicedesk/ITH/requesttype")
        .await;
    assert!(listed["values"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["id"] != id.as_str()));
    assert_error(
        server
            .post_as(CUSTOMER, "/rest/servicedeskapi/request", json!({"serviceDeskId": "ITH", "requestTypeId": id, "requestFieldValues": {"summary": "Another"}}))
            .await,
        400,
        "unknownRequestType",
    )
    .await;
    let kept = server
        .get_json(
            CUSTOMER,
            &format!("/rest/servicedeskapi/request/{}", key(&request)),
        )
        .await;
    assert_eq!(kept["requestTypeName"], "Buy hardware");
    // Ids are never reused: a new type after the removal gets a new id.
    let again = json(server.post_as(LEAD, path, json!({"name": "Buy a laptop"})).await).await;
    assert_ne!(again["id"], created["id"]);
}

#[tokio::test]
async fn requests_outlive_their_people_and_keys_are_never_reused() {
    let server = TestServer::start().await;
    let leaving = "leaving@mail.example";
    let id = active_customer(&server, "ITH", leaving).await;
    let request = raise(&server, leaving, it_help(&server, "Before I go").await).await;
    let path = format!("/rest/servicedeskapi/request/{}", key(&request));
    // Removed from the project: a former customer, who no longer sees it.
    let removed = server
        .delete_as(
            LEAD,
            "/rest/servicedeskapi/servicedesk/ITH/customer",
            Some(json!({"accountIds": [id]})),
        )
        .await;
    assert_no_content(&removed);
    let seen = server.get_json(AGENT, &path).await;
    assert_eq!(seen["reporterIsCustomer"], false);
    assert_eq!(seen["reporter"]["emailAddress"], leaving);
    assert_error(server.get_as(leaving, &path).await, 404, "notFound").await;
    // Deleted: "Former customer", and the request stays.
    assert_no_content(
        &server
            .delete_as(ADMIN, &format!("/rest/clientele/1/customer/{id}"), None)
            .await,
    );
    let seen = server.get_json(AGENT, &path).await;
    assert_eq!(seen["reporter"]["displayName"], "Former customer");
    assert_eq!(seen["reporter"]["accountId"], "");
    let next = raise(&server, CUSTOMER, it_help(&server, "After").await).await;
    let number = |r: &Value| key(r).rsplit('-').next().unwrap().parse::<i64>().unwrap();
    assert_eq!(number(&next), number(&request) + 1);
}

#[tokio::test]
async fn organization_members_show_their_counts_in_a_project_the_caller_works_on() {
    let server = TestServer::start().await;
    let acme = server.organization_id("Acme Corporation").await;
    server
        .post_as(
            ADMIN,
            &format!("/rest/servicedeskapi/organization/{acme}/user"),
            json!({"usernames": [CUSTOMER]}),
        )
        .await;
    raise(&server, CUSTOMER, it_help(&server, "Counted").await).await;
    let page = server
        .get_json(
            AGENT,
            &format!("/rest/servicedeskapi/organization/{acme}/user?serviceDeskId=ITH&query=customer%40example.com"),
        )
        .await;
    let casey = &page["values"][0];
    assert_eq!(casey["emailAddress"], CUSTOMER);
    // The demo's three plus this one; one of the demo's is resolved.
    assert_eq!(casey["requests"], json!({"open": 3, "closed": 1}));
    assert!(page["_links"]["self"]
        .as_str()
        .unwrap()
        .contains("serviceDeskId=ITH"));
    let plain = server
        .get_json(AGENT, &format!("/rest/servicedeskapi/organization/{acme}/user"))
        .await;
    assert!(plain["values"][0].get("requests").is_none());
}

#[tokio::test]
async fn staff_list_a_project_queue_by_status_and_reporter() {
    let server = TestServer::start().await;
    let casey = server.account_id(CUSTOMER).await;
    let queue = server
        .get_json(
            AGENT,
            &format!(
                "/rest/servicedeskapi/request?serviceDeskId=ITH&reporter={casey}&status=waitingForCustomer"
            ),
        )
        .await;
    let keys: Vec<&str> = queue["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["issueKey"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["ITH-2"]);
    let closed = server
        .get_json(
            LEAD,
            "/rest/servicedeskapi/request?serviceDeskId=ITH&requestStatus=CLOSED_REQUESTS",
        )
        .await;
    assert_eq!(closed["values"][0]["issueKey"], "ITH-3");
    assert_error(
        server
            .get_as(AGENT, "/rest/servicedeskapi/request?status=lost")
            .await,
        400,
        "invalidParameter",
    )
    .await;
    assert_error(
        server
            .get_as(AGENT, "/rest/servicedeskapi/request?requestStatus=SOME")
            .await,
        400,
        "invalidParameter",
    )
    .await;
    // The customer list of the queue's project shows the same counts.
    assert_eq!(counts(&server, ITH, CUSTOMER).await, (2, 1));
}
