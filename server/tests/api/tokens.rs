//! API tokens for scripts, and credentials on every endpoint: each `/rest` call but the public
//! ones answers 401 without them.

use reqwest::{Client, Method};
use serde_json::{json, Value};

use crate::helpers::{assert_error, assert_no_content, TestServer, AGENT, CUSTOMER, LEAD};

const TOKENS: &str = "/rest/clientele/1/token";

async fn create_token(server: &TestServer, email: &str, label: &str) -> Value {
    let response = server.post_as(email, TOKENS, json!({"label": label})).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_token_is_shown_once_and_listed_without_its_secret() {
    let server = TestServer::start().await;
    let created = create_token(&server, AGENT, "  nightly sync ").await;
    assert_eq!(created["label"], "nightly sync");
    assert!(
        created["id"].is_string() && created["created"].is_i64(),
        "{created}"
    );
    assert!(created["token"].as_str().unwrap().len() >= 32, "{created}");
    let list = server.get_json(AGENT, TOKENS).await;
    assert_eq!(list["values"].as_array().unwrap().len(), 1);
    assert_eq!(list["values"][0]["label"], "nightly sync");
    assert!(list["values"][0].get("token").is_none(), "{list}");
    assert_eq!(
        server.get_json(LEAD, TOKENS).await,
        json!({"values": []}),
        "tokens are their owner's"
    );
    for bad in ["", "   ", &"l".repeat(101)] {
        assert_error(
            server.post_as(AGENT, TOKENS, json!({"label": bad})).await,
            400,
            "invalidLabel",
        )
        .await;
    }
}

#[tokio::test]
async fn a_token_works_as_bearer_and_as_basic_with_its_owners_email_until_deleted() {
    let server = TestServer::start().await;
    let created = create_token(&server, AGENT, "script").await;
    let token = created["token"].as_str().unwrap();
    let desks = server.url("/rest/servicedeskapi/servicedesk");
    let bearer = || Client::new().get(&desks).bearer_auth(token).send();
    let basic = |email: &str| Client::new().get(&desks).basic_auth(email, Some(token)).send();
    let page: Value = bearer().await.unwrap().json().await.unwrap();
    assert_eq!(page["size"], 2);
    assert_eq!(basic("Agent@Example.com").await.unwrap().status(), 200);
    assert_error(basic(LEAD).await.unwrap(), 401, "badCredentials").await;
    // A token is not a password: it does not open a session.
    let sign_in = json!({"username": AGENT, "password": token});
    let response = Client::new()
        .post(server.url("/rest/auth/1/session"))
        .json(&sign_in)
        .send()
        .await
        .unwrap();
    assert_error(response, 401, "badCredentials").await;

    let id = created["id"].as_str().unwrap();
    assert_error(
        server.delete_as(LEAD, &format!("{TOKENS}/{id}"), None).await,
        404,
        "notFound",
    )
    .await;
    assert_eq!(
        bearer().await.unwrap().status(),
        200,
        "another person cannot delete it"
    );
    assert_no_content(&server.delete_as(AGENT, &format!("{TOKENS}/{id}"), None).await);
    assert_error(bearer().await.unwrap(), 401, "badCredentials").await;
    assert_error(basic(AGENT).await.unwrap(), 401, "badCredentials").await;
    assert_error(
        server.delete_as(AGENT, &format!("{TOKENS}/{id}"), None).await,
        404,
        "notFound",
    )
    .await;
    assert_error(
        server.delete_as(AGENT, &format!("{TOKENS}/abc"), None).await,
        404,
        "notFound",
    )
    .await;
}

#[tokio::test]
async fn a_customer_can_have_a_token_and_it_grants_no_more_than_their_password() {
    let server = TestServer::start().await;
    let token = create_token(&server, CUSTOMER, "mine").await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let response = Client::new()
        .get(server.url("/rest/servicedeskapi/servicedesk/ITH/customer"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    crate::helpers::assert_refused(response, "customersCannot", "agent").await;
}

/// Every endpoint that needs credentials, with a body where it takes one.
const ENDPOINTS: &[(&str, &str)] = &[
    ("GET", "/rest/auth/1/session"),
    ("GET", "/rest/servicedeskapi/servicedesk"),
    ("GET", "/rest/servicedeskapi/servicedesk/ITH"),
    ("GET", "/rest/servicedeskapi/servicedesk/ITH/customer"),
    ("POST", "/rest/servicedeskapi/servicedesk/ITH/customer"),
    ("DELETE", "/rest/servicedeskapi/servicedesk/ITH/customer"),
    ("GET", "/rest/servicedeskapi/servicedesk/ITH/organization"),
    ("POST", "/rest/servicedeskapi/servicedesk/ITH/organization"),
    ("DELETE", "/rest/servicedeskapi/servicedesk/ITH/organization"),
    ("GET", "/rest/servicedeskapi/organization"),
    ("POST", "/rest/servicedeskapi/organization"),
    ("GET", "/rest/servicedeskapi/organization/1"),
    ("DELETE", "/rest/servicedeskapi/organization/1"),
    ("GET", "/rest/servicedeskapi/organization/1/user"),
    ("POST", "/rest/servicedeskapi/organization/1/user"),
    ("DELETE", "/rest/servicedeskapi/organization/1/user"),
    ("GET", "/rest/servicedeskapi/organization/1/property"),
    ("GET", "/rest/servicedeskapi/organization/1/property/k"),
    ("PUT", "/rest/servicedeskapi/organization/1/property/k"),
    ("DELETE", "/rest/servicedeskapi/organization/1/property/k"),
    ("POST", "/rest/servicedeskapi/customer"),
    ("GET", "/rest/clientele/1/myself"),
    ("POST", "/rest/clientele/1/servicedesk/ITH/customer/bulk"),
    ("GET", "/rest/clientele/1/servicedesk/ITH/access"),
    ("PUT", "/rest/clientele/1/servicedesk/ITH/access"),
    ("POST", "/rest/clientele/1/organization/1/user/bulk"),
    ("PUT", "/rest/clientele/1/organization/1"),
    ("GET", "/rest/clientele/1/settings"),
    ("PUT", "/rest/clientele/1/settings"),
    ("GET", "/rest/clientele/1/manageddomain"),
    ("POST", "/rest/clientele/1/manageddomain"),
    ("DELETE", "/rest/clientele/1/manageddomain/staff.example.com"),
    ("POST", "/rest/clientele/1/helpcenter"),
    ("PUT", "/rest/clientele/1/helpcenter/1"),
    ("DELETE", "/rest/clientele/1/helpcenter/1"),
    ("GET", "/rest/clientele/1/customer"),
    ("GET", "/rest/clientele/1/customer/4"),
    ("PUT", "/rest/clientele/1/customer/4"),
    ("DELETE", "/rest/clientele/1/customer/4"),
    ("PUT", "/rest/clientele/1/customer/4/password"),
    ("POST", "/rest/clientele/1/customer/4/migrate"),
    ("POST", "/rest/clientele/1/customer/4/revoke"),
    ("POST", "/rest/clientele/1/customer/4/restore"),
    ("GET", "/rest/clientele/1/token"),
    ("POST", "/rest/clientele/1/token"),
    ("DELETE", "/rest/clientele/1/token/1"),
];

#[tokio::test]
async fn every_endpoint_but_the_public_ones_needs_credentials() {
    let server = TestServer::start().await;
    for (method, path) in ENDPOINTS {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let response = Client::new()
            .request(method.clone(), server.url(path))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_error(response, 401, "notSignedIn").await;
        // A forged token on every endpoint (wrong passwords are limited to five guesses per
        // address and client: security_throttle.rs shows that limit on every kind of sign-in).
        let response = Client::new()
            .request(method, server.url(path))
            .bearer_auth("not-a-real-token")
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_error(response, 401, "badCredentials").await;
    }
    let response = Client::new()
        .get(server.url("/rest/clientele/1/myself"))
        .basic_auth(AGENT, Some("wrong password"))
        .send()
        .await
        .unwrap();
    assert_error(response, 401, "badCredentials").await;
    // Help centers are public: customers reach them before signing in.
    let centers: Value = Client::new()
        .get(server.url("/rest/clientele/1/helpcenter"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(centers["values"].as_array().unwrap().len(), 2);
    assert_eq!(centers["values"][0]["isDefault"], true);
}
