//! `POST /rest/clientele/1/password/check`: the server's answer about a password someone is
//! choosing, so that the browser can show it as they type without downloading the list of
//! common passwords. Anonymous, because sign-up and invitation pages use it; it reveals nothing
//! about accounts, and it stores and logs nothing.

use axum::Json;
use clientele_domain::password::PasswordCheck;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::ApiJson;
use crate::passwords::assess;
use crate::AppState;

/// Routes under `/rest/clientele/1`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(check))
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
struct CheckBody {
    password: String,
}

#[utoipa::path(post, path = "/password/check", tag = "clientele", security(()), request_body = CheckBody,
    responses((status = 200, body = PasswordCheck, description = "Whether the server would take this password")))]
async fn check(ApiJson(body): ApiJson<CheckBody>) -> Json<PasswordCheck> {
    Json(assess(&body.password).into())
}
