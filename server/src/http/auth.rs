//! Who is calling: HTTP Basic (email and password or API token), a bearer API token, or the
//! session cookie. A revoked account is never authenticated, by any means.

use axum::extract::FromRequestParts;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use base64::Engine;

use super::error::ApiError;
use crate::security::{hash_secret, verify_against_dummy, verify_password};
use crate::store::UserRow;
use crate::AppState;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "clientele_session";

/// The authenticated caller. Extracting it answers 401 when there is none.
pub struct Caller(pub UserRow);

/// The caller if any: anonymous requests get `None`; bad credentials are still a 401.
pub struct MaybeCaller(pub Option<UserRow>);

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match MaybeCaller::from_request_parts(parts, state).await?.0 {
            Some(user) => Ok(Caller(user)),
            None => Err(ApiError::unauthenticated()),
        }
    }
}

impl FromRequestParts<AppState> for MaybeCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(value) = parts.headers.get(AUTHORIZATION) {
            let value = value.to_str().map_err(|_| bad_credentials())?;
            let user = authenticate_header(state, value).await?;
            return Ok(MaybeCaller(Some(user)));
        }
        if let Some(token) = session_cookie(parts) {
            // A stale or unknown cookie is the same as none: the app then shows the sign-in page.
            let user = state.store.session_user(&hash_secret(&token)).await?;
            return Ok(MaybeCaller(user.filter(UserRow::can_authenticate)));
        }
        Ok(MaybeCaller(None))
    }
}

/// The session cookie's value, if the request carries one.
pub fn session_cookie(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_string())
}

async fn authenticate_header(state: &AppState, value: &str) -> Result<UserRow, ApiError> {
    let (scheme, credentials) = value.split_once(' ').ok_or_else(bad_credentials)?;
    match scheme.to_ascii_lowercase().as_str() {
        "basic" => {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(credentials.trim())
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .ok_or_else(bad_credentials)?;
            let (email, secret) = decoded.split_once(':').ok_or_else(bad_credentials)?;
            authenticate_basic(state, email, secret).await
        }
        "bearer" => {
            let user = state.store.token_user(&hash_secret(credentials.trim())).await?;
            user.filter(UserRow::can_authenticate).ok_or_else(bad_credentials)
        }
        _ => Err(bad_credentials()),
    }
}

/// Email with a password or with one of the account's API tokens.
async fn authenticate_basic(state: &AppState, email: &str, secret: &str) -> Result<UserRow, ApiError> {
    if let Some(user) = state.store.token_user(&hash_secret(secret)).await? {
        if user.email.eq_ignore_ascii_case(email.trim()) && user.can_authenticate() {
            return Ok(user);
        }
    }
    check_password(state, email, secret)
        .await?
        .ok_or_else(bad_credentials)
}

/// The account whose address and password these are, if it may sign in. Unknown addresses
/// take as long as wrong passwords.
pub async fn check_password(
    state: &AppState,
    email: &str,
    password: &str,
) -> Result<Option<UserRow>, ApiError> {
    match state.store.user_by_email(email).await? {
        Some(user) => {
            let ok = user
                .password_hash
                .as_deref()
                .is_some_and(|hash| verify_password(password, hash));
            Ok((ok && user.can_authenticate()).then_some(user))
        }
        None => {
            verify_against_dummy(password);
            Ok(None)
        }
    }
}

/// The one answer for every wrong credential, so that it reveals nothing about accounts.
pub fn bad_credentials() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::UNAUTHORIZED,
        "badCredentials",
        "That email and password don't match an account that can sign in.",
    )
}
