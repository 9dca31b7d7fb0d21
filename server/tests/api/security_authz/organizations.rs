//! Hole 12: organizations reached across projects. Being in an organization lets a customer
//! into every project it is attached to, so seeing or changing its members and properties
//! needs the right role in a project it is attached to (or a site admin); an organization
//! attached to no project is the site admin's.
//!
//! The refusal is a 403 with a reason, not a 404: staff see every organization's name in the
//! site-wide list (they need it to attach one to their project), so hiding its existence here
//! would protect nothing and would leave the caller without whom to ask.

use reqwest::Response;
use serde_json::{json, Value};

use crate::helpers::{assert_no_content, assert_refused, TestServer, ADMIN, AGENT, LEAD};

const ORGANIZATIONS: &str = "/rest/servicedeskapi/organization";

/// Creates an organization attached only to FAC (where lead@example.com has no role) with one
/// property; returns its id.
async fn facilities_only_organization(server: &TestServer) -> String {
    let created = server
        .post_as(ADMIN, ORGANIZATIONS, json!({"name": "Facilities Partners"}))
        .await;
    assert_eq!(created.status(), 201);
    let id = created.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let attach = server
        .post_as(
            ADMIN,
            "/rest/servicedeskapi/servicedesk/FAC/organization",
            json!({"organizationId": id}),
        )
        .await;
    assert_no_content(&attach);
    let property = format!("{ORGANIZATIONS}/{id}/property/tier");
    let set = server.put_as(ADMIN, &property, json!("gold")).await;
    assert_eq!(set.status(), 201);
    id
}

/// Every member and property endpoint on organization `id`, as `who`.
async fn member_and_property_calls(
    server: &TestServer,
    who: &str,
    id: &str,
) -> Vec<(&'static str, Response)> {
    let users = format!("{ORGANIZATIONS}/{id}/user");
    let property = format!("{ORGANIZATIONS}/{id}/property/tier");
    let bulk = format!("/rest/clientele/1/organization/{id}/user/bulk");
    let newcomer = json!({"usernames": ["mallory@mail.example"]});
    vec![
        ("list members", server.get_as(who, &users).await),
        ("add members", server.post_as(who, &users, newcomer.clone()).await),
        (
            "bulk add members",
            server
                .post_as(who, &bulk, json!({"emails": ["mallory@mail.example"]}))
                .await,
        ),
        (
            "remove members",
            server.delete_as(who, &users, Some(newcomer)).await,
        ),
        (
            "property keys",
            server
                .get_as(who, &format!("{ORGANIZATIONS}/{id}/property"))
                .await,
        ),
        ("read property", server.get_as(who, &property).await),
        (
            "write property",
            server.put_as(who, &property, json!("tin")).await,
        ),
        ("delete property", server.delete_as(who, &property, None).await),
    ]
}

/// The organization's members and its one property, as the site admin reads them.
async fn organization_state(server: &TestServer, id: &str) -> (Value, Value) {
    let members = server
        .get_json(ADMIN, &format!("{ORGANIZATIONS}/{id}/user"))
        .await;
    let property = server
        .get_json(ADMIN, &format!("{ORGANIZATIONS}/{id}/property/tier"))
        .await;
    (members["values"].clone(), property["value"].clone())
}

#[tokio::test]
async fn a_project_admin_cannot_see_or_change_an_organization_attached_only_to_another_project() {
    let server = TestServer::start().await;
    let id = facilities_only_organization(&server).await;
    let before = organization_state(&server, &id).await;
    for (call, response) in member_and_property_calls(&server, LEAD, &id).await {
        let body = assert_refused(response, "organizationOutsideYourProjects", "projectAdmin").await;
        assert!(
            body["errorMessage"].as_str().unwrap().contains("don't work on"),
            "{call}: {body}"
        );
    }
    assert_eq!(organization_state(&server, &id).await, before);
    assert!(
        server
            .accounts_with_email("mallory@mail.example")
            .await
            .is_empty(),
        "no account was created through the refused adds"
    );
    // The organization is still listed for them (to attach it to their own project).
    let listed = server.get_json(LEAD, &format!("{ORGANIZATIONS}/{id}")).await;
    assert_eq!(listed["name"], "Facilities Partners");
}

#[tokio::test]
async fn a_site_admin_manages_any_organizations_members_and_properties() {
    let server = TestServer::start().await;
    let id = facilities_only_organization(&server).await;
    let expected = [200, 204, 200, 204, 200, 200, 200, 204];
    let calls = member_and_property_calls(&server, ADMIN, &id).await;
    for ((call, response), status) in calls.into_iter().zip(expected) {
        assert_eq!(response.status(), status, "{call}");
    }
}

#[tokio::test]
async fn an_agent_of_the_attached_project_sees_members_and_manages_them_only_when_agents_may() {
    let server = TestServer::start().await;
    let id = facilities_only_organization(&server).await;
    let users = format!("{ORGANIZATIONS}/{id}/user");
    assert_eq!(server.get_as(AGENT, &users).await.status(), 200);
    let newcomer = json!({"usernames": ["mallory@mail.example"]});
    let refused = server.post_as(AGENT, &users, newcomer.clone()).await;
    assert_refused(refused, "agentsCannotManageOrganizations", "siteAdmin").await;
    server
        .set_settings(json!({"agentsCanManageOrganizations": true}))
        .await;
    assert_no_content(&server.post_as(AGENT, &users, newcomer).await);
}

#[tokio::test]
async fn an_unattached_organization_refuses_a_project_admin_and_an_agent() {
    let server = TestServer::start().await;
    server
        .set_settings(json!({"agentsCanManageOrganizations": true}))
        .await;
    let initech = server.organization_id("Initech").await;
    let before = server
        .get_json(ADMIN, &format!("{ORGANIZATIONS}/{initech}/user?limit=100"))
        .await;
    for who in [LEAD, AGENT] {
        for (call, response) in member_and_property_calls(&server, who, &initech).await {
            let body = assert_refused(response, "unattachedOrganization", "siteAdmin").await;
            assert!(
                body["errorMessage"].as_str().unwrap().contains("site admin"),
                "{who} {call}: {body}"
            );
        }
    }
    let after = server
        .get_json(ADMIN, &format!("{ORGANIZATIONS}/{initech}/user?limit=100"))
        .await;
    assert_eq!(after, before);
    // Once the project admin attaches it to their project, it is theirs to manage too.
    let attach = server
        .post_as(
            LEAD,
            "/rest/servicedeskapi/servicedesk/ITH/organization",
            json!({"organizationId": initech}),
        )
        .await;
    assert_no_content(&attach);
    let users = format!("{ORGANIZATIONS}/{initech}/user");
    assert_eq!(server.get_as(LEAD, &users).await.status(), 200);
}
