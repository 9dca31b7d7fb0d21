//! JSM paging on every list: `start` beyond the end, `limit` 0 (the default), `limit` above the
//! maximum (clamped to 100), and `next`/`prev` links that walk the whole list once.

use serde_json::Value;

use crate::helpers::{TestServer, ADMIN};

/// Every list resource, with how many items the demo data puts in it.
async fn lists(server: &TestServer) -> Vec<(String, usize)> {
    let acme = server.organization_id("Acme Corporation").await;
    vec![
        ("/rest/servicedeskapi/servicedesk".into(), 2),
        ("/rest/servicedeskapi/servicedesk/ITH/customer".into(), 7),
        ("/rest/servicedeskapi/servicedesk/ITH/organization".into(), 2),
        ("/rest/servicedeskapi/organization".into(), 3),
        (format!("/rest/servicedeskapi/organization/{acme}/user"), 13),
        ("/rest/clientele/1/customer".into(), 54),
    ]
}

fn ids(page: &Value) -> Vec<Value> {
    page["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.get("accountId").or(v.get("id")).unwrap().clone())
        .collect()
}

#[tokio::test]
async fn start_beyond_the_end_is_an_empty_last_page() {
    let server = TestServer::start().await;
    for (path, total) in lists(&server).await {
        let start = total + 10;
        let page = server.get_json(ADMIN, &format!("{path}?start={start}")).await;
        assert_eq!(page["size"], 0, "{path}");
        assert_eq!(page["values"], serde_json::json!([]), "{path}");
        assert_eq!(page["isLastPage"], true, "{path}");
        assert_eq!(page["start"], start, "{path}");
        assert!(page["_links"].get("next").is_none(), "{path}: {page}");
        assert!(page["_links"]["prev"].is_string(), "{path}: {page}");
    }
}

#[tokio::test]
async fn limit_zero_means_the_default_page_size() {
    let server = TestServer::start().await;
    for (path, total) in lists(&server).await {
        let page = server.get_json(ADMIN, &format!("{path}?limit=0")).await;
        assert_eq!(page["limit"], 50, "{path}");
        assert_eq!(page["size"], total.min(50), "{path}");
        assert_eq!(page["isLastPage"], total <= 50, "{path}");
    }
}

#[tokio::test]
async fn limit_above_the_maximum_is_clamped_to_100() {
    let server = TestServer::start().await;
    for (path, total) in lists(&server).await {
        let page = server.get_json(ADMIN, &format!("{path}?limit=1000")).await;
        assert_eq!(page["limit"], 100, "{path}");
        assert_eq!(page["size"], total, "{path}");
        assert_eq!(page["isLastPage"], true, "{path}");
        let self_link = page["_links"]["self"].as_str().unwrap();
        assert!(self_link.contains("limit=100"), "{self_link}");
    }
}

#[tokio::test]
async fn next_links_walk_every_item_exactly_once_and_prev_links_walk_back() {
    let server = TestServer::start().await;
    for (path, total) in lists(&server).await {
        let everything = ids(&server.get_json(ADMIN, &format!("{path}?limit=100")).await);
        assert_eq!(everything.len(), total, "{path}");
        let mut walked = Vec::new();
        let mut page = server.get_json(ADMIN, &format!("{path}?limit=7")).await;
        assert!(
            page["_links"].get("prev").is_none(),
            "{path}: first page has no prev"
        );
        loop {
            assert_eq!(page["start"], walked.len(), "{path}");
            assert_eq!(page["size"], page["values"].as_array().unwrap().len());
            walked.extend(ids(&page));
            match page["_links"]["next"].as_str() {
                Some(next) => {
                    assert_eq!(page["isLastPage"], false, "{path}");
                    page = server.get_json(ADMIN, &next[server.base.len()..]).await;
                }
                None => break,
            }
        }
        assert_eq!(page["isLastPage"], true, "{path}");
        assert_eq!(walked, everything, "{path}");
        if total > 7 {
            let prev = page["_links"]["prev"].as_str().unwrap();
            let before = server.get_json(ADMIN, &prev[server.base.len()..]).await;
            assert_eq!(before["size"], 7, "{path}");
            assert_eq!(before["isLastPage"], false, "{path}");
        }
    }
}

#[tokio::test]
async fn a_query_is_kept_in_the_page_links() {
    let server = TestServer::start().await;
    let page = server
        .get_json(ADMIN, "/rest/clientele/1/customer?query=acme.example&limit=5")
        .await;
    assert_eq!(page["size"], 5);
    let next = page["_links"]["next"].as_str().unwrap();
    assert!(next.contains("query=acme.example"), "{next}");
    let all = server
        .all_emails("/rest/clientele/1/customer?query=acme.example")
        .await;
    assert_eq!(all.len(), 13);
    assert!(all.iter().all(|e| e.ends_with("@acme.example")), "{all:?}");
}
