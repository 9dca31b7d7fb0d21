//! `GET /rest/clientele/1/myself`: for each role, the policy's decision for every action, the
//! same the endpoints enforce, so that the app shows exactly the allowed controls.

use serde_json::{json, Value};

use crate::helpers::{TestServer, ADMIN, AGENT, CUSTOMER, LEAD};

fn reason(decision: &Value) -> &str {
    decision["reason"].as_str().unwrap_or("allowed")
}

#[tokio::test]
async fn each_role_sees_the_sitewide_decisions_the_endpoints_make() {
    let server = TestServer::start().await;
    let table = [
        (
            "createOrganization",
            [
                "allowed",
                "allowed",
                "agentsCannotManageOrganizations",
                "customersCannot",
            ],
        ),
        (
            "manageOrganizationMembers",
            [
                "allowed",
                "allowed",
                "agentsCannotManageOrganizations",
                "customersCannot",
            ],
        ),
        (
            "viewOrganizationMembers",
            ["allowed", "allowed", "allowed", "customersCannot"],
        ),
        (
            "deleteOrganization",
            ["allowed", "siteAdminOnly", "siteAdminOnly", "siteAdminOnly"],
        ),
        (
            "viewAllOrganizations",
            ["allowed", "siteAdminOnly", "siteAdminOnly", "siteAdminOnly"],
        ),
        (
            "administerCustomerAccounts",
            ["allowed", "siteAdminOnly", "siteAdminOnly", "siteAdminOnly"],
        ),
        (
            "manageGlobalSettings",
            ["allowed", "siteAdminOnly", "siteAdminOnly", "siteAdminOnly"],
        ),
        (
            "addHelpCenter",
            ["allowed", "siteAdminOnly", "siteAdminOnly", "siteAdminOnly"],
        ),
        (
            "viewAuditLog",
            ["allowed", "siteAdminOnly", "siteAdminOnly", "siteAdminOnly"],
        ),
        (
            "addCustomersToProject",
            [
                "projectRequired",
                "projectRequired",
                "projectRequired",
                "customersCannot",
            ],
        ),
        // Organizations' invitations are tied to no project: the demo site is on Premium.
        (
            "chooseHelpCenter",
            ["allowed", "allowed", "allowed", "customersCannot"],
        ),
        (
            "createCustomer",
            ["allowed", "allowed", "allowed", "customersCannot"],
        ),
        (
            "viewAnyOrganization",
            ["allowed", "allowed", "allowed", "customersCannot"],
        ),
        // Both are about one project: `myself`'s per-project permissions decide them there.
        (
            "workOnRequests",
            [
                "projectRequired",
                "projectRequired",
                "projectRequired",
                "customersCannot",
            ],
        ),
        (
            "manageRequestTypes",
            [
                "projectRequired",
                "projectRequired",
                "projectAdminOnly",
                "projectAdminOnly",
            ],
        ),
    ];
    for (column, who) in [ADMIN, LEAD, AGENT, CUSTOMER].into_iter().enumerate() {
        let me = server.get_json(who, "/rest/clientele/1/myself").await;
        assert_eq!(
            me["permissions"].as_object().unwrap().len(),
            20,
            "{who}: every action is decided"
        );
        for (action, expected) in &table {
            let decision = &me["permissions"][action];
            assert_eq!(reason(decision), expected[column], "{who} {action}: {decision}");
            if expected[column] != "allowed" {
                assert!(
                    decision["message"].as_str().is_some_and(|m| !m.is_empty()),
                    "{decision}"
                );
                assert!(decision["whoCanChange"].is_string(), "{decision}");
            }
        }
    }
}

#[tokio::test]
async fn each_role_sees_its_project_decisions() {
    let server = TestServer::start().await;
    let table = [
        ("viewProjectCustomers", ["allowed", "allowed", "allowed"]),
        ("addCustomersToProject", ["allowed", "allowed", "allowed"]),
        (
            "removeCustomerFromProject",
            ["allowed", "allowed", "projectAdminOnly"],
        ),
        (
            "attachOrganization",
            ["allowed", "allowed", "agentsCannotManageOrganizations"],
        ),
        ("manageProjectAccess", ["allowed", "allowed", "projectAdminOnly"]),
        ("chooseHelpCenter", ["allowed", "allowed", "allowed"]),
        ("useOrganizationsPage", ["customerServiceManagementOff"; 3]),
    ];
    for (column, who) in [ADMIN, LEAD, AGENT].into_iter().enumerate() {
        let me = server.get_json(who, "/rest/clientele/1/myself").await;
        let ith = me["projects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["key"] == "ITH")
            .unwrap();
        assert_eq!(ith["projectType"], "companyManaged");
        for (action, expected) in &table {
            assert_eq!(
                reason(&ith["permissions"][action]),
                expected[column],
                "{who} {action}"
            );
        }
    }
    let admin = server.get_json(ADMIN, "/rest/clientele/1/myself").await;
    let fac = admin["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == "FAC")
        .unwrap();
    assert_eq!(
        (fac["role"].clone(), fac["projectType"].clone()),
        (Value::Null, json!("teamManaged"))
    );
}

#[tokio::test]
async fn myself_carries_the_person_the_settings_and_the_help_centers() {
    let server = TestServer::start().await;
    let me = server.get_json(LEAD, "/rest/clientele/1/myself").await;
    assert_eq!(me["emailAddress"], LEAD);
    assert_eq!(me["displayName"], "Lee Lead");
    assert_eq!(me["accountId"], server.account_id(LEAD).await.as_str());
    assert_eq!(me["siteAdmin"], false);
    assert_eq!(me["projects"].as_array().unwrap().len(), 1);
    assert_eq!(me["projects"][0]["role"], "projectAdmin");
    assert_eq!(
        me["projects"][0]["settings"],
        json!({"projectType": "companyManaged", "publicSignup": false, "customerInvitedNotification": true})
    );
    assert_eq!(
        me["settings"],
        json!({"agentsCanManageOrganizations": false, "customerServiceManagement": false, "plan": "premium", "managedDomains": ["staff.example.com"]})
    );
    let slugs: Vec<&str> = me["helpCenters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["support", "facilities"]);
}
