//! The HTTP layer: one module per resource, merged here; the built app for everything else.

pub mod auth;
pub mod authz;
pub mod cross_site;
mod customer;
pub mod error;
pub mod extract;
mod headers;
mod help_center;
mod limits;
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
mod servicedesk;
mod session;
mod settings;
mod tokens;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::Router;
use clientele_domain::reason::Reason;
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
        .nest(
            "/servicedeskapi/servicedesk",
            servicedesk::router().merge(project::jsm_router()),
        )
        .nest("/servicedeskapi/organization", organization::jsm_router())
        .nest("/servicedeskapi/customer", customer::jsm_router())
        .nest(
            "/clientele/1",
            myself::router()
                .merge(own_account::router())
                .merge(settings::router())
                .merge(password::router())
                .nest("/servicedesk", project::clientele_router())
                .nest("/organization", organization::clientele_router())
                .nest("/customer", customer::clientele_router())
                .nest("/token", tokens::router())
                .nest("/helpcenter", help_center::router())
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

    let dist = &state.config.dist;
    let app = ServeDir::new(dist).fallback(ServeFile::new(dist.join("index.html")));

    Router::new()
        .nest("/rest", api)
        .fallback_service(app)
        .layer(CompressionLayer::new())
        .layer(headers::layer(&state))
        .with_state(state)
}
