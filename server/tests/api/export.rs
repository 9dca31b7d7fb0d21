//! CSV exports (issue 17 §2): RFC 4180, UTF-8 with a byte-order mark, formula-looking cells
//! neutralised, the row count ahead in `X-Total-Count`, the page's search and filters applied,
//! and the permissions of the page each export belongs to.

use serde_json::json;

use crate::helpers::{assert_error, TestServer, ADMIN, AGENT, CUSTOMER};

pub const HEADER: &str = "email,display name,status,kind,organizations,projects,created,last invitation";

/// The file's text without its byte-order mark (checked), and its `X-Total-Count`.
pub async fn csv(server: &TestServer, who: &str, path: &str) -> (String, usize) {
    let response = server.get_as(who, path).await;
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename="));
    let total: usize = response.headers()["x-total-count"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let text = response.text().await.unwrap();
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark")
        .to_string();
    assert!(text.ends_with("\r\n"));
    (text, total)
}

/// The records of a file (no field of these holds a line break), header first.
pub fn lines(text: &str) -> Vec<&str> {
    text.split_terminator("\r\n").collect()
}

#[tokio::test]
async fn the_site_export_has_every_account_one_line_each_with_its_count() {
    let server = TestServer::start().await;
    let (text, total) = csv(&server, ADMIN, "/rest/clientele/1/customer/export").await;
    let lines = lines(&text);
    assert_eq!(lines[0], HEADER);
    assert_eq!(lines.len() - 1, total);
    let listed = server
        .get_json(ADMIN, "/rest/clientele/1/customer?limit=100")
        .await;
    assert_eq!(
        listed["size"].as_u64().unwrap() as usize,
        total,
        "the page and the file agree"
    );
    let ada = lines
        .iter()
        .find(|l| l.starts_with("ada.okafor@globex.example,"))
        .expect("Ada is exported");
    let fields: Vec<&str> = ada.split(',').collect();
    assert_eq!(
        &fields[..4],
        ["ada.okafor@globex.example", "Ada Okafor", "active", "portal"]
    );
    assert!(fields[6].ends_with('Z') && fields[6].len() == 20, "{ada}");
}

#[tokio::test]
async fn search_and_filters_apply_and_cells_are_quoted_and_neutralised() {
    let server = TestServer::start().await;
    let text = "\"=HYPERLINK(\"\"http://evil.example\"\")\" <formula.one@newco.example>, \
                \"Doe, \\\"JD\\\" Jane\" <formula.two@newco.example>, \"-Minus\" <formula.three@newco.example>";
    let report = server.bulk_add(AGENT, "ITH", json!({"text": text})).await;
    assert_eq!(report["summary"]["added"], 3, "{report}");
    let (text, total) = csv(
        &server,
        ADMIN,
        "/rest/clientele/1/customer/export?query=formula.&status=invited&kind=portal",
    )
    .await;
    assert_eq!(total, 3);
    let lines = lines(&text);
    assert_eq!(
        &lines[1..]
            .iter()
            .map(|l| l.split(",invited,").next().unwrap())
            .collect::<Vec<_>>(),
        &[
            "formula.one@newco.example,'=HYPERLINK(http://evil.example)",
            "formula.two@newco.example,\"Doe, \"\"JD\"\" Jane\"",
            "formula.three@newco.example,'-Minus",
        ]
    );
    assert!(lines[1].contains(",portal,,ITH,"), "{}", lines[1]);
    // Each was just invited: the last invitation is filled in.
    assert!(lines[1].ends_with('Z'), "{}", lines[1]);
    let (none, total) = csv(
        &server,
        ADMIN,
        "/rest/clientele/1/customer/export?query=formula.&status=active",
    )
    .await;
    assert_eq!((self::lines(&none).len(), total), (1, 0));
    assert_error(
        server
            .get_as(ADMIN, "/rest/clientele/1/customer/export?status=sleeping")
            .await,
        400,
        "invalidParameter",
    )
    .await;
}

#[tokio::test]
async fn only_site_admins_export_accounts_and_organizations() {
    let server = TestServer::start().await;
    for who in [AGENT, CUSTOMER] {
        for path in [
            "/rest/clientele/1/customer/export",
            "/rest/clientele/1/organization/export",
        ] {
            let response = server.get_as(who, path).await;
            assert_eq!(response.status(), 403, "{who} {path}");
        }
    }
    let response = server
        .get_as(CUSTOMER, "/rest/clientele/1/servicedesk/ITH/customer/export")
        .await;
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn a_project_export_has_its_own_customers_searched() {
    let server = TestServer::start().await;
    server
        .bulk_add(
            AGENT,
            "ITH",
            json!({"text": "Proj One <proj.one@newco.example>, proj.two@newco.example"}),
        )
        .await;
    let (text, total) = csv(
        &server,
        AGENT,
        "/rest/clientele/1/servicedesk/ITH/customer/export?query=proj.",
    )
    .await;
    assert_eq!(total, 2);
    let lines = lines(&text);
    assert_eq!(lines[0], HEADER);
    assert!(lines[1].starts_with("proj.one@newco.example,Proj One,invited,portal,,ITH,"));
    assert!(lines[2].starts_with("proj.two@newco.example,proj.two,invited,portal,,ITH,"));
    let (all, total) = csv(
        &server,
        AGENT,
        "/rest/clientele/1/servicedesk/ITH/customer/export",
    )
    .await;
    let page = server
        .get_json(AGENT, "/rest/servicedeskapi/servicedesk/ITH/customer?limit=1000")
        .await;
    assert_eq!(total, page["size"].as_u64().unwrap() as usize);
    assert_eq!(self::lines(&all).len() - 1, total);
}

#[tokio::test]
async fn the_organizations_export_lists_each_organization_with_its_members_and_projects() {
    let server = TestServer::start().await;
    let created = server
        .post_as(
            ADMIN,
            "/rest/servicedeskapi/organization",
            json!({"name": "Empty Export Org"}),
        )
        .await;
    assert_eq!(created.status(), 201);
    let (text, total) = csv(&server, ADMIN, "/rest/clientele/1/organization/export").await;
    let lines = lines(&text);
    assert_eq!(lines[0], format!("organization,organization projects,{HEADER}"));
    assert_eq!(lines.len() - 1, total);
    assert!(lines.contains(&"Empty Export Org,,,,,,,,,"), "{text}");
    let acme: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with("Acme Corporation,"))
        .collect();
    let id = server.organization_id("Acme Corporation").await;
    let members = server
        .get_json(
            ADMIN,
            &format!("/rest/servicedeskapi/organization/{id}/user?limit=100"),
        )
        .await;
    assert_eq!(acme.len(), members["size"].as_u64().unwrap() as usize);
    assert!(acme[0].starts_with("Acme Corporation,ITH,"), "{}", acme[0]);
    let (searched, total) = csv(
        &server,
        ADMIN,
        "/rest/clientele/1/organization/export?query=empty%20export",
    )
    .await;
    assert_eq!(total, 1);
    assert_eq!(self::lines(&searched)[1], "Empty Export Org,,,,,,,,,");
}
