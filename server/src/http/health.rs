//! `GET /rest/clientele/1/health`: for load balancers. 200 only while the database answers;
//! otherwise 503 with the API's error body, so a process whose database went away is taken out
//! of rotation until it answers again.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use clientele_domain::reason::Reason;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult};
use crate::AppState;

/// How long the check waits for the database before calling it unavailable.
const DATABASE_DEADLINE: Duration = Duration::from_secs(2);

/// Routes under `/rest/clientele/1`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}

/// Health: `{"status": "ok", "database": "ok"}`.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct Health {
    status: &'static str,
    database: &'static str,
}

#[utoipa::path(get, path = "/health", tag = "clientele", security(()),
    responses((status = 200, body = Health, description = "The server and its database answer")))]
async fn health(State(state): State<AppState>) -> ApiResult<Json<Health>> {
    match tokio::time::timeout(DATABASE_DEADLINE, state.store.ping()).await {
        Ok(Ok(())) => Ok(Json(Health {
            status: "ok",
            database: "ok",
        })),
        Ok(Err(error)) => {
            tracing::warn!(%error, "health check: the database does not answer");
            Err(unavailable())
        }
        Err(_) => {
            tracing::warn!("health check: the database did not answer within 2 s");
            Err(unavailable())
        }
    }
}

fn unavailable() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        Reason::DatabaseUnavailable,
        "The database does not answer.",
    )
}
