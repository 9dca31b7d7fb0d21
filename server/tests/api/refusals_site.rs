//! The permission table's site admin rows: account administration, and global settings,
//! managed domains and help centers. Project admins, agents and customers each get a 403 with
//! `siteAdminOnly`, whatever "agents can manage organizations" says, and nothing changes.

use reqwest::Response;
use serde_json::{json, Value};

use crate::helpers::{assert_refused, TestServer, ADMIN, AGENT, CUSTOMER, LEAD};

/// Every account administration call, as `who`, on `target`.
async fn account_actions(server: &TestServer, who: &str, target: &str) -> Vec<Response> {
    let account = format!("/rest/clientele/1/customer/{target}");
    vec![
        server.get_as(who, "/rest/clientele/1/customer").await,
        server.get_as(who, &account).await,
        server
            .put_as(who, &account, json!({"displayName": "Renamed"}))
            .await,
        server
            .put_as(
                who,
                &format!("{account}/password"),
                json!({"password": "a long passphrase 7"}),
            )
            .await,
        server
            .post_as(who, &format!("{account}/migrate"), json!({}))
            .await,
        server.post_as(who, &format!("{account}/revoke"), json!({})).await,
        server
            .post_as(who, &format!("{account}/restore"), json!({}))
            .await,
        server.delete_as(who, &account, None).await,
    ]
}

/// Every settings call that only site admins may make, as `who`.
async fn settings_actions(server: &TestServer, who: &str) -> Vec<Response> {
    let domains = "/rest/clientele/1/manageddomain";
    let centers = "/rest/clientele/1/helpcenter";
    vec![
        server
            .put_as(
                who,
                "/rest/clientele/1/settings",
                json!({"agentsCanManageOrganizations": true}),
            )
            .await,
        server.get_as(who, domains).await,
        server
            .post_as(who, domains, json!({"domain": "corp.example"}))
            .await,
        server
            .delete_as(who, &format!("{domains}/staff.example.com"), None)
            .await,
        server.post_as(who, centers, json!({"name": "Third"})).await,
        server
            .put_as(who, &format!("{centers}/1"), json!({"name": "Renamed"}))
            .await,
        server.delete_as(who, &format!("{centers}/2"), None).await,
    ]
}

async fn site_state(server: &TestServer, account: &str) -> Value {
    json!({
        "account": server.get_json(ADMIN, &format!("/rest/clientele/1/customer/{account}")).await,
        "settings": server.get_json(ADMIN, "/rest/clientele/1/settings").await,
        "domains": server.get_json(ADMIN, "/rest/clientele/1/manageddomain").await,
        "centers": server.get_json(ADMIN, "/rest/clientele/1/helpcenter").await,
    })
}

#[tokio::test]
async fn only_site_admins_administer_customer_accounts() {
    let server = TestServer::start().await;
    let target = server.account_id("ada.okafor@globex.example").await;
    let before = site_state(&server, &target).await;
    for setting in [false, true] {
        server
            .set_settings(json!({"agentsCanManageOrganizations": setting}))
            .await;
        for who in [LEAD, AGENT, CUSTOMER] {
            for response in account_actions(&server, who, &target).await {
                assert_refused(response, "siteAdminOnly", "siteAdmin").await;
            }
        }
    }
    server
        .set_settings(json!({"agentsCanManageOrganizations": false}))
        .await;
    assert_eq!(site_state(&server, &target).await, before);
}

#[tokio::test]
async fn people_cannot_administer_their_own_account_either() {
    let server = TestServer::start().await;
    for who in [LEAD, AGENT, CUSTOMER] {
        let own = server.account_id(who).await;
        for response in account_actions(&server, who, &own).await {
            assert_refused(response, "siteAdminOnly", "siteAdmin").await;
        }
    }
}

#[tokio::test]
async fn only_site_admins_change_global_settings_managed_domains_and_help_centers() {
    let server = TestServer::start().await;
    let target = server.account_id(CUSTOMER).await;
    let before = site_state(&server, &target).await;
    for who in [LEAD, AGENT, CUSTOMER] {
        for response in settings_actions(&server, who).await {
            let body = assert_refused(response, "siteAdminOnly", "siteAdmin").await;
            assert!(
                body["errorMessage"].as_str().unwrap().contains("site admin"),
                "{body}"
            );
        }
    }
    assert_eq!(site_state(&server, &target).await, before);
    let expected = [200, 200, 201, 204, 201, 200, 204];
    for (response, status) in settings_actions(&server, ADMIN).await.into_iter().zip(expected) {
        assert_eq!(response.status(), status, "{}", response.url());
    }
}
