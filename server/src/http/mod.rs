//! The HTTP layer: one module per resource, merged here; the built app for everything else.

mod adding;
pub mod audit;
pub mod auth;
pub mod authz;
pub mod cross_site;
mod customer;
pub mod error;
mod export;
pub mod extract;
mod headers;
mod health;
mod help_center;
mod import;
mod limits;
mod lookup;
mod mail;
mod members;
mod myself;
mod names;
pub mod openapi;
mod organization;
mod own_account;
pub mod paging;
mod password;
mod present;
mod project;
mod requests;
mod servicedesk;
mod session;
mod settings;
mod tokens;
mod user;
pub mod web_app;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use clientele_domain::reason::Reason;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;
use error::ApiError;

/// Every API route under `/rest`, each with its OpenAPI description (see [`openapi`]).
pub(crate) fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .nest("/auth/1", session::router())
        .nest("/api/2", user::router())
        .nest("/api/3", user::router())
        .nest(
            "/servicedeskapi/servicedesk",
            servicedesk::router()
                .merge(project::jsm_router())
                .merge(requests::jsm_servicedesk_router()),
        )
        .nest("/servicedeskapi/request", requests::jsm_router())
        .nest("/servicedeskapi/organization", organization::jsm_router())
        .nest("/servicedeskapi/customer", customer::jsm_router())
        .nest(
            "/clientele/1",
            myself::router()
                .merge(audit::router())
                .merge(health::router())
                .merge(openapi::router())
                .merge(own_account::router())
                .merge(settings::router())
                .merge(password::router())
                .nest("/avatar", user::avatar_router())
                .nest(
                    "/servicedesk",
                    project::clientele_router().merge(requests::clientele_servicedesk_router()),
                )
                .nest("/request", requests::clientele_router())
                .nest("/organization", organization::clientele_router())
                .nest("/customer", customer::clientele_router())
                .nest("/token", tokens::router())
                .nest(
                    "/helpcenter",
                    help_center::router().merge(requests::help_center_router()),
                )
                .nest("/mail", mail::router())
                .nest("/import", import::router()),
        )
}

/// JSON answers say their character set, as Jira's do (some clients read the body as text
/// only when told it is UTF-8).
pub(crate) const JSON_UTF8: &str = "application/json;charset=UTF-8";

/// What HTTP clients expect of Jira's answers, added to every API answer:
/// - JSON says its character set (`application/json;charset=UTF-8`): atlassian-python-api reads
///   the server's error message only then;
/// - a 401 carries `WWW-Authenticate: Basic realm="Clientele"`, so that HTTP clients know Basic
///   works — except for requests a browser sends by itself (they carry `Sec-Fetch-Site`), where
///   the challenge would open the browser's own password dialog over the app's sign-in page.
async fn jira_headers(request: Request, next: Next) -> Response {
    let from_browser = request.headers().contains_key("sec-fetch-site");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v == "application/json")
    {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON_UTF8));
    }
    if response.status() == StatusCode::UNAUTHORIZED && !from_browser {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"Clientele\""),
        );
    }
    response
}

/// The whole application: `/rest/…` answers JSON, every other path serves the built app
/// (a page's `index.html` for unknown paths, so that deep links work; see [`web_app`]).
pub fn router(state: AppState) -> Router {
    let (api, _) = api_routes().split_for_parts();
    let api = api
        .fallback(|| async { ApiError::not_found(NO_SUCH_RESOURCE) })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                Reason::MethodNotAllowed,
                "This resource does not accept that method.",
            )
        })
        .layer(axum::middleware::from_fn(jira_headers))
        .layer(axum::middleware::from_fn(audit::request_id))
        // Answers are never cached, except where a handler says otherwise (avatars).
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes));

    let router = Router::new()
        .nest("/rest", api)
        .fallback_service(web_app::service(&state.config.dist))
        .layer(CompressionLayer::new())
        .layer(headers::layer(&state));
    traced(router).with_state(state)
}

/// What the API answers (404) for a path no route has.
pub const NO_SUCH_RESOURCE: &str = "There is no such API resource.";

/// Wraps `router` in a span per request, outermost, naming the method and the matched route
/// (`/rest/clientele/1/organization/{id}`, not the id itself), so that every line logged while
/// answering (a database error, say) says which request it came from.
fn traced<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    router.layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
        let route = request
            .extensions()
            .get::<MatchedPath>()
            .map_or("(app)", MatchedPath::as_str);
        tracing::info_span!("request", method = %request.method(), route = %route)
    }))
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;

    /// Collects what the subscriber writes.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[tokio::test]
    async fn a_line_logged_while_answering_names_the_request_and_its_route() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        // Nested like the API under `/rest`: the span names the whole route.
        let things = Router::new().route(
            "/things/{id}",
            get(|| async {
                tracing::error!("database error");
            }),
        );
        let router: Router = traced(Router::new().nest("/rest", things));
        let request = Request::get("/rest/things/42").body(Body::empty()).unwrap();
        router.oneshot(request).await.unwrap();
        let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        let line = log
            .lines()
            .find(|l| l.contains("database error"))
            .unwrap_or_default();
        assert!(
            line.contains("request{method=GET route=/rest/things/{id}}"),
            "{log}"
        );
    }
}
