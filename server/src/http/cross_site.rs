//! Cross-site request forgery: a browser attaches the session cookie to requests that any page
//! makes, including plain HTML forms and `fetch` with a body-less or `text/plain` POST, which
//! need no CORS preflight. So a cookie-authenticated request that changes anything must
//!
//! - not come from another site: `Sec-Fetch-Site` (sent by every current browser) must be
//!   `same-origin` or `none`, and an `Origin` header must be this site's (403 `crossSiteRequest`);
//! - and prove it was made by script on this site: `Content-Type: application/json` (a cross-site
//!   page cannot send that without a preflight we never grant) or Jira's
//!   `X-Atlassian-Token: no-check` header (likewise). A request declaring another body type is a
//!   415, one with no body type a 403 `xsrfCheckFailed`.
//!
//! Signing in and out (`/rest/auth/1/session`) need no marker — signing out must always work —
//! but are refused from another site like everything else (no login forgery either).
//!
//! Requests authenticated by `Authorization` (Basic or Bearer) carry their credentials
//! explicitly, so a browser never adds them on its own: they are not affected.

use axum::http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HOST, ORIGIN, TRANSFER_ENCODING};
use axum::http::{HeaderMap, Method, StatusCode};
use clientele_domain::reason::Reason;

use super::error::ApiError;
use crate::AppState;

/// Jira's header that marks a request as made by script, not by a form.
pub const XSRF_HEADER: &str = "x-atlassian-token";

/// Refuses a forged cookie-authenticated write: called by the `Caller` extractor whenever the
/// session cookie authenticates a request, so that it runs only for routes that exist (an
/// unknown path or method stays a 404 or 405) and before any body is read.
pub fn check(
    state: &AppState,
    method: &Method,
    headers: &HeaderMap,
    origin_only: bool,
) -> Result<(), ApiError> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    if headers.contains_key(AUTHORIZATION) {
        return Ok(());
    }
    let fetch_site = header(headers, "sec-fetch-site");
    if fetch_site.is_some_and(|site| !matches!(site, "same-origin" | "none")) {
        return Err(cross_site());
    }
    if let Some(origin) = header(headers, ORIGIN.as_str()) {
        if !own_origin(state, headers, origin) {
            return Err(cross_site());
        }
    }
    if origin_only {
        // Signing in and out need no marker (signing out must always work; signing in takes
        // JSON anyway); from another site they were refused above.
        return Ok(());
    }
    let marked = header(headers, XSRF_HEADER).is_some_and(|v| v.eq_ignore_ascii_case("no-check"));
    let has_body = headers.contains_key(TRANSFER_ENCODING)
        || header(headers, CONTENT_LENGTH.as_str()).is_some_and(|n| n != "0");
    if marked || super::extract::json_content_type(headers) {
        return Ok(());
    }
    if has_body || headers.contains_key(CONTENT_TYPE) {
        return Err(super::extract::not_json());
    }
    Err(ApiError::new(
        StatusCode::FORBIDDEN,
        Reason::XsrfCheckFailed,
        "A signed-in change needs Content-Type: application/json or the header X-Atlassian-Token: no-check.",
    ))
}

fn cross_site() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        Reason::CrossSiteRequest,
        "This request came from another site, so it was refused. Make the change in Clientele itself.",
    )
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim)
}

/// This site's origin: the public URL's, or the one the request was addressed to (`Host`).
fn own_origin(state: &AppState, headers: &HeaderMap, origin: &str) -> bool {
    let origin = origin.trim_end_matches('/');
    if origin.eq_ignore_ascii_case(origin_of(&state.base_url)) {
        return true;
    }
    header(headers, HOST.as_str()).is_some_and(|host| {
        ["http://", "https://"]
            .iter()
            .any(|scheme| origin.eq_ignore_ascii_case(&format!("{scheme}{host}")))
    })
}

/// `scheme://host[:port]` of a URL.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(slash) => &url[..after_scheme + slash],
        None => url,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn origin_of_a_url_is_its_scheme_and_authority() {
        assert_eq!(
            super::origin_of("https://desk.example.com/base"),
            "https://desk.example.com"
        );
        assert_eq!(super::origin_of("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
    }
}
