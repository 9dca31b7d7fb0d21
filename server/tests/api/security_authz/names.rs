//! Hole 11: attacker text in real mail. Every name that enters the server (display names from
//! sign-up, invitation links, customer creation, account editing and bulk adds; organization
//! and help center names; token labels) is refused when it holds a line break or another
//! control character, with a reason, and nothing is written.

use serde_json::json;

use crate::helpers::{assert_error, TestServer, ADMIN, AGENT, LEAD};
use crate::mail::{link_in, mail_to};

/// A display name that would start a new line in the greeting of a message.
const EVIL: &str = "Eve\r\nBcc: x@evil.test";
const PASSPHRASE: &str = "a sturdy passphrase";

/// Asserts a 400 `invalidName` (or `reason`) whose message names the problem.
async fn assert_control_characters_refused(response: reqwest::Response, reason: &str) {
    let body = assert_error(response, 400, reason).await;
    let message = body["errorMessage"].as_str().unwrap();
    assert!(
        message.contains("can't contain line breaks or other control characters"),
        "{message}"
    );
}

#[tokio::test]
async fn sign_up_refuses_a_display_name_with_a_line_break_and_writes_nothing() {
    let server = TestServer::start().await;
    let access = server
        .put_as(
            ADMIN,
            "/rest/clientele/1/servicedesk/FAC/access",
            json!({"publicSignup": true}),
        )
        .await;
    assert_eq!(access.status(), 200);
    let signup = "/rest/clientele/1/helpcenter/support/signup";
    let evil = json!({"email": "eve@mail.example", "displayName": EVIL, "password": PASSPHRASE});
    assert_control_characters_refused(server.post_anonymous(signup, evil).await, "invalidName").await;
    assert!(server.accounts_with_email("eve@mail.example").await.is_empty());
    assert!(mail_to(&server, "eve@mail.example").await.is_empty());

    let fine = json!({"email": "eve@mail.example", "displayName": "Eve Example", "password": PASSPHRASE});
    assert_eq!(server.post_anonymous(signup, fine).await.status(), 200);
    assert_eq!(
        server.accounts_with_email("eve@mail.example").await[0]["displayName"],
        "Eve Example"
    );
}

#[tokio::test]
async fn an_invitation_link_refuses_a_display_name_with_a_line_break_and_stays_usable() {
    let server = TestServer::start().await;
    server
        .bulk_add(AGENT, "ITH", json!({"emails": ["invitee@mail.example"]}))
        .await;
    let (slug, token) = link_in(&mail_to(&server, "invitee@mail.example").await[0], "invite");
    let link = format!("/rest/clientele/1/helpcenter/{slug}/link/{token}");
    for name in [EVIL, "Eve\u{202e}gnp.exe", "Eve\u{2028}Smith", "Eve\tSmith"] {
        let body = json!({"displayName": name, "password": PASSPHRASE});
        assert_control_characters_refused(server.post_anonymous(&link, body).await, "invalidName").await;
    }
    let account = &server.accounts_with_email("invitee@mail.example").await[0];
    assert_eq!(account["status"], "invited", "{account}");
    assert_eq!(account["displayName"], "invitee", "{account}");

    let body = json!({"displayName": "Ivy Invitee", "password": PASSPHRASE});
    assert_eq!(server.post_anonymous(&link, body).await.status(), 200);
    let account = &server.accounts_with_email("invitee@mail.example").await[0];
    assert_eq!(
        (&account["status"], &account["displayName"]),
        (&json!("active"), &json!("Ivy Invitee"))
    );
}

#[tokio::test]
async fn creating_a_customer_refuses_a_display_name_with_a_line_break() {
    let server = TestServer::start().await;
    let create = "/rest/servicedeskapi/customer";
    for field in ["displayName", "fullName"] {
        let body = json!({"email": "eve@mail.example", field: EVIL});
        assert_control_characters_refused(server.post_as(AGENT, create, body).await, "invalidName").await;
    }
    assert!(server.accounts_with_email("eve@mail.example").await.is_empty());
    let fine = json!({"email": "eve@mail.example", "displayName": "Eve Example"});
    assert_eq!(server.post_as(AGENT, create, fine).await.status(), 201);
}

#[tokio::test]
async fn a_site_admin_cannot_give_an_account_a_name_with_a_line_break() {
    let server = TestServer::start().await;
    let casey = server.account_id("customer@example.com").await;
    let path = format!("/rest/clientele/1/customer/{casey}");
    let response = server.put_as(ADMIN, &path, json!({"displayName": EVIL})).await;
    assert_control_characters_refused(response, "invalidName").await;
    assert_eq!(
        server.get_json(ADMIN, &path).await["customer"]["displayName"],
        "Casey Customer"
    );
    let fine = server
        .put_as(ADMIN, &path, json!({"displayName": "Casey C."}))
        .await;
    assert_eq!(fine.status(), 200);
}

#[tokio::test]
async fn bulk_add_reports_a_display_name_with_control_characters_per_entry_and_adds_the_rest() {
    let server = TestServer::start().await;
    // A line break ends an entry in pasted text; these survive the email parser's quotes.
    let body = json!({"emails": [
        "\"Eve\u{2028}Bcc: x@evil.test\" <eve@mail.example>",
        "\"Tab\tName\" <tab@mail.example>",
        "\"Evil \u{202e}gnp.exe\" <bidi@mail.example>",
        "Jane Doe <jane@mail.example>",
    ]});
    let report = server.bulk_add(AGENT, "ITH", body).await;
    let results = report["results"].as_array().unwrap();
    for result in &results[..3] {
        assert_eq!(result["outcome"], "invalid", "{result}");
        assert_eq!(result["reasonCode"], "invalidName", "{result}");
        assert!(
            result["reason"].as_str().unwrap().contains("line breaks"),
            "{result}"
        );
    }
    assert_eq!(results[3]["outcome"], "added", "{report}");
    assert_eq!(results[3]["displayName"], "Jane Doe", "{report}");
    for email in ["eve@mail.example", "tab@mail.example", "bidi@mail.example"] {
        assert!(server.accounts_with_email(email).await.is_empty(), "{email}");
        assert!(mail_to(&server, email).await.is_empty(), "{email}");
    }
    assert_eq!(
        server.accounts_with_email("jane@mail.example").await[0]["displayName"],
        "Jane Doe"
    );
}

#[tokio::test]
async fn jsm_add_refuses_the_whole_request_for_one_name_with_control_characters() {
    let server = TestServer::start().await;
    let body = json!({"usernames": ["ok@mail.example", "\"Eve\u{2028}Bcc\" <eve@mail.example>"]});
    let response = server
        .post_as(AGENT, "/rest/servicedeskapi/servicedesk/ITH/customer", body)
        .await;
    assert_control_characters_refused(response, "invalidName").await;
    for email in ["ok@mail.example", "eve@mail.example"] {
        assert!(server.accounts_with_email(email).await.is_empty(), "{email}");
    }
}

#[tokio::test]
async fn organization_names_with_control_characters_are_refused_on_create_and_rename() {
    let server = TestServer::start().await;
    let organizations = "/rest/servicedeskapi/organization";
    let before = server.get_json(ADMIN, organizations).await;
    let create = server.post_as(LEAD, organizations, json!({"name": EVIL})).await;
    assert_control_characters_refused(create, "invalidName").await;
    let acme = server.organization_id("Acme Corporation").await;
    let rename = server
        .put_as(
            ADMIN,
            &format!("/rest/clientele/1/organization/{acme}"),
            json!({"name": "Acme\u{202e}"}),
        )
        .await;
    assert_control_characters_refused(rename, "invalidName").await;
    assert_eq!(server.get_json(ADMIN, organizations).await, before);
    let fine = server
        .post_as(LEAD, organizations, json!({"name": "Umbrella"}))
        .await;
    assert_eq!(fine.status(), 201);
}

#[tokio::test]
async fn help_center_names_with_control_characters_are_refused_on_create_and_rename() {
    let server = TestServer::start().await;
    let centers = "/rest/clientele/1/helpcenter";
    let before = server.get_json(ADMIN, centers).await;
    let create = server.post_as(ADMIN, centers, json!({"name": EVIL})).await;
    assert_control_characters_refused(create, "invalidName").await;
    let id = before["values"][0]["id"].as_str().unwrap();
    let rename = server
        .put_as(ADMIN, &format!("{centers}/{id}"), json!({"name": EVIL}))
        .await;
    assert_control_characters_refused(rename, "invalidName").await;
    assert_eq!(server.get_json(ADMIN, centers).await, before);
    let fine = server
        .post_as(ADMIN, centers, json!({"name": "Partner Portal"}))
        .await;
    assert_eq!(fine.status(), 201);
}

#[tokio::test]
async fn token_labels_with_control_characters_are_refused() {
    let server = TestServer::start().await;
    let tokens = "/rest/clientele/1/token";
    let response = server.post_as(AGENT, tokens, json!({"label": EVIL})).await;
    assert_control_characters_refused(response, "invalidLabel").await;
    assert_eq!(server.get_json(AGENT, tokens).await, json!({"values": []}));
    let fine = server
        .post_as(AGENT, tokens, json!({"label": "nightly sync"}))
        .await;
    assert_eq!(fine.status(), 201);
}
