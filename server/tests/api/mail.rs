//! The outbox: one message per new person, written in the same transaction as the add, with
//! the right kind and help center.

use serde_json::{json, Value};

use crate::helpers::{assert_error, TestServer, ADMIN, AGENT};

/// The messages to `email`, newest first.
pub async fn mail_to(server: &TestServer, email: &str) -> Vec<Value> {
    let page = server
        .get_json(
            ADMIN,
            &format!("/rest/clientele/1/mail?to={}", crate::helpers::encode(email)),
        )
        .await;
    page["values"].as_array().unwrap().clone()
}

/// The one-time token in a message's plain-text link (`…/help/{slug}/{segment}/{token}`).
pub fn link_in(message: &Value, segment: &str) -> (String, String) {
    let text = message["text"].as_str().unwrap();
    let start = text.find("http").expect("a link in the text");
    let url: String = text[start..].chars().take_while(|c| !c.is_whitespace()).collect();
    let marker = format!("/{segment}/");
    let at = url
        .find(&marker)
        .unwrap_or_else(|| panic!("{url} has no {marker}"));
    let slug = url[..at].rsplit('/').next().unwrap().to_string();
    (slug, url[at + marker.len()..].to_string())
}

#[tokio::test]
async fn adding_new_customers_queues_one_invitation_each_and_nothing_for_existing_ones() {
    let server = TestServer::start().await;
    let body =
        json!({"text": "new.one@mail.example, \"Two, New\" <new.two@mail.example>, customer@example.com"});
    let report = server.bulk_add(AGENT, "ITH", body).await;
    assert_eq!(report["summary"]["newAccounts"], 2, "{report}");
    for email in ["new.one@mail.example", "new.two@mail.example"] {
        let messages = mail_to(&server, email).await;
        assert_eq!(messages.len(), 1, "{email}: {messages:?}");
        let m = &messages[0];
        assert_eq!(m["kind"], "invitation");
        assert_eq!(m["state"], "queued");
        assert!(
            m["text"]
                .as_str()
                .unwrap()
                .contains(&format!("{}/help/support/invite/", server.base)),
            "{m}"
        );
        assert!(m["html"].as_str().unwrap().contains("<a href="), "{m}");
        assert!(m["subject"].as_str().unwrap().contains("Clientele Support"));
    }
    assert!(mail_to(&server, "customer@example.com").await.is_empty());
    // Repeating the add sends nothing more.
    server
        .bulk_add(AGENT, "ITH", json!({"emails": ["new.one@mail.example"]}))
        .await;
    assert_eq!(mail_to(&server, "new.one@mail.example").await.len(), 1);
}

#[tokio::test]
async fn with_the_invited_notification_off_new_customers_get_a_verification_message() {
    let server = TestServer::start().await;
    let saved = server
        .put_as(
            ADMIN,
            "/rest/clientele/1/servicedesk/FAC/access",
            json!({"customerInvitedNotification": false}),
        )
        .await;
    assert_eq!(saved.status(), 200);
    server
        .bulk_add(AGENT, "FAC", json!({"emails": ["verify.me@mail.example"]}))
        .await;
    let messages = mail_to(&server, "verify.me@mail.example").await;
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["kind"], "verification");
    assert!(messages[0]["text"].as_str().unwrap().contains("/verify/"));
}

#[tokio::test]
async fn a_failed_or_dry_run_add_leaves_no_message() {
    let server = TestServer::start().await;
    let refused = server
        .post_as(
            AGENT,
            "/rest/servicedeskapi/servicedesk/ITH/customer",
            json!({"usernames": ["fresh.person@mail.example", "not-an-address"]}),
        )
        .await;
    assert_error(refused, 400, "invalidEmail").await;
    let dry = server
        .bulk_add(
            AGENT,
            "ITH",
            json!({"emails": ["dry.person@mail.example"], "dryRun": true}),
        )
        .await;
    assert_eq!(dry["summary"]["newAccounts"], 1);
    assert!(mail_to(&server, "fresh.person@mail.example").await.is_empty());
    assert!(mail_to(&server, "dry.person@mail.example").await.is_empty());
}

#[tokio::test]
async fn an_organization_attached_to_two_projects_sends_one_message_per_new_person() {
    let server = TestServer::start().await;
    let globex = server.organization_id("Globex").await;
    let response = server
        .post_as(
            ADMIN,
            &format!("/rest/clientele/1/organization/{globex}/user/bulk"),
            json!({"emails": ["two.projects@globex.example"]}),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(mail_to(&server, "two.projects@globex.example").await.len(), 1);
}

#[tokio::test]
async fn a_chosen_help_center_is_where_the_invitation_link_lands() {
    let server = TestServer::start().await;
    let centers = server.get_json(ADMIN, "/rest/clientele/1/helpcenter").await;
    let facilities = centers["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["slug"] == "facilities")
        .unwrap()["id"]
        .clone();
    server
        .bulk_add(
            AGENT,
            "ITH",
            json!({"emails": ["chosen.center@mail.example"], "helpCenterId": facilities}),
        )
        .await;
    let messages = mail_to(&server, "chosen.center@mail.example").await;
    assert!(
        messages[0]["text"]
            .as_str()
            .unwrap()
            .contains("/help/facilities/invite/"),
        "{}",
        messages[0]
    );
    assert!(messages[0]["subject"]
        .as_str()
        .unwrap()
        .contains("Facilities Help"));
}

#[tokio::test]
async fn mail_and_resend_are_for_site_admins_only() {
    let server = TestServer::start().await;
    server
        .bulk_add(AGENT, "ITH", json!({"emails": ["resend.me@mail.example"]}))
        .await;
    assert_error(
        server.get_as(AGENT, "/rest/clientele/1/mail").await,
        403,
        "siteAdminOnly",
    )
    .await;
    let id = mail_to(&server, "resend.me@mail.example").await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let copy = server
        .post_as(ADMIN, &format!("/rest/clientele/1/mail/{id}/resend"), json!({}))
        .await;
    assert_eq!(copy.status(), 201);
    assert_eq!(mail_to(&server, "resend.me@mail.example").await.len(), 2);
    assert_error(
        server
            .post_as(ADMIN, "/rest/clientele/1/mail/999999/resend", json!({}))
            .await,
        404,
        "notFound",
    )
    .await;
}

#[tokio::test]
async fn customer_lists_show_the_last_invitation_and_agents_can_resend_it() {
    let server = TestServer::start().await;
    server
        .bulk_add(AGENT, "ITH", json!({"emails": ["waiting@mail.example"]}))
        .await;
    let page = server
        .get_json(
            AGENT,
            "/rest/servicedeskapi/servicedesk/ITH/customer?query=waiting",
        )
        .await;
    let invitation = &page["values"][0]["invitation"];
    assert_eq!(invitation["kind"], "invitation", "{page}");
    assert_eq!(invitation["state"], "queued");
    assert!(invitation["queuedAt"].as_i64().unwrap() > 0);
    let customer_page = server
        .get_json(
            AGENT,
            "/rest/servicedeskapi/servicedesk/ITH/customer?query=customer%40example",
        )
        .await;
    assert!(
        customer_page["values"][0].get("invitation").is_none(),
        "{customer_page}"
    );

    let id = server.account_id("waiting@mail.example").await;
    let resent = server
        .post_as(
            AGENT,
            &format!("/rest/clientele/1/servicedesk/ITH/customer/{id}/invitation"),
            json!({}),
        )
        .await;
    assert_eq!(resent.status(), 201);
    assert_eq!(mail_to(&server, "waiting@mail.example").await.len(), 2);

    let active = server.account_id("customer@example.com").await;
    let response = server
        .post_as(
            AGENT,
            &format!("/rest/clientele/1/servicedesk/ITH/customer/{active}/invitation"),
            json!({}),
        )
        .await;
    assert_error(response, 409, "notInvited").await;
    let response = server
        .post_as(
            crate::helpers::CUSTOMER,
            &format!("/rest/clientele/1/servicedesk/ITH/customer/{id}/invitation"),
            json!({}),
        )
        .await;
    assert_error(response, 403, "customersCannot").await;
    // FAC's agent cannot reach an ITH-only customer through FAC.
    let response = server
        .post_as(
            AGENT,
            &format!("/rest/clientele/1/servicedesk/FAC/customer/{id}/invitation"),
            json!({}),
        )
        .await;
    assert_error(response, 404, "notFound").await;
}

#[tokio::test]
async fn an_organizations_invitation_takes_a_chosen_help_center_on_premium_only() {
    let server = TestServer::start().await;
    let centers = server.get_json(ADMIN, "/rest/clientele/1/helpcenter").await;
    let facilities = centers["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["slug"] == "facilities")
        .unwrap()["id"]
        .clone();
    let organization = server.organization_id("Globex").await;
    let path = format!("/rest/clientele/1/organization/{organization}/user/bulk");
    let body = |email: &str| json!({"emails": [email], "helpCenterId": facilities});
    let response = server
        .post_as(ADMIN, &path, body("org.chosen@mail.example"))
        .await;
    assert_eq!(response.status(), 200);
    let messages = mail_to(&server, "org.chosen@mail.example").await;
    assert!(
        messages[0]["text"]
            .as_str()
            .unwrap()
            .contains("/help/facilities/"),
        "{}",
        messages[0]
    );
    server.set_settings(json!({"plan": "standard"})).await;
    let refused = crate::helpers::assert_refused(
        server
            .post_as(ADMIN, &path, body("org.standard@mail.example"))
            .await,
        "premiumOnly",
        "siteAdmin",
    )
    .await;
    assert!(
        refused["errorMessage"]
            .as_str()
            .unwrap()
            .contains("Choosing a help center for an invitation is a Premium feature"),
        "the policy's words: {refused}"
    );
    assert!(mail_to(&server, "org.standard@mail.example").await.is_empty());
}
