//! Jira's session resource: `POST/GET/DELETE /rest/auth/1/session`.

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::{Json, Router};
use clientele_domain::wire::{SessionInfo, SignInRequest};

use super::auth::{bad_credentials, check_password, session_cookie, Caller, SESSION_COOKIE};
use super::error::ApiResult;
use super::extract::ApiJson;
use crate::security::{hash_secret, new_secret};
use crate::store::now_millis;
use crate::AppState;

/// How long a session lasts.
const SESSION_DAYS: i64 = 30;

/// Routes under `/rest/auth/1`.
pub fn router() -> Router<AppState> {
    Router::new().route("/session", post(sign_in).get(current).delete(sign_out))
}

async fn sign_in(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<SignInRequest>,
) -> ApiResult<impl IntoResponse> {
    let user = check_password(&state, &body.username, &body.password)
        .await?
        .ok_or_else(bad_credentials)?;
    let token = new_secret();
    let max_age = SESSION_DAYS * 24 * 3600;
    state
        .store
        .create_session(&hash_secret(&token), user.id, now_millis() + max_age * 1000)
        .await?;
    let cookie = format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}");
    let mut headers = HeaderMap::new();
    headers.insert(
        SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("cookie is ASCII"),
    );
    Ok((headers, Json(session_info(&state, &user))))
}

async fn current(State(state): State<AppState>, Caller(user): Caller) -> Json<SessionInfo> {
    Json(session_info(&state, &user))
}

async fn sign_out(State(state): State<AppState>, parts: Parts) -> ApiResult<impl IntoResponse> {
    if let Some(token) = session_cookie(&parts) {
        state.store.delete_session(&hash_secret(&token)).await?;
    }
    let cookie = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, cookie)]))
}

fn session_info(state: &AppState, user: &crate::store::UserRow) -> SessionInfo {
    SessionInfo {
        self_link: format!("{}/rest/auth/1/session", state.base_url),
        name: user.display_name.clone(),
        account_id: user.id.to_string(),
        email_address: user.email.clone(),
    }
}
