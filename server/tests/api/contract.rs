//! The API contract: the OpenAPI document the server serves names exactly the routes it has,
//! and what Schemathesis (`scripts/fuzz.sh`) found, kept as ordinary tests once fixed.

use reqwest::{Client, Method};
use serde_json::{json, Value};

use crate::helpers::{assert_error, json, TestServer, ADMIN, PASSWORD};

async fn document(server: &TestServer) -> Value {
    let response = Client::new()
        .get(server.url("/rest/clientele/1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    json(response).await
}

/// Every operation the document names is answered by its route, not by the API's fallback
/// (404 "no such API resource") or a 405. The other way round — no route without its
/// description — is `http::openapi::tests::every_route_is_registered_with_its_description`.
#[tokio::test]
async fn the_document_is_openapi_3_1_and_every_operation_in_it_is_routed() {
    let server = TestServer::start().await;
    let document = document(&server).await;
    assert_eq!(document["openapi"], "3.1.0");
    let mut operations = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        // Path parameters as a client would fill them; ids that name nothing are fine.
        let concrete: String = path
            .split('/')
            .map(|segment| if segment.starts_with('{') { "1" } else { segment })
            .collect::<Vec<_>>()
            .join("/");
        for method in item.as_object().unwrap().keys() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            // Anonymous, so that nothing is changed: a route still answers (401, 404 for its
            // resource…), the fallback would not.
            let response = Client::new()
                .request(method.clone(), server.url(&concrete))
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            assert_ne!(status, 405, "{method} {path}: {body}");
            assert_ne!(
                body["errorMessage"], "There is no such API resource.",
                "{method} {path} is in the document but not routed"
            );
            operations += 1;
        }
    }
    assert!(operations >= 66, "{operations} operations");
}

/// Schemathesis: the document described `POST /rest/clientele/1/token`'s body with the fields
/// of `POST /rest/servicedeskapi/customer` (two schemas named `CreateBody`). Each body is
/// described by its own fields.
#[tokio::test]
async fn the_document_describes_each_request_body_by_its_own_fields() {
    let server = TestServer::start().await;
    let document = document(&server).await;
    let schemas = &document["components"]["schemas"];
    let body_of = |path: &str, method: &str| -> Value {
        let reference = document["paths"][path][method]["requestBody"]["content"]["application/json"]
            ["schema"]["$ref"]
            .as_str()
            .unwrap_or_else(|| panic!("{method} {path} has a body"))
            .rsplit('/')
            .next()
            .unwrap()
            .to_string();
        schemas[&reference]["required"].clone()
    };
    assert_eq!(body_of("/rest/clientele/1/token", "post"), json!(["label"]));
    assert_eq!(body_of("/rest/servicedeskapi/customer", "post"), json!(["email"]));
    assert_eq!(
        body_of("/rest/servicedeskapi/organization", "post"),
        json!(["name"])
    );
    assert_eq!(
        body_of("/rest/clientele/1/customer/{account_id}", "put"),
        json!(["displayName"])
    );
}

/// Schemathesis: `PUT /rest/clientele/1/settings` with the body `[null, null]` answered 200 —
/// serde reads a struct from a JSON list. A list where an object goes is a 400 and changes
/// nothing; a property, which may be any JSON, still takes a list.
#[tokio::test]
async fn a_json_list_where_an_object_goes_is_a_400_and_changes_nothing() {
    let server = TestServer::start().await;
    let before = server.get_json(ADMIN, "/rest/clientele/1/settings").await;
    for (path, body) in [
        ("/rest/clientele/1/settings", json!([true, true, "premium"])),
        ("/rest/clientele/1/settings", json!([null, null])),
        ("/rest/servicedeskapi/organization", json!(["Listed Ltd"])),
    ] {
        let method = if path.ends_with("settings") {
            Method::PUT
        } else {
            Method::POST
        };
        let response = server.send_as(ADMIN, method, path, Some(body)).await;
        assert_error(response, 400, "invalidBody").await;
    }
    assert_eq!(server.get_json(ADMIN, "/rest/clientele/1/settings").await, before);
    let names: Vec<String> =
        crate::helpers::names(&server.get_json(ADMIN, "/rest/servicedeskapi/organization").await);
    assert!(!names.contains(&"Listed Ltd".to_string()), "{names:?}");
    let acme = server.organization_id("Acme Corporation").await;
    let property = format!("/rest/servicedeskapi/organization/{acme}/property/tags");
    let response = Client::new()
        .put(server.url(&property))
        .basic_auth(ADMIN, Some(PASSWORD))
        .json(&json!(["a", "b"]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(
        server.get_json(ADMIN, &property).await["value"],
        json!(["a", "b"])
    );
}
