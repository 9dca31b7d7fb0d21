//! The OpenAPI 3.1 document of the whole API, generated from the code: every route is
//! registered with `utoipa_axum::routes!`, which takes the path and method from the handler's
//! `#[utoipa::path]` attribute, so a route cannot exist without its description (and the
//! `every_route_is_registered_with_its_description` test below refuses a plain `.route(`).
//! This module adds what every operation shares: the error answers, with the `reason` codes
//! each status carries, and the three ways to authenticate. Served at
//! `GET /rest/clientele/1/openapi.json`.

use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;
use clientele_domain::reason::Reason;
use clientele_domain::wire::ErrorBody;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};
use utoipa::{OpenApi as _, PartialSchema, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

/// The document's fixed parts; the paths come from the routers.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Clientele",
        description = "Customers and organizations for service desks: the Jira Service Management \
                       REST dialect under /rest/servicedeskapi, Jira's session and user resources, \
                       and Clientele's own routes under /rest/clientele/1. See docs/api.md.",
        license(name = "MIT")
    ),
    components(schemas(ErrorBody))
)]
struct Base;

/// The route that serves the document.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(openapi_json))
}

/// The OpenAPI 3.1 document of every route of this server.
#[utoipa::path(get, path = "/openapi.json", tag = "clientele", security(()),
    responses((status = 200, description = "The OpenAPI 3.1 document (JSON)", content_type = "application/json")))]
async fn openapi_json() -> impl IntoResponse {
    static JSON: LazyLock<String> =
        LazyLock::new(|| serde_json::to_string(document()).expect("the document serializes"));
    ([(header::CONTENT_TYPE, super::JSON_UTF8)], JSON.as_str())
}

/// The document, built once.
pub fn document() -> &'static OpenApi {
    static DOCUMENT: LazyLock<OpenApi> = LazyLock::new(|| {
        let routes =
            OpenApiRouter::<AppState>::with_openapi(Base::openapi()).nest("/rest", super::api_routes());
        let mut document = routes.into_openapi();
        describe_shared_parts(&mut document);
        document
    });
    &DOCUMENT
}

/// Error statuses, with the reasons each carries (as a sentence in the document; the body's
/// `reason` is one of [`Reason::SENT`], which the `ErrorBody` schema lists).
const ERRORS: &[(&str, &str, &str)] = &[
    ("400", "BadRequest", "A parameter, field or body is wrong: invalidParameter, invalidBody, malformedJson, invalidPath, invalidEmail, invalidName, invalidLabel, invalidDomain, invalidSlug, invalidUsername, invalidPropertyKey, propertyTooLarge, tooManyEntries, noEntries, textOrEmails, noUsers, unknownAccount, unknownHelpCenter, organizationNotAttached, organizationInPath, emailTaken (without strictConflictStatusCode), weakPassword, wrongPassword, premiumOnly."),
    ("401", "Unauthorized", "Not signed in (notSignedIn) or credentials that do not authenticate (badCredentials). Sent with `WWW-Authenticate: Basic realm=\"Clientele\"`."),
    ("403", "Forbidden", "Refused by the permission policy (customersCannot, projectAdminOnly, siteAdminOnly, agentsCannotManageOrganizations, managedDomain, premiumOnly, customerServiceManagementOff, publicSignupOff, signupClosed, unattachedOrganization, organizationOutsideYourProjects, accessRevoked, …; with whoCanChange), or a cookie-authenticated change from another site (crossSiteRequest) or without JSON or the XSRF header (xsrfCheckFailed)."),
    ("404", "NotFound", "No such resource, or one the caller may not know exists (notFound)."),
    ("409", "Conflict", "Conflicts with what exists: organizationNameTaken, emailTaken (strict), domainExists, slugTaken, lastHelpCenter, ownAccount, notPortalOnly, alreadyFullAccount, notInvited, linkRemoved, tooManyTokens, tooManyProperties, alreadyExists, changedMeanwhile."),
    ("410", "Gone", "The one-time link was used or is too old (linkUsed, linkExpired)."),
    ("413", "PayloadTooLarge", "The body is larger than the server accepts (bodyTooLarge)."),
    ("415", "UnsupportedMediaType", "The body is not JSON (unsupportedMediaType)."),
    ("429", "TooManyRequests", "Too many attempts (tooManyRequests); `Retry-After` says when to try again."),
    ("503", "ServiceUnavailable", "The database is busy or does not answer (busy, databaseUnavailable); nothing was changed; `Retry-After` says when to try again."),
];

/// Which error statuses an operation may answer: every one may refuse its parameters, its
/// caller, its resource, a busy database and (with HTTP Basic) too many password guesses;
/// one with a body may refuse the body; a change may conflict.
fn error_statuses(method: &str, operation: &Operation) -> Vec<&'static str> {
    let mut statuses = vec!["400", "401", "403", "404", "429", "503"];
    if operation.request_body.is_some() {
        statuses.extend(["413", "415"]);
    }
    if method != "get" {
        statuses.extend(["409", "410"]);
    }
    statuses
}

/// Adds the error answers and the security schemes.
fn describe_shared_parts(document: &mut OpenApi) {
    let components = document.components.get_or_insert_with(Default::default);
    for (status, name, description) in ERRORS {
        let response = ResponseBuilder::new()
            .description(*description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build();
        components.responses.insert(name.to_string(), RefOr::T(response));
        let _ = status;
    }
    components
        .schemas
        .insert(Reason::name().into_owned(), Reason::schema());
    components.add_security_scheme(
        "basic",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Basic)
                .description(Some("email:password or email:api-token"))
                .build(),
        ),
    );
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some("an API token"))
                .build(),
        ),
    );
    components.add_security_scheme(
        "session",
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(super::auth::SESSION_COOKIE))),
    );
    document.security = Some(vec![
        SecurityRequirement::new("basic", Vec::<String>::new()),
        SecurityRequirement::new("bearer", Vec::<String>::new()),
        SecurityRequirement::new("session", Vec::<String>::new()),
    ]);
    for (path, item) in document.paths.paths.iter_mut() {
        let operations = [
            ("get", &mut item.get),
            ("put", &mut item.put),
            ("post", &mut item.post),
            ("delete", &mut item.delete),
        ];
        for (method, operation) in operations {
            let Some(operation) = operation else { continue };
            // Handlers in different modules share names (`list`), and one handler may serve
            // two paths (`/rest/api/2/user`, `/rest/api/3/user`): ids come from the route.
            operation.operation_id = Some(operation_id(method, path));
            for status in error_statuses(method, operation) {
                let (_, name, _) = ERRORS
                    .iter()
                    .find(|(s, _, _)| *s == status)
                    .expect("a described status");
                operation
                    .responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| RefOr::Ref(Ref::from_response_name(*name)));
            }
        }
    }
}

/// A unique, readable operation id from the method and the path:
/// `get /rest/servicedeskapi/organization/{organization_id}/user` →
/// `getServicedeskapiOrganizationByOrganizationIdUser`.
fn operation_id(method: &str, path: &str) -> String {
    let mut id = method.to_string();
    for segment in path.split('/').filter(|s| !s.is_empty() && *s != "rest") {
        let (prefix, words) = match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(parameter) => ("By", parameter),
            None => ("", segment),
        };
        id.push_str(prefix);
        for word in words
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                id.push(first.to_ascii_uppercase());
                id.push_str(chars.as_str());
            }
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    use super::*;

    /// The Rust files of a directory and its subdirectories.
    fn rust_files(dir: &Path) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files.extend(rust_files(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
        files
    }

    /// A file's code before its `#[cfg(test)]` module.
    fn code(path: &Path) -> String {
        let text = std::fs::read_to_string(path).unwrap();
        text.split("#[cfg(test)]").next().unwrap_or_default().to_string()
    }

    /// A route added with plain axum (`.route(…)`, `.route_service(…)`, `.nest_service(…)`)
    /// would answer without being in the document. Register it with
    /// `.routes(routes!(handler))` and describe the handler with `#[utoipa::path(…)]` (see
    /// docs/api.md, "Adding a route"). `web_app.rs` is exempt: it serves the built web app's
    /// pages and files outside `/rest`, which are not part of the API.
    #[test]
    fn every_route_is_registered_with_its_description() {
        let http = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/http");
        let mut undocumented = Vec::new();
        for file in rust_files(&http)
            .into_iter()
            .filter(|f| !f.ends_with("web_app.rs"))
        {
            for (number, line) in code(&file).lines().enumerate() {
                let line = line.trim_start();
                if line.starts_with("//") {
                    continue;
                }
                for plain in [".route(", ".route_service(", ".nest_service("] {
                    if line.contains(plain) {
                        undocumented.push(format!("{}:{}: {line}", file.display(), number + 1));
                    }
                }
            }
        }
        assert!(
            undocumented.is_empty(),
            "routes outside the OpenAPI document; register them with `.routes(routes!(handler))` \
             and a `#[utoipa::path]` on the handler:\n{}",
            undocumented.join("\n")
        );
    }

    /// Two schemas of one name overwrite each other in the document (a token's body was
    /// described as a customer's until Schemathesis sent one): every type the document
    /// describes has a name of its own.
    #[test]
    fn every_described_type_has_a_name_of_its_own() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for dir in ["server/src", "domain/src"] {
            for file in rust_files(&root.join(dir)) {
                let code = code(&file);
                let lines: Vec<&str> = code.lines().collect();
                for (i, line) in lines.iter().enumerate() {
                    if !(line.contains("derive(") && line.contains("ToSchema")) {
                        continue;
                    }
                    let item = lines[i..]
                        .iter()
                        .find_map(|l| {
                            let l = l.trim_start().trim_start_matches("pub ");
                            l.strip_prefix("struct ").or_else(|| l.strip_prefix("enum "))
                        })
                        .expect("a derive precedes an item");
                    let name: String = item
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    seen.entry(name).or_default().push(file.display().to_string());
                }
            }
        }
        let twice: Vec<_> = seen.iter().filter(|(_, files)| files.len() > 1).collect();
        assert!(twice.is_empty(), "schema names used twice: {twice:?}");
        assert!(
            seen.contains_key("NewToken") && seen.contains_key("Customer"),
            "{seen:?}"
        );
    }

    #[test]
    fn operation_ids_come_from_the_route_and_are_unique() {
        assert_eq!(
            operation_id("get", "/rest/servicedeskapi/organization/{organization_id}/user"),
            "getServicedeskapiOrganizationByOrganizationIdUser"
        );
        assert_eq!(
            operation_id("post", "/rest/clientele/1/password/check"),
            "postClientele1PasswordCheck"
        );
        let mut ids = Vec::new();
        for item in document().paths.paths.values() {
            for operation in [&item.get, &item.put, &item.post, &item.delete]
                .into_iter()
                .flatten()
            {
                ids.push(operation.operation_id.clone().unwrap());
            }
        }
        let count = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count);
    }

    #[test]
    fn every_operation_lists_its_error_answers_with_the_error_body() {
        let json = serde_json::to_value(document()).unwrap();
        assert_eq!(json["openapi"], "3.1.0");
        let reasons = &json["components"]["schemas"]["Reason"]["enum"];
        assert!(
            reasons
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == "organizationNameTaken"),
            "{reasons}"
        );
        assert!(
            !reasons.as_array().unwrap().iter().any(|r| r == "network"),
            "{reasons}"
        );
        for (path, item) in json["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                let responses = &operation["responses"];
                for status in ["400", "401", "403", "404", "503"] {
                    assert!(responses[status]["$ref"].is_string(), "{method} {path}: {status}");
                }
                if operation.get("requestBody").is_some() {
                    assert!(responses["415"]["$ref"].is_string(), "{method} {path}");
                }
            }
        }
    }
}
