//! The one typed client of the JSON API. Pages call these functions; they never build URLs or
//! parse JSON themselves. Each function is named as the server's handler of its route (e.g.
//! `customers::bulk_add_customers` for `POST …/servicedesk/{key}/customer/bulk`, handled by
//! `bulk_add_customers` in `server/src/http/project.rs`), and its doc comment names the route.

pub mod accounts;
pub mod audit;
pub mod customers;
pub mod export;
pub mod help_center;
mod http;
pub mod imports;
pub mod mail;
pub mod organizations;
pub mod passwords;
pub mod requests;
pub mod settings;

pub use http::{Abort, ApiError};

/// Which slice of a long list to fetch, and the search that filters it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListParams {
    /// Search text (name or email); empty for everything.
    pub query: String,
    /// Index of the first item.
    pub start: usize,
    /// Page size (the server caps it at 100).
    pub limit: usize,
    /// The previous page's `nextCursor`: the page after it, found through the list's index
    /// (sent instead of `start`, which it stands for).
    pub cursor: Option<String>,
}

/// `cursor` when there is one, else `start`; and `limit`.
fn paging_query(start: usize, cursor: Option<&str>, limit: usize) -> Vec<(&'static str, String)> {
    let from = match cursor {
        Some(cursor) => ("cursor", cursor.to_string()),
        None => ("start", start.to_string()),
    };
    vec![from, ("limit", limit.to_string())]
}

impl ListParams {
    fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut query = paging_query(self.start, self.cursor.as_deref(), self.limit);
        if !self.query.trim().is_empty() {
            query.push(("query", self.query.trim().to_string()));
        }
        query
    }
}

use clientele_domain::wire::{Myself, SessionInfo, SignInRequest};

/// `POST /rest/auth/1/session`: signs in and starts a session (the server sets an HttpOnly
/// cookie).
pub async fn sign_in(email: &str, password: &str) -> Result<SessionInfo, ApiError> {
    let body = SignInRequest {
        username: email.to_string(),
        password: password.to_string(),
    };
    http::post_json("/rest/auth/1/session", &body).await
}

/// `DELETE /rest/auth/1/session`: ends the session.
pub async fn sign_out() -> Result<(), ApiError> {
    http::delete("/rest/auth/1/session").await
}

thread_local! {
    /// The JSON of the last answer of [`myself`].
    static MYSELF_JSON: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// The JSON of the last `myself` this app read (empty before the first): what the dialogs
/// loaded on demand are given, so that they decide from the same answer as the page that
/// opens them (`crate::components::on_demand`).
pub fn myself_json() -> String {
    MYSELF_JSON.with(|json| json.borrow().clone())
}

/// `GET /rest/clientele/1/myself`: the signed-in person, their projects and roles, the site's
/// settings and the bulk limits; `Ok(None)` when nobody is signed in.
pub async fn myself() -> Result<Option<Myself>, ApiError> {
    match http::get_json_and_text("/rest/clientele/1/myself").await {
        Ok((me, text)) => {
            MYSELF_JSON.with(|json| *json.borrow_mut() = text);
            Ok(Some(me))
        }
        Err(e) if e.status == 401 => Ok(None),
        Err(e) => Err(e),
    }
}
