//! `GET /rest/clientele/1/myself`: the signed-in person and what they may use.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use clientele_domain::wire::{MyProject, Myself, ProjectRole};

use super::auth::Caller;
use super::error::ApiResult;
use crate::AppState;

/// Routes under `/rest/clientele/1`.
pub fn router() -> Router<AppState> {
    Router::new().route("/myself", get(myself))
}

async fn myself(State(state): State<AppState>, Caller(user): Caller) -> ApiResult<Json<Myself>> {
    let projects = state
        .store
        .projects_worked_on(&user)
        .await?
        .into_iter()
        .map(|(project, role)| MyProject {
            id: project.id.to_string(),
            key: project.project_key,
            name: project.name,
            project_type: project.project_type,
            role: match role.as_deref() {
                Some("projectAdmin") => Some(ProjectRole::ProjectAdmin),
                Some("agent") => Some(ProjectRole::Agent),
                _ => None,
            },
        })
        .collect();
    Ok(Json(Myself {
        account_id: user.id.to_string(),
        email_address: user.email,
        display_name: user.display_name,
        site_admin: user.site_admin,
        projects,
    }))
}
