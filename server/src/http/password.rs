//! `POST /rest/clientele/1/password/check`: the server's answer about a password someone is
//! choosing, so that the browser can show it as they type without downloading the list of
//! common passwords. Anonymous, because sign-up and invitation pages use it; it reveals nothing
//! about accounts, and it stores and logs nothing.

use axum::routing::post;
use axum::{Json, Router};
use clientele_domain::password::PasswordCheck;
use serde::Deserialize;

use super::extract::ApiJson;
use crate::passwords::assess;
use crate::AppState;

/// Routes under `/rest/clientele/1`.
pub fn router() -> Router<AppState> {
    Router::new().route("/password/check", post(check))
}

#[derive(Debug, Deserialize)]
struct CheckBody {
    password: String,
}

async fn check(ApiJson(body): ApiJson<CheckBody>) -> Json<PasswordCheck> {
    Json(assess(&body.password).into())
}
