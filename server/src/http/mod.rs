//! The HTTP layer: one module per resource, merged here; the built app for everything else.

mod adding;
pub mod auth;
pub mod authz;
pub mod cross_site;
mod customer;
pub mod error;
pub mod extract;
mod headers;
mod health;
mod help_center;
mod limits;
mod lookup;
mod mail;
mod members;
mod myself;
mod names;
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
pub mod web_app;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::Router;
use clientele_domain::reason::Reason;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::AppState;
use error::ApiError;

/// The whole application: `/rest/…` answers JSON, every other path serves the built app
/// (a page's `index.html` for unknown paths, so that deep links work; see [`web_app`]).
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .nest("/auth/1", session::router())
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
                .merge(health::router())
                .merge(own_account::router())
                .merge(settings::router())
                .merge(password::router())
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
                .nest("/mail", mail::router()),
        )
        .fallback(|| async { ApiError::not_found("There is no such API resource.") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                Reason::MethodNotAllowed,
                "This resource does not accept that method.",
            )
        })
        .layer(SetResponseHeaderLayer::overriding(
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
