//! Who is calling: HTTP Basic (email and password or API token), a bearer API token, or the
//! session cookie. A revoked account is never authenticated, by any means.

use clientele_domain::reason::Reason;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use base64::Engine;

use super::error::ApiError;
use crate::security::{hash_secret, verify_password_blocking};
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
            let user = authenticate_header(state, value, client_ip(parts, state)).await?;
            return Ok(MaybeCaller(Some(user)));
        }
        if let Some(token) = session_cookie(parts) {
            // A stale or unknown cookie is the same as none: the app then shows the sign-in page.
            let user = state.store.session_user(&hash_secret(&token)).await?;
            let user = user.filter(UserRow::can_authenticate);
            if user.is_some() {
                // The browser sent the cookie by itself: make sure this site's script did.
                super::cross_site::check(state, &parts.method, &parts.headers, false)?;
            }
            return Ok(MaybeCaller(user));
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

/// The client's address: the connection's peer (loopback when unknown, as in tests that call
/// the router directly), or behind a `--trusted-proxy` the address it forwarded (see
/// [`crate::net::client_address`]). Every rate limit keys on this.
pub fn client_ip(parts: &Parts, state: &AppState) -> IpAddr {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([127, 0, 0, 1]), |info| info.0.ip());
    let forwarded = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect::<Vec<_>>();
    crate::net::client_address(peer, forwarded.into_iter(), &state.config.trusted_proxies)
}

/// The client's address as an extractor (see [`client_ip`]).
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_ip(parts, state)))
    }
}

async fn authenticate_header(state: &AppState, value: &str, client: IpAddr) -> Result<UserRow, ApiError> {
    let (scheme, credentials) = value.split_once(' ').ok_or_else(bad_credentials)?;
    match scheme.to_ascii_lowercase().as_str() {
        "basic" => {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(credentials.trim())
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .ok_or_else(bad_credentials)?;
            let (email, secret) = decoded.split_once(':').ok_or_else(bad_credentials)?;
            authenticate_basic(state, email, secret, client).await
        }
        "bearer" => {
            let user = state.store.token_user(&hash_secret(credentials.trim())).await?;
            user.filter(UserRow::can_authenticate).ok_or_else(bad_credentials)
        }
        _ => Err(bad_credentials()),
    }
}

/// Email with one of the account's API tokens (256 random bits: no guessing to limit), or
/// with a password (through the password limiter like every other password check).
async fn authenticate_basic(
    state: &AppState,
    email: &str,
    secret: &str,
    client: IpAddr,
) -> Result<UserRow, ApiError> {
    if let Some(user) = state.store.token_user(&hash_secret(secret)).await? {
        if user.email.eq_ignore_ascii_case(email.trim()) && user.can_authenticate() {
            return Ok(user);
        }
    }
    if email.len() > MAX_ADDRESS_OCTETS {
        return Err(bad_credentials());
    }
    check_password(state, email, secret, client)
        .await?
        .ok_or_else(bad_credentials)
}

/// The longest address there can be (RFC 5321); longer usernames are refused before anything
/// else, so they never reach the limiter or the database.
pub const MAX_ADDRESS_OCTETS: usize = 254;

/// The one way a password is checked: the attempt is counted by the password limiter *before*
/// the verification (a 429 when over the limit, so parallel guesses get no more tries than the
/// limit), then one argon2 verification on a blocking thread whatever the account (unknown,
/// without a password, revoked or real all cost the same). A success gives the count back.
/// Returns the account if the password is right and the account may sign in.
pub async fn check_password(
    state: &AppState,
    email: &str,
    password: &str,
    client: IpAddr,
) -> Result<Option<UserRow>, ApiError> {
    let attempt = state.limits.passwords.begin(email, client).await?;
    let user = state.store.user_by_email(email).await?;
    let hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let matches = verify_password_blocking(password, hash).await;
    match user {
        Some(user) if matches && user.can_authenticate() => {
            attempt.succeeded().await;
            Ok(Some(user))
        }
        _ => {
            attempt.failed().await;
            Ok(None)
        }
    }
}

/// The one answer for every wrong credential, so that it reveals nothing about accounts.
pub fn bad_credentials() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::UNAUTHORIZED,
        Reason::BadCredentials,
        "That email and password don't match an account that can sign in.",
    )
}
