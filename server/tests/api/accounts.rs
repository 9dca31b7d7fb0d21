//! Account administration by site admins: the site-wide customer list, an account's page,
//! name, password, migration, revoking and restoring access, and deletion — with their effects
//! on signing in, sessions, API tokens, lists, organizations and projects.

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{assert_error, assert_no_content, emails, TestServer, ADMIN, AGENT, CUSTOMER, PASSWORD};

const CUSTOMERS: &str = "/rest/clientele/1/customer";

#[tokio::test]
async fn the_customer_list_filters_by_status_kind_and_query() {
    let server = TestServer::start().await;
    assert_eq!(
        server.get_json(ADMIN, CUSTOMERS).await["size"],
        50,
        "54 accounts, first page of 50"
    );
    let revoked = server
        .get_json(ADMIN, &format!("{CUSTOMERS}?status=revoked"))
        .await;
    assert_eq!(emails(&revoked), ["jonas.garcia@globex.example"]);
    assert_eq!(revoked["values"][0]["active"], false);
    let full = server.get_json(ADMIN, &format!("{CUSTOMERS}?kind=full")).await;
    assert_eq!(emails(&full), [ADMIN, "lead@example.com", AGENT]);
    assert!(full["values"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["accountType"] == "atlassian"));
    let invited = server
        .get_json(
            ADMIN,
            &format!("{CUSTOMERS}?status=invited&kind=customer&query=acme"),
        )
        .await;
    assert_eq!(
        emails(&invited),
        [
            "ada.moreau@acme.example",
            "elena.moreau@acme.example",
            "ines.moreau@acme.example"
        ]
    );
    assert_eq!(
        invited["values"][0]["organizations"][0]["name"],
        "Acme Corporation"
    );
    for bad in ["status=gone", "kind=robot"] {
        assert_error(
            server.get_as(ADMIN, &format!("{CUSTOMERS}?{bad}")).await,
            400,
            "invalidParameter",
        )
        .await;
    }
}

#[tokio::test]
async fn an_account_page_shows_its_projects_and_organizations() {
    let server = TestServer::start().await;
    let casey = server.account_id(CUSTOMER).await;
    let acme = server.organization_id("Acme Corporation").await;
    assert_no_content(
        &server
            .post_as(
                ADMIN,
                &format!("/rest/servicedeskapi/organization/{acme}/user"),
                json!({"accountIds": [casey]}),
            )
            .await,
    );
    let detail = server.get_json(ADMIN, &format!("{CUSTOMERS}/{casey}")).await;
    assert_eq!(detail["customer"]["emailAddress"], CUSTOMER);
    assert_eq!(detail["customer"]["status"], "active");
    assert_eq!(detail["projects"], json!([{"key": "ITH", "name": "IT Help"}]));
    assert_eq!(
        detail["organizations"],
        json!([{"id": acme, "name": "Acme Corporation"}])
    );
    for unknown in ["999999", "abc"] {
        assert_error(
            server.get_as(ADMIN, &format!("{CUSTOMERS}/{unknown}")).await,
            404,
            "notFound",
        )
        .await;
        for action in ["migrate", "revoke", "restore"] {
            let response = server
                .post_as(ADMIN, &format!("{CUSTOMERS}/{unknown}/{action}"), json!({}))
                .await;
            assert_error(response, 404, "notFound").await;
        }
        assert_error(
            server
                .delete_as(ADMIN, &format!("{CUSTOMERS}/{unknown}"), None)
                .await,
            404,
            "notFound",
        )
        .await;
    }
}

#[tokio::test]
async fn site_admin_edits_a_name_and_it_shows_everywhere() {
    let server = TestServer::start().await;
    let casey = server.account_id(CUSTOMER).await;
    let path = format!("{CUSTOMERS}/{casey}");
    let edited: Value = server
        .put_as(ADMIN, &path, json!({"displayName": "  Casey C. Customer "}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(edited["displayName"], "Casey C. Customer");
    let page = server
        .get_json(
            AGENT,
            "/rest/servicedeskapi/servicedesk/ITH/customer?query=C.%20Cust",
        )
        .await;
    assert_eq!(emails(&page), [CUSTOMER], "the search index follows the new name");
    for bad in ["".to_string(), "  ".to_string(), "n".repeat(256)] {
        assert_error(
            server.put_as(ADMIN, &path, json!({"displayName": bad})).await,
            400,
            "invalidName",
        )
        .await;
    }
}

#[tokio::test]
async fn a_portal_only_password_must_be_strong_and_lets_an_invited_customer_in() {
    let server = TestServer::start().await;
    let ada = server.account_id("ada.moreau@acme.example").await;
    let path = format!("{CUSTOMERS}/{ada}/password");
    for weak in ["short", "123456789", "password123", "aaaaaaaaaaaa"] {
        assert_error(
            server.put_as(ADMIN, &path, json!({"password": weak})).await,
            400,
            "weakPassword",
        )
        .await;
    }
    assert_no_content(
        &server
            .put_as(ADMIN, &path, json!({"password": "correct horse battery"}))
            .await,
    );
    let response = Client::new()
        .get(server.url("/rest/auth/1/session"))
        .basic_auth("ada.moreau@acme.example", Some("correct horse battery"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        server.accounts_with_email("ada.moreau@acme.example").await[0]["status"],
        "active"
    );
    let agent = server.account_id(AGENT).await;
    let response = server
        .put_as(
            ADMIN,
            &format!("{CUSTOMERS}/{agent}/password"),
            json!({"password": "correct horse battery"}),
        )
        .await;
    assert_error(response, 409, "notPortalOnly").await;
}

#[tokio::test]
async fn migrating_makes_a_full_account_once() {
    let server = TestServer::start().await;
    let casey = server.account_id(CUSTOMER).await;
    let path = format!("{CUSTOMERS}/{casey}/migrate");
    let migrated: Value = server
        .post_as(ADMIN, &path, json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(migrated["accountType"], "atlassian");
    assert_error(
        server.post_as(ADMIN, &path, json!({})).await,
        409,
        "alreadyFullAccount",
    )
    .await;
    let full = server.get_json(ADMIN, &format!("{CUSTOMERS}?kind=full")).await;
    assert!(emails(&full).contains(&CUSTOMER.into()));
    assert_eq!(
        server.get_json(CUSTOMER, "/rest/auth/1/session").await["emailAddress"],
        CUSTOMER
    );
}

/// Signs in with a password and answers the status.
async fn sign_in(server: &TestServer, email: &str) -> StatusCode {
    let body = json!({"username": email, "password": PASSWORD});
    Client::new()
        .post(server.url("/rest/auth/1/session"))
        .json(&body)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn a_revoked_customer_is_shut_out_at_once_by_every_means_and_restore_lets_them_back() {
    let server = TestServer::start().await;
    let session = server.signed_in(CUSTOMER).await;
    let token = server
        .post_as(CUSTOMER, "/rest/clientele/1/token", json!({"label": "script"}))
        .await;
    let token = token.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let me = "/rest/auth/1/session";
    let by_cookie = || session.get(server.url(me)).send();
    let by_bearer = || Client::new().get(server.url(me)).bearer_auth(&token).send();
    let by_token = || {
        Client::new()
            .get(server.url(me))
            .basic_auth(CUSTOMER, Some(&token))
            .send()
    };
    for response in [
        by_cookie().await.unwrap(),
        by_bearer().await.unwrap(),
        by_token().await.unwrap(),
    ] {
        assert_eq!(response.status(), 200);
    }

    let casey = server.account_id(CUSTOMER).await;
    let revoked: Value = server
        .post_as(ADMIN, &format!("{CUSTOMERS}/{casey}/revoke"), json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (revoked["status"].as_str(), revoked["active"].as_bool()),
        (Some("revoked"), Some(false))
    );
    assert_eq!(sign_in(&server, CUSTOMER).await, 401);
    assert_eq!(server.get_as(CUSTOMER, me).await.status(), 401);
    assert_eq!(by_cookie().await.unwrap().status(), 401);
    assert_eq!(by_bearer().await.unwrap().status(), 401);
    assert_eq!(by_token().await.unwrap().status(), 401);
    // Still listed, as revoked, and still a customer of the project.
    let listed = server
        .get_json(AGENT, "/rest/servicedeskapi/servicedesk/ITH/customer?query=casey")
        .await;
    assert_eq!(listed["values"][0]["active"], false);

    let restored: Value = server
        .post_as(ADMIN, &format!("{CUSTOMERS}/{casey}/restore"), json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(restored["status"], "active");
    assert_eq!(sign_in(&server, CUSTOMER).await, 200);
    assert_eq!(server.get_as(CUSTOMER, me).await.status(), 200);
    assert_eq!(by_bearer().await.unwrap().status(), 200);
    assert_eq!(by_token().await.unwrap().status(), 200);
    // The sessions that were open were ended for good.
    assert_eq!(by_cookie().await.unwrap().status(), 401);
    // Restoring an account without a password makes it invited again.
    let jonas = server.account_id("jonas.garcia@globex.example").await;
    let restored: Value = server
        .post_as(ADMIN, &format!("{CUSTOMERS}/{jonas}/restore"), json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(restored["status"], "invited");
}

#[tokio::test]
async fn a_site_admin_cannot_revoke_or_delete_their_own_account() {
    let server = TestServer::start().await;
    let admin = server.account_id(ADMIN).await;
    let response = server
        .post_as(ADMIN, &format!("{CUSTOMERS}/{admin}/revoke"), json!({}))
        .await;
    assert_error(response, 409, "ownAccount").await;
    assert_error(
        server
            .delete_as(ADMIN, &format!("{CUSTOMERS}/{admin}"), None)
            .await,
        409,
        "ownAccount",
    )
    .await;
    assert_eq!(server.get_as(ADMIN, "/rest/auth/1/session").await.status(), 200);
}

#[tokio::test]
async fn a_deleted_account_leaves_every_list_and_its_address_can_be_added_again() {
    let server = TestServer::start().await;
    let email = "ada.okafor@globex.example";
    let old_id = server.account_id(email).await;
    let globex = server.organization_id("Globex").await;
    let ith = "/rest/servicedeskapi/servicedesk/ITH/customer";
    assert_no_content(&server.post_as(ADMIN, ith, json!({"usernames": [email]})).await);
    assert_no_content(
        &server
            .delete_as(ADMIN, &format!("{CUSTOMERS}/{old_id}"), None)
            .await,
    );

    assert_error(
        server.get_as(ADMIN, &format!("{CUSTOMERS}/{old_id}")).await,
        404,
        "notFound",
    )
    .await;
    assert!(server.accounts_with_email(email).await.is_empty());
    assert!(!server.all_emails(ith).await.contains(&email.into()));
    let members = server
        .all_emails(&format!("/rest/servicedeskapi/organization/{globex}/user"))
        .await;
    assert_eq!(members.len(), 12);
    assert!(!members.contains(&email.into()));
    assert_eq!(
        server
            .get_json(AGENT, &format!("/rest/servicedeskapi/organization/{globex}"))
            .await["memberCount"],
        12
    );
    let by_old_id = server.post_as(ADMIN, ith, json!({"accountIds": [old_id]})).await;
    assert_error(by_old_id, 400, "unknownAccount").await;

    let report = server.bulk_add(AGENT, "ITH", json!({"emails": [email]})).await;
    let result = &report["results"][0];
    assert_eq!(
        (result["outcome"].as_str(), result["newAccount"].as_bool()),
        (Some("added"), Some(true))
    );
    assert_ne!(result["accountId"], old_id.as_str());
    let again = server.accounts_with_email(email).await;
    assert_eq!((again.len(), again[0]["status"].as_str()), (1, Some("invited")));
    assert_eq!(
        again[0]["organizations"],
        json!([]),
        "a new account starts in no organization"
    );
    // Nothing else broke: other lists and the deleted person's old organization still answer.
    assert_eq!(server.get_json(AGENT, ith).await["size"], 8);
    assert_eq!(
        server.get_json(ADMIN, &format!("{CUSTOMERS}?query=globex")).await["size"],
        13
    );
}

#[tokio::test]
async fn account_ids_are_never_reused_after_a_deletion() {
    let server = TestServer::start().await;
    let email = "newest@newco.example";
    let first = server.bulk_add(AGENT, "ITH", json!({"emails": [email]})).await;
    let first_id = first["results"][0]["accountId"].as_str().unwrap().to_string();
    assert_no_content(
        &server
            .delete_as(ADMIN, &format!("{CUSTOMERS}/{first_id}"), None)
            .await,
    );
    let second = server.bulk_add(AGENT, "ITH", json!({"emails": [email]})).await;
    assert_eq!(second["results"][0]["newAccount"], true);
    assert_ne!(
        second["results"][0]["accountId"],
        first_id.as_str(),
        "a script holding the old id must not reach the new person"
    );
    let other = server
        .post_as(
            ADMIN,
            "/rest/servicedeskapi/customer",
            json!({"email": "other@newco.example"}),
        )
        .await;
    let other: Value = other.json().await.unwrap();
    assert_ne!(other["accountId"], first_id.as_str());
}
