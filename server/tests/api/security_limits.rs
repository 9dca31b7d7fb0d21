//! Limits a client cannot get around: racing creates answer one success and 409s (never a
//! 5xx), the last help center survives concurrent deletes, and organizations and accounts hold
//! a bounded number of properties and API tokens. (Expired sessions: `session_purge.rs`.)

use std::sync::Arc;

use reqwest::{Client, RequestBuilder, StatusCode};
use serde_json::{json, Value};
use tokio::sync::Barrier;
use tokio::task::JoinSet;

use crate::helpers::{assert_error, TestServer, ADMIN, AGENT, LEAD};

/// Sends all these requests at the same moment; answers each status and JSON body, in order.
async fn race(requests: Vec<RequestBuilder>) -> Vec<(StatusCode, Value)> {
    let barrier = Arc::new(Barrier::new(requests.len()));
    let mut tasks = JoinSet::new();
    for (n, request) in requests.into_iter().enumerate() {
        let barrier = barrier.clone();
        tasks.spawn(async move {
            barrier.wait().await;
            let response = request.send().await.unwrap();
            let status = response.status();
            (n, status, response.json::<Value>().await.unwrap_or(Value::Null))
        });
    }
    let mut answers = tasks.join_all().await;
    answers.sort_by_key(|(n, _, _)| *n);
    answers.into_iter().map(|(_, s, b)| (s, b)).collect()
}

/// Asserts that exactly `wins` answers have status `won` and every other one is a 409 with
/// the reason `reason` and a sentence.
fn assert_winners(answers: &[(StatusCode, Value)], won: u16, wins: usize, reason: &str) {
    let statuses: Vec<u16> = answers.iter().map(|(s, _)| s.as_u16()).collect();
    for (status, body) in answers {
        if status.as_u16() != won {
            assert_eq!(status.as_u16(), 409, "{statuses:?}: {body}");
            assert_eq!(body["reason"], reason, "{body}");
            assert!(
                body["errorMessage"].as_str().is_some_and(|m| !m.is_empty()),
                "{body}"
            );
        }
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == won).count(),
        wins,
        "{statuses:?}"
    );
}

/// A new API token of `email`, so that many requests need no password check each.
async fn bearer(server: &TestServer, email: &str) -> String {
    let response = server
        .post_as(email, "/rest/clientele/1/token", json!({"label": "tests"}))
        .await;
    assert_eq!(response.status(), 201);
    response.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A server whose abuse limits stay out of the way of many requests for one address.
async fn roomy_server() -> TestServer {
    TestServer::start_with(|config| {
        config.rate_per_address = 1_000;
        config.rate_per_client = 1_000;
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_sign_ups_of_one_address_make_one_account_and_the_rest_hear_email_taken() {
    let server = roomy_server().await;
    server
        .put_as(
            ADMIN,
            "/rest/clientele/1/servicedesk/FAC/access",
            json!({"publicSignup": true}),
        )
        .await;
    for round in 0..3 {
        let email = format!("twin{round}@mail.example");
        let body = json!({"email": email, "displayName": "Twin", "password": "a sturdy passphrase"});
        let requests = (0..8)
            .map(|_| {
                Client::new()
                    .post(server.url("/rest/clientele/1/helpcenter/support/signup"))
                    .json(&body)
            })
            .collect();
        assert_winners(&race(requests).await, 200, 1, "emailTaken");
        assert_eq!(server.accounts_with_email(&email).await.len(), 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_creates_of_one_customer_organization_help_center_or_domain_answer_one_201_and_409s() {
    let server = TestServer::start().await;
    let admin = bearer(&server, ADMIN).await;
    let agent = bearer(&server, AGENT).await;
    let cases = [
        (
            &agent,
            "/rest/servicedeskapi/customer?strictConflictStatusCode=true",
            json!({"email": "once@race.example", "displayName": "Once"}),
            "emailTaken",
        ),
        (
            &admin,
            "/rest/servicedeskapi/organization",
            json!({"name": "Race Org"}),
            "organizationNameTaken",
        ),
        (
            &admin,
            "/rest/clientele/1/helpcenter",
            json!({"name": "Race Center"}),
            "slugTaken",
        ),
        (
            &admin,
            "/rest/clientele/1/manageddomain",
            json!({"domain": "race.example"}),
            "domainExists",
        ),
    ];
    for (token, path, body, reason) in cases {
        let requests = (0..12)
            .map(|_| {
                Client::new()
                    .post(server.url(path))
                    .bearer_auth(token)
                    .json(&body)
            })
            .collect();
        assert_winners(&race(requests).await, 201, 1, reason);
    }
    assert_eq!(server.accounts_with_email("once@race.example").await.len(), 1);
    let centers = server.get_json(ADMIN, "/rest/clientele/1/helpcenter").await;
    let races = centers["values"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"] == "Race Center")
        .count();
    assert_eq!(races, 1, "{centers}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_admins_deleting_the_last_two_help_centers_at_once_leave_one() {
    let server = TestServer::start().await;
    let admin = bearer(&server, ADMIN).await;
    let centers = "/rest/clientele/1/helpcenter";
    for round in 0..6 {
        let mut ids: Vec<String> = server.get_json(ADMIN, centers).await["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect();
        if ids.len() == 1 {
            let added = server
                .post_as(ADMIN, centers, json!({"name": format!("Round {round}")}))
                .await;
            assert_eq!(added.status(), 201);
            ids.push(
                added.json::<Value>().await.unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            );
        }
        assert_eq!(ids.len(), 2, "round {round}");
        let requests = ids
            .iter()
            .map(|id| {
                Client::new()
                    .delete(server.url(&format!("{centers}/{id}")))
                    .bearer_auth(&admin)
            })
            .collect();
        assert_winners(&race(requests).await, 204, 1, "lastHelpCenter");
        let left = server.get_json(ADMIN, centers).await;
        assert_eq!(
            left["values"].as_array().unwrap().len(),
            1,
            "round {round}: {left}"
        );
        assert_eq!(left["values"][0]["isDefault"], true, "{left}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_organization_holds_at_most_100_properties_even_when_new_ones_race() {
    let server = TestServer::start().await;
    let lead = bearer(&server, LEAD).await;
    let acme = server.organization_id("Acme Corporation").await;
    let property = |key: &str| format!("/rest/servicedeskapi/organization/{acme}/property/{key}");
    let put = |key: &str, value: Value| {
        Client::new()
            .put(server.url(&property(key)))
            .bearer_auth(&lead)
            .json(&value)
    };
    for n in 0..96 {
        assert_eq!(
            put(&format!("p{n}"), json!(n)).send().await.unwrap().status(),
            201
        );
    }
    // Eight new keys at once for the last four places: four win, however they interleave.
    let requests = (0..8).map(|n| put(&format!("late{n}"), json!(n))).collect();
    assert_winners(&race(requests).await, 201, 4, "tooManyProperties");
    let keys = server
        .get_json(
            ADMIN,
            &format!("/rest/servicedeskapi/organization/{acme}/property"),
        )
        .await;
    assert_eq!(keys["keys"].as_array().unwrap().len(), 100, "{keys}");

    let response = put("one-more", json!(1)).send().await.unwrap();
    assert_error(response, 409, "tooManyProperties").await;
    assert_eq!(
        server.get_as(ADMIN, &property("one-more")).await.status(),
        404,
        "nothing written"
    );
    // Changing an existing property is not a new one; removing one makes room.
    assert_eq!(put("p0", json!("changed")).send().await.unwrap().status(), 200);
    let removed = Client::new()
        .delete(server.url(&property("p1")))
        .bearer_auth(&lead)
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), 204);
    assert_eq!(put("one-more", json!(1)).send().await.unwrap().status(), 201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn setting_a_property_of_an_organization_being_deleted_answers_201_or_404_never_a_5xx() {
    let server = TestServer::start().await;
    let admin = bearer(&server, ADMIN).await;
    for round in 0..20 {
        let created = server
            .post_as(
                ADMIN,
                "/rest/servicedeskapi/organization",
                json!({"name": format!("Doomed {round}")}),
            )
            .await;
        assert_eq!(created.status(), 201);
        let id = created.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let organization = server.url(&format!("/rest/servicedeskapi/organization/{id}"));
        let answers = race(vec![
            Client::new()
                .put(format!("{organization}/property/tier"))
                .bearer_auth(&admin)
                .json(&json!("gold")),
            Client::new().delete(&organization).bearer_auth(&admin),
        ])
        .await;
        assert!([201, 404].contains(&answers[0].0.as_u16()), "{answers:?}");
        assert_eq!(answers[1].0, 204, "{answers:?}");
    }
}

#[tokio::test]
async fn property_values_over_32768_characters_and_keys_over_255_are_refused_and_nothing_is_written() {
    let server = TestServer::start().await;
    let acme = server.organization_id("Acme Corporation").await;
    let property = |key: &str| format!("/rest/servicedeskapi/organization/{acme}/property/{key}");
    // A JSON string's text is its characters plus two quotes.
    let largest = "é".repeat(32_768 - 2);
    assert_eq!(
        server
            .put_as(LEAD, &property("big"), json!(largest))
            .await
            .status(),
        201
    );
    let too_large = json!({"text": "x".repeat(32_768)});
    assert_error(
        server.put_as(LEAD, &property("big"), too_large.clone()).await,
        400,
        "propertyTooLarge",
    )
    .await;
    assert_error(
        server.put_as(LEAD, &property("other"), too_large).await,
        400,
        "propertyTooLarge",
    )
    .await;
    let kept = server.get_json(ADMIN, &property("big")).await;
    assert_eq!(kept["value"], json!(largest), "the old value stays");
    assert_eq!(server.get_as(ADMIN, &property("other")).await.status(), 404);
    assert_error(
        server.put_as(LEAD, &property(&"k".repeat(256)), json!(1)).await,
        400,
        "invalidPropertyKey",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_account_holds_at_most_50_api_tokens_even_when_new_ones_race() {
    let server = TestServer::start().await;
    let tokens = "/rest/clientele/1/token";
    let first = bearer(&server, AGENT).await;
    let create = |label: String| {
        Client::new()
            .post(server.url(tokens))
            .bearer_auth(&first)
            .json(&json!({ "label": label }))
    };
    for n in 1..46 {
        assert_eq!(create(format!("t{n}")).send().await.unwrap().status(), 201);
    }
    let requests = (0..10).map(|n| create(format!("late{n}"))).collect();
    assert_winners(&race(requests).await, 201, 4, "tooManyTokens");
    let listed = server.get_json(AGENT, tokens).await;
    let ids: Vec<String> = listed["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 50);
    assert_error(
        server.post_as(AGENT, tokens, json!({"label": "one more"})).await,
        409,
        "tooManyTokens",
    )
    .await;
    assert_eq!(
        server.get_json(AGENT, tokens).await["values"]
            .as_array()
            .unwrap()
            .len(),
        50
    );
    // Another account has its own allowance; revoking one makes room again.
    assert_eq!(
        server
            .post_as(LEAD, tokens, json!({"label": "mine"}))
            .await
            .status(),
        201
    );
    let revoked = server
        .delete_as(AGENT, &format!("{tokens}/{}", ids[1]), None)
        .await;
    assert_eq!(revoked.status(), 204);
    assert_eq!(
        server
            .post_as(AGENT, tokens, json!({"label": "again"}))
            .await
            .status(),
        201
    );
}
