//! The permission table's rows about one service project: seeing its customers, adding and
//! removing them, and its access settings. Each refused role gets a 403 with the policy's
//! reason and who can change it, and nothing changes.

use serde_json::json;

use crate::helpers::{assert_error, assert_refused, emails, TestServer, ADMIN, AGENT, CUSTOMER, LEAD};

const ITH_CUSTOMERS: &str = "/rest/servicedeskapi/servicedesk/ITH/customer";

#[tokio::test]
async fn customer_cannot_see_a_projects_customers_or_organizations() {
    let server = TestServer::start().await;
    let paths = [ITH_CUSTOMERS, "/rest/servicedeskapi/servicedesk/ITH/organization"];
    for path in paths {
        assert_refused(server.get_as(CUSTOMER, path).await, "customersCannot", "agent").await;
        for staff in [ADMIN, LEAD, AGENT] {
            server.get_json(staff, path).await;
        }
    }
}

#[tokio::test]
async fn customer_cannot_add_customers_to_a_project_or_create_them() {
    let server = TestServer::start().await;
    let body = json!({"usernames": ["new.person@newco.example"]});
    assert_refused(
        server.post_as(CUSTOMER, ITH_CUSTOMERS, body).await,
        "customersCannot",
        "agent",
    )
    .await;
    let bulk = json!({"emails": ["new.person@newco.example"]});
    let response = server
        .post_as(CUSTOMER, "/rest/clientele/1/servicedesk/ITH/customer/bulk", bulk)
        .await;
    assert_refused(response, "customersCannot", "agent").await;
    let create = json!({"email": "new.person@newco.example", "displayName": "New Person"});
    let response = server
        .post_as(CUSTOMER, "/rest/servicedeskapi/customer", create)
        .await;
    assert_refused(response, "customersCannot", "agent").await;
    assert!(server
        .accounts_with_email("new.person@newco.example")
        .await
        .is_empty());
}

#[tokio::test]
async fn agent_cannot_add_managed_domain_address() {
    let server = TestServer::start().await;
    let body = json!({"usernames": ["new.person@newco.example", "pat@staff.example.com"]});
    let refusal = assert_refused(
        server.post_as(AGENT, ITH_CUSTOMERS, body).await,
        "managedDomain",
        "siteAdmin",
    )
    .await;
    assert!(
        refusal["errorMessage"]
            .as_str()
            .unwrap()
            .contains("staff.example.com"),
        "{refusal}"
    );
    // All or nothing: the allowed address was not added either.
    assert!(server
        .accounts_with_email("new.person@newco.example")
        .await
        .is_empty());

    let create = json!({"email": "Pat@Staff.Example.com"});
    let response = server
        .post_as(AGENT, "/rest/servicedeskapi/customer", create)
        .await;
    assert_refused(response, "managedDomain", "siteAdmin").await;

    // The bulk add reports the refusal per address and adds the rest.
    let report = server
        .bulk_add(
            AGENT,
            "ITH",
            json!({"text": "new.person@newco.example, pat@STAFF.example.com"}),
        )
        .await;
    assert_eq!(report["results"][0]["outcome"], "added");
    assert_eq!(report["results"][1]["outcome"], "refused");
    assert_eq!(report["results"][1]["reasonCode"], "managedDomain");
    assert!(report["results"][1]["reason"]
        .as_str()
        .unwrap()
        .contains("staff.example.com"));
    assert_eq!(report["summary"]["refused"], 1);
    assert!(server
        .accounts_with_email("pat@staff.example.com")
        .await
        .is_empty());
}

#[tokio::test]
async fn project_admin_cannot_add_managed_domain_address_but_site_admin_can() {
    let server = TestServer::start().await;
    let body = json!({"usernames": ["pat@staff.example.com"]});
    assert_refused(
        server.post_as(LEAD, ITH_CUSTOMERS, body.clone()).await,
        "managedDomain",
        "siteAdmin",
    )
    .await;
    let acme = server.organization_id("Acme Corporation").await;
    let path = format!("/rest/servicedeskapi/organization/{acme}/user");
    assert_refused(
        server.post_as(LEAD, &path, body.clone()).await,
        "managedDomain",
        "siteAdmin",
    )
    .await;
    assert!(server
        .accounts_with_email("pat@staff.example.com")
        .await
        .is_empty());

    assert_eq!(server.post_as(ADMIN, ITH_CUSTOMERS, body).await.status(), 204);
    assert!(server
        .all_emails(ITH_CUSTOMERS)
        .await
        .contains(&"pat@staff.example.com".to_string()));
}

#[tokio::test]
async fn agent_and_customer_cannot_remove_customers_from_a_project() {
    let server = TestServer::start().await;
    let body = json!({"usernames": ["dev.moreau@mail.example"]});
    for who in [AGENT, CUSTOMER] {
        let response = server.delete_as(who, ITH_CUSTOMERS, Some(body.clone())).await;
        assert_refused(response, "projectAdminOnly", "projectAdmin").await;
    }
    assert!(server
        .all_emails(ITH_CUSTOMERS)
        .await
        .contains(&"dev.moreau@mail.example".to_string()));
    assert_eq!(
        server.delete_as(LEAD, ITH_CUSTOMERS, Some(body)).await.status(),
        204
    );
    assert!(!server
        .all_emails(ITH_CUSTOMERS)
        .await
        .contains(&"dev.moreau@mail.example".to_string()));
}

#[tokio::test]
async fn agent_and_customer_cannot_change_project_access_settings() {
    let server = TestServer::start().await;
    let path = "/rest/clientele/1/servicedesk/ITH/access";
    for who in [AGENT, CUSTOMER] {
        assert_refused(server.get_as(who, path).await, "projectAdminOnly", "projectAdmin").await;
        let response = server.put_as(who, path, json!({"publicSignup": true})).await;
        assert_refused(response, "projectAdminOnly", "projectAdmin").await;
    }
    let access = server.get_json(LEAD, path).await;
    assert_eq!(
        access,
        json!({"publicSignup": false, "customerInvitedNotification": true})
    );
    // The agent works on FAC too, and is refused there as well; the site admin is not.
    let fac = "/rest/clientele/1/servicedesk/FAC/access";
    assert_refused(
        server.get_as(AGENT, fac).await,
        "projectAdminOnly",
        "projectAdmin",
    )
    .await;
    server.get_json(ADMIN, fac).await;
}

#[tokio::test]
async fn projects_a_person_cannot_see_are_not_found_rather_than_refused() {
    let server = TestServer::start().await;
    let body = json!({"usernames": ["new.person@newco.example"]});
    for who in [LEAD, CUSTOMER] {
        let fac = "/rest/servicedeskapi/servicedesk/FAC";
        assert_error(
            server.get_as(who, &format!("{fac}/customer")).await,
            404,
            "notFound",
        )
        .await;
        let response = server
            .post_as(who, &format!("{fac}/customer"), body.clone())
            .await;
        assert_error(response, 404, "notFound").await;
        let bulk = json!({"emails": ["new.person@newco.example"]});
        let response = server
            .post_as(who, "/rest/clientele/1/servicedesk/FAC/customer/bulk", bulk)
            .await;
        assert_error(response, 404, "notFound").await;
        let response = server
            .get_as(who, "/rest/clientele/1/servicedesk/FAC/access")
            .await;
        assert_error(response, 404, "notFound").await;
    }
    let fac = server
        .get_json(ADMIN, "/rest/servicedeskapi/servicedesk/FAC/customer")
        .await;
    assert!(!emails(&fac).contains(&"new.person@newco.example".to_string()));
}
