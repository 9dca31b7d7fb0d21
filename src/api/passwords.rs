//! The server's answer about a password someone is choosing. The list of common passwords stays
//! on the server; the app sends the password (as JSON, over the same origin) and shows the answer.

use clientele_domain::password::PasswordCheck;
use serde::Serialize;

use super::http;
use super::ApiError;

#[derive(Serialize)]
struct CheckBody<'a> {
    password: &'a str,
}

/// `POST /rest/clientele/1/password/check`: whether the server would take `password`, and what
/// to say about it.
pub async fn check(password: &str) -> Result<PasswordCheck, ApiError> {
    http::post_json("/rest/clientele/1/password/check", &CheckBody { password }).await
}
