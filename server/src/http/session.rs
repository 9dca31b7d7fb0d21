//! Jira's session resource: `POST/GET/DELETE /rest/auth/1/session`.

use clientele_domain::reason::Reason;

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::wire::{SessionInfo, SignInRequest};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{
    bad_credentials, check_password, session_cookie, Caller, ClientIp, MAX_ADDRESS_OCTETS, SESSION_COOKIE,
};
use super::error::{ApiError, ApiResult};
use super::extract::ApiJson;
use crate::security::{hash_secret, new_secret};
use crate::store::now_millis;
use crate::AppState;

/// How long a session lasts.
const SESSION_DAYS: i64 = 30;

/// Routes under `/rest/auth/1`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(sign_in, current, sign_out))
}

/// Signs in. Every attempt goes through the password limiter before the password is checked
/// (429 with Retry-After past the limit); a success gives its count back.
#[utoipa::path(post, path = "/session", tag = "session", security(()), request_body = SignInRequest,
    responses((status = 200, body = SessionInfo, description = "Signed in; the session cookie is set")))]
async fn sign_in(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    request_headers: HeaderMap,
    ApiJson(body): ApiJson<SignInRequest>,
) -> ApiResult<Response> {
    super::cross_site::check(&state, &Method::POST, &request_headers, true)?;
    if body.username.len() > MAX_ADDRESS_OCTETS {
        return Err(ApiError::bad_request(
            Reason::InvalidUsername,
            "That is longer than any email address can be (254 characters).",
        ));
    }
    let user = check_password(&state, &body.username, &body.password, client)
        .await?
        .ok_or_else(bad_credentials)?;
    let (cookie, info) = start_session(&state, &user).await?;
    let mut headers = HeaderMap::new();
    headers.insert(
        SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("cookie is ASCII"),
    );
    Ok((headers, Json(info)).into_response())
}

/// Starts a session for `user`: the `Set-Cookie` value and the session's description.
pub async fn start_session(
    state: &AppState,
    user: &crate::store::UserRow,
) -> ApiResult<(String, SessionInfo)> {
    let token = new_secret();
    let max_age = SESSION_DAYS * 24 * 3600;
    state
        .store
        .create_session(&hash_secret(&token), user.id, now_millis() + max_age * 1000)
        .await?;
    Ok((cookie(state, &token, max_age), session_info(state, user)))
}

#[utoipa::path(get, path = "/session", tag = "session",
    responses((status = 200, body = SessionInfo, description = "Who is signed in")))]
async fn current(State(state): State<AppState>, Caller(user): Caller) -> Json<SessionInfo> {
    Json(session_info(&state, &user))
}

#[utoipa::path(delete, path = "/session", tag = "session", security(()),
    responses((status = 204, description = "Signed out; the cookie is cleared")))]
async fn sign_out(State(state): State<AppState>, parts: Parts) -> ApiResult<impl IntoResponse> {
    super::cross_site::check(&state, &parts.method, &parts.headers, true)?;
    if let Some(token) = session_cookie(&parts) {
        state.store.delete_session(&hash_secret(&token)).await?;
    }
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, cookie(&state, "", 0))]))
}

/// The session cookie's `Set-Cookie` value; `Secure` when the public URL is https, so the
/// browser never sends the session over plain http.
fn cookie(state: &AppState, value: &str, max_age: i64) -> String {
    let secure = if super::headers::is_https(&state.base_url) {
        "; Secure"
    } else {
        ""
    };
    format!("{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

fn session_info(state: &AppState, user: &crate::store::UserRow) -> SessionInfo {
    SessionInfo {
        self_link: format!("{}/rest/auth/1/session", state.base_url),
        name: user.display_name.clone(),
        account_id: user.id.to_string(),
        email_address: user.email.clone(),
    }
}
