//! `GET /rest/clientele/1/myself`: the signed-in person, their roles, the settings the policy
//! reads, and the policy's decision for every action — so the app shows exactly the allowed
//! controls.

use axum::extract::State;
use axum::Json;
use clientele_domain::policy::{self, Role};
use clientele_domain::wire::{HelpCenter, MyProject, Myself};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::Caller;
use super::authz::role_on_site;
use super::error::ApiResult;
use crate::AppState;

/// Routes under `/rest/clientele/1`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(myself))
}

#[utoipa::path(get, path = "/myself", tag = "clientele",
    responses((status = 200, body = Myself, description = "The signed-in person, their roles, settings and permissions")))]
async fn myself(State(state): State<AppState>, Caller(user): Caller) -> ApiResult<Json<Myself>> {
    let mut settings = state.store.global_settings().await?;
    let projects = state
        .store
        .projects_worked_on(&user)
        .await?
        .into_iter()
        .map(|(project, role)| {
            let wire_role = role;
            let role = Role::effective(
                true,
                user.site_admin,
                role.map(Role::from).or(Some(Role::Customer)),
            );
            let project_settings = project.policy_settings();
            MyProject {
                id: project.id.to_string(),
                key: project.project_key,
                name: project.name,
                project_type: project.project_type,
                role: wire_role,
                permissions: policy::permissions(role, &settings, Some(&project_settings)),
                settings: project_settings,
            }
        })
        .collect();
    let site_role = role_on_site(&state, &user).await?;
    let help_centers = state
        .store
        .help_centers()
        .await?
        .into_iter()
        .map(|h| HelpCenter {
            id: h.id.to_string(),
            slug: h.slug,
            name: h.name,
            is_default: h.is_default,
        })
        .collect();
    let permissions = policy::permissions(site_role, &settings, None);
    // Which domains the site manages is staff's business (agents need it to add people); a
    // customer gets an empty list, which the app reads as "none".
    if !matches!(site_role, Role::SiteAdmin | Role::ProjectAdmin | Role::Agent) {
        settings.managed_domains.clear();
    }
    Ok(Json(Myself {
        account_id: user.id.to_string(),
        email_address: user.email,
        display_name: user.display_name,
        site_admin: user.site_admin,
        projects,
        permissions,
        settings,
        help_centers,
        bulk_limits: state.config.bulk_limits(),
    }))
}
