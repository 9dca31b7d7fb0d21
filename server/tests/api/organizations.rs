//! JSM's `/rest/servicedeskapi/organization`: listing (customers see only their own), creating
//! with unique names, reading, deleting (members keep their accounts), members, properties, and
//! Clientele's rename.

use reqwest::Client;
use serde_json::{json, Value};

use crate::helpers::{assert_error, assert_no_content, emails, names, TestServer, ADMIN, AGENT, LEAD};
use crate::project_organizations::with_password;

const ORGANIZATIONS: &str = "/rest/servicedeskapi/organization";

#[tokio::test]
async fn staff_list_every_organization_with_counts_and_projects_and_can_search_names() {
    let server = TestServer::start().await;
    let page = server.get_json(AGENT, ORGANIZATIONS).await;
    assert_eq!(names(&page), ["Acme Corporation", "Globex", "Initech"]);
    let counts: Vec<&Value> = page["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| &o["memberCount"])
        .collect();
    assert_eq!(counts, [13, 13, 12]);
    let keys: Vec<&str> = page["values"][1]["projectKeys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert!(
        keys.contains(&"ITH") && keys.contains(&"FAC") && keys.len() == 2,
        "{keys:?}"
    );
    for (query, expected) in [
        ("glob", vec!["Globex"]),
        ("CORP", vec!["Acme Corporation"]),
        ("e", vec!["Acme Corporation", "Globex", "Initech"]),
        ("%", vec![]),
        ("_", vec![]),
    ] {
        let page = server
            .get_json(
                AGENT,
                &format!("{ORGANIZATIONS}?query={}", crate::helpers::encode(query)),
            )
            .await;
        assert_eq!(names(&page), expected, "{query}");
    }
    let ada = server.account_id("ada.moreau@acme.example").await;
    assert_eq!(
        names(
            &server
                .get_json(LEAD, &format!("{ORGANIZATIONS}?accountId={ada}"))
                .await
        ),
        ["Acme Corporation"]
    );
}

#[tokio::test]
async fn a_customer_sees_only_their_own_organizations() {
    let server = TestServer::start().await;
    let email = "ada.okafor@globex.example";
    let password = with_password(&server, email).await;
    let get = |path: String| {
        let request = Client::new()
            .get(server.url(&path))
            .basic_auth(email, Some(password.clone()));
        async move { request.send().await.unwrap() }
    };
    let acme = server.organization_id("Acme Corporation").await;
    let globex = server.organization_id("Globex").await;
    let ada_moreau = server.account_id("ada.moreau@acme.example").await;
    for path in [
        ORGANIZATIONS.to_string(),
        format!("{ORGANIZATIONS}?accountId={ada_moreau}"),
    ] {
        let page: Value = get(path).await.json().await.unwrap();
        assert_eq!(names(&page), ["Globex"]);
    }
    assert_eq!(get(format!("{ORGANIZATIONS}/{globex}")).await.status(), 200);
    assert_error(get(format!("{ORGANIZATIONS}/{acme}")).await, 404, "notFound").await;
    assert_error(
        get(format!("{ORGANIZATIONS}/{acme}/property")).await,
        404,
        "notFound",
    )
    .await;
}

#[tokio::test]
async fn creating_an_organization_answers_201_and_names_are_unique_ignoring_case() {
    let server = TestServer::start().await;
    let response = server
        .post_as(LEAD, ORGANIZATIONS, json!({"name": "  Umbrella  "}))
        .await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["name"], "Umbrella");
    let id = created["id"].as_str().unwrap();
    assert_eq!(
        created["_links"]["self"],
        format!("{}{ORGANIZATIONS}/{id}", server.base)
    );
    for field in ["iso8601", "jira", "friendly"] {
        assert!(created["created"][field].is_string(), "{created}");
    }
    assert!(created["created"]["epochMillis"].is_i64(), "{created}");
    assert_eq!(
        server.get_json(AGENT, &format!("{ORGANIZATIONS}/{id}")).await["name"],
        "Umbrella"
    );

    for taken in ["umbrella", "GLOBEX", "acme corporation"] {
        let response = server.post_as(LEAD, ORGANIZATIONS, json!({"name": taken})).await;
        assert_error(response, 409, "organizationNameTaken").await;
    }
    for bad in ["".to_string(), "   ".to_string(), "x".repeat(201)] {
        assert_error(
            server.post_as(LEAD, ORGANIZATIONS, json!({"name": bad})).await,
            400,
            "invalidName",
        )
        .await;
    }
    let longest = server
        .post_as(LEAD, ORGANIZATIONS, json!({"name": "é".repeat(200)}))
        .await;
    assert_eq!(longest.status(), 201);
    assert_eq!(server.get_json(AGENT, ORGANIZATIONS).await["size"], 5);
}

#[tokio::test]
async fn an_unknown_organization_is_a_404_everywhere() {
    let server = TestServer::start().await;
    for id in ["999999", "abc", "-1", "99999999999999999999"] {
        let base = format!("{ORGANIZATIONS}/{id}");
        assert_error(server.get_as(ADMIN, &base).await, 404, "notFound").await;
        assert_error(server.delete_as(ADMIN, &base, None).await, 404, "notFound").await;
        assert_error(
            server.get_as(ADMIN, &format!("{base}/user")).await,
            404,
            "notFound",
        )
        .await;
        let users = json!({"usernames": ["x@newco.example"]});
        assert_error(
            server
                .post_as(ADMIN, &format!("{base}/user"), users.clone())
                .await,
            404,
            "notFound",
        )
        .await;
        assert_error(
            server
                .delete_as(ADMIN, &format!("{base}/user"), Some(users))
                .await,
            404,
            "notFound",
        )
        .await;
        assert_error(
            server.get_as(ADMIN, &format!("{base}/property")).await,
            404,
            "notFound",
        )
        .await;
        assert_error(
            server
                .put_as(ADMIN, &format!("{base}/property/k"), json!(1))
                .await,
            404,
            "notFound",
        )
        .await;
        let rename = server
            .put_as(
                ADMIN,
                &format!("/rest/clientele/1/organization/{id}"),
                json!({"name": "N"}),
            )
            .await;
        assert_error(rename, 404, "notFound").await;
    }
    assert!(server.accounts_with_email("x@newco.example").await.is_empty());
}

#[tokio::test]
async fn deleting_an_organization_keeps_its_members_accounts() {
    let server = TestServer::start().await;
    let globex = server.organization_id("Globex").await;
    assert_no_content(
        &server
            .delete_as(ADMIN, &format!("{ORGANIZATIONS}/{globex}"), None)
            .await,
    );
    assert_error(
        server.get_as(ADMIN, &format!("{ORGANIZATIONS}/{globex}")).await,
        404,
        "notFound",
    )
    .await;
    assert_error(
        server
            .delete_as(ADMIN, &format!("{ORGANIZATIONS}/{globex}"), None)
            .await,
        404,
        "notFound",
    )
    .await;
    assert_eq!(
        names(&server.get_json(AGENT, ORGANIZATIONS).await),
        ["Acme Corporation", "Initech"]
    );
    assert_eq!(
        names(
            &server
                .get_json(AGENT, "/rest/servicedeskapi/servicedesk/FAC/organization")
                .await
        ),
        Vec::<String>::new()
    );
    let ada = server.accounts_with_email("ada.okafor@globex.example").await;
    assert_eq!(ada.len(), 1);
    assert_eq!(ada[0]["organizations"], json!([]));
}

#[tokio::test]
async fn organization_members_are_listed_added_and_removed() {
    let server = TestServer::start().await;
    let initech = server.organization_id("Initech").await;
    // An organization attached to no project is the site admin's (issue 11): attach it to the
    // project the agent and the project admin work on first.
    let attach = json!({"organizationId": initech});
    assert_no_content(
        &server
            .post_as(ADMIN, "/rest/servicedeskapi/servicedesk/ITH/organization", attach)
            .await,
    );
    let users = format!("{ORGANIZATIONS}/{initech}/user");
    let page = server.get_json(AGENT, &users).await;
    assert_eq!(page["size"], 12);
    assert!(emails(&page).iter().all(|e| e.ends_with("@initech.example")));
    assert_eq!(
        page["values"][0]["organizations"],
        json!([{"id": initech, "name": "Initech"}])
    );
    assert_eq!(
        emails(&server.get_json(AGENT, &format!("{users}?query=GRACE")).await).len(),
        2
    );

    let ada = server.account_id("ada.moreau@acme.example").await;
    let add = json!({"accountIds": [ada], "usernames": ["ivy.new@newco.example", "ines.lindqvist@initech.example"]});
    assert_no_content(&server.post_as(LEAD, &users, add.clone()).await);
    assert_no_content(&server.post_as(LEAD, &users, add).await);
    let members = server.all_emails(&users).await;
    assert_eq!(members.len(), 14);
    assert_eq!(
        server.accounts_with_email("ivy.new@newco.example").await[0]["status"],
        "invited"
    );
    let bad = json!({"usernames": ["fine@newco.example", "broken@"]});
    assert_error(server.post_as(LEAD, &users, bad).await, 400, "invalidEmail").await;
    assert!(server.accounts_with_email("fine@newco.example").await.is_empty());

    let remove = json!({"accountIds": [ada, "424242"], "usernames": ["IVY.NEW@newco.example", "nobody@nowhere.example"]});
    assert_no_content(&server.delete_as(LEAD, &users, Some(remove.clone())).await);
    assert_no_content(&server.delete_as(LEAD, &users, Some(remove)).await);
    assert_eq!(server.all_emails(&users).await.len(), 12);
    assert_eq!(
        server.accounts_with_email("ivy.new@newco.example").await.len(),
        1,
        "removed, not deleted"
    );
    assert_eq!(
        server
            .get_json(AGENT, &format!("{ORGANIZATIONS}/{initech}"))
            .await["memberCount"],
        12
    );
}

#[tokio::test]
async fn organization_properties_are_created_read_updated_and_deleted() {
    let server = TestServer::start().await;
    let acme = server.organization_id("Acme Corporation").await;
    let properties = format!("{ORGANIZATIONS}/{acme}/property");
    assert_eq!(server.get_json(AGENT, &properties).await, json!({"keys": []}));
    let tier = format!("{properties}/tier");
    assert_eq!(
        server
            .put_as(LEAD, &tier, json!({"level": "gold", "seats": [1, 2]}))
            .await
            .status(),
        201
    );
    assert_eq!(
        server.get_json(AGENT, &tier).await,
        json!({"key": "tier", "value": {"level": "gold", "seats": [1, 2]}})
    );
    assert_eq!(server.put_as(LEAD, &tier, json!("silver")).await.status(), 200);
    assert_eq!(server.get_json(AGENT, &tier).await["value"], "silver");
    assert_eq!(
        server
            .put_as(LEAD, &format!("{properties}/a%20key"), json!(null))
            .await
            .status(),
        201
    );
    let keys = server.get_json(AGENT, &properties).await;
    assert_eq!(keys["keys"][0]["key"], "a key");
    assert_eq!(
        keys["keys"][0]["self"],
        format!("{}{properties}/a%20key", server.base)
    );
    assert_eq!(keys["keys"][1]["key"], "tier");

    assert_no_content(&server.delete_as(LEAD, &tier, None).await);
    assert_error(server.get_as(AGENT, &tier).await, 404, "notFound").await;
    assert_error(server.delete_as(LEAD, &tier, None).await, 404, "notFound").await;
    let too_long = format!("{properties}/{}", "k".repeat(256));
    assert_error(
        server.put_as(LEAD, &too_long, json!(1)).await,
        400,
        "invalidPropertyKey",
    )
    .await;
    assert_eq!(
        server
            .put_as(LEAD, &format!("{properties}/{}", "k".repeat(255)), json!(1))
            .await
            .status(),
        201
    );
}

#[tokio::test]
async fn site_admin_renames_an_organization_to_a_free_name() {
    let server = TestServer::start().await;
    let acme = server.organization_id("Acme Corporation").await;
    let path = format!("/rest/clientele/1/organization/{acme}");
    let renamed = server
        .put_as(ADMIN, &path, json!({"name": "ACME corporation"}))
        .await;
    assert_eq!(renamed.status(), 200, "a change of case of its own name is fine");
    let renamed: Value = server
        .put_as(ADMIN, &path, json!({"name": " Acme Inc "}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(renamed["name"], "Acme Inc");
    assert_eq!(renamed["id"], acme.as_str());
    assert_error(
        server.put_as(ADMIN, &path, json!({"name": "globex"})).await,
        409,
        "organizationNameTaken",
    )
    .await;
    assert_error(
        server.put_as(ADMIN, &path, json!({"name": ""})).await,
        400,
        "invalidName",
    )
    .await;
    assert_eq!(
        names(&server.get_json(AGENT, ORGANIZATIONS).await),
        ["Acme Inc", "Globex", "Initech"]
    );
    let response = server
        .post_as(ADMIN, ORGANIZATIONS, json!({"name": "Acme Corporation"}))
        .await;
    assert_eq!(response.status(), 201, "the old name is free again");
}

#[tokio::test]
async fn an_organizations_project_keys_come_in_the_order_the_projects_were_created_on_every_backend() {
    let server = TestServer::start().await;
    let page = server
        .get_json(ADMIN, "/rest/servicedeskapi/organization?query=Globex")
        .await;
    assert_eq!(page["values"][0]["projectKeys"], json!(["ITH", "FAC"]), "{page}");
}
