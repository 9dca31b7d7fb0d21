//! Bad input on every endpoint that takes a body or a query: non-JSON bodies (415, including a
//! cookie-authenticated cross-site form post), oversized bodies (413), wrong field types (400),
//! malformed addresses, unknown ids (404), and odd search strings — never a 500.

use reqwest::{Client, Method};
use serde_json::{json, Value};

use crate::helpers::{assert_error, encode, TestServer, ADMIN, AGENT};

/// Every endpoint that reads a JSON body, with a body it would accept from the site admin.
fn body_endpoints() -> Vec<(Method, &'static str, Value)> {
    let users = json!({"usernames": ["body.test@newco.example"]});
    let bulk = json!({"emails": ["body.test@newco.example"]});
    vec![
        (
            Method::POST,
            "/rest/auth/1/session",
            json!({"username": ADMIN, "password": "x"}),
        ),
        (
            Method::POST,
            "/rest/servicedeskapi/servicedesk/ITH/customer",
            users.clone(),
        ),
        (
            Method::DELETE,
            "/rest/servicedeskapi/servicedesk/ITH/customer",
            users.clone(),
        ),
        (
            Method::POST,
            "/rest/servicedeskapi/servicedesk/ITH/organization",
            json!({"organizationId": 3}),
        ),
        (
            Method::DELETE,
            "/rest/servicedeskapi/servicedesk/ITH/organization",
            json!({"organizationId": 3}),
        ),
        (
            Method::POST,
            "/rest/servicedeskapi/organization",
            json!({"name": "Body Test"}),
        ),
        (
            Method::POST,
            "/rest/servicedeskapi/organization/1/user",
            users.clone(),
        ),
        (Method::DELETE, "/rest/servicedeskapi/organization/1/user", users),
        (
            Method::PUT,
            "/rest/servicedeskapi/organization/1/property/k",
            json!({"v": 1}),
        ),
        (
            Method::POST,
            "/rest/servicedeskapi/customer",
            json!({"email": "body.test@newco.example"}),
        ),
        (
            Method::POST,
            "/rest/clientele/1/servicedesk/ITH/customer/bulk",
            bulk.clone(),
        ),
        (
            Method::PUT,
            "/rest/clientele/1/servicedesk/ITH/access",
            json!({"publicSignup": true}),
        ),
        (Method::POST, "/rest/clientele/1/organization/1/user/bulk", bulk),
        (
            Method::PUT,
            "/rest/clientele/1/organization/1",
            json!({"name": "Body Test"}),
        ),
        (
            Method::PUT,
            "/rest/clientele/1/settings",
            json!({"agentsCanManageOrganizations": true}),
        ),
        (
            Method::POST,
            "/rest/clientele/1/manageddomain",
            json!({"domain": "body.example"}),
        ),
        (
            Method::POST,
            "/rest/clientele/1/helpcenter",
            json!({"name": "Body Test"}),
        ),
        (
            Method::PUT,
            "/rest/clientele/1/helpcenter/1",
            json!({"name": "Body Test"}),
        ),
        (
            Method::PUT,
            "/rest/clientele/1/customer/4",
            json!({"displayName": "Body Test"}),
        ),
        (
            Method::PUT,
            "/rest/clientele/1/customer/4/password",
            json!({"password": "a long passphrase 7"}),
        ),
        (
            Method::POST,
            "/rest/clientele/1/token",
            json!({"label": "Body Test"}),
        ),
    ]
}

/// Something that changes with every successful call above, to show a refusal changed nothing.
async fn snapshot(server: &TestServer) -> Value {
    json!([
        server
            .get_json(ADMIN, "/rest/clientele/1/customer?limit=100")
            .await["values"],
        server.get_json(ADMIN, "/rest/servicedeskapi/organization").await["values"],
        server
            .get_json(ADMIN, "/rest/servicedeskapi/servicedesk/ITH/customer?limit=100")
            .await["values"],
        server.get_json(ADMIN, "/rest/clientele/1/settings").await,
        server.get_json(ADMIN, "/rest/clientele/1/manageddomain").await,
        server.get_json(ADMIN, "/rest/clientele/1/helpcenter").await,
        server.get_json(ADMIN, "/rest/clientele/1/token").await,
        server
            .get_json(ADMIN, "/rest/clientele/1/servicedesk/ITH/access")
            .await,
        server
            .get_json(ADMIN, "/rest/servicedeskapi/organization/1/property")
            .await,
    ])
}

#[tokio::test]
async fn a_cookie_authenticated_post_that_is_not_json_is_a_415_and_changes_nothing() {
    let server = TestServer::start().await;
    let browser = server.signed_in(ADMIN).await;
    let before = snapshot(&server).await;
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "text/json",
    ] {
        for (method, path, body) in body_endpoints() {
            let response = browser
                .request(method, server.url(path))
                .header("content-type", content_type)
                .body(body.to_string())
                .send()
                .await
                .unwrap();
            assert_error(response, 415, "unsupportedMediaType").await;
        }
    }
    let response = browser
        .post(server.url("/rest/clientele/1/servicedesk/ITH/customer/bulk"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_error(response, 415, "unsupportedMediaType").await;
    assert_eq!(snapshot(&server).await, before);
    // JSON with parameters, or a +json type, is JSON.
    let response = browser
        .post(server.url("/rest/clientele/1/servicedesk/ITH/customer/bulk"))
        .header("content-type", "Application/JSON; charset=utf-8")
        .body(json!({"emails": ["fine@newco.example"]}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn an_oversized_body_is_a_413_everywhere_and_changes_nothing() {
    let server = TestServer::start_with(|c| c.max_body_bytes = 4096).await;
    let before = snapshot(&server).await;
    let padding = "x".repeat(8192);
    for (method, path, mut body) in body_endpoints() {
        body["padding"] = json!(padding);
        let response = server.send_as(ADMIN, method, path, Some(body)).await;
        assert_error(response, 413, "bodyTooLarge").await;
    }
    let text = (0..400)
        .map(|i| format!("big{i}@newco.example"))
        .collect::<Vec<_>>()
        .join(", ");
    let response = server
        .post_as(
            AGENT,
            "/rest/clientele/1/servicedesk/ITH/customer/bulk",
            json!({"text": text}),
        )
        .await;
    assert_error(response, 413, "bodyTooLarge").await;
    assert_eq!(snapshot(&server).await, before);
}

#[tokio::test]
async fn the_default_body_limit_refuses_a_three_megabyte_paste() {
    let server = TestServer::start().await;
    let text = "someone@newco.example, ".repeat(3 * 1024 * 1024 / 23);
    let response = server
        .post_as(
            AGENT,
            "/rest/clientele/1/servicedesk/ITH/customer/bulk",
            json!({"text": text}),
        )
        .await;
    assert_error(response, 413, "bodyTooLarge").await;
}

#[tokio::test]
async fn wrong_field_types_and_broken_json_are_400s() {
    let server = TestServer::start().await;
    let before = snapshot(&server).await;
    let wrong: Vec<(Method, &str, Value)> = vec![
        (
            Method::POST,
            "/rest/servicedeskapi/servicedesk/ITH/customer",
            json!({"usernames": "a@newco.example"}),
        ),
        (
            Method::POST,
            "/rest/servicedeskapi/servicedesk/ITH/customer",
            json!({"accountIds": [4]}),
        ),
        (
            Method::DELETE,
            "/rest/servicedeskapi/servicedesk/ITH/customer",
            json!({"usernames": [null]}),
        ),
        (
            Method::POST,
            "/rest/servicedeskapi/servicedesk/ITH/organization",
            json!({"organizationId": 1.5}),
        ),
        (
            Method::POST,
            "/rest/servicedeskapi/organization",
            json!({"name": ["Acme"]}),
        ),
        (
            Method::POST,
            "/rest/servicedeskapi/organization/1/user",
            json!({"accountIds": {"id": "4"}}),
        ),
        (
            Method::POST,
            "/rest/servicedeskapi/customer",
            json!({"email": true}),
        ),
        (
            Method::POST,
            "/rest/clientele/1/servicedesk/ITH/customer/bulk",
            json!({"emails": "a@newco.example"}),
        ),
        (
            Method::POST,
            "/rest/clientele/1/servicedesk/ITH/customer/bulk",
            json!({"text": 5}),
        ),
        (
            Method::POST,
            "/rest/clientele/1/servicedesk/ITH/customer/bulk",
            json!({"text": "a@newco.example", "dryRun": "yes"}),
        ),
        (
            Method::POST,
            "/rest/clientele/1/servicedesk/ITH/customer/bulk",
            json!({"text": "a@newco.example", "organizationId": false}),
        ),
        (
            Method::POST,
            "/rest/clientele/1/servicedesk/ITH/customer/bulk",
            json!({"text": "a@newco.example", "helpCenterId": [1]}),
        ),
        (
            Method::POST,
            "/rest/clientele/1/organization/1/user/bulk",
            json!({"emails": [1, 2]}),
        ),
        (
            Method::PUT,
            "/rest/clientele/1/servicedesk/ITH/access",
            json!({"customerInvitedNotification": 1}),
        ),
        (
            Method::PUT,
            "/rest/clientele/1/settings",
            json!({"plan": "enterprise"}),
        ),
        (Method::PUT, "/rest/clientele/1/settings", json!({"plan": 2})),
        (
            Method::POST,
            "/rest/clientele/1/manageddomain",
            json!({"domain": 7}),
        ),
        (
            Method::POST,
            "/rest/clientele/1/helpcenter",
            json!({"name": null}),
        ),
        (
            Method::PUT,
            "/rest/clientele/1/customer/4",
            json!({"displayName": 4}),
        ),
        (
            Method::PUT,
            "/rest/clientele/1/customer/4/password",
            json!({"password": 1234567890}),
        ),
        (Method::POST, "/rest/clientele/1/token", json!({})),
        (
            Method::POST,
            "/rest/clientele/1/servicedesk/ITH/customer/bulk",
            json!("a@newco.example"),
        ),
    ];
    for (method, path, body) in wrong {
        let response = server
            .send_as(ADMIN, method.clone(), path, Some(body.clone()))
            .await;
        let error = assert_error(response, 400, "invalidBody").await;
        assert!(
            error["errorMessage"].as_str().unwrap().contains("wrong field"),
            "{method} {path} {body}: {error}"
        );
    }
    for (method, path, body) in body_endpoints() {
        let trailing = format!("{body} and more");
        for broken in [
            "{",
            "{\"emails\": [",
            "nul",
            "{'name': 1}",
            "\u{feff}{}",
            &trailing,
        ] {
            let response = Client::new()
                .request(method.clone(), server.url(path))
                .basic_auth(ADMIN, Some(crate::helpers::PASSWORD))
                .header("content-type", "application/json")
                .body(broken.to_string())
                .send()
                .await
                .unwrap();
            assert_error(response, 400, "malformedJson").await;
        }
    }
    assert_eq!(snapshot(&server).await, before);
}

#[tokio::test]
async fn malformed_addresses_are_reported_with_a_reason_each() {
    let server = TestServer::start().await;
    let cases = [
        ("", "empty"),
        ("<>", "empty"),
        ("jane.example.com", "noAt"),
        ("@example.com", "invalidLocalPart"),
        ("jane smith@example.com", "invalidLocalPart"),
        ("jane@", "invalidDomain"),
        ("jane@-example.com", "invalidDomain"),
        ("jane@exa mple.com", "invalidDomain"),
        ("jane@localhost", "noDotInDomain"),
    ];
    let long_local = format!("{}@example.com", "l".repeat(65));
    let long_label = format!("jane@{}.com", "d".repeat(64));
    let mut emails: Vec<String> = cases.iter().map(|(e, _)| e.to_string()).collect();
    emails.extend([long_local, long_label]);
    let report = server.bulk_add(AGENT, "ITH", json!({"emails": emails})).await;
    let codes: Vec<&str> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reasonCode"].as_str().unwrap())
        .collect();
    let mut expected: Vec<&str> = cases.iter().map(|(_, c)| *c).collect();
    expected.extend(["tooLong", "tooLong"]);
    assert_eq!(codes, expected);
    assert_eq!(report["summary"]["invalid"], emails.len());
    for r in report["results"].as_array().unwrap() {
        assert_eq!(
            (r["outcome"].as_str(), r["accountId"].is_null()),
            (Some("invalid"), true),
            "{r}"
        );
        assert!(r["reason"].as_str().is_some_and(|m| m.len() > 10), "{r}");
    }
}

#[tokio::test]
async fn odd_search_strings_and_ids_never_cause_a_500() {
    let server = TestServer::start().await;
    let queries = [
        "\"",
        "\"\"",
        "\"\"\"",
        "*",
        "a*",
        "NEAR(a b)",
        "AND",
        "OR x",
        "x AND",
        "'; DROP TABLE users; --",
        "%",
        "_",
        "\\",
        "é",
        "👩‍💻 emoji",
        "a:b",
        "^x",
        "-x",
        "(",
        ")",
        "{}",
        "\u{0}",
        "   ",
        &"long".repeat(500),
    ];
    let lists = [
        "/rest/servicedeskapi/servicedesk/ITH/customer",
        "/rest/servicedeskapi/organization/1/user",
        "/rest/servicedeskapi/organization",
        "/rest/clientele/1/customer",
    ];
    for list in lists {
        for query in queries {
            let page = server
                .get_json(ADMIN, &format!("{list}?query={}", encode(query)))
                .await;
            assert!(page["values"].is_array(), "{list} {query:?}");
        }
    }
    let odd_ids = [
        "0",
        "-1",
        "1.5",
        "0x1",
        "1e3",
        "%20",
        "%00",
        "99999999999999999999",
        "%F0%9F%98%80",
        "null",
    ];
    for id in odd_ids {
        for path in [
            format!("/rest/servicedeskapi/servicedesk/{id}/customer"),
            format!("/rest/servicedeskapi/organization/{id}"),
            format!("/rest/servicedeskapi/organization/{id}/property/{id}"),
            format!("/rest/clientele/1/customer/{id}"),
            format!("/rest/clientele/1/servicedesk/{id}/access"),
        ] {
            assert_error(server.get_as(ADMIN, &path).await, 404, "notFound").await;
        }
        let token = server
            .delete_as(ADMIN, &format!("/rest/clientele/1/token/{id}"), None)
            .await;
        assert_error(token, 404, "notFound").await;
        let center = server
            .delete_as(ADMIN, &format!("/rest/clientele/1/helpcenter/{id}"), None)
            .await;
        assert_error(center, 404, "notFound").await;
    }
    for query in [
        "limit=9223372036854775807",
        "start=9223372036854775807",
        "start=99999999999999999999",
        "limit=",
        "start=%00",
    ] {
        let response = server
            .get_as(ADMIN, &format!("/rest/clientele/1/customer?{query}"))
            .await;
        assert!(
            response.status() == 200 || response.status() == 400,
            "{query}: {}",
            response.status()
        );
    }
}
