//! The differences from Jira Service Management that issue 15 §3 closed, one test each, as a
//! JSM client (jira.js, atlassian-python-api) meets them.

use reqwest::Client;
use serde_json::{json, Value};

use crate::helpers::{assert_error, assert_no_content, json, TestServer, ADMIN, AGENT, CUSTOMER, PASSWORD};

/// The id in a created resource's answer.
async fn created_id(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 201, "{}", response.url());
    json(response).await["id"].as_str().unwrap().to_string()
}

/// §3.1: three organizations (and help centers, and tokens) created in turn, each after deleting
/// the previous, get three different ids.
#[tokio::test]
async fn organization_help_center_and_token_ids_are_never_reused_after_a_delete() {
    let server = TestServer::start().await;
    server.set_settings(json!({"plan": "premium"})).await;
    let mut organizations = Vec::new();
    let mut help_centers = Vec::new();
    let mut tokens = Vec::new();
    for round in 0..3 {
        let id = created_id(
            server
                .post_as(
                    ADMIN,
                    "/rest/servicedeskapi/organization",
                    json!({"name": format!("Round {round}")}),
                )
                .await,
        )
        .await;
        let path = format!("/rest/servicedeskapi/organization/{id}");
        assert_no_content(&server.delete_as(ADMIN, &path, None).await);
        organizations.push(id);

        let id = created_id(
            server
                .post_as(
                    ADMIN,
                    "/rest/clientele/1/helpcenter",
                    json!({"name": format!("Centre {round}")}),
                )
                .await,
        )
        .await;
        let path = format!("/rest/clientele/1/helpcenter/{id}");
        assert_no_content(&server.delete_as(ADMIN, &path, None).await);
        help_centers.push(id);

        let id = created_id(
            server
                .post_as(
                    AGENT,
                    "/rest/clientele/1/token",
                    json!({"label": format!("script {round}")}),
                )
                .await,
        )
        .await;
        let path = format!("/rest/clientele/1/token/{id}");
        assert_no_content(&server.delete_as(AGENT, &path, None).await);
        tokens.push(id);
    }
    for ids in [&organizations, &help_centers, &tokens] {
        let mut distinct = ids.clone();
        distinct.dedup();
        assert_eq!(&distinct, ids, "ids were reused: {ids:?}");
    }
    // The deleted organization's id stays unknown: a script holding it acts on nothing.
    let stale = format!("/rest/servicedeskapi/organization/{}", organizations[0]);
    assert_error(server.get_as(ADMIN, &stale).await, 404, "notFound").await;
}

/// §3.2: `_links.base` is the API's base, as JSM sends it, and pages carry `_expands: []`.
#[tokio::test]
async fn pages_name_the_api_as_their_base_and_carry_empty_expands() {
    let server = TestServer::start().await;
    for (path, base) in [
        ("/rest/servicedeskapi/organization", "/rest/servicedeskapi"),
        ("/rest/servicedeskapi/servicedesk", "/rest/servicedeskapi"),
        (
            "/rest/servicedeskapi/servicedesk/ITH/customer",
            "/rest/servicedeskapi",
        ),
        ("/rest/clientele/1/customer", "/rest/clientele/1"),
    ] {
        let page = server.get_json(ADMIN, path).await;
        assert_eq!(page["_links"]["base"], server.url(base), "{path}: {page}");
        assert_eq!(page["_links"]["context"], "", "{path}");
        assert_eq!(page["_expands"], json!([]), "{path}: {page}");
        let self_link = page["_links"]["self"].as_str().unwrap();
        assert!(self_link.starts_with(&server.url(base)), "{self_link}");
    }
}

/// §3.3: Python's `requests` sends `True` for `True`; booleans are read in any case.
#[tokio::test]
async fn strict_conflict_status_code_is_read_in_any_case() {
    let server = TestServer::start().await;
    let body = json!({"email": "customer@example.com", "displayName": "Again"});
    for (value, status) in [
        ("True", 409),
        ("TRUE", 409),
        ("true", 409),
        ("False", 400),
        ("", 400),
    ] {
        let path = format!("/rest/servicedeskapi/customer?strictConflictStatusCode={value}");
        assert_error(
            server.post_as(AGENT, &path, body.clone()).await,
            status,
            "emailTaken",
        )
        .await;
    }
    let path = "/rest/servicedeskapi/customer?strictConflictStatusCode=yes";
    assert_error(server.post_as(AGENT, path, body).await, 400, "invalidParameter").await;
}

/// §3.4: a user's `_links.self` and `jiraRest` answer with the same user object, under the same
/// rules as every account lookup: one's own account, and for staff the customers they reach;
/// anything else is a 404, as for an id with no account.
#[tokio::test]
async fn a_users_self_link_answers_with_the_user_under_the_same_rules() {
    let server = TestServer::start().await;
    let customer = server.account_id(CUSTOMER).await;
    let admin = server.account_id(ADMIN).await;
    let listed = server
        .get_json(
            AGENT,
            "/rest/servicedeskapi/servicedesk/ITH/customer?query=customer%40example.com",
        )
        .await["values"][0]
        .clone();
    let self_link = listed["_links"]["self"].as_str().unwrap().to_string();
    assert_eq!(
        self_link,
        server.url(&format!("/rest/api/2/user?accountId={customer}"))
    );
    assert_eq!(listed["_links"]["jiraRest"], self_link.as_str());
    let mut read = json(
        Client::new()
            .get(&self_link)
            .basic_auth(AGENT, Some(PASSWORD))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let mut listed = listed;
    for fields in [&mut read, &mut listed] {
        fields.as_object_mut().unwrap().remove("organizations");
        fields.as_object_mut().unwrap().remove("invitation");
        // A project's list counts each customer's requests there; the user read is site-wide.
        fields.as_object_mut().unwrap().remove("requests");
    }
    assert_eq!(read, listed);
    for version in [2, 3] {
        let own = format!("/rest/api/{version}/user?accountId={customer}");
        assert_eq!(
            server.get_json(CUSTOMER, &own).await["accountId"],
            customer.as_str()
        );
        // Another account, outside the customer's reach: as unknown as an id with no account.
        let other = format!("/rest/api/{version}/user?accountId={admin}");
        let body = assert_error(server.get_as(CUSTOMER, &other).await, 404, "notFound").await;
        let unknown = format!("/rest/api/{version}/user?accountId=999999");
        let unknown = assert_error(server.get_as(CUSTOMER, &unknown).await, 404, "notFound").await;
        assert_eq!(
            body["errorMessage"].as_str().unwrap().replace(&admin, "ID"),
            unknown["errorMessage"].as_str().unwrap().replace("999999", "ID")
        );
        let anonymous = Client::new().get(server.url(&own)).send().await.unwrap();
        assert_error(anonymous, 401, "notSignedIn").await;
    }
    let site_admin_reads = format!("/rest/api/2/user?accountId={admin}");
    assert_eq!(
        server.get_json(ADMIN, &site_admin_reads).await["emailAddress"],
        ADMIN
    );
}

/// §3.5: `avatarUrls` names JSM's four sizes of a generated avatar: SVG, initials on a colour
/// from the account id, cacheable, under the user read's rules.
#[tokio::test]
async fn avatar_urls_name_four_sizes_of_a_cacheable_svg_avatar() {
    let server = TestServer::start().await;
    let customer = server.account_id(CUSTOMER).await;
    let me = server
        .get_json(CUSTOMER, &format!("/rest/api/2/user?accountId={customer}"))
        .await;
    let urls = me["_links"]["avatarUrls"].as_object().unwrap();
    let sizes: Vec<&str> = urls.keys().map(String::as_str).collect();
    assert_eq!(sizes, ["16x16", "24x24", "32x32", "48x48"]);
    for (size, url) in urls {
        let pixels = size.split('x').next().unwrap();
        let response = Client::new()
            .get(url.as_str().unwrap())
            .basic_auth(CUSTOMER, Some(PASSWORD))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{url}");
        let headers = response.headers().clone();
        assert_eq!(headers["content-type"], "image/svg+xml");
        assert!(
            headers["cache-control"].to_str().unwrap().contains("max-age="),
            "{headers:?}"
        );
        let svg = response.text().await.unwrap();
        assert!(svg.contains(&format!("width=\"{pixels}\"")), "{svg}");
        assert!(svg.contains(">CC</text>"), "Casey Customer's initials: {svg}");
    }
    // The same account always gets the same picture; another account is not the caller's to see.
    let url = urls["48x48"].as_str().unwrap();
    let again = server
        .get_as(CUSTOMER, url.trim_start_matches(&server.base))
        .await;
    assert_eq!(
        again.text().await.unwrap(),
        server
            .get_as(ADMIN, url.trim_start_matches(&server.base))
            .await
            .text()
            .await
            .unwrap()
    );
    let admin = server.account_id(ADMIN).await;
    let other = format!("/rest/clientele/1/avatar/{admin}?size=48");
    assert_error(server.get_as(CUSTOMER, &other).await, 404, "notFound").await;
}

/// §3.6: jira.js's `revokePortalOnlyAccess` maps onto Clientele's revoke: site admins only,
/// never one's own account, portal-only accounts only.
#[tokio::test]
async fn revoke_portal_only_access_revokes_under_the_revoke_rules() {
    let server = TestServer::start().await;
    let customer = server.account_id(CUSTOMER).await;
    let agent = server.account_id(AGENT).await;
    let admin = server.account_id(ADMIN).await;
    let path = |id: &str| format!("/rest/servicedeskapi/customer/user/{id}/revoke-portal-only-access");
    let refused = server.put_as(AGENT, &path(&customer), json!({})).await;
    assert_error(refused, 403, "siteAdminOnly").await;
    assert_error(
        server.put_as(ADMIN, &path(&admin), json!({})).await,
        409,
        "ownAccount",
    )
    .await;
    assert_error(
        server.put_as(ADMIN, &path(&agent), json!({})).await,
        409,
        "notPortalOnly",
    )
    .await;
    assert_error(
        server.put_as(ADMIN, &path("999999"), json!({})).await,
        404,
        "notFound",
    )
    .await;
    let response = Client::new()
        .put(server.url(&path(&customer)))
        .basic_auth(ADMIN, Some(PASSWORD))
        .send()
        .await
        .unwrap();
    assert_no_content(&response);
    let detail = server
        .get_json(ADMIN, &format!("/rest/clientele/1/customer/{customer}"))
        .await;
    assert_eq!(detail["customer"]["status"], "revoked");
    assert_eq!(detail["customer"]["active"], false);
    let shut_out = server.get_as(CUSTOMER, "/rest/clientele/1/myself").await;
    assert_error(shut_out, 401, "badCredentials").await;
}

/// §3.7: a 401 challenges HTTP clients with Basic (not browsers, whose own password dialog would
/// cover the app), and JSON says `charset=UTF-8`.
#[tokio::test]
async fn a_401_challenges_basic_and_json_answers_say_their_charset() {
    let server = TestServer::start().await;
    let anonymous = Client::new()
        .get(server.url("/rest/servicedeskapi/organization"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    assert_eq!(
        anonymous.headers()["www-authenticate"],
        "Basic realm=\"Clientele\""
    );
    assert_eq!(
        anonymous.headers()["content-type"],
        "application/json;charset=UTF-8"
    );
    let wrong = Client::new()
        .get(server.url("/rest/servicedeskapi/organization"))
        .basic_auth(AGENT, Some("not the password"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.headers()["www-authenticate"], "Basic realm=\"Clientele\"");
    let from_the_app = Client::new()
        .get(server.url("/rest/clientele/1/myself"))
        .header("Sec-Fetch-Site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(from_the_app.status(), 401);
    assert!(from_the_app.headers().get("www-authenticate").is_none());
    let ok = server.get_as(AGENT, "/rest/servicedeskapi/servicedesk").await;
    assert_eq!(ok.headers()["content-type"], "application/json;charset=UTF-8");
}

/// §3.8: `i18nErrorMessage.parameters` holds the values the message names, and no message shows
/// Rust's formatting of a value.
#[tokio::test]
async fn refusals_name_their_values_as_parameters_without_rust_formatting() {
    let server = TestServer::start().await;
    let mut bodies = Vec::new();
    for organization_id in [json!(9999), json!("9999")] {
        let body = assert_error(
            server
                .post_as(
                    ADMIN,
                    "/rest/servicedeskapi/servicedesk/ITH/organization",
                    json!({"organizationId": organization_id}),
                )
                .await,
            404,
            "notFound",
        )
        .await;
        assert_eq!(body["errorMessage"], "There is no organization with the id 9999.");
        assert_eq!(body["i18nErrorMessage"]["parameters"], json!(["9999"]));
        bodies.push(body);
    }
    let body = assert_error(
        server
            .get_as(ADMIN, "/rest/servicedeskapi/organization/4242")
            .await,
        404,
        "notFound",
    )
    .await;
    assert_eq!(body["i18nErrorMessage"]["parameters"], json!(["4242"]));
    bodies.push(body);
    let taken = server
        .post_as(
            ADMIN,
            "/rest/servicedeskapi/organization",
            json!({"name": "Acme Corporation"}),
        )
        .await;
    let body = assert_error(taken, 409, "organizationNameTaken").await;
    assert_eq!(
        body["i18nErrorMessage"]["parameters"],
        json!(["Acme Corporation"])
    );
    let body = assert_error(
        server
            .post_as(
                AGENT,
                "/rest/servicedeskapi/customer",
                json!({"email": "customer@example.com"}),
            )
            .await,
        400,
        "emailTaken",
    )
    .await;
    assert_eq!(
        body["i18nErrorMessage"]["parameters"],
        json!(["customer@example.com"])
    );
    let body = assert_error(
        server
            .post_as(
                ADMIN,
                "/rest/servicedeskapi/servicedesk/ITH/customer",
                json!({"accountIds": ["424242"]}),
            )
            .await,
        400,
        "unknownAccount",
    )
    .await;
    assert_eq!(body["i18nErrorMessage"]["parameters"], json!(["424242"]));
    bodies.push(body);
    for body in bodies {
        let text = body.to_string();
        assert!(!text.contains("Number(") && !text.contains("Text("), "{text}");
    }
}

/// §3.9: `start=&limit=` (empty values) are absent, as in Jira: the first page of 50.
#[tokio::test]
async fn empty_start_and_limit_are_treated_as_absent() {
    let server = TestServer::start().await;
    for path in [
        "/rest/servicedeskapi/organization?start=&limit=",
        "/rest/servicedeskapi/servicedesk?start=&limit=",
        "/rest/clientele/1/customer?start=&limit=&query=",
        "/rest/servicedeskapi/servicedesk/ITH/customer?start=&limit=",
        // Schemathesis: an empty accountId filter was a 400 too.
        "/rest/servicedeskapi/organization?accountId=&query=&limit=0",
        "/rest/servicedeskapi/servicedesk/ITH/organization?accountId=",
    ] {
        let page: Value = server.get_json(ADMIN, path).await;
        assert_eq!(
            (page["start"].as_u64(), page["limit"].as_u64()),
            (Some(0), Some(50)),
            "{path}"
        );
    }
    let bad = server
        .get_as(ADMIN, "/rest/servicedeskapi/organization?start=x")
        .await;
    assert_error(bad, 400, "invalidParameter").await;
}
