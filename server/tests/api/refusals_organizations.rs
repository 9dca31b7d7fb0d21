//! The permission table's organization rows: create, attach/detach, add/remove members (agents
//! only while "Agents can manage organizations" is on), delete site-wide and the product
//! settings list (site admins only). Customers are refused whatever the setting.

use reqwest::Response;
use serde_json::{json, Value};

use crate::helpers::{assert_no_content, assert_refused, TestServer, ADMIN, AGENT, CUSTOMER, LEAD};

/// One attempt at every organization action of the table that "agents can manage
/// organizations" opens, as `who`, against Acme (attached to ITH) and Initech (not attached).
async fn organization_actions(server: &TestServer, who: &str, name: &str) -> Vec<(String, Response)> {
    let acme = server.organization_id("Acme Corporation").await;
    let initech = server.organization_id("Initech").await;
    let member = json!({"usernames": ["ines.lindqvist@initech.example"]});
    let existing = json!({"usernames": ["ada.garcia@acme.example"]});
    let desk = "/rest/servicedeskapi/servicedesk/ITH/organization";
    let users = format!("/rest/servicedeskapi/organization/{acme}/user");
    let property = format!("/rest/servicedeskapi/organization/{acme}/property/tier");
    let bulk_org = format!("/rest/clientele/1/organization/{acme}/user/bulk");
    let bulk_desk = "/rest/clientele/1/servicedesk/ITH/customer/bulk";
    let bulk_body = json!({"emails": ["ines.lindqvist@initech.example"], "organizationId": acme});
    vec![
        (
            "create".into(),
            server
                .post_as(who, "/rest/servicedeskapi/organization", json!({"name": name}))
                .await,
        ),
        (
            "attach".into(),
            server
                .post_as(who, desk, json!({"organizationId": initech}))
                .await,
        ),
        (
            "add members".into(),
            server.post_as(who, &users, member.clone()).await,
        ),
        (
            "bulk to organization".into(),
            server
                .post_as(
                    who,
                    &bulk_org,
                    json!({"emails": ["ines.lindqvist@initech.example"]}),
                )
                .await,
        ),
        (
            "bulk to project's organization".into(),
            server.post_as(who, bulk_desk, bulk_body).await,
        ),
        (
            "set property".into(),
            server.put_as(who, &property, json!({"level": "gold"})).await,
        ),
        (
            "delete property".into(),
            server.delete_as(who, &property, None).await,
        ),
        (
            "remove members".into(),
            server.delete_as(who, &users, Some(existing)).await,
        ),
        (
            "detach".into(),
            server
                .delete_as(who, desk, Some(json!({"organizationId": acme.to_string()})))
                .await,
        ),
    ]
}

/// Organization names, member counts and attachments, to show that refusals change nothing.
async fn organizations_state(server: &TestServer) -> Value {
    server.get_json(ADMIN, "/rest/servicedeskapi/organization").await["values"].clone()
}

/// Makes customer@example.com a member of Acme, so that they can see it.
async fn customer_in_acme(server: &TestServer) -> String {
    let acme = server.organization_id("Acme Corporation").await;
    let path = format!("/rest/servicedeskapi/organization/{acme}/user");
    assert_no_content(
        &server
            .post_as(ADMIN, &path, json!({"usernames": [CUSTOMER]}))
            .await,
    );
    acme
}

#[tokio::test]
async fn agent_cannot_create_attach_or_manage_organization_members_while_the_setting_is_off() {
    let server = TestServer::start().await;
    let before = organizations_state(&server).await;
    for (action, response) in organization_actions(&server, AGENT, "Agents Org").await {
        let body = assert_refused(response, "agentsCannotManageOrganizations", "siteAdmin").await;
        assert!(
            body["errorMessage"]
                .as_str()
                .unwrap()
                .contains("Agents can manage organizations"),
            "{action}"
        );
    }
    assert_eq!(organizations_state(&server).await, before);
}

#[tokio::test]
async fn agent_can_create_attach_and_manage_organization_members_when_the_setting_is_on() {
    let server = TestServer::start().await;
    server
        .set_settings(json!({"agentsCanManageOrganizations": true}))
        .await;
    let expected = [201, 204, 204, 200, 200, 201, 204, 204, 204];
    let actions = organization_actions(&server, AGENT, "Agents Org").await;
    for ((action, response), status) in actions.into_iter().zip(expected) {
        assert_eq!(response.status(), status, "{action}");
    }
    let state = organizations_state(&server).await;
    let find = |name: &str| {
        state
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(find("Agents Org")["memberCount"], 0);
    assert_eq!(find("Initech")["projectKeys"], json!(["ITH"]));
    assert_eq!(find("Acme Corporation")["projectKeys"], json!([]));
    assert_eq!(
        find("Acme Corporation")["memberCount"],
        13,
        "one added, one removed"
    );
}

#[tokio::test]
async fn project_admin_manages_organizations_whatever_the_setting() {
    let server = TestServer::start().await;
    let expected = [201, 204, 204, 200, 200, 201, 204, 204, 204];
    let actions = organization_actions(&server, LEAD, "Lead Org").await;
    for ((action, response), status) in actions.into_iter().zip(expected) {
        assert_eq!(response.status(), status, "{action}");
    }
}

#[tokio::test]
async fn customer_cannot_create_attach_or_manage_organizations_whatever_the_setting() {
    let server = TestServer::start().await;
    let acme = customer_in_acme(&server).await;
    for (setting, who_can_change) in [(false, "projectAdmin"), (true, "agent")] {
        server
            .set_settings(json!({"agentsCanManageOrganizations": setting}))
            .await;
        let before = organizations_state(&server).await;
        for (action, response) in organization_actions(&server, CUSTOMER, "Customer Org").await {
            // Adding through a project is refused first for adding to the project at all.
            let who = if action.contains("project") {
                "agent"
            } else {
                who_can_change
            };
            let body = assert_refused(response, "customersCannot", who).await;
            assert!(!body["errorMessage"].as_str().unwrap().is_empty(), "{action}");
        }
        assert_eq!(organizations_state(&server).await, before);
    }
    // Even their own organization's member list is staff's to see.
    let response = server
        .get_as(
            CUSTOMER,
            &format!("/rest/servicedeskapi/organization/{acme}/user"),
        )
        .await;
    assert_refused(response, "customersCannot", "agent").await;
}

#[tokio::test]
async fn only_site_admins_delete_organizations() {
    let server = TestServer::start().await;
    let acme = customer_in_acme(&server).await;
    let path = format!("/rest/servicedeskapi/organization/{acme}");
    for setting in [false, true] {
        server
            .set_settings(json!({"agentsCanManageOrganizations": setting}))
            .await;
        for who in [LEAD, AGENT, CUSTOMER] {
            assert_refused(
                server.delete_as(who, &path, None).await,
                "siteAdminOnly",
                "siteAdmin",
            )
            .await;
        }
    }
    server.get_json(ADMIN, &path).await;
    assert_no_content(&server.delete_as(ADMIN, &path, None).await);
}

#[tokio::test]
async fn only_site_admins_use_product_settings_organizations() {
    let server = TestServer::start().await;
    let acme = customer_in_acme(&server).await;
    let path = format!("/rest/clientele/1/organization/{acme}");
    server
        .set_settings(json!({"agentsCanManageOrganizations": true}))
        .await;
    for who in [LEAD, AGENT, CUSTOMER] {
        let response = server.put_as(who, &path, json!({"name": "Acme Inc"})).await;
        assert_refused(response, "siteAdminOnly", "siteAdmin").await;
    }
    let renamed = server.put_as(ADMIN, &path, json!({"name": "Acme Inc"})).await;
    assert_eq!(renamed.status(), 200);
}
