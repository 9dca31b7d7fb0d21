//! The built web app: six Trunk builds in one directory. The agent app is at the top
//! (`DIST/index.html` and its assets); the help center, for customers, is in
//! `DIST/help-center/` (its assets under `/help-center/`), the settings panel in
//! `DIST/settings-panel/`, and the help center's signed-out pages — sign in, sign up, forgot
//! password, the one-time links — in `DIST/help-sign-in/`, a small build of their own: what a
//! customer opening an invitation downloads first. A signed-out page of a help center
//! ([`SIGN_IN_PAGES`]) gets the sign-in build's `index.html`, every other page under `/help`
//! the help center's, one under `/settings` the settings panel's, a service project's request
//! pages, settings and organizations ([`is_request_page`]: the Queue, a request, Request
//! types, Access, Organizations, an organization) the request build's in
//! `DIST/project-requests/`, every other page the agent app's: deep links work, and nobody
//! downloads the pages of a part of the product they are not using. The sixth build,
//! `DIST/agent-dialogs/` ([`DIALOGS_BUILD`]), is no page: the Customers page's dialogs, which
//! the agent app loads when one first opens (its files are served as files, like every
//! build's).
//!
//! Files go out as their precompressed Brotli or gzip copy (`FILE.br`, `FILE.gz`, made by
//! `clientele compress`) when the browser accepts it. Hashed assets (Trunk names them
//! `NAME-HASH.EXT`) never change under their name: cached for a year, immutable. Everything
//! else — the `index.html` of every page address, the favicon — is revalidated each time
//! (`no-cache`), so a new build is picked up at the next load.

use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower::service_fn;
use tower::ServiceExt as _;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// The builds besides the agent app's: the first segment of their page addresses, and where
/// each sits inside the app directory (also the URL prefix of its assets). The web app's
/// `src/app.rs` routes the same prefixes.
pub const BUILDS: [(&str, &str); 2] = [("help", "help-center"), ("settings", "settings-panel")];

/// Where the help center's signed-out pages are built (also the URL prefix of their assets).
pub const SIGN_IN_BUILD: &str = "help-sign-in";

/// Where a service project's request pages are built (also the URL prefix of their assets).
pub const REQUESTS_BUILD: &str = "project-requests";

/// Where the Customers page's dialogs are built: a module the agent app loads when one first
/// opens, not a page (its `index.html` is revalidated, and names the module's hashed files).
pub const DIALOGS_BUILD: &str = "agent-dialogs";

/// Whether `path` is one of a service project's request pages, settings or organization
/// pages, served the request build: `/projects/{KEY}/queue`, `/projects/{KEY}/requests/{KEY-N}`,
/// `/projects/{KEY}/settings/request-types`, `/projects/{KEY}/settings/access`,
/// `/projects/{KEY}/organizations` and `/projects/{KEY}/organizations/{id}` (a trailing `/`
/// allowed). The web app's
/// `RequestsApp` (`src/app.rs`) routes the same pages.
pub fn is_request_page(path: &str) -> bool {
    let Some(rest) = path.strip_prefix("/projects/") else {
        return false;
    };
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let segments: Vec<&str> = rest.split('/').collect();
    match segments.as_slice() {
        [key, "queue" | "organizations"] | [key, "settings", "request-types" | "access"] => !key.is_empty(),
        [key, "requests" | "organizations", id] => !key.is_empty() && !id.is_empty(),
        _ => false,
    }
}

/// Whether `path` is a signed-out page of a help center, served the sign-in build:
/// `/help/{hc}/login`, `/signup` and `/forgot`, and the one-time links `/help/{hc}/invite/{token}`,
/// `/verify/{token}` and `/reset/{token}` (a trailing `/` allowed). The web app's
/// `is_signed_out_page` (`src/pages/help/routes.rs`) routes the same pages.
pub fn is_sign_in_page(path: &str) -> bool {
    let Some(rest) = path.strip_prefix("/help/") else {
        return false;
    };
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let mut segments = rest.split('/');
    let (Some(hc), Some(page)) = (segments.next(), segments.next()) else {
        return false;
    };
    let token = segments.next();
    if hc.is_empty() || segments.next().is_some() {
        return false;
    }
    match token {
        None => matches!(page, "login" | "signup" | "forgot"),
        Some(token) => matches!(page, "invite" | "verify" | "reset") && !token.is_empty(),
    }
}

/// Every build's `index.html` in `dist`: the agent app's first.
pub fn indexes(dist: &Path) -> Vec<std::path::PathBuf> {
    std::iter::once(dist.join("index.html"))
        .chain(
            BUILDS
                .iter()
                .map(|(_, build)| dist.join(build).join("index.html")),
        )
        .chain(std::iter::once(dist.join(SIGN_IN_BUILD).join("index.html")))
        .chain(std::iter::once(dist.join(REQUESTS_BUILD).join("index.html")))
        .collect()
}

const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
const REVALIDATE: HeaderValue = HeaderValue::from_static("no-cache");

/// Serves the app in `dist`.
pub fn service(dist: &Path) -> Router {
    let agent_index = dist.join("index.html");
    let mut pages = Router::new();
    for (prefix, build) in BUILDS {
        let index = index_or(dist.join(build).join("index.html"), &agent_index);
        // The help center's signed-out pages are the sign-in build's (or, without it, the help
        // center's).
        let sign_in =
            (prefix == "help").then(|| page(&index_or(dist.join(SIGN_IN_BUILD).join("index.html"), &index)));
        let build_page = page(&index);
        let below = service_fn(move |request: Request| {
            let index = match &sign_in {
                Some(sign_in) if is_sign_in_page(request.uri().path()) => sign_in.clone(),
                _ => build_page.clone(),
            };
            index.oneshot(request)
        });
        pages = pages
            .route_service(&format!("/{prefix}"), page(&index))
            .route_service(&format!("/{prefix}/"), page(&index))
            .route_service(&format!("/{prefix}/{{*page}}"), below);
    }
    // Every other page is the agent app's, but a project's request pages the request build's
    // (or, without it, the agent app's).
    let agent_page = page(&agent_index);
    let requests_page = page(&index_or(
        dist.join(REQUESTS_BUILD).join("index.html"),
        &agent_index,
    ));
    let other = service_fn(move |request: Request| {
        let index = if is_request_page(request.uri().path()) {
            requests_page.clone()
        } else {
            agent_page.clone()
        };
        index.oneshot(request)
    });
    let pages = pages
        .fallback_service(other)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            REVALIDATE,
        ));
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(pages);
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
}

/// `index` when the build is there, else `instead` (with a warning when that one is).
fn index_or(index: std::path::PathBuf, instead: &Path) -> std::path::PathBuf {
    if index.exists() {
        return index;
    }
    if instead.exists() {
        tracing::warn!(
            "no build at {}: its pages get {}",
            index.display(),
            instead.display()
        );
    }
    instead.to_path_buf()
}

fn page(index: &Path) -> ServeFile {
    ServeFile::new(index).precompressed_br().precompressed_gzip()
}

/// `Cache-Control` by what was served (a page's `index.html` already says `no-cache`), and
/// `Vary: Accept-Encoding`, since the same address answers in different encodings.
async fn cache_headers(request: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let found = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let headers = response.headers_mut();
    let cache = if hashed && found { IMMUTABLE } else { REVALIDATE };
    headers.entry(header::CACHE_CONTROL).or_insert(cache);
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// Whether `path` names a file Trunk hashed: `NAME-HASH.js`, `NAME-HASH.css` or
/// `NAME-HASH_bg.wasm`, HASH being the hexadecimal of a 64-bit hash (leading zeros dropped;
/// at least 12 digits except once in 65,536 builds, when the file is merely revalidated).
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    let stem = match extension {
        "js" | "css" => stem,
        "wasm" => match stem.strip_suffix("_bg") {
            Some(stem) => stem,
            None => return false,
        },
        _ => return false,
    };
    let Some((_, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    (12..=16).contains(&hash.len()) && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_centers_signed_out_pages_are_the_sign_in_builds() {
        for path in [
            "/help/support/login",
            "/help/support/login/",
            "/help/support/signup",
            "/help/support/forgot",
            "/help/support/invite/abc",
            "/help/support/verify/abc",
            "/help/support/reset/abc/",
        ] {
            assert!(is_sign_in_page(path), "{path}");
        }
        for path in [
            "/help",
            "/help/",
            "/help/support",
            "/help/support/",
            "/help/support/raise",
            "/help/support/requests/ITH-1",
            "/help/support/invite",
            "/help/support/invite/",
            "/help/support/login/x",
            "/help/support/reset/a/b",
            "/help//login",
            "/settings/login",
            "/login",
        ] {
            assert!(!is_sign_in_page(path), "{path}");
        }
    }

    #[test]
    fn a_projects_queue_requests_and_settings_are_the_request_builds() {
        for path in [
            "/projects/ITH/queue",
            "/projects/ITH/queue/",
            "/projects/ith/requests/ITH-1",
            "/projects/ITH/requests/ITH-1/",
            "/projects/ITH/settings/request-types",
            "/projects/ITH/settings/access",
            "/projects/ITH/organizations",
            "/projects/ITH/organizations/",
            "/projects/ITH/organizations/7",
        ] {
            assert!(is_request_page(path), "{path}");
        }
        for path in [
            "/",
            "/login",
            "/projects/ITH",
            "/projects/ITH/customers",
            "/projects/ITH/organizations/7/x",
            "/projects//organizations",
            "/projects/ITH/settings",
            "/projects/ITH/settings/other",
            "/projects/ITH/requests",
            "/projects/ITH/requests/",
            "/projects/ITH/requests/ITH-1/x",
            "/projects//queue",
            "/projects/ITH/queue/x",
            "/help/support/requests/ITH-1",
            "/settings/queue",
        ] {
            assert!(!is_request_page(path), "{path}");
        }
    }

    #[test]
    fn trunk_names_are_hashed_and_others_are_not() {
        for path in [
            "/clientele-web-4f3a9c0d12e8b7a6.js",
            "/clientele-web-4f3a9c0d12e8b7a6_bg.wasm",
            "/main-0123456789abcdef.css",
            "/help-center/clientele-help-9c0d12e8b7a6f3.js",
        ] {
            assert!(is_hashed_asset(path), "{path}");
        }
        for path in [
            "/",
            "/index.html",
            "/public/favicon.svg",
            "/clientele-web-4f3a9c0d12e8b7a6.wasm",
            "/main-notahexhashatall.css",
            "/main-abc.css",
            "/help/support",
        ] {
            assert!(!is_hashed_asset(path), "{path}");
        }
    }
}
