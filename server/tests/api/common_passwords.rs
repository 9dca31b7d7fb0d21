//! New passwords are checked against the server's list of common passwords (NIST SP 800-63B):
//! at sign-up, on invitation and reset links, and in the site admin's "Change password"; and
//! `POST /password/check` gives the browser the same answer without the list.
//!
//! The common passwords used here are on the list but were not on the 36 entries that the
//! check had before, so these tests fail without the list.

use reqwest::Client;
use serde_json::json;

use crate::helpers::{assert_error, assert_no_content, json, TestServer, ADMIN, AGENT};
use crate::mail::{link_in, mail_to};

const CHECK: &str = "/rest/clientele/1/password/check";
const LIST_MESSAGE: &str = "This password is on a list of commonly used passwords. Choose another.";

async fn basic_status(server: &TestServer, email: &str, password: &str) -> u16 {
    Client::new()
        .get(server.url("/rest/auth/1/session"))
        .basic_auth(email, Some(password))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Asserts a `weakPassword` refusal that says the password is on the list.
async fn assert_listed(response: reqwest::Response) {
    let body = assert_error(response, 400, "weakPassword").await;
    assert_eq!(body["errorMessage"], LIST_MESSAGE, "{body}");
}

#[tokio::test]
async fn sign_up_refuses_a_common_password_of_ten_characters_and_creates_nothing() {
    let server = TestServer::start().await;
    server
        .put_as(
            ADMIN,
            "/rest/clientele/1/servicedesk/FAC/access",
            json!({"publicSignup": true}),
        )
        .await;
    let signup = "/rest/clientele/1/helpcenter/support/signup";
    let with = |password: &str| json!({"email": "hoop@mail.example", "displayName": "Hoop Fan", "password": password});
    for common in ["basketball", "BasketBall"] {
        assert_listed(server.post_anonymous(signup, with(common)).await).await;
    }
    assert!(server.accounts_with_email("hoop@mail.example").await.is_empty());
    assert!(mail_to(&server, "hoop@mail.example").await.is_empty());
    // The same person with a password off the list gets an account.
    assert_eq!(
        server
            .post_anonymous(signup, with("a sturdy passphrase"))
            .await
            .status(),
        200
    );
    assert_eq!(
        server.accounts_with_email("hoop@mail.example").await[0]["status"],
        "invited"
    );
}

#[tokio::test]
async fn an_invitation_link_refuses_a_common_password_and_stays_usable() {
    let server = TestServer::start().await;
    server
        .bulk_add(AGENT, "ITH", json!({"emails": ["united@mail.example"]}))
        .await;
    let (slug, token) = link_in(&mail_to(&server, "united@mail.example").await[0], "invite");
    let path = format!("/rest/clientele/1/helpcenter/{slug}/link/{token}");
    assert_listed(
        server
            .post_anonymous(&path, json!({"password": "manchester"}))
            .await,
    )
    .await;
    let body = assert_error(
        server
            .post_anonymous(&path, json!({"password": "baseball1987"}))
            .await,
        400,
        "weakPassword",
    )
    .await;
    assert_eq!(
        body["errorMessage"],
        "This password is a commonly used one with digits added. Choose another."
    );
    assert_eq!(
        server.accounts_with_email("united@mail.example").await[0]["status"],
        "invited"
    );
    assert_eq!(
        basic_status(&server, "united@mail.example", "manchester").await,
        401
    );
    // The link was not used up by the refusals.
    let accepted = server
        .post_anonymous(&path, json!({"password": "a sturdy passphrase"}))
        .await;
    assert_eq!(accepted.status(), 200);
    assert_eq!(
        basic_status(&server, "united@mail.example", "a sturdy passphrase").await,
        200
    );
}

#[tokio::test]
async fn a_reset_link_refuses_a_common_password_and_the_old_one_keeps_working() {
    let server = TestServer::start().await;
    let forgot = server
        .post_anonymous(
            "/rest/clientele/1/helpcenter/support/forgot",
            json!({"email": "customer@example.com"}),
        )
        .await;
    assert_eq!(forgot.status(), 202);
    let (slug, token) = link_in(&mail_to(&server, "customer@example.com").await[0], "reset");
    let path = format!("/rest/clientele/1/helpcenter/{slug}/link/{token}");
    assert_listed(
        server
            .post_anonymous(&path, json!({"password": "california"}))
            .await,
    )
    .await;
    assert_eq!(
        basic_status(&server, "customer@example.com", "california").await,
        401
    );
    assert_eq!(
        basic_status(&server, "customer@example.com", crate::helpers::PASSWORD).await,
        200
    );
}

#[tokio::test]
async fn a_site_admin_cannot_give_a_customer_a_common_password() {
    let server = TestServer::start().await;
    let ada = server.account_id("ada.moreau@acme.example").await;
    let path = format!("/rest/clientele/1/customer/{ada}/password");
    assert_listed(
        server
            .put_as(ADMIN, &path, json!({"password": "terminator"}))
            .await,
    )
    .await;
    assert_eq!(
        server.accounts_with_email("ada.moreau@acme.example").await[0]["status"],
        "invited",
        "nothing changed"
    );
    assert_eq!(
        basic_status(&server, "ada.moreau@acme.example", "terminator").await,
        401
    );
    assert_no_content(
        &server
            .put_as(ADMIN, &path, json!({"password": "correct horse battery"}))
            .await,
    );
}

#[tokio::test]
async fn the_check_endpoint_answers_anyone_for_common_and_good_passwords() {
    let server = TestServer::start().await;
    let check = |password: &str| server.post_anonymous(CHECK, json!({"password": password}));

    let common = check("Enterprise").await;
    assert_eq!(common.status(), 200);
    assert_eq!(
        json(common).await,
        json!({"acceptable": false, "message": LIST_MESSAGE, "problem": "tooCommon"})
    );
    assert_eq!(
        json(check("dragon1234").await).await["problem"],
        "commonWithDigits"
    );
    assert_eq!(json(check("short").await).await["problem"], "tooShort");
    assert_eq!(json(check("abcdefghij").await).await["problem"], "tooSimple");
    assert_eq!(
        json(check("a tram at dawn, 7 stops").await).await,
        json!({"acceptable": true, "message": "Strong enough."})
    );
}

#[tokio::test]
async fn the_check_endpoint_wants_a_json_body_with_a_password() {
    let server = TestServer::start().await;
    assert_error(server.post_anonymous(CHECK, json!({})).await, 400, "invalidBody").await;
    let form = Client::new()
        .post(server.url(CHECK))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("password=basketball")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 415);
}
