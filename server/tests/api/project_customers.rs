//! JSM's `/rest/servicedeskapi/servicedesk/{id}/customer`: listing and searching a project's
//! customers, adding them all or nothing, removing them with absent people as no-ops.

use serde_json::json;

use crate::helpers::{assert_error, assert_no_content, emails, TestServer, ADMIN, AGENT, CUSTOMER, LEAD};

const ITH_CUSTOMERS: &str = "/rest/servicedeskapi/servicedesk/ITH/customer";

#[tokio::test]
async fn project_customers_are_listed_in_the_jsm_user_shape() {
    let server = TestServer::start().await;
    let page = server.get_json(AGENT, ITH_CUSTOMERS).await;
    assert_eq!(page["size"], 7);
    let casey = page["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["emailAddress"] == CUSTOMER)
        .unwrap();
    assert!(casey["accountId"].is_string(), "{casey}");
    assert_eq!(casey["displayName"], "Casey Customer");
    assert_eq!(casey["active"], true);
    assert_eq!(casey["timeZone"], "UTC");
    for link in ["self", "jiraRest"] {
        assert!(
            casey["_links"][link].as_str().unwrap().starts_with(&server.base),
            "{casey}"
        );
    }
    assert!(casey["_links"]["avatarUrls"].is_object(), "{casey}");
    // By id as well as by key.
    let desk = server
        .get_json(AGENT, "/rest/servicedeskapi/servicedesk/ITH")
        .await;
    let by_id = format!(
        "/rest/servicedeskapi/servicedesk/{}/customer",
        desk["id"].as_str().unwrap()
    );
    assert_eq!(server.get_json(AGENT, &by_id).await["values"], page["values"]);
}

#[tokio::test]
async fn the_query_matches_name_or_email_ignoring_case_as_a_substring() {
    let server = TestServer::start().await;
    for (query, expected) in [
        ("CASEY", vec![CUSTOMER]),
        ("sey cust", vec![CUSTOMER]),
        ("ca", vec![CUSTOMER]),
        ("Example.COM", vec![CUSTOMER]),
        ("grace.OK", vec!["grace.okafor@mail.example"]),
        ("zz-nothing", vec![]),
    ] {
        let page = server
            .get_json(
                AGENT,
                &format!("{ITH_CUSTOMERS}?query={}", crate::helpers::encode(query)),
            )
            .await;
        assert_eq!(emails(&page), expected, "{query}");
    }
    let page = server
        .get_json(AGENT, &format!("{ITH_CUSTOMERS}?query=mail.example"))
        .await;
    assert_eq!(page["size"], 6);
}

#[tokio::test]
async fn adding_usernames_creates_invited_customers_and_present_ones_are_no_ops() {
    let server = TestServer::start().await;
    let body = json!({"usernames": ["Nora.New@NewCo.example", CUSTOMER]});
    assert_no_content(&server.post_as(AGENT, ITH_CUSTOMERS, body.clone()).await);
    let listed = server.all_emails(ITH_CUSTOMERS).await;
    assert_eq!(listed.len(), 8);
    let nora = server.accounts_with_email("nora.new@newco.example").await;
    assert_eq!(nora.len(), 1);
    assert_eq!(nora[0]["status"], "invited");
    assert_eq!(
        nora[0]["emailAddress"], "Nora.New@newco.example",
        "domain lowercased, local part kept"
    );
    assert_no_content(&server.post_as(AGENT, ITH_CUSTOMERS, body).await);
    assert_eq!(server.all_emails(ITH_CUSTOMERS).await, listed);
    assert_eq!(
        server.accounts_with_email("nora.new@newco.example").await.len(),
        1
    );
}

#[tokio::test]
async fn adding_by_account_id_uses_the_existing_account() {
    let server = TestServer::start().await;
    let ada = server.account_id("ada.moreau@acme.example").await;
    let fac = "/rest/servicedeskapi/servicedesk/FAC/customer";
    assert_no_content(&server.post_as(AGENT, fac, json!({"accountIds": [ada]})).await);
    assert!(server
        .all_emails(fac)
        .await
        .contains(&"ada.moreau@acme.example".into()));
    assert_eq!(
        server.accounts_with_email("ada.moreau@acme.example").await.len(),
        1
    );
}

#[tokio::test]
async fn one_invalid_address_rejects_the_whole_add() {
    let server = TestServer::start().await;
    let before = server.all_emails(ITH_CUSTOMERS).await;
    for bad in [
        "not an email",
        "jane@",
        "@example.com",
        "jane@localhost",
        "jane@@example.com",
        "",
    ] {
        let body = json!({"usernames": ["good.one@newco.example", bad]});
        let response = server.post_as(AGENT, ITH_CUSTOMERS, body).await;
        assert_error(response, 400, "invalidEmail").await;
    }
    assert_eq!(server.all_emails(ITH_CUSTOMERS).await, before);
    assert!(server
        .accounts_with_email("good.one@newco.example")
        .await
        .is_empty());
}

#[tokio::test]
async fn a_revoked_account_cannot_be_added() {
    let server = TestServer::start().await;
    let body = json!({"usernames": ["good.one@newco.example", "jonas.garcia@globex.example"]});
    let response = server.post_as(LEAD, ITH_CUSTOMERS, body).await;
    crate::helpers::assert_refused(response, "accessRevoked", "siteAdmin").await;
    assert!(server
        .accounts_with_email("good.one@newco.example")
        .await
        .is_empty());
}

#[tokio::test]
async fn an_unknown_account_id_is_a_400_and_adds_nothing() {
    let server = TestServer::start().await;
    for unknown in ["999999", "abc", ""] {
        let body = json!({"accountIds": [unknown], "usernames": ["good.one@newco.example"]});
        let response = server.post_as(AGENT, ITH_CUSTOMERS, body).await;
        assert_error(response, 400, "unknownAccount").await;
    }
    assert!(server
        .accounts_with_email("good.one@newco.example")
        .await
        .is_empty());
}

#[tokio::test]
async fn removing_customers_by_id_or_address_and_absent_people_are_no_ops() {
    let server = TestServer::start().await;
    let dev = server.account_id("dev.moreau@mail.example").await;
    let body = json!({
        "accountIds": [dev, "999999", "abc"],
        "usernames": ["CUSTOMER@example.com", "nobody@nowhere.example", "ada.okafor@globex.example"],
    });
    assert_no_content(&server.delete_as(LEAD, ITH_CUSTOMERS, Some(body.clone())).await);
    let listed = server.all_emails(ITH_CUSTOMERS).await;
    assert_eq!(listed.len(), 5, "{listed:?}");
    assert!(!listed.contains(&CUSTOMER.into()) && !listed.contains(&"dev.moreau@mail.example".into()));
    assert_no_content(&server.delete_as(LEAD, ITH_CUSTOMERS, Some(body)).await);
    assert_eq!(server.all_emails(ITH_CUSTOMERS).await, listed);
    // Removed from the project, not deleted; and no longer able to use it.
    assert_eq!(server.accounts_with_email(CUSTOMER).await.len(), 1);
    let desks = server
        .get_json(CUSTOMER, "/rest/servicedeskapi/servicedesk")
        .await;
    assert_eq!(desks["size"], 0);
    assert_no_content(
        &server
            .post_as(ADMIN, ITH_CUSTOMERS, json!({"usernames": [CUSTOMER]}))
            .await,
    );
    assert_eq!(
        server
            .get_json(CUSTOMER, "/rest/servicedeskapi/servicedesk")
            .await["size"],
        1
    );
}

#[tokio::test]
async fn an_unknown_service_desk_is_a_404() {
    let server = TestServer::start().await;
    let body = json!({"usernames": ["good.one@newco.example"]});
    for desk in ["NOPE", "999", "-1"] {
        let path = format!("/rest/servicedeskapi/servicedesk/{desk}/customer");
        assert_error(server.get_as(ADMIN, &path).await, 404, "notFound").await;
        assert_error(server.post_as(ADMIN, &path, body.clone()).await, 404, "notFound").await;
        assert_error(
            server.delete_as(ADMIN, &path, Some(body.clone())).await,
            404,
            "notFound",
        )
        .await;
    }
}
