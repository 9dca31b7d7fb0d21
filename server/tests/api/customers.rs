//! JSM's `POST /rest/servicedeskapi/customer`: create a customer account by address and name.

use serde_json::{json, Value};

use crate::helpers::{assert_error, TestServer, ADMIN, AGENT, LEAD};

const CREATE: &str = "/rest/servicedeskapi/customer";

#[tokio::test]
async fn creating_a_customer_answers_201_with_an_invited_portal_only_user() {
    let server = TestServer::start().await;
    let response = server
        .post_as(
            AGENT,
            CREATE,
            json!({"email": " Fred@NewCo.Example ", "displayName": " Fred New "}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let fred: Value = response.json().await.unwrap();
    assert_eq!(fred["emailAddress"], "Fred@newco.example");
    assert_eq!(fred["displayName"], "Fred New");
    assert_eq!(
        (fred["accountType"].as_str(), fred["status"].as_str()),
        (Some("customer"), Some("invited"))
    );
    assert_eq!(fred["active"], true);
    assert!(
        fred["accountId"].is_string() && fred["_links"]["self"].is_string(),
        "{fred}"
    );
    let listed = server.accounts_with_email("fred@newco.example").await;
    assert_eq!(listed[0]["accountId"], fred["accountId"]);
    // Created, not added anywhere.
    let detail = server
        .get_json(
            ADMIN,
            &format!(
                "/rest/clientele/1/customer/{}",
                fred["accountId"].as_str().unwrap()
            ),
        )
        .await;
    assert_eq!(
        (detail["projects"].clone(), detail["organizations"].clone()),
        (json!([]), json!([]))
    );
}

#[tokio::test]
async fn the_older_full_name_is_accepted_and_the_local_part_is_the_default_name() {
    let server = TestServer::start().await;
    let gina: Value = server
        .post_as(
            LEAD,
            CREATE,
            json!({"email": "gina@newco.example", "fullName": "Gina Old"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(gina["displayName"], "Gina Old");
    let hal: Value = server
        .post_as(LEAD, CREATE, json!({"email": "hal.9000@newco.example"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(hal["displayName"], "hal.9000");
    let both = json!({"email": "ida@newco.example", "displayName": "Ida New", "fullName": "Ida Old"});
    let ida: Value = server.post_as(LEAD, CREATE, both).await.json().await.unwrap();
    assert_eq!(ida["displayName"], "Ida New");
}

#[tokio::test]
async fn an_existing_address_is_a_400_or_a_409_when_strict() {
    let server = TestServer::start().await;
    for email in [
        "customer@example.com",
        "CUSTOMER@Example.com",
        "jonas.garcia@globex.example",
    ] {
        let body = json!({"email": email, "displayName": "Again"});
        assert_error(
            server.post_as(AGENT, CREATE, body.clone()).await,
            400,
            "emailTaken",
        )
        .await;
        let strict = format!("{CREATE}?strictConflictStatusCode=true");
        assert_error(
            server.post_as(AGENT, &strict, body.clone()).await,
            409,
            "emailTaken",
        )
        .await;
        let lenient = format!("{CREATE}?strictConflictStatusCode=false");
        assert_error(server.post_as(AGENT, &lenient, body).await, 400, "emailTaken").await;
    }
    assert_eq!(
        server.accounts_with_email("customer@example.com").await[0]["displayName"],
        "Casey Customer"
    );
    let response = server
        .post_as(
            AGENT,
            &format!("{CREATE}?strictConflictStatusCode=maybe"),
            json!({"email": "x@newco.example"}),
        )
        .await;
    assert_error(response, 400, "invalidParameter").await;
}

#[tokio::test]
async fn an_invalid_address_or_name_is_a_400() {
    let server = TestServer::start().await;
    for email in [
        "",
        "nobody",
        "a@b",
        "two@@newco.example",
        "x@newco..example",
        &format!("{}@newco.example", "l".repeat(65)),
    ] {
        assert_error(
            server.post_as(AGENT, CREATE, json!({"email": email})).await,
            400,
            "invalidEmail",
        )
        .await;
    }
    let long = json!({"email": "long.name@newco.example", "displayName": "n".repeat(256)});
    assert_error(server.post_as(AGENT, CREATE, long).await, 400, "invalidName").await;
    for bad in [
        json!({}),
        json!({"email": 5}),
        json!({"email": "ok@newco.example", "displayName": ["x"]}),
    ] {
        assert_error(server.post_as(AGENT, CREATE, bad).await, 400, "invalidBody").await;
    }
    assert!(server
        .accounts_with_email("long.name@newco.example")
        .await
        .is_empty());
}
