//! Issue 11, hole 6: a signed-in change made with the session cookie must be JSON or carry
//! `X-Atlassian-Token: no-check`, and is refused when it comes from another site. Requests
//! with their own credentials (Basic, Bearer) are not affected.

use reqwest::{Client, Method};
use serde_json::{json, Value};

use crate::helpers::{assert_error, TestServer, ADMIN, CUSTOMER};

/// Every route that changes something, with ids from the demo data (the organization, help
/// center, message and token ids need not exist: the refusal comes before the handler looks).
fn state_changing_routes(customer: &str) -> Vec<(Method, String)> {
    let routes = [
        ("POST", "/rest/servicedeskapi/customer"),
        ("POST", "/rest/servicedeskapi/servicedesk/ITH/customer"),
        ("DELETE", "/rest/servicedeskapi/servicedesk/ITH/customer"),
        ("POST", "/rest/servicedeskapi/servicedesk/ITH/organization"),
        ("DELETE", "/rest/servicedeskapi/servicedesk/ITH/organization"),
        ("POST", "/rest/servicedeskapi/organization"),
        ("DELETE", "/rest/servicedeskapi/organization/1"),
        ("POST", "/rest/servicedeskapi/organization/1/user"),
        ("DELETE", "/rest/servicedeskapi/organization/1/user"),
        ("PUT", "/rest/servicedeskapi/organization/1/property/colour"),
        ("DELETE", "/rest/servicedeskapi/organization/1/property/colour"),
        ("POST", "/rest/clientele/1/servicedesk/ITH/customer/bulk"),
        (
            "POST",
            "/rest/clientele/1/servicedesk/ITH/customer/{customer}/invitation",
        ),
        ("PUT", "/rest/clientele/1/servicedesk/ITH/access"),
        ("POST", "/rest/clientele/1/organization/1/user/bulk"),
        ("PUT", "/rest/clientele/1/organization/1"),
        ("PUT", "/rest/clientele/1/customer/{customer}"),
        ("DELETE", "/rest/clientele/1/customer/{customer}"),
        ("PUT", "/rest/clientele/1/customer/{customer}/password"),
        ("POST", "/rest/clientele/1/customer/{customer}/migrate"),
        ("POST", "/rest/clientele/1/customer/{customer}/revoke"),
        ("POST", "/rest/clientele/1/customer/{customer}/restore"),
        ("PUT", "/rest/clientele/1/settings"),
        ("POST", "/rest/clientele/1/manageddomain"),
        ("DELETE", "/rest/clientele/1/manageddomain/acme.example"),
        ("POST", "/rest/clientele/1/helpcenter"),
        ("PUT", "/rest/clientele/1/helpcenter/1"),
        ("DELETE", "/rest/clientele/1/helpcenter/1"),
        ("POST", "/rest/clientele/1/mail/1/resend"),
        ("POST", "/rest/clientele/1/token"),
        ("DELETE", "/rest/clientele/1/token/1"),
        ("PUT", "/rest/clientele/1/myself/password"),
    ];
    routes
        .iter()
        .map(|(method, path)| {
            (
                Method::from_bytes(method.as_bytes()).unwrap(),
                path.replace("{customer}", customer),
            )
        })
        .collect()
}

/// What a forged request could have changed.
async fn snapshot(server: &TestServer) -> Vec<Value> {
    let mut seen = Vec::new();
    for path in [
        "/rest/clientele/1/customer?limit=100",
        "/rest/servicedeskapi/organization?limit=100",
        "/rest/clientele/1/settings",
        "/rest/clientele/1/manageddomain",
        "/rest/clientele/1/helpcenter",
        "/rest/clientele/1/mail?limit=100",
        "/rest/servicedeskapi/servicedesk/ITH/customer?limit=100",
    ] {
        seen.push(server.get_json(ADMIN, path).await);
    }
    seen
}

#[tokio::test]
async fn a_cookie_write_without_json_or_the_xsrf_header_is_refused_on_every_route() {
    let server = TestServer::start().await;
    let customer = server.account_id(CUSTOMER).await;
    let browser = server.signed_in(ADMIN).await;
    let before = snapshot(&server).await;
    for (method, path) in state_changing_routes(&customer) {
        // A body-less request, as a form or `fetch` can send from any page.
        let response = browser
            .request(method.clone(), server.url(&path))
            .send()
            .await
            .unwrap();
        assert_error(response, 403, "xsrfCheckFailed").await;
        // A form post.
        let response = browser
            .request(method.clone(), server.url(&path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("a=b")
            .send()
            .await
            .unwrap();
        assert_error(response, 415, "unsupportedMediaType").await;
    }
    assert_eq!(snapshot(&server).await, before);
}

#[tokio::test]
async fn a_cookie_write_from_another_site_is_refused_even_as_json() {
    let server = TestServer::start().await;
    let customer = server.account_id(CUSTOMER).await;
    let browser = server.signed_in(ADMIN).await;
    let before = snapshot(&server).await;
    for (method, path) in state_changing_routes(&customer) {
        for (header, value) in [
            ("origin", "http://evil.example"),
            ("origin", "null"),
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-site", "same-site"),
        ] {
            let response = browser
                .request(method.clone(), server.url(&path))
                .header(header, value)
                .header("x-atlassian-token", "no-check")
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            assert_error(response, 403, "crossSiteRequest").await;
        }
    }
    // Signing in and out need no marker, but not from another site either.
    let response = Client::new()
        .post(server.url("/rest/auth/1/session"))
        .header("origin", "http://evil.example")
        .json(&json!({"username": ADMIN, "password": crate::helpers::PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_error(response, 403, "crossSiteRequest").await;
    let response = browser
        .delete(server.url("/rest/auth/1/session"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_error(response, 403, "crossSiteRequest").await;
    assert_eq!(snapshot(&server).await, before);
}

#[tokio::test]
async fn the_apps_own_requests_and_scripts_with_credentials_still_work() {
    let server = TestServer::start().await;
    let customer = server.account_id(CUSTOMER).await;
    let browser = server.signed_in(ADMIN).await;
    let revoke = format!("/rest/clientele/1/customer/{customer}/revoke");
    // The app marks body-less writes, from its own origin.
    let response = browser
        .post(server.url(&revoke))
        .header("x-atlassian-token", "no-check")
        .header("origin", server.base.clone())
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let restore = format!("/rest/clientele/1/customer/{customer}/restore");
    let response = browser
        .post(server.url(&restore))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // Basic credentials are explicit: no browser adds them by itself.
    let response = Client::new()
        .post(server.url(&revoke))
        .basic_auth(ADMIN, Some(crate::helpers::PASSWORD))
        .header("origin", "http://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}
