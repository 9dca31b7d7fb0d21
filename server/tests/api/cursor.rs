//! Cursor paging (issue 18): every list takes `cursor` and gives `nextCursor`; walking by
//! cursor covers a list exactly once even while rows are added and removed between (and
//! during) the pages; a cursor this API did not give out is a clear 400.

use std::collections::HashSet;

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{assert_error, assert_no_content, json, TestServer, ADMIN, LEAD};

const ITH_CUSTOMERS: &str = "/rest/servicedeskapi/servicedesk/ITH/customer";
const ORGANIZATIONS: &str = "/rest/servicedeskapi/organization";

/// Every list resource, each search shape of the customer lists (none, the trigram index,
/// shorter than three characters), and the requests.
async fn lists(server: &TestServer) -> Vec<String> {
    let acme = server.organization_id("Acme Corporation").await;
    vec![
        "/rest/servicedeskapi/servicedesk".into(),
        ITH_CUSTOMERS.into(),
        format!("{ITH_CUSTOMERS}?query=example"),
        format!("{ITH_CUSTOMERS}?query=a"),
        "/rest/servicedeskapi/servicedesk/ITH/organization".into(),
        ORGANIZATIONS.into(),
        format!("{ORGANIZATIONS}?query=o"),
        format!("{ORGANIZATIONS}/{acme}/user"),
        format!("{ORGANIZATIONS}/{acme}/user?query=acme"),
        "/rest/clientele/1/customer".into(),
        "/rest/clientele/1/customer?query=example".into(),
        "/rest/clientele/1/customer?query=ex".into(),
        "/rest/clientele/1/customer?status=active&kind=portal".into(),
        "/rest/servicedeskapi/request".into(),
        "/rest/servicedeskapi/servicedesk/ITH/requesttype".into(),
    ]
}

fn ids(page: &Value) -> Vec<String> {
    page["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            v.get("accountId")
                .or(v.get("id"))
                .or(v.get("issueId"))
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn with(path: &str, extra: &str) -> String {
    let separator = if path.contains('?') { '&' } else { '?' };
    format!("{path}{separator}{extra}")
}

/// Walks a list by `nextCursor`, `limit` at a time, calling `between` after each page.
async fn walk<F, Fut>(server: &TestServer, path: &str, limit: usize, mut between: F) -> Vec<String>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut walked = Vec::new();
    let mut page = server
        .get_json(ADMIN, &with(path, &format!("limit={limit}")))
        .await;
    for n in 0.. {
        assert_eq!(page["start"], walked.len(), "{path}: {page}");
        walked.extend(ids(&page));
        between(n).await;
        match page["nextCursor"].as_str() {
            Some(cursor) => {
                assert_eq!(page["isLastPage"], false, "{path}");
                let cursor = cursor.to_string();
                page = server
                    .get_json(ADMIN, &with(path, &format!("limit={limit}&cursor={cursor}")))
                    .await;
                // Asked for by cursor, the page's links go on by cursor, with the filters.
                let self_link = page["_links"]["self"].as_str().unwrap();
                assert!(self_link.contains(&format!("cursor={cursor}")), "{self_link}");
                if let Some(next) = page["nextCursor"].as_str() {
                    let link = page["_links"]["next"].as_str().unwrap();
                    assert!(link.contains(&format!("cursor={next}")), "{link}");
                }
            }
            None => {
                assert_eq!(page["isLastPage"], true, "{path}: {page}");
                return walked;
            }
        }
    }
    unreachable!()
}

#[tokio::test]
async fn walking_by_cursor_gives_every_item_once_in_the_order_of_start_paging() {
    let server = TestServer::start().await;
    for path in lists(&server).await {
        let everything = ids(&server.get_json(ADMIN, &with(&path, "limit=100")).await);
        assert!(everything.len() > 1, "{path}: {everything:?}");
        for limit in [1, 5, 100] {
            let walked = walk(&server, &path, limit, |_| async {}).await;
            assert_eq!(walked, everything, "{path} by {limit}");
        }
    }
}

#[tokio::test]
async fn the_last_page_has_no_next_cursor_and_start_pages_carry_one_too() {
    let server = TestServer::start().await;
    let last = server.get_json(ADMIN, &with(ITH_CUSTOMERS, "limit=100")).await;
    assert!(last.get("nextCursor").is_none(), "{last}");
    // A page asked for by start gives a cursor for the page after it.
    let page = server
        .get_json(ADMIN, &with(ITH_CUSTOMERS, "start=2&limit=2"))
        .await;
    let cursor = page["nextCursor"].as_str().unwrap();
    let after = server
        .get_json(ADMIN, &with(ITH_CUSTOMERS, &format!("limit=2&cursor={cursor}")))
        .await;
    let by_start = server
        .get_json(ADMIN, &with(ITH_CUSTOMERS, "start=4&limit=2"))
        .await;
    assert_eq!(ids(&after), ids(&by_start));
    assert_eq!(after["start"], 4);
}

/// Customers are added and removed between pages: those present throughout appear once, those
/// removed before their page do not appear, and those added (higher ids, at the end) appear
/// once.
#[tokio::test]
async fn a_customer_walk_stays_exact_while_customers_are_added_and_removed() {
    let server = TestServer::start().await;
    let emails: Vec<String> = (0..30).map(|i| format!("walker{i:02}@walk.example")).collect();
    server.bulk_add(ADMIN, "ITH", json!({ "emails": emails })).await;
    let before = ids(&server.get_json(ADMIN, &with(ITH_CUSTOMERS, "limit=100")).await);
    assert_eq!(before.len(), 37);
    // Removed while walking: every third from the end (each before its page), and the first
    // (already seen).
    let removed: Vec<String> = before.iter().rev().step_by(3).take(5).cloned().collect();
    let added = std::cell::RefCell::new(Vec::new());
    let first = before[0].clone();
    let walked = walk(&server, ITH_CUSTOMERS, 4, |n| {
        let (server, removed, added, first) = (&server, &removed, &added, &first);
        async move {
            if n < removed.len() {
                let body = json!({ "accountIds": [removed[n]] });
                assert_no_content(&server.delete_as(LEAD, ITH_CUSTOMERS, Some(body)).await);
            }
            if n == 1 {
                let body = json!({ "accountIds": [first] });
                assert_no_content(&server.delete_as(LEAD, ITH_CUSTOMERS, Some(body)).await);
            }
            if n < 3 {
                let email = format!("late{n}@walk.example");
                server.bulk_add(ADMIN, "ITH", json!({ "emails": [email] })).await;
                let id = server.account_id(&email).await;
                added.borrow_mut().push(id);
            }
        }
    })
    .await;
    let unique: HashSet<&String> = walked.iter().collect();
    assert_eq!(unique.len(), walked.len(), "no one twice: {walked:?}");
    let mut expected: Vec<String> = before
        .iter()
        .filter(|id| !removed.contains(id))
        .cloned()
        .collect();
    expected.extend(added.into_inner());
    assert_eq!(walked, expected);
}

/// Organizations (by name): one added before the walk's position is not shown, one added after
/// it is, one removed before its page is not, and none repeats.
#[tokio::test]
async fn an_organization_walk_stays_exact_while_organizations_are_added_and_removed() {
    let server = TestServer::start().await;
    for i in 0..8 {
        let response = server
            .post_as(ADMIN, ORGANIZATIONS, json!({ "name": format!("Middle {i}") }))
            .await;
        assert_eq!(response.status(), 201);
    }
    let before = ids(&server.get_json(ADMIN, &with(ORGANIZATIONS, "limit=100")).await);
    let doomed = server.organization_id("Middle 7").await;
    let created = std::cell::RefCell::new(Vec::new());
    let walked = walk(&server, ORGANIZATIONS, 3, |n| {
        let (server, doomed, created) = (&server, &doomed, &created);
        async move {
            if n == 0 {
                // Sorts first: before the walk's position, so not on any page to come.
                let early = server
                    .post_as(ADMIN, ORGANIZATIONS, json!({"name": "Aardvark"}))
                    .await;
                assert_eq!(early.status(), 201);
                // Sorts last: on a page to come.
                let late = json(
                    server
                        .post_as(ADMIN, ORGANIZATIONS, json!({"name": "Zebra"}))
                        .await,
                )
                .await;
                created
                    .borrow_mut()
                    .push(late["id"].as_str().unwrap().to_string());
                let gone = server
                    .send_as(ADMIN, Method::DELETE, &format!("{ORGANIZATIONS}/{doomed}"), None)
                    .await;
                assert_no_content(&gone);
            }
        }
    })
    .await;
    let mut expected: Vec<String> = before.into_iter().filter(|id| id != &doomed).collect();
    expected.extend(created.into_inner());
    assert_eq!(walked, expected);
}

/// While another task keeps adding and removing customers, a walk by cursor never shows anyone
/// twice and shows everyone who was there all along, in order.
#[tokio::test]
async fn a_walk_during_concurrent_writes_shows_the_steady_customers_once_each() {
    let server = std::sync::Arc::new(TestServer::start().await);
    let emails: Vec<String> = (0..40).map(|i| format!("steady{i:02}@walk.example")).collect();
    server.bulk_add(ADMIN, "ITH", json!({ "emails": emails })).await;
    let steady = ids(&server.get_json(ADMIN, &with(ITH_CUSTOMERS, "limit=100")).await);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (server, stop) = (server.clone(), stop.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let email = format!("churn{n}@walk.example");
                server.bulk_add(ADMIN, "ITH", json!({ "emails": [email] })).await;
                let body = json!({ "usernames": [email] });
                assert_no_content(&server.delete_as(ADMIN, ITH_CUSTOMERS, Some(body)).await);
                n += 1;
            }
            n
        })
    };
    let walked = walk(&server, ITH_CUSTOMERS, 3, |_| async {}).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let churned = writer.await.unwrap();
    assert!(churned > 0);
    let unique: HashSet<&String> = walked.iter().collect();
    assert_eq!(unique.len(), walked.len(), "no one twice: {walked:?}");
    let seen_steady: Vec<&String> = walked.iter().filter(|id| steady.contains(id)).collect();
    assert_eq!(seen_steady, steady.iter().collect::<Vec<_>>());
}

#[tokio::test]
async fn a_cursor_the_api_did_not_give_out_is_a_400() {
    let server = TestServer::start().await;
    let customers_cursor = server.get_json(ADMIN, &with(ITH_CUSTOMERS, "limit=2")).await["nextCursor"]
        .as_str()
        .unwrap()
        .to_string();
    let organizations_cursor = server.get_json(ADMIN, &with(ORGANIZATIONS, "limit=1")).await["nextCursor"]
        .as_str()
        .unwrap()
        .to_string();
    use base64::Engine;
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let bad = [
        (ITH_CUSTOMERS.to_string(), "not a cursor!".to_string()),
        (ITH_CUSTOMERS.to_string(), b64("2:0:5")),
        (ITH_CUSTOMERS.to_string(), b64("1:-3:5")),
        (ITH_CUSTOMERS.to_string(), b64("1:0:x")),
        (ITH_CUSTOMERS.to_string(), b64("1:0")),
        // A cursor of a list by name on a list by id, and the other way round.
        (ITH_CUSTOMERS.to_string(), organizations_cursor.clone()),
        (ORGANIZATIONS.to_string(), customers_cursor.clone()),
    ];
    for (path, cursor) in bad {
        let url = with(&path, &format!("cursor={}", urlencode(&cursor)));
        let body = assert_error(server.get_as(ADMIN, &url).await, 400, "invalidParameter").await;
        assert!(
            body["errorMessage"].as_str().unwrap().contains("cursor"),
            "{url}: {body}"
        );
    }
    // start and cursor together.
    let url = with(ITH_CUSTOMERS, &format!("start=0&cursor={customers_cursor}"));
    let body = assert_error(server.get_as(ADMIN, &url).await, 400, "invalidParameter").await;
    assert_eq!(body["errorMessage"], "Give start or cursor, not both.");
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
