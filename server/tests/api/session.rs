use reqwest::Client;
use serde_json::json;

use crate::helpers::{assert_error, json, TestServer, PASSWORD};

#[tokio::test]
async fn sign_in_sets_an_http_only_same_site_cookie_and_session_reads_back() {
    let server = TestServer::start().await;
    let client = Client::builder().cookie_store(true).build().unwrap();
    let response = client
        .post(server.url("/rest/auth/1/session"))
        .json(&json!({"username": "Agent@Example.com", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("clientele_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let session = json(
        client
            .get(server.url("/rest/auth/1/session"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(session["emailAddress"], "agent@example.com");
    assert_eq!(session["name"], "Sam Agent");
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_401() {
    let server = TestServer::start().await;
    let client = Client::new();
    let mut messages = Vec::new();
    for (user, password) in [
        ("agent@example.com", "wrong password"),
        ("nobody@example.com", PASSWORD),
    ] {
        let response = client
            .post(server.url("/rest/auth/1/session"))
            .json(&json!({"username": user, "password": password}))
            .send()
            .await
            .unwrap();
        assert!(response.headers().get("set-cookie").is_none());
        let body = assert_error(response, 401, "badCredentials").await;
        messages.push(body["errorMessage"].clone());
    }
    assert_eq!(messages[0], messages[1]);
}

#[tokio::test]
async fn sign_out_ends_the_session_on_the_server() {
    let server = TestServer::start().await;
    let client = server.signed_in("lead@example.com").await;
    assert_eq!(
        client
            .get(server.url("/rest/auth/1/session"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let response = client
        .delete(server.url("/rest/auth/1/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert_error(
        client
            .get(server.url("/rest/auth/1/session"))
            .send()
            .await
            .unwrap(),
        401,
        "notSignedIn",
    )
    .await;
}

#[tokio::test]
async fn a_stolen_cookie_stops_working_after_sign_out() {
    let server = TestServer::start().await;
    let response = Client::new()
        .post(server.url("/rest/auth/1/session"))
        .json(&json!({"username": "agent@example.com", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let with_cookie = |method: reqwest::Method| {
        Client::new()
            .request(method, server.url("/rest/auth/1/session"))
            .header("cookie", &cookie)
    };
    assert_eq!(
        with_cookie(reqwest::Method::GET).send().await.unwrap().status(),
        200
    );
    assert_eq!(
        with_cookie(reqwest::Method::DELETE)
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(
        with_cookie(reqwest::Method::GET).send().await.unwrap().status(),
        401
    );
}

#[tokio::test]
async fn basic_auth_with_email_and_password_authenticates_api_calls() {
    let server = TestServer::start().await;
    let response = Client::new()
        .get(server.url("/rest/auth/1/session"))
        .basic_auth("admin@example.com", Some(PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(json(response).await["emailAddress"], "admin@example.com");
    let response = Client::new()
        .get(server.url("/rest/servicedeskapi/servicedesk"))
        .basic_auth("admin@example.com", Some("nope"))
        .send()
        .await
        .unwrap();
    assert_error(response, 401, "badCredentials").await;
}

#[tokio::test]
async fn myself_lists_roles_per_project() {
    let server = TestServer::start().await;
    let me = json(
        server
            .signed_in("agent@example.com")
            .await
            .get(server.url("/rest/clientele/1/myself"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(me["siteAdmin"], false);
    let roles: Vec<(String, String)> = me["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["key"].as_str().unwrap().into(),
                p["role"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        roles,
        [("FAC".into(), "agent".into()), ("ITH".into(), "agent".into())]
    );

    let me = json(
        server
            .signed_in("customer@example.com")
            .await
            .get(server.url("/rest/clientele/1/myself"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(me["projects"].as_array().unwrap().len(), 0);
    let me = json(
        server
            .signed_in("admin@example.com")
            .await
            .get(server.url("/rest/clientele/1/myself"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(me["siteAdmin"], true);
    assert_eq!(me["projects"].as_array().unwrap().len(), 2);
}
