//! The HTTP layer: one module per resource, merged here; the built app for everything else.

pub mod auth;
pub mod error;
pub mod extract;
mod myself;
pub mod paging;
mod servicedesk;
mod session;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;
use error::ApiError;

/// The whole application: `/rest/…` answers JSON, every other path serves the built app
/// (`index.html` for unknown paths, so that deep links work).
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .nest("/auth/1", session::router())
        .nest("/servicedeskapi/servicedesk", servicedesk::router())
        .nest("/clientele/1", myself::router())
        .fallback(|| async { ApiError::not_found("There is no such API resource.") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "methodNotAllowed",
                "This resource does not accept that method.",
            )
        })
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes));

    let dist = &state.config.dist;
    let app = ServeDir::new(dist).fallback(ServeFile::new(dist.join("index.html")));

    Router::new()
        .nest("/rest", api)
        .fallback_service(app)
        .layer(CompressionLayer::new())
        .with_state(state)
}
