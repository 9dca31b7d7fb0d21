//! JSM's `/rest/servicedeskapi/servicedesk/{id}/organization`: the organizations attached to a
//! project, attaching and detaching them (ids as numbers or strings), and what that means for
//! their members.

use reqwest::Client;
use serde_json::json;

use crate::helpers::{assert_error, assert_no_content, names, TestServer, ADMIN, AGENT, LEAD};

const ITH_ORGANIZATIONS: &str = "/rest/servicedeskapi/servicedesk/ITH/organization";

/// Gives a demo customer a password (as the site admin) so that they can sign in.
pub async fn with_password(server: &TestServer, email: &str) -> String {
    let id = server.account_id(email).await;
    let path = format!("/rest/clientele/1/customer/{id}/password");
    let response = server
        .put_as(ADMIN, &path, json!({"password": "a long passphrase 7"}))
        .await;
    assert_no_content(&response);
    "a long passphrase 7".to_string()
}

#[tokio::test]
async fn attached_organizations_are_listed_per_project_and_filtered_by_member() {
    let server = TestServer::start().await;
    let page = server.get_json(AGENT, ITH_ORGANIZATIONS).await;
    assert_eq!(names(&page), ["Acme Corporation", "Globex"]);
    let acme = &page["values"][0];
    assert!(
        acme["id"].is_string() && acme["_links"]["self"].is_string(),
        "{acme}"
    );
    let fac = server
        .get_json(AGENT, "/rest/servicedeskapi/servicedesk/FAC/organization")
        .await;
    assert_eq!(names(&fac), ["Globex"]);

    let ada = server.account_id("ada.moreau@acme.example").await;
    let mine = server
        .get_json(AGENT, &format!("{ITH_ORGANIZATIONS}?accountId={ada}"))
        .await;
    assert_eq!(names(&mine), ["Acme Corporation"]);
    assert!(mine["_links"]["self"]
        .as_str()
        .unwrap()
        .contains(&format!("accountId={ada}")));
    let ines = server.account_id("ines.lindqvist@initech.example").await;
    let none = server
        .get_json(AGENT, &format!("{ITH_ORGANIZATIONS}?accountId={ines}"))
        .await;
    assert_eq!(none["size"], 0);
    let response = server
        .get_as(AGENT, &format!("{ITH_ORGANIZATIONS}?accountId=abc"))
        .await;
    assert_error(response, 400, "invalidParameter").await;
}

#[tokio::test]
async fn attaching_takes_a_number_or_a_string_and_repeats_are_no_ops() {
    let server = TestServer::start().await;
    let initech = server.organization_id("Initech").await;
    let number: i64 = initech.parse().unwrap();
    assert_no_content(
        &server
            .post_as(LEAD, ITH_ORGANIZATIONS, json!({"organizationId": number}))
            .await,
    );
    assert_no_content(
        &server
            .post_as(LEAD, ITH_ORGANIZATIONS, json!({"organizationId": initech}))
            .await,
    );
    let page = server.get_json(LEAD, ITH_ORGANIZATIONS).await;
    assert_eq!(names(&page), ["Acme Corporation", "Globex", "Initech"]);
    let org = server
        .get_json(ADMIN, &format!("/rest/servicedeskapi/organization/{initech}"))
        .await;
    assert_eq!(org["projectKeys"], json!(["ITH"]));

    assert_no_content(
        &server
            .delete_as(LEAD, ITH_ORGANIZATIONS, Some(json!({"organizationId": initech})))
            .await,
    );
    assert_no_content(
        &server
            .delete_as(LEAD, ITH_ORGANIZATIONS, Some(json!({"organizationId": number})))
            .await,
    );
    assert_eq!(
        names(&server.get_json(LEAD, ITH_ORGANIZATIONS).await),
        ["Acme Corporation", "Globex"]
    );
    // Detaching never touches the members.
    let members = server
        .get_json(
            ADMIN,
            &format!("/rest/servicedeskapi/organization/{initech}/user"),
        )
        .await;
    assert_eq!(members["size"], 12);
}

#[tokio::test]
async fn an_unknown_organization_is_a_404_and_a_missing_or_wrong_id_a_400() {
    let server = TestServer::start().await;
    for unknown in [json!(999_999), json!("999999"), json!("initech"), json!(-1)] {
        let body = json!({"organizationId": unknown});
        assert_error(
            server.post_as(LEAD, ITH_ORGANIZATIONS, body.clone()).await,
            404,
            "notFound",
        )
        .await;
        assert_error(
            server.delete_as(LEAD, ITH_ORGANIZATIONS, Some(body)).await,
            404,
            "notFound",
        )
        .await;
    }
    for bad in [
        json!({}),
        json!({"organizationId": true}),
        json!({"organizationId": [1]}),
        json!({"organizationId": null}),
    ] {
        assert_error(
            server.post_as(LEAD, ITH_ORGANIZATIONS, bad).await,
            400,
            "invalidBody",
        )
        .await;
    }
    assert_eq!(server.get_json(LEAD, ITH_ORGANIZATIONS).await["size"], 2);
}

#[tokio::test]
async fn members_of_an_attached_organization_use_the_project_until_it_is_detached() {
    let server = TestServer::start().await;
    let email = "ada.okafor@globex.example";
    let password = with_password(&server, email).await;
    let desks = |server: &TestServer| {
        let url = server.url("/rest/servicedeskapi/servicedesk");
        let password = password.clone();
        async move {
            let response = Client::new()
                .get(url)
                .basic_auth(email, Some(password))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            let page: serde_json::Value = response.json().await.unwrap();
            page["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["projectKey"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(desks(&server).await, ["ITH", "FAC"]);
    let globex = server.organization_id("Globex").await;
    let fac = "/rest/servicedeskapi/servicedesk/FAC/organization";
    assert_no_content(
        &server
            .delete_as(ADMIN, fac, Some(json!({"organizationId": globex})))
            .await,
    );
    assert_eq!(desks(&server).await, ["ITH"]);
    assert_no_content(
        &server
            .post_as(ADMIN, fac, json!({"organizationId": globex}))
            .await,
    );
    assert_eq!(desks(&server).await, ["ITH", "FAC"]);
}
