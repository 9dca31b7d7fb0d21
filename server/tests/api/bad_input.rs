use reqwest::Client;

use crate::helpers::{assert_error, TestServer, PASSWORD};

#[tokio::test]
async fn malformed_json_at_sign_in_is_a_400_json_error() {
    let server = TestServer::start().await;
    let response = Client::new()
        .post(server.url("/rest/auth/1/session"))
        .header("content-type", "application/json")
        .body("{\"username\": ")
        .send()
        .await
        .unwrap();
    assert_error(response, 400, "malformedJson").await;
    let response = Client::new()
        .post(server.url("/rest/auth/1/session"))
        .header("content-type", "application/json")
        .body("{\"username\": 5}")
        .send()
        .await
        .unwrap();
    assert_error(response, 400, "invalidBody").await;
}

#[tokio::test]
async fn wrong_content_type_at_sign_in_is_a_415_json_error() {
    let server = TestServer::start().await;
    let response = Client::new()
        .post(server.url("/rest/auth/1/session"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("username=agent@example.com&password={PASSWORD}"))
        .send()
        .await
        .unwrap();
    assert_error(response, 415, "unsupportedMediaType").await;
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413_json_error() {
    let server = TestServer::start_with(|c| c.max_body_bytes = 1024).await;
    let big = format!("{{\"username\": \"{}\", \"password\": \"x\"}}", "a".repeat(4096));
    let response = Client::new()
        .post(server.url("/rest/auth/1/session"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_error(response, 413, "bodyTooLarge").await;
}

#[tokio::test]
async fn a_missing_cookie_on_the_servicedesk_list_is_a_401_json_error() {
    let server = TestServer::start().await;
    let response = Client::new()
        .get(server.url("/rest/servicedeskapi/servicedesk"))
        .send()
        .await
        .unwrap();
    assert_error(response, 401, "notSignedIn").await;
    let response = Client::new()
        .get(server.url("/rest/servicedeskapi/servicedesk"))
        .header("cookie", "clientele_session=forged")
        .send()
        .await
        .unwrap();
    assert_error(response, 401, "notSignedIn").await;
}

#[tokio::test]
async fn bad_paging_parameters_are_400_json_errors() {
    let server = TestServer::start().await;
    let client = server.signed_in("agent@example.com").await;
    for query in ["start=-1", "limit=-5", "start=abc", "limit=1.5"] {
        let response = client
            .get(server.url(&format!("/rest/servicedeskapi/servicedesk?{query}")))
            .send()
            .await
            .unwrap();
        assert_error(response, 400, "invalidParameter").await;
    }
}

#[tokio::test]
async fn malformed_authorization_headers_are_401_json_errors() {
    let server = TestServer::start().await;
    for value in [
        "Basic !!!not-base64",
        "Basic YWdlbnQ=",
        "Bearer nope",
        "Digest abc",
        "garbage",
    ] {
        let response = Client::new()
            .get(server.url("/rest/servicedeskapi/servicedesk"))
            .header("authorization", value)
            .send()
            .await
            .unwrap();
        assert_error(response, 401, "badCredentials").await;
    }
}

#[tokio::test]
async fn unknown_api_paths_and_methods_answer_json_not_html() {
    let server = TestServer::start().await;
    let client = server.signed_in("agent@example.com").await;
    assert_error(
        client
            .get(server.url("/rest/servicedeskapi/nothing"))
            .send()
            .await
            .unwrap(),
        404,
        "notFound",
    )
    .await;
    assert_error(
        client
            .put(server.url("/rest/servicedeskapi/servicedesk"))
            .send()
            .await
            .unwrap(),
        405,
        "methodNotAllowed",
    )
    .await;
}
