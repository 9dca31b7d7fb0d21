//! Hole 9: `accountIds` were resolved one query each before the entry limit was checked
//! (100,000 ids took 9.7 s to get a 400). The count is checked first, and ids are resolved in
//! set-based queries.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::{assert_error, assert_no_content, TestServer, ADMIN, AGENT, CUSTOMER, LEAD};

const ITH_CUSTOMERS: &str = "/rest/servicedeskapi/servicedesk/ITH/customer";

/// 100,000 copies of a real account id and one unknown id at the end: resolving them one by
/// one before counting would answer `unknownAccount`, and slowly.
async fn too_many_ids(server: &TestServer) -> serde_json::Value {
    let casey = server.account_id(CUSTOMER).await;
    let mut ids = vec![casey; 100_000];
    ids.push("999999999".into());
    json!({"accountIds": ids})
}

#[tokio::test]
async fn a_hundred_thousand_account_ids_are_refused_before_any_lookup() {
    let server = TestServer::start().await;
    let body = too_many_ids(&server).await;
    let acme = server.organization_id("Acme Corporation").await;
    let acme_users = format!("/rest/servicedeskapi/organization/{acme}/user");
    let calls = [
        (AGENT, reqwest::Method::POST, ITH_CUSTOMERS.to_string()),
        (LEAD, reqwest::Method::DELETE, ITH_CUSTOMERS.to_string()),
        (LEAD, reqwest::Method::POST, acme_users.clone()),
        (LEAD, reqwest::Method::DELETE, acme_users),
    ];
    for (who, method, path) in calls {
        let started = Instant::now();
        let response = server
            .send_as(who, method.clone(), &path, Some(body.clone()))
            .await;
        let elapsed = started.elapsed();
        let error = assert_error(response, 400, "tooManyEntries").await;
        assert!(
            error["errorMessage"].as_str().unwrap().contains("100,001"),
            "{error}"
        );
        // A loose guard: the refusal comes before any per-id work.
        assert!(elapsed < Duration::from_secs(2), "{method} {path}: {elapsed:?}");
    }
}

#[tokio::test]
async fn ids_and_usernames_count_together_against_the_limit() {
    let server = TestServer::start().await;
    let casey = server.account_id(CUSTOMER).await;
    let usernames: Vec<String> = (0..5_001).map(|i| format!("p{i}@mail.example")).collect();
    let body = json!({"accountIds": vec![casey; 5_000], "usernames": usernames});
    let response = server.post_as(AGENT, ITH_CUSTOMERS, body).await;
    let error = assert_error(response, 400, "tooManyEntries").await;
    assert!(
        error["errorMessage"].as_str().unwrap().contains("10,001"),
        "{error}"
    );
    assert!(server.accounts_with_email("p0@mail.example").await.is_empty());
}

#[tokio::test]
async fn a_mixed_request_of_ids_and_usernames_still_adds_everyone() {
    let server = TestServer::start().await;
    let ada = server.account_id("ada.okafor@globex.example").await;
    let casey = server.account_id(CUSTOMER).await;
    let body = json!({
        "accountIds": [ada, format!(" {casey} "), ada],
        "usernames": ["new.person@mail.example", "Named Person <named@mail.example>"],
    });
    assert_no_content(&server.post_as(AGENT, ITH_CUSTOMERS, body).await);
    let customers = server.all_emails(ITH_CUSTOMERS).await;
    for email in [
        "ada.okafor@globex.example",
        CUSTOMER,
        "new.person@mail.example",
        "named@mail.example",
    ] {
        assert!(customers.contains(&email.to_string()), "{email}");
    }
    assert_eq!(
        server.accounts_with_email("named@mail.example").await[0]["displayName"],
        "Named Person"
    );
    // And removing by the same ids and addresses takes them out again.
    let remove = json!({"accountIds": [ada], "usernames": ["named@mail.example"]});
    assert_no_content(&server.delete_as(ADMIN, ITH_CUSTOMERS, Some(remove)).await);
    let customers = server.all_emails(ITH_CUSTOMERS).await;
    assert!(!customers.contains(&"named@mail.example".to_string()));
}
