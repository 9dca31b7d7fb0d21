//! The help center's one-time links, sign-up, forgot password and abuse limits.

use reqwest::Client;
use serde_json::json;

use crate::helpers::{assert_error, TestServer, ADMIN, AGENT};
use crate::mail::{link_in, mail_to};

async fn sign_in_status(server: &TestServer, email: &str, password: &str) -> u16 {
    server
        .post_anonymous(
            "/rest/auth/1/session",
            json!({"username": email, "password": password}),
        )
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn accepting_an_invitation_activates_the_account_and_signs_in_once() {
    let server = TestServer::start().await;
    server
        .bulk_add(AGENT, "ITH", json!({"emails": ["invitee@mail.example"]}))
        .await;
    let (slug, token) = link_in(&mail_to(&server, "invitee@mail.example").await[0], "invite");
    let path = format!("/rest/clientele/1/helpcenter/{slug}/link/{token}");
    let info = crate::helpers::json(Client::new().get(server.url(&path)).send().await.unwrap()).await;
    assert_eq!(info["state"], "valid");
    assert_eq!(info["purpose"], "invitation");
    assert_eq!(info["email"], "invitee@mail.example");

    assert_error(
        server.post_anonymous(&path, json!({"password": "short"})).await,
        400,
        "weakPassword",
    )
    .await;
    assert_eq!(
        sign_in_status(&server, "invitee@mail.example", "short").await,
        401
    );
    let client = Client::builder().cookie_store(true).build().unwrap();
    let accepted = client
        .post(server.url(&path))
        .json(&json!({"displayName": "Ivy Invitee", "password": "a sturdy passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), 200);
    let session = crate::helpers::json(
        client
            .get(server.url("/rest/auth/1/session"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(session["name"], "Ivy Invitee");
    let account = &server.accounts_with_email("invitee@mail.example").await[0];
    assert_eq!(account["status"], "active");
    assert_eq!(
        sign_in_status(&server, "invitee@mail.example", "a sturdy passphrase").await,
        200
    );

    assert_error(
        server
            .post_anonymous(&path, json!({"password": "another passphrase"}))
            .await,
        410,
        "linkUsed",
    )
    .await;
    let info = crate::helpers::json(Client::new().get(server.url(&path)).send().await.unwrap()).await;
    assert_eq!(info["state"], "used");
    assert!(info["email"].is_null());
    let home = crate::helpers::json(
        client
            .get(server.url(&format!("/rest/clientele/1/helpcenter/{slug}/home")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(home["projects"][0]["key"], "ITH", "{home}");
}

#[tokio::test]
async fn tampered_and_expired_links_are_refused() {
    let server = TestServer::start_with(|c| c.link_days = 0).await;
    server
        .bulk_add(AGENT, "ITH", json!({"emails": ["late@mail.example"]}))
        .await;
    let (slug, token) = link_in(&mail_to(&server, "late@mail.example").await[0], "invite");
    let expired = server
        .post_anonymous(
            &format!("/rest/clientele/1/helpcenter/{slug}/link/{token}"),
            json!({"password": "a sturdy passphrase"}),
        )
        .await;
    assert_error(expired, 410, "linkExpired").await;
    let mut tampered = token.clone();
    tampered.replace_range(0..1, if token.starts_with('A') { "B" } else { "A" });
    let response = server
        .post_anonymous(
            &format!("/rest/clientele/1/helpcenter/{slug}/link/{tampered}"),
            json!({"password": "a sturdy passphrase"}),
        )
        .await;
    assert_error(response, 404, "notFound").await;
}

#[tokio::test]
async fn a_revoked_customer_cannot_accept_an_invitation_or_reset_a_password() {
    let server = TestServer::start().await;
    server
        .bulk_add(AGENT, "ITH", json!({"emails": ["gone@mail.example"]}))
        .await;
    let (slug, token) = link_in(&mail_to(&server, "gone@mail.example").await[0], "invite");
    let id = server.account_id("gone@mail.example").await;
    assert_eq!(
        server
            .post_as(
                ADMIN,
                &format!("/rest/clientele/1/customer/{id}/revoke"),
                json!({})
            )
            .await
            .status(),
        200
    );
    let response = server
        .post_anonymous(
            &format!("/rest/clientele/1/helpcenter/{slug}/link/{token}"),
            json!({"password": "a sturdy passphrase"}),
        )
        .await;
    assert_error(response, 403, "accessRevoked").await;
    assert_eq!(
        server
            .post_anonymous(
                "/rest/clientele/1/helpcenter/support/forgot",
                json!({"email": "gone@mail.example"})
            )
            .await
            .status(),
        202
    );
    assert_eq!(
        mail_to(&server, "gone@mail.example").await.len(),
        1,
        "no reset message"
    );
}

#[tokio::test]
async fn public_sign_up_needs_a_project_that_allows_it_and_refuses_managed_domains() {
    let server = TestServer::start().await;
    let body =
        json!({"email": "self@mail.example", "displayName": "Sam Self", "password": "a sturdy passphrase"});
    assert_error(
        server
            .post_anonymous("/rest/clientele/1/helpcenter/support/signup", body.clone())
            .await,
        403,
        "signupClosed",
    )
    .await;
    assert!(server.accounts_with_email("self@mail.example").await.is_empty());

    server
        .put_as(
            ADMIN,
            "/rest/clientele/1/servicedesk/FAC/access",
            json!({"publicSignup": true}),
        )
        .await;
    let staff =
        json!({"email": "someone@staff.example.com", "displayName": "S", "password": "a sturdy passphrase"});
    assert_error(
        server
            .post_anonymous("/rest/clientele/1/helpcenter/support/signup", staff)
            .await,
        403,
        "managedDomain",
    )
    .await;
    assert_eq!(
        server
            .post_anonymous("/rest/clientele/1/helpcenter/support/signup", body.clone())
            .await
            .status(),
        200
    );
    assert_eq!(
        server.accounts_with_email("self@mail.example").await[0]["status"],
        "invited"
    );
    assert_eq!(
        sign_in_status(&server, "self@mail.example", "a sturdy passphrase").await,
        401,
        "not before verifying"
    );
    assert_error(
        server
            .post_anonymous("/rest/clientele/1/helpcenter/support/signup", body)
            .await,
        409,
        "emailTaken",
    )
    .await;

    let (slug, token) = link_in(&mail_to(&server, "self@mail.example").await[0], "verify");
    let verified = server
        .post_anonymous(
            &format!("/rest/clientele/1/helpcenter/{slug}/link/{token}"),
            json!({"password": "a sturdy passphrase"}),
        )
        .await;
    assert_eq!(verified.status(), 200);
    assert_eq!(
        sign_in_status(&server, "self@mail.example", "a sturdy passphrase").await,
        200
    );
}

#[tokio::test]
async fn forgot_password_answers_the_same_for_unknown_addresses_and_the_reset_link_works() {
    let server = TestServer::start().await;
    let known = server
        .post_anonymous(
            "/rest/clientele/1/helpcenter/support/forgot",
            json!({"email": "customer@example.com"}),
        )
        .await;
    let unknown = server
        .post_anonymous(
            "/rest/clientele/1/helpcenter/support/forgot",
            json!({"email": "nobody@mail.example"}),
        )
        .await;
    assert_eq!((known.status().as_u16(), unknown.status().as_u16()), (202, 202));
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());
    assert!(mail_to(&server, "nobody@mail.example").await.is_empty());
    let (slug, token) = link_in(&mail_to(&server, "customer@example.com").await[0], "reset");
    let reset = server
        .post_anonymous(
            &format!("/rest/clientele/1/helpcenter/{slug}/link/{token}"),
            json!({"password": "a brand new passphrase"}),
        )
        .await;
    assert_eq!(reset.status(), 200);
    assert_eq!(
        sign_in_status(&server, "customer@example.com", "a brand new passphrase").await,
        200
    );
    assert_eq!(
        sign_in_status(&server, "customer@example.com", crate::helpers::PASSWORD).await,
        401
    );
}

#[tokio::test]
async fn repeated_failures_are_rate_limited_with_retry_after() {
    let server = TestServer::start().await;
    for _ in 0..5 {
        assert_eq!(
            sign_in_status(&server, "agent@example.com", "wrong password").await,
            401
        );
    }
    let limited = server
        .post_anonymous(
            "/rest/auth/1/session",
            json!({"username": "agent@example.com", "password": "wrong password"}),
        )
        .await;
    assert!(
        limited.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > 0
    );
    assert_error(limited, 429, "tooManyRequests").await;
    // Even the right password waits: the address is locked for the window.
    assert_eq!(
        sign_in_status(&server, "agent@example.com", crate::helpers::PASSWORD).await,
        429
    );
    for _ in 0..5 {
        assert_eq!(
            server
                .post_anonymous(
                    "/rest/clientele/1/helpcenter/support/forgot",
                    json!({"email": "x@mail.example"})
                )
                .await
                .status(),
            202
        );
    }
    let limited = server
        .post_anonymous(
            "/rest/clientele/1/helpcenter/support/forgot",
            json!({"email": "x@mail.example"}),
        )
        .await;
    assert_error(limited, 429, "tooManyRequests").await;
}

#[tokio::test]
async fn verifying_a_self_sign_up_needs_no_second_password_but_an_invitation_does() {
    let server = TestServer::start().await;
    server
        .put_as(
            ADMIN,
            "/rest/clientele/1/servicedesk/FAC/access",
            json!({"publicSignup": true}),
        )
        .await;
    let body =
        json!({"email": "once@mail.example", "displayName": "Ona Once", "password": "a sturdy passphrase"});
    assert_eq!(
        server
            .post_anonymous("/rest/clientele/1/helpcenter/support/signup", body)
            .await
            .status(),
        200
    );
    let (slug, token) = link_in(&mail_to(&server, "once@mail.example").await[0], "verify");
    let path = format!("/rest/clientele/1/helpcenter/{slug}/link/{token}");
    let info = crate::helpers::json(Client::new().get(server.url(&path)).send().await.unwrap()).await;
    assert_eq!(info["hasPassword"], true);
    assert_eq!(server.post_anonymous(&path, json!({})).await.status(), 200);
    assert_eq!(
        sign_in_status(&server, "once@mail.example", "a sturdy passphrase").await,
        200
    );

    server
        .bulk_add(AGENT, "ITH", json!({"emails": ["invited.only@mail.example"]}))
        .await;
    let (slug, token) = link_in(&mail_to(&server, "invited.only@mail.example").await[0], "invite");
    let path = format!("/rest/clientele/1/helpcenter/{slug}/link/{token}");
    let info = crate::helpers::json(Client::new().get(server.url(&path)).send().await.unwrap()).await;
    assert_eq!(info["hasPassword"], false);
    assert_error(server.post_anonymous(&path, json!({})).await, 400, "weakPassword").await;
}

#[tokio::test]
async fn forgot_password_gives_someone_who_never_signed_up_a_new_invitation() {
    let server = TestServer::start().await;
    server
        .bulk_add(AGENT, "ITH", json!({"emails": ["lost.mail@mail.example"]}))
        .await;
    let answer = server
        .post_anonymous(
            "/rest/clientele/1/helpcenter/support/forgot",
            json!({"email": "lost.mail@mail.example"}),
        )
        .await;
    assert_eq!(answer.status(), 202);
    let messages = mail_to(&server, "lost.mail@mail.example").await;
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0]["kind"], "invitation");
    let (slug, token) = link_in(&messages[0], "invite");
    let accepted = server
        .post_anonymous(
            &format!("/rest/clientele/1/helpcenter/{slug}/link/{token}"),
            json!({"password": "a sturdy passphrase"}),
        )
        .await;
    assert_eq!(accepted.status(), 200);
}
