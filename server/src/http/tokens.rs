//! API tokens for scripts: created and revoked by their owner, under `/rest/clientele/1/token`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use clientele_domain::wire::{ApiToken, ValueList};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::Caller;
use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, ApiPath};
use super::limits;
use crate::security::{hash_secret, new_secret};
use crate::store::now_millis;
use crate::AppState;

/// Routes under `/rest/clientele/1/token`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(revoke))
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
struct NewToken {
    label: String,
}

#[utoipa::path(post, path = "/", tag = "clientele", request_body = NewToken,
    responses((status = 201, body = ApiToken, description = "The new token; its secret is shown only here")))]
async fn create(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiJson(body): ApiJson<NewToken>,
) -> ApiResult<impl IntoResponse> {
    let label =
        clientele_domain::names::TokenLabel::parse(&body.label).map_err(super::names::invalid_label)?;
    let label = label.as_str();
    let token = new_secret();
    let id = state
        .store
        .create_api_token(
            &origin.actor(&user),
            user.id,
            label,
            &hash_secret(&token),
            limits::MAX_API_TOKENS,
        )
        .await?
        .ok_or_else(limits::too_many_tokens)?;
    let created = ApiToken {
        id: id.to_string(),
        label: label.to_string(),
        created: now_millis(),
        token: Some(token),
    };
    Ok((StatusCode::CREATED, Json(created)))
}

#[utoipa::path(get, path = "/", tag = "clientele",
    responses((status = 200, body = ValueList<ApiToken>, description = "The caller's tokens")))]
async fn list(State(state): State<AppState>, Caller(user): Caller) -> ApiResult<Json<ValueList<ApiToken>>> {
    let values = state
        .store
        .api_tokens(user.id)
        .await?
        .into_iter()
        .map(|t| ApiToken {
            id: t.id.to_string(),
            label: t.label,
            created: t.created_at,
            token: None,
        })
        .collect();
    Ok(Json(ValueList { values }))
}

#[utoipa::path(delete, path = "/{id}", tag = "clientele", params(("id" = i64, Path, example = 1, description = "The token's id")),
    responses((status = 204, description = "Revoked")))]
async fn revoke(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    if state
        .store
        .delete_api_token(&origin.actor(&user), user.id, id)
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found(format!(
            "You have no API token with the id {id}."
        )))
    }
}
