//! Requests that race: the same new addresses added by several requests at the same moment
//! make one account each, and no request fails with a 500.

use std::sync::Arc;

use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use tokio::sync::Barrier;
use tokio::task::JoinSet;

use crate::helpers::{TestServer, ADMIN, AGENT, LEAD, PASSWORD};

/// Sends all these requests at the same moment; answers each status and JSON body (if any).
async fn race(server: &TestServer, requests: Vec<(&str, Method, String, Value)>) -> Vec<(StatusCode, Value)> {
    let barrier = Arc::new(Barrier::new(requests.len()));
    let mut tasks = JoinSet::new();
    for (n, (email, method, path, body)) in requests.into_iter().enumerate() {
        let request = Client::new()
            .request(method, server.url(&path))
            .basic_auth(email, Some(PASSWORD))
            .json(&body);
        let barrier = barrier.clone();
        tasks.spawn(async move {
            barrier.wait().await;
            let response = request.send().await.unwrap();
            let status = response.status();
            let body = response.json::<Value>().await.unwrap_or(Value::Null);
            (n, status, body)
        });
    }
    let mut answers: Vec<(usize, StatusCode, Value)> = tasks.join_all().await;
    answers.sort_by_key(|(n, _, _)| *n);
    for (_, status, body) in &answers {
        assert_ne!(*status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    }
    answers
        .into_iter()
        .map(|(_, status, body)| (status, body))
        .collect()
}

fn addresses(tag: &str, count: usize) -> Vec<String> {
    (0..count).map(|i| format!("{tag}{i}@race.example")).collect()
}

/// The accounts whose address contains `tag`, by address, as the site admin lists them.
async fn accounts(server: &TestServer, tag: &str) -> Vec<(String, String)> {
    let page = server
        .get_json(
            ADMIN,
            &format!("/rest/clientele/1/customer?limit=100&query={tag}"),
        )
        .await;
    assert_eq!(page["isLastPage"], true);
    let mut found: Vec<(String, String)> = page["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["emailAddress"].as_str().unwrap().to_string(),
                c["accountId"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_concurrent_bulk_adds_of_the_same_new_addresses_make_one_account_each() {
    let server = TestServer::start().await;
    let list = addresses("same", 50);
    let path = "/rest/clientele/1/servicedesk/ITH/customer/bulk".to_string();
    let requests = (0..8)
        .map(|_| (AGENT, Method::POST, path.clone(), json!({"emails": list})))
        .collect();
    let answers = race(&server, requests).await;
    let mut added = 0;
    let mut created = 0;
    for (status, report) in &answers {
        assert_eq!(*status, 200, "{report}");
        added += report["summary"]["added"].as_u64().unwrap();
        created += report["summary"]["newAccounts"].as_u64().unwrap();
        assert_eq!(
            report["summary"]["added"].as_u64().unwrap()
                + report["summary"]["alreadyCustomer"].as_u64().unwrap(),
            50
        );
    }
    assert_eq!(
        (added, created),
        (50, 50),
        "each address added and created exactly once"
    );
    let found = accounts(&server, "@race.example").await;
    assert_eq!(found.len(), 50, "{found:?}");
    let mut expected = list.clone();
    expected.sort();
    assert_eq!(found.iter().map(|(e, _)| e.clone()).collect::<Vec<_>>(), expected);
    // Every answer names the one account of each address.
    for (_, report) in &answers {
        for r in report["results"].as_array().unwrap() {
            let account = found
                .iter()
                .find(|(e, _)| e == r["email"].as_str().unwrap())
                .unwrap();
            assert_eq!(r["accountId"], account.1.as_str());
        }
    }
    let listed = server
        .all_emails("/rest/servicedeskapi/servicedesk/ITH/customer?query=race.example")
        .await;
    assert_eq!(listed.len(), 50);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn jsm_adds_bulk_adds_and_organization_adds_racing_on_the_same_addresses_share_accounts() {
    let server = TestServer::start().await;
    let list = addresses("mixed", 30);
    let acme = server.organization_id("Acme Corporation").await;
    let mut requests = Vec::new();
    for _ in 0..3 {
        requests.push((
            AGENT,
            Method::POST,
            "/rest/servicedeskapi/servicedesk/FAC/customer".to_string(),
            json!({"usernames": list}),
        ));
        requests.push((
            AGENT,
            Method::POST,
            "/rest/clientele/1/servicedesk/ITH/customer/bulk".to_string(),
            json!({"emails": list}),
        ));
        requests.push((
            LEAD,
            Method::POST,
            format!("/rest/servicedeskapi/organization/{acme}/user"),
            json!({"usernames": list}),
        ));
        requests.push((
            LEAD,
            Method::POST,
            format!("/rest/clientele/1/organization/{acme}/user/bulk"),
            json!({"emails": list}),
        ));
    }
    for (status, body) in race(&server, requests).await {
        assert!(status == 200 || status == 204, "{status} {body}");
    }
    assert_eq!(accounts(&server, "@race.example").await.len(), 30);
    for path in [
        "/rest/servicedeskapi/servicedesk/FAC/customer?query=race.example".to_string(),
        "/rest/servicedeskapi/servicedesk/ITH/customer?query=race.example".to_string(),
        format!("/rest/servicedeskapi/organization/{acme}/user?query=race.example"),
    ] {
        assert_eq!(server.all_emails(&path).await.len(), 30, "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_creates_of_one_customer_or_one_organization_make_exactly_one() {
    let server = TestServer::start().await;
    let customer = json!({"email": "once@race.example", "displayName": "Once"});
    let requests = (0..8)
        .map(|_| {
            (
                AGENT,
                Method::POST,
                "/rest/servicedeskapi/customer".to_string(),
                customer.clone(),
            )
        })
        .collect();
    let statuses: Vec<u16> = race(&server, requests)
        .await
        .iter()
        .map(|(s, _)| s.as_u16())
        .collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 400).count(), 7, "{statuses:?}");
    assert_eq!(accounts(&server, "once@race.example").await.len(), 1);

    let requests = (0..8)
        .map(|i| {
            (
                LEAD,
                Method::POST,
                "/rest/servicedeskapi/organization".to_string(),
                json!({"name": if i % 2 == 0 { "Race Org" } else { "RACE ORG" }}),
            )
        })
        .collect();
    let statuses: Vec<u16> = race(&server, requests)
        .await
        .iter()
        .map(|(s, _)| s.as_u16())
        .collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 7, "{statuses:?}");

    let property = format!(
        "/rest/servicedeskapi/organization/{}/property/race",
        server.organization_id("Globex").await
    );
    let requests = (0..8)
        .map(|i| (LEAD, Method::PUT, property.clone(), json!(i)))
        .collect();
    let statuses: Vec<u16> = race(&server, requests)
        .await
        .iter()
        .map(|(s, _)| s.as_u16())
        .collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 7, "{statuses:?}");
}
