//! The signed-in person's own account: `PUT /rest/clientele/1/myself/password` changes their
//! password. The current password is checked through the password limiter like every other
//! password check; the change ends every other session and voids unused one-time links.

use axum::extract::State;
use axum::http::request::Parts;
use axum::http::StatusCode;
use clientele_domain::reason::Reason;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{check_password, session_cookie, Caller, ClientIp};
use super::error::{ApiError, ApiResult};
use super::extract::ApiJson;
use crate::passwords::check_new_password;
use crate::security::{hash_password_blocking, hash_secret};
use crate::AppState;

/// Routes under `/rest/clientele/1`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(change_password))
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChangeBody {
    current_password: String,
    new_password: String,
}

#[utoipa::path(put, path = "/myself/password", tag = "clientele", request_body = ChangeBody,
    responses((status = 204, description = "Changed; every other session ends")))]
async fn change_password(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    Caller(user): Caller,
    origin: super::audit::Origin,
    parts: Parts,
    ApiJson(body): ApiJson<ChangeBody>,
) -> ApiResult<StatusCode> {
    let confirmed = check_password(&state, &user.email, &body.current_password, client).await?;
    if confirmed.is_none_or(|account| account.id != user.id) {
        return Err(ApiError::bad_request(
            Reason::WrongPassword,
            "Your current password is not right.",
        ));
    }
    check_new_password(&body.new_password)?;
    let hash = hash_password_blocking(&body.new_password).await;
    let this_session = session_cookie(&parts).map(|token| hash_secret(&token));
    state
        .store
        .change_password(&origin.actor(&user), user.id, &hash, this_session.as_deref())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
