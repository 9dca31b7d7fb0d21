//! Hole 13: agents looked up any account. A dry run described accounts outside the caller's
//! projects (name, id, revoked state), and `accountIds` told existing ids from unknown ones.
//! Now, for an account outside their reach, an agent gets exactly the answer an address or id
//! with no account gets; site admins still see everything.

use serde_json::{json, Value};

use crate::helpers::{assert_no_content, TestServer, ADMIN, AGENT, LEAD};

const ITH_CUSTOMERS: &str = "/rest/servicedeskapi/servicedesk/ITH/customer";

/// Creates an account in no project and no organization (as the site admin); returns its id.
async fn account_elsewhere(server: &TestServer, email: &str, name: &str) -> String {
    let response = server
        .post_as(
            ADMIN,
            "/rest/servicedeskapi/customer",
            json!({"email": email, "displayName": name}),
        )
        .await;
    assert_eq!(response.status(), 201, "create {email}");
    server.account_id(email).await
}

/// A dry-run bulk add to ITH as `who`: the per-entry results and the summary.
async fn dry_run(server: &TestServer, who: &str, emails: &[&str]) -> (Vec<Value>, Value) {
    let report = server
        .bulk_add(who, "ITH", json!({"emails": emails, "dryRun": true}))
        .await;
    (
        report["results"].as_array().unwrap().clone(),
        report["summary"].clone(),
    )
}

/// A result without what differs by construction between two addresses: the text typed.
fn without_address(result: &Value) -> Value {
    let mut result = result.clone();
    let object = result.as_object_mut().unwrap();
    object.remove("input");
    object.remove("email");
    result
}

#[tokio::test]
async fn a_dry_run_tells_an_agent_nothing_about_accounts_outside_their_projects() {
    let server = TestServer::start().await;
    account_elsewhere(&server, "hidden@elsewhere.example", "Hidden Person").await;
    let revoked = account_elsewhere(&server, "gone@elsewhere.example", "Gone Person").await;
    let revoke = server
        .post_as(
            ADMIN,
            &format!("/rest/clientele/1/customer/{revoked}/revoke"),
            json!({}),
        )
        .await;
    assert_eq!(revoke.status(), 200);
    // Existing accounts outside ITH and FAC (Initech is attached to no project), and addresses
    // with the same local parts and names that have no account.
    let existing = [
        "hidden@elsewhere.example",
        "\"Typed Name\" <gone@elsewhere.example>",
        "ines.lindqvist@initech.example",
    ];
    let fresh = [
        "hidden@fresh.example",
        "\"Typed Name\" <gone@fresh.example>",
        "ines.lindqvist@fresh.example",
    ];
    let (seen, seen_summary) = dry_run(&server, AGENT, &existing).await;
    let (new, new_summary) = dry_run(&server, AGENT, &fresh).await;
    for (seen, new) in seen.iter().zip(&new) {
        assert_eq!(without_address(seen), without_address(new), "{seen} vs {new}");
        assert_eq!(seen["outcome"], "added", "{seen}");
        assert_eq!(seen["newAccount"], true, "{seen}");
        assert!(seen["accountId"].is_null(), "{seen}");
    }
    assert_eq!(seen_summary, new_summary);
    assert!(!serde_json::to_string(&seen).unwrap().contains("Hidden Person"));

    // A site admin reaches every account and is told the truth.
    let (truth, _) = dry_run(&server, ADMIN, &existing).await;
    assert_eq!(truth[0]["newAccount"], false, "{}", truth[0]);
    assert_eq!(truth[0]["displayName"], "Hidden Person");
    assert!(truth[0]["accountId"].is_string());
    assert_eq!(truth[1]["reasonCode"], "accessRevoked", "{}", truth[1]);
}

#[tokio::test]
async fn an_all_or_nothing_add_does_not_reveal_a_revoked_account_outside_the_agents_projects() {
    let server = TestServer::start().await;
    let revoked = account_elsewhere(&server, "gone@elsewhere.example", "Gone Person").await;
    let revoke = server
        .post_as(
            ADMIN,
            &format!("/rest/clientele/1/customer/{revoked}/revoke"),
            json!({}),
        )
        .await;
    assert_eq!(revoke.status(), 200);
    // A refusal would write nothing and still say "revoked": it answers as for a new address.
    for email in ["gone@elsewhere.example", "gone@fresh.example"] {
        let response = server
            .post_as(AGENT, ITH_CUSTOMERS, json!({"usernames": [email]}))
            .await;
        assert_no_content(&response);
    }
    // Adding someone changes nothing about their access.
    let account = &server.accounts_with_email("gone@elsewhere.example").await[0];
    assert_eq!(account["status"], "revoked");
}

/// The status and body of adding one account id, with the id itself left out of the body.
async fn add_by_id(server: &TestServer, who: &str, path: &str, id: &str) -> (u16, String) {
    let response = server.post_as(who, path, json!({"accountIds": [id]})).await;
    let status = response.status().as_u16();
    // The id appears in the message (`… with the id 8.`) and as its parameter (`["8"]`).
    let body = response
        .text()
        .await
        .unwrap()
        .replace(&format!("the id {id}."), "the id ID.")
        .replace(&format!("\"{id}\""), "\"ID\"");
    (status, body)
}

#[tokio::test]
async fn an_account_id_outside_the_callers_projects_answers_like_an_unknown_id() {
    let server = TestServer::start().await;
    let hidden = account_elsewhere(&server, "hidden@elsewhere.example", "Hidden Person").await;
    let unknown = "987654321";
    let unknown_answer = add_by_id(&server, AGENT, ITH_CUSTOMERS, unknown).await;
    assert_eq!(unknown_answer.0, 400, "{}", unknown_answer.1);
    assert!(unknown_answer.1.contains("unknownAccount"));
    assert_eq!(
        add_by_id(&server, AGENT, ITH_CUSTOMERS, &hidden).await,
        unknown_answer
    );

    // A customer of FAC only: outside the reach of ITH's project admin, within the agent's
    // (who works on FAC too).
    let facilities_only = server.account_id("ada.tanaka@mail.example").await;
    let lead_unknown = add_by_id(&server, LEAD, ITH_CUSTOMERS, unknown).await;
    assert_eq!(
        add_by_id(&server, LEAD, ITH_CUSTOMERS, &facilities_only).await,
        lead_unknown
    );
    let acme = server.organization_id("Acme Corporation").await;
    let acme_users = format!("/rest/servicedeskapi/organization/{acme}/user");
    assert_eq!(
        add_by_id(&server, LEAD, &acme_users, &hidden).await,
        add_by_id(&server, LEAD, &acme_users, unknown).await
    );
    assert_eq!(
        add_by_id(&server, AGENT, ITH_CUSTOMERS, &facilities_only).await.0,
        204
    );
    // The site admin reaches every account.
    assert_eq!(add_by_id(&server, ADMIN, ITH_CUSTOMERS, &hidden).await.0, 204);
}
