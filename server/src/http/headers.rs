//! Security headers on every response, app pages and API answers alike.
//!
//! The Content-Security-Policy allows only what the built app needs: its own scripts, styles,
//! images and API, WebAssembly compilation (`'wasm-unsafe-eval'`), and the inline module
//! script Trunk writes into `index.html` to start the wasm — allowed by its SHA-256 hash,
//! computed once at start from the `index.html` files actually served (one per build: agent
//! app, help center, settings panel, the help center's sign-in pages, a project's request
//! pages). No `'unsafe-inline'`,
//! so injected markup cannot run script.

use std::path::PathBuf;
use std::sync::Arc;

use axum::http::{header, HeaderMap, HeaderName, HeaderValue};
use axum::response::Response;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use tower::util::MapResponseLayer;

use crate::AppState;

/// Whether the public URL is https: then the session cookie is `Secure` and HSTS is sent.
pub fn is_https(base_url: &str) -> bool {
    base_url
        .get(..8)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
}

/// The layer that adds the headers to every response that does not already carry them.
pub fn layer(
    state: &AppState,
) -> MapResponseLayer<impl Fn(Response) -> Response + Clone + Send + Sync + 'static> {
    let dist = &state.config.dist;
    let pages: Vec<PathBuf> = super::web_app::indexes(dist);
    let headers = Arc::new(security_headers(&pages, is_https(&state.base_url)));
    MapResponseLayer::new(move |mut response: Response| {
        for (name, value) in headers.iter() {
            response
                .headers_mut()
                .entry(name)
                .or_insert_with(|| value.clone());
        }
        response
    })
}

fn security_headers(pages: &[PathBuf], https: bool) -> HeaderMap {
    let html: String = pages
        .iter()
        .filter_map(|index| match std::fs::read_to_string(index) {
            Ok(html) => Some(html),
            // Without the app there is nothing inline to allow; the API still gets the
            // headers. The other builds are optional (the agent app's page then serves theirs).
            Err(error) => {
                if index == &pages[0] {
                    tracing::warn!("cannot read {} for its inline scripts: {error}", index.display());
                }
                None
            }
        })
        .collect();
    let csp = content_security_policy(&html);
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_str(&csp).expect("the policy is ASCII"),
    );
    // For browsers that ignore `frame-ancestors`: no page of ours inside another site's frame.
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // One-time links (invitation, verification, password reset) carry their secret in the URL
    // path: with no Referer at all, a page opened from one never hands the secret to anyone.
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if https {
        // Only when the public URL is https: over plain http the header would be ignored
        // anyway, and a development server must not pin a host name to https. No
        // includeSubDomains: other hosts under the same domain are not ours to pin.
        headers.insert(
            HeaderName::from_static("strict-transport-security"),
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    headers
}

/// The policy for an app whose `index.html` is `html`.
pub fn content_security_policy(html: &str) -> String {
    let scripts = hashes(inline_elements(html, "script"));
    let styles = hashes(inline_elements(html, "style"));
    [
        "default-src 'none'".to_string(),
        format!("script-src 'self' 'wasm-unsafe-eval'{scripts}"),
        format!("style-src 'self'{styles}"),
        "img-src 'self' data:".into(),
        "connect-src 'self'".into(),
        "frame-ancestors 'none'".into(),
        "base-uri 'none'".into(),
        "form-action 'self'".into(),
        "object-src 'none'".into(),
    ]
    .join("; ")
}

fn hashes(texts: Vec<String>) -> String {
    texts
        .iter()
        .map(|text| {
            let digest = Sha256::digest(text.as_bytes());
            let encoded = base64::engine::general_purpose::STANDARD.encode(digest);
            format!(" 'sha256-{encoded}'")
        })
        .collect()
}

/// The text of every `<tag>` element without a `src` attribute, exactly as the browser hashes
/// it: the raw characters up to the end tag, with line breaks normalized as HTML parsing does.
/// `script` and `style` are raw-text elements, so nothing inside them is decoded.
fn inline_elements(html: &str, tag: &str) -> Vec<String> {
    let html = html.replace("\r\n", "\n").replace('\r', "\n");
    // ASCII lowercasing keeps byte offsets, so positions found in `lower` index `html`.
    let lower = html.to_ascii_lowercase();
    let open = format!("<{tag}");
    let close = format!("</{tag}");
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = lower[at..].find(&open).map(|i| at + i + open.len()) {
        at = start;
        // `<scripts>` or `<style-x>` are other elements.
        if !lower[start..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/') {
            continue;
        }
        let Some((attributes, body_start)) = start_tag(&lower, start) else {
            break;
        };
        let Some(body_end) = lower[body_start..].find(&close).map(|i| body_start + i) else {
            break;
        };
        if !attributes.iter().any(|name| name == "src") {
            found.push(html[body_start..body_end].to_string());
        }
        at = body_end;
    }
    found
}

/// The attribute names of the start tag whose attributes begin at `at`, and where its
/// content begins; `None` when the tag never ends.
fn start_tag(lower: &str, mut at: usize) -> Option<(Vec<String>, usize)> {
    let bytes = lower.as_bytes();
    let mut names = Vec::new();
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        match bytes.get(at)? {
            b'>' => return Some((names, at + 1)),
            _ => {
                let name_start = at;
                while at < bytes.len()
                    && !bytes[at].is_ascii_whitespace()
                    && !matches!(bytes[at], b'=' | b'>' | b'/')
                {
                    at += 1;
                }
                names.push(lower[name_start..at].to_string());
                while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
                if bytes.get(at) == Some(&b'=') {
                    at += 1;
                    while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                        at += 1;
                    }
                    match bytes.get(at)? {
                        quote @ (b'"' | b'\'') => {
                            let end = lower[at + 1..].find(*quote as char)?;
                            at += end + 2;
                        }
                        _ => {
                            while at < bytes.len() && !bytes[at].is_ascii_whitespace() && bytes[at] != b'>' {
                                at += 1;
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_scripts_but_not_external_ones() {
        let html = "<head><script type=\"module\" src=\"/a.js\"></script>\
            <SCRIPT type=module>\r\nimport init from '/a.js';\r\n</SCRIPT>\
            <script data-x='a>b'>one()</script><scripts>no</scripts></head>";
        assert_eq!(
            inline_elements(html, "script"),
            vec!["\nimport init from '/a.js';\n", "one()"]
        );
    }

    #[test]
    fn hashes_as_browsers_do() {
        // The example from the CSP specification's hash-source section.
        assert_eq!(
            hashes(vec!["alert('Hello, world.');".into()]),
            " 'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
        );
    }
}
