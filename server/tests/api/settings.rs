//! Site settings (global switches and the plan), managed domains, help centers and project
//! access settings, and `myself` following every change at once.

use serde_json::{json, Value};

use crate::helpers::{
    assert_error, assert_no_content, assert_refused, TestServer, ADMIN, AGENT, CUSTOMER, LEAD,
};

const SETTINGS: &str = "/rest/clientele/1/settings";
const MYSELF: &str = "/rest/clientele/1/myself";

/// The decision `myself` gives `who` for an action, site-wide or in a project.
async fn decision(server: &TestServer, who: &str, project: Option<&str>, action: &str) -> Value {
    let me = server.get_json(who, MYSELF).await;
    match project {
        None => me["permissions"][action].clone(),
        Some(key) => {
            let project = me["projects"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["key"] == key)
                .unwrap();
            project["permissions"][action].clone()
        }
    }
}

#[tokio::test]
async fn everyone_signed_in_reads_the_settings_and_only_some_combinations_save() {
    let server = TestServer::start().await;
    let demo = json!({"agentsCanManageOrganizations": false, "customerServiceManagement": false, "plan": "premium", "auditRetentionDays": 365});
    for who in [ADMIN, LEAD, AGENT, CUSTOMER] {
        assert_eq!(server.get_json(who, SETTINGS).await, demo);
    }
    let saved = server
        .set_settings(json!({"customerServiceManagement": true}))
        .await;
    assert_eq!(saved["customerServiceManagement"], true);
    let saved = server.set_settings(json!({"plan": "standard"})).await;
    assert_eq!(
        saved,
        json!({"agentsCanManageOrganizations": false, "customerServiceManagement": false, "plan": "standard", "auditRetentionDays": 365})
    );
    assert_eq!(server.get_json(AGENT, SETTINGS).await, saved);

    let response = server
        .put_as(ADMIN, SETTINGS, json!({"customerServiceManagement": true}))
        .await;
    assert_error(response, 400, "premiumOnly").await;
    let response = server
        .put_as(
            ADMIN,
            SETTINGS,
            json!({"agentsCanManageOrganizations": true, "customerServiceManagement": true}),
        )
        .await;
    assert_error(response, 400, "premiumOnly").await;
    assert_eq!(
        server.get_json(ADMIN, SETTINGS).await,
        saved,
        "a refused change saves nothing"
    );
    let both = server
        .set_settings(json!({"plan": "premium", "customerServiceManagement": true}))
        .await;
    assert_eq!(both["customerServiceManagement"], true);
    for bad in [
        json!({"plan": "gold"}),
        json!({"agentsCanManageOrganizations": "yes"}),
        json!({"plan": 1}),
    ] {
        assert_error(server.put_as(ADMIN, SETTINGS, bad).await, 400, "invalidBody").await;
    }
}

#[tokio::test]
async fn myself_reflects_agents_can_manage_organizations_right_after_it_changes() {
    let server = TestServer::start().await;
    let denied = decision(&server, AGENT, None, "createOrganization").await;
    assert_eq!(denied["decision"], "denied");
    assert_eq!(denied["reason"], "agentsCannotManageOrganizations");
    assert_eq!(denied["whoCanChange"], "siteAdmin");
    assert_eq!(
        decision(&server, AGENT, Some("ITH"), "attachOrganization").await["decision"],
        "denied"
    );
    server
        .set_settings(json!({"agentsCanManageOrganizations": true}))
        .await;
    for action in ["createOrganization", "manageOrganizationMembers"] {
        assert_eq!(
            decision(&server, AGENT, None, action).await,
            json!({"decision": "allowed"}),
            "{action}"
        );
    }
    assert_eq!(
        decision(&server, AGENT, Some("ITH"), "attachOrganization").await["decision"],
        "allowed"
    );
    assert_eq!(
        decision(&server, AGENT, Some("FAC"), "attachOrganization").await["decision"],
        "allowed"
    );
    assert_eq!(
        decision(&server, AGENT, None, "deleteOrganization").await["reason"],
        "siteAdminOnly"
    );
    let me = server.get_json(AGENT, MYSELF).await;
    assert_eq!(me["settings"]["agentsCanManageOrganizations"], true);
    assert_eq!(me["settings"]["managedDomains"], json!(["staff.example.com"]));
}

#[tokio::test]
async fn myself_reflects_the_plan_and_customer_service_management() {
    let server = TestServer::start().await;
    let page = decision(&server, AGENT, Some("ITH"), "useOrganizationsPage").await;
    assert_eq!(page["reason"], "customerServiceManagementOff");
    server
        .set_settings(json!({"customerServiceManagement": true}))
        .await;
    assert_eq!(
        decision(&server, AGENT, Some("ITH"), "useOrganizationsPage").await["decision"],
        "allowed"
    );
    assert_eq!(
        decision(&server, AGENT, Some("FAC"), "chooseHelpCenter").await["decision"],
        "allowed"
    );
    server.set_settings(json!({"plan": "standard"})).await;
    assert_eq!(
        decision(&server, AGENT, Some("ITH"), "useOrganizationsPage").await["reason"],
        "premiumOnly"
    );
    assert_eq!(
        decision(&server, AGENT, Some("FAC"), "chooseHelpCenter").await["reason"],
        "premiumOnly"
    );
    assert_eq!(
        decision(&server, ADMIN, None, "addHelpCenter").await["reason"],
        "premiumOnly"
    );
    let me = server.get_json(ADMIN, MYSELF).await;
    assert_eq!(
        (
            me["settings"]["plan"].as_str(),
            me["settings"]["customerServiceManagement"].as_bool()
        ),
        (Some("standard"), Some(false))
    );
}

#[tokio::test]
async fn managed_domains_are_added_normalized_and_removed_and_bind_agents_at_once() {
    let server = TestServer::start().await;
    let domains = "/rest/clientele/1/manageddomain";
    assert_eq!(
        server.get_json(ADMIN, domains).await,
        json!({"values": ["staff.example.com"]})
    );
    let response = server
        .post_as(ADMIN, domains, json!({"domain": " @Corp.Example. "}))
        .await;
    assert_eq!(response.status(), 201);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"domain": "corp.example"})
    );
    assert_error(
        server
            .post_as(ADMIN, domains, json!({"domain": "CORP.example"}))
            .await,
        409,
        "domainExists",
    )
    .await;
    for bad in ["", "not a domain", "localhost", "a@b@c"] {
        assert_error(
            server.post_as(ADMIN, domains, json!({"domain": bad})).await,
            400,
            "invalidDomain",
        )
        .await;
    }
    assert_eq!(
        server.get_json(ADMIN, domains).await,
        json!({"values": ["corp.example", "staff.example.com"]})
    );
    let report = server
        .bulk_add(AGENT, "ITH", json!({"emails": ["sam@corp.example"]}))
        .await;
    assert_eq!(report["results"][0]["reasonCode"], "managedDomain");

    assert_no_content(
        &server
            .delete_as(ADMIN, &format!("{domains}/Corp.Example"), None)
            .await,
    );
    assert_error(
        server
            .delete_as(ADMIN, &format!("{domains}/corp.example"), None)
            .await,
        404,
        "notFound",
    )
    .await;
    let report = server
        .bulk_add(AGENT, "ITH", json!({"emails": ["sam@corp.example"]}))
        .await;
    assert_eq!(report["results"][0]["outcome"], "added");
}

#[tokio::test]
async fn help_centers_are_added_on_premium_renamed_and_removed_but_never_the_last() {
    let server = TestServer::start().await;
    let centers = "/rest/clientele/1/helpcenter";
    let response = server
        .post_as(ADMIN, centers, json!({"name": "Partner Portal"}))
        .await;
    assert_eq!(response.status(), 201);
    let partner: Value = response.json().await.unwrap();
    assert_eq!(
        (partner["slug"].as_str(), partner["isDefault"].as_bool()),
        (Some("partner-portal"), Some(false))
    );
    let taken = server
        .post_as(ADMIN, centers, json!({"name": "Other", "slug": "Partner Portal"}))
        .await;
    assert_error(taken, 409, "slugTaken").await;
    for bad in [json!({"name": ""}), json!({"name": "x".repeat(101)})] {
        assert_error(server.post_as(ADMIN, centers, bad).await, 400, "invalidName").await;
    }
    assert_error(
        server
            .post_as(ADMIN, centers, json!({"name": "Ok", "slug": "--"}))
            .await,
        400,
        "invalidSlug",
    )
    .await;

    let id = partner["id"].as_str().unwrap();
    let renamed: Value = server
        .put_as(ADMIN, &format!("{centers}/{id}"), json!({"name": "Partners"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (renamed["name"].as_str(), renamed["slug"].as_str()),
        (Some("Partners"), Some("partner-portal"))
    );
    assert_error(
        server
            .put_as(ADMIN, &format!("{centers}/999"), json!({"name": "X"}))
            .await,
        404,
        "notFound",
    )
    .await;
    assert_error(
        server
            .put_as(ADMIN, &format!("{centers}/abc"), json!({"name": "X"}))
            .await,
        404,
        "notFound",
    )
    .await;
    assert_error(
        server.delete_as(ADMIN, &format!("{centers}/999"), None).await,
        404,
        "notFound",
    )
    .await;

    let all = server.get_json(CUSTOMER, centers).await["values"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(all.len(), 3);
    for center in &all[..2] {
        assert_no_content(
            &server
                .delete_as(
                    ADMIN,
                    &format!("{centers}/{}", center["id"].as_str().unwrap()),
                    None,
                )
                .await,
        );
    }
    let last = server.get_json(ADMIN, centers).await["values"][0].clone();
    assert_eq!(
        (last["id"].clone(), last["isDefault"].as_bool()),
        (all[2]["id"].clone(), Some(true)),
        "a new default is chosen"
    );
    let response = server
        .delete_as(
            ADMIN,
            &format!("{centers}/{}", last["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_error(response, 409, "lastHelpCenter").await;

    server.set_settings(json!({"plan": "standard"})).await;
    assert_refused(
        server.post_as(ADMIN, centers, json!({"name": "Second"})).await,
        "premiumOnly",
        "siteAdmin",
    )
    .await;
}

#[tokio::test]
async fn project_admins_change_access_settings_and_myself_shows_them() {
    let server = TestServer::start().await;
    let access = "/rest/clientele/1/servicedesk/ITH/access";
    let saved: Value = server
        .put_as(LEAD, access, json!({"publicSignup": true}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        saved,
        json!({"publicSignup": true, "customerInvitedNotification": true})
    );
    let saved: Value = server
        .put_as(LEAD, access, json!({"customerInvitedNotification": false}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        saved,
        json!({"publicSignup": true, "customerInvitedNotification": false})
    );
    assert_eq!(server.get_json(LEAD, access).await, saved);
    let me = server.get_json(AGENT, MYSELF).await;
    let ith = me["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == "ITH")
        .unwrap();
    assert_eq!(
        (
            ith["settings"]["publicSignup"].as_bool(),
            ith["settings"]["customerInvitedNotification"].as_bool()
        ),
        (Some(true), Some(false))
    );
    assert_eq!(
        server
            .get_json(ADMIN, "/rest/clientele/1/servicedesk/FAC/access")
            .await["publicSignup"],
        false
    );
    assert_error(
        server.put_as(LEAD, access, json!({"publicSignup": "on"})).await,
        400,
        "invalidBody",
    )
    .await;
    assert_error(
        server
            .get_as(LEAD, "/rest/clientele/1/servicedesk/NOPE/access")
            .await,
        404,
        "notFound",
    )
    .await;
}
