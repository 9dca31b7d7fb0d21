//! Issue 11, holes 1 and 4: nobody chooses a password for an address they do not hold, and a
//! password change ends every other way into the account.

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{assert_error, json, TestServer, ADMIN, AGENT, CUSTOMER, PASSWORD};
use crate::mail::{link_in, mail_to};

const SUPPORT: &str = "/rest/clientele/1/helpcenter/support";

async fn sign_in(server: &TestServer, email: &str, password: &str) -> StatusCode {
    server
        .post_anonymous(
            "/rest/auth/1/session",
            json!({"username": email, "password": password}),
        )
        .await
        .status()
}

/// A signed-in cookie client for `email` with `password`.
async fn session(server: &TestServer, email: &str, password: &str) -> Client {
    let client = Client::builder().cookie_store(true).build().unwrap();
    let response = client
        .post(server.url("/rest/auth/1/session"))
        .json(&json!({"username": email, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "sign-in as {email}");
    client
}

async fn still_signed_in(server: &TestServer, client: &Client) -> bool {
    let status = client
        .get(server.url("/rest/auth/1/session"))
        .send()
        .await
        .unwrap()
        .status();
    status == 200
}

async fn open_public_sign_up(server: &TestServer) {
    let response = server
        .put_as(
            ADMIN,
            "/rest/clientele/1/servicedesk/FAC/access",
            json!({"publicSignup": true}),
        )
        .await;
    assert_eq!(response.status(), 200);
}

/// The link's path and what the help center says about it.
async fn link_info(server: &TestServer, message: &Value, segment: &str) -> (String, Value) {
    let (slug, token) = link_in(message, segment);
    let path = format!("/rest/clientele/1/helpcenter/{slug}/link/{token}");
    let info = json(Client::new().get(server.url(&path)).send().await.unwrap()).await;
    (path, info)
}

fn segment(message: &Value) -> &'static str {
    match message["kind"].as_str().unwrap() {
        "invitation" => "invite",
        "verification" => "verify",
        _ => "reset",
    }
}

#[tokio::test]
async fn a_stranger_who_signs_up_with_someone_elses_address_never_sets_the_owners_password() {
    let server = TestServer::start().await;
    open_public_sign_up(&server).await;
    let victim = "victim@mail.example";
    let attacker_password = "the attacker's own choice";
    let signed_up = server
        .post_anonymous(
            &format!("{SUPPORT}/signup"),
            json!({"email": victim, "displayName": "Vic Tim", "password": attacker_password}),
        )
        .await;
    assert_eq!(signed_up.status(), 200);
    let sign_up_message = mail_to(&server, victim).await[0].clone();

    // The owner never saw that mail; they use Forgot password. The link they get asks for a
    // password of their own and activates nothing without one.
    let forgot = server
        .post_anonymous(&format!("{SUPPORT}/forgot"), json!({"email": victim}))
        .await;
    assert_eq!(forgot.status(), 202);
    let reset = mail_to(&server, victim).await[0].clone();
    let (path, info) = link_info(&server, &reset, segment(&reset)).await;
    assert_eq!(info["state"], "valid");
    assert_eq!(info["hasPassword"], false, "{info}");
    assert_error(server.post_anonymous(&path, json!({})).await, 400, "weakPassword").await;
    assert_eq!(sign_in(&server, victim, attacker_password).await, 401);

    let owner_password = "the owner's real passphrase";
    assert_eq!(
        server
            .post_anonymous(&path, json!({"password": owner_password}))
            .await
            .status(),
        200
    );
    assert_eq!(sign_in(&server, victim, attacker_password).await, 401);
    assert_eq!(sign_in(&server, victim, owner_password).await, 200);
    // The sign-up's own link, with the stranger's password bound to it, is void now.
    let (path, info) = link_info(&server, &sign_up_message, "verify").await;
    assert_eq!(info["state"], "used", "{info}");
    assert_error(server.post_anonymous(&path, json!({})).await, 410, "linkUsed").await;
    assert_eq!(sign_in(&server, victim, attacker_password).await, 401);
}

#[tokio::test]
async fn an_agents_resend_after_a_strangers_sign_up_asks_the_owner_for_a_password() {
    let server = TestServer::start().await;
    open_public_sign_up(&server).await;
    let victim = "second.victim@mail.example";
    let attacker_password = "the attacker's own choice";
    let signed_up = server
        .post_anonymous(
            &format!("{SUPPORT}/signup"),
            json!({"email": victim, "displayName": "Second", "password": attacker_password}),
        )
        .await;
    assert_eq!(signed_up.status(), 200);
    server.bulk_add(AGENT, "ITH", json!({"emails": [victim]})).await;
    let id = server.account_id(victim).await;
    let resent = server
        .post_as(
            AGENT,
            &format!("/rest/clientele/1/servicedesk/ITH/customer/{id}/invitation"),
            json!({}),
        )
        .await;
    assert_eq!(resent.status(), 201);
    let message = mail_to(&server, victim).await[0].clone();
    let (path, info) = link_info(&server, &message, segment(&message)).await;
    assert_eq!(info["hasPassword"], false, "{info}");
    assert_error(server.post_anonymous(&path, json!({})).await, 400, "weakPassword").await;
    assert_eq!(sign_in(&server, victim, attacker_password).await, 401);
    // The same through the help center's Resend.
    let resend = server
        .post_anonymous(&format!("{SUPPORT}/resend"), json!({"email": victim}))
        .await;
    assert_eq!(resend.status(), 202);
    let message = mail_to(&server, victim).await[0].clone();
    let (_, info) = link_info(&server, &message, segment(&message)).await;
    assert_eq!(info["hasPassword"], false, "{info}");
}

#[tokio::test]
async fn a_reset_ends_every_session_and_voids_the_other_unused_links() {
    let server = TestServer::start().await;
    let old_session = session(&server, CUSTOMER, PASSWORD).await;
    for _ in 0..2 {
        let forgot = server
            .post_anonymous(&format!("{SUPPORT}/forgot"), json!({"email": CUSTOMER}))
            .await;
        assert_eq!(forgot.status(), 202);
    }
    let messages = mail_to(&server, CUSTOMER).await;
    let (first_path, _) = link_info(&server, &messages[0], "reset").await;
    let (second_path, _) = link_info(&server, &messages[1], "reset").await;
    assert_eq!(
        server
            .post_anonymous(&first_path, json!({"password": "a brand new passphrase"}))
            .await
            .status(),
        200
    );
    assert!(!still_signed_in(&server, &old_session).await);
    assert_error(
        server
            .post_anonymous(&second_path, json!({"password": "a second new passphrase"}))
            .await,
        410,
        "linkUsed",
    )
    .await;
    assert_eq!(sign_in(&server, CUSTOMER, "a brand new passphrase").await, 200);
}

#[tokio::test]
async fn a_site_admins_password_change_ends_the_accounts_sessions_and_links() {
    let server = TestServer::start().await;
    let victim_session = session(&server, CUSTOMER, PASSWORD).await;
    let forgot = server
        .post_anonymous(&format!("{SUPPORT}/forgot"), json!({"email": CUSTOMER}))
        .await;
    assert_eq!(forgot.status(), 202);
    let (reset_path, _) = link_info(&server, &mail_to(&server, CUSTOMER).await[0], "reset").await;
    let id = server.account_id(CUSTOMER).await;
    let changed = server
        .put_as(
            ADMIN,
            &format!("/rest/clientele/1/customer/{id}/password"),
            json!({"password": "set by the site admin"}),
        )
        .await;
    assert_eq!(changed.status(), 204);
    assert!(!still_signed_in(&server, &victim_session).await);
    assert_error(
        server
            .post_anonymous(&reset_path, json!({"password": "someone else's idea"}))
            .await,
        410,
        "linkUsed",
    )
    .await;
}

#[tokio::test]
async fn changing_ones_own_password_keeps_this_session_and_api_tokens_and_ends_the_rest() {
    let server = TestServer::start().await;
    let here = session(&server, CUSTOMER, PASSWORD).await;
    let elsewhere = session(&server, CUSTOMER, PASSWORD).await;
    let token: Value = json(
        server
            .post_as(CUSTOMER, "/rest/clientele/1/token", json!({"label": "script"}))
            .await,
    )
    .await;
    let token = token["token"].as_str().unwrap().to_string();
    let change = |current: &str, new: &str| {
        here.put(server.url("/rest/clientele/1/myself/password"))
            .json(&json!({"currentPassword": current, "newPassword": new}))
            .send()
    };
    assert_error(
        change("not my password", "my next passphrase").await.unwrap(),
        400,
        "wrongPassword",
    )
    .await;
    assert_error(change(PASSWORD, "short").await.unwrap(), 400, "weakPassword").await;
    assert_eq!(
        change(PASSWORD, "my next passphrase").await.unwrap().status(),
        204
    );
    assert!(still_signed_in(&server, &here).await);
    assert!(!still_signed_in(&server, &elsewhere).await);
    let by_token = Client::new()
        .get(server.url("/rest/auth/1/session"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(by_token.status(), 200);
    assert_eq!(sign_in(&server, CUSTOMER, PASSWORD).await, 401);
    assert_eq!(sign_in(&server, CUSTOMER, "my next passphrase").await, 200);
}
