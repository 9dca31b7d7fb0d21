//! `/rest/servicedeskapi/servicedesk`: the service desks (service projects).

use axum::extract::State;
use axum::Json;
use clientele_domain::wire::{Page, SelfLink, ServiceDesk};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::Caller;
use super::error::{ApiError, ApiResult};
use super::extract::ApiPath;
use super::paging::Paging;
use crate::store::Key;
use crate::store::ProjectRow;
use crate::AppState;

/// Routes under `/rest/servicedeskapi/servicedesk`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(one))
}

#[utoipa::path(get, path = "/", tag = "servicedesk", params(super::paging::PageParams),
    responses((status = 200, body = Page<ServiceDesk>, description = "The service desks the caller can see")))]
async fn list(
    State(state): State<AppState>,
    Caller(user): Caller,
    paging: Paging,
) -> ApiResult<Json<Page<ServiceDesk>>> {
    let rows = state
        .store
        .projects_visible_to(&user, &paging.seek()?, paging.limit)
        .await?;
    let next = paging.next_key(&rows, |row| Key::id(row.id));
    let desks = rows.iter().map(|p| service_desk(&state, p)).collect();
    Ok(Json(
        paging
            .at(&state, "/rest/servicedeskapi/servicedesk")
            .next(next)
            .page(desks),
    ))
}

#[utoipa::path(get, path = "/{service_desk_id}", tag = "servicedesk", params(("service_desk_id" = i64, Path, example = 1, description = "The service desk id (its project key, in any case, is accepted too)")),
    responses((status = 200, body = ServiceDesk, description = "The service desk")))]
async fn one(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id_or_key): ApiPath<String>,
) -> ApiResult<Json<ServiceDesk>> {
    let project = find_visible(&state, &user, &id_or_key).await?;
    Ok(Json(service_desk(&state, &project)))
}

/// The project with this id or key, if the caller may see it; 404 otherwise, so that
/// projects a person may not see are not revealed.
pub async fn find_visible(
    state: &AppState,
    user: &crate::store::UserRow,
    id_or_key: &str,
) -> ApiResult<ProjectRow> {
    Ok(find_visible_with_role(state, user, id_or_key)
        .await?
        .ok_or_else(|| no_visible_desk(id_or_key))?
        .0)
}

/// The 404 for a service desk that does not exist or that the caller may not see (the same).
pub fn no_visible_desk(id_or_key: &str) -> ApiError {
    ApiError::not_found(format!("There is no service desk {id_or_key} that you can see."))
        .with_parameters([id_or_key])
}

/// The project `id_or_key` if `user` may see it, with their role there (as
/// [`super::authz::role_in_project`] gives it), in one read; `None` when there is no such
/// project or they may not see it.
pub async fn find_visible_with_role(
    state: &AppState,
    user: &crate::store::UserRow,
    id_or_key: &str,
) -> ApiResult<Option<(ProjectRow, clientele_domain::policy::Role)>> {
    Ok(match state.store.project_for(user, id_or_key).await? {
        Some((project, true, role)) => {
            let role = clientele_domain::policy::Role::effective(
                true,
                user.site_admin,
                role.map(clientele_domain::policy::Role::from)
                    .or(Some(clientele_domain::policy::Role::Customer)),
            );
            Some((project, role))
        }
        _ => None,
    })
}

fn service_desk(state: &AppState, project: &ProjectRow) -> ServiceDesk {
    ServiceDesk {
        id: project.id.to_string(),
        project_id: project.id.to_string(),
        project_name: project.name.clone(),
        project_key: project.project_key.clone(),
        links: SelfLink {
            self_link: format!(
                "{}/rest/servicedeskapi/servicedesk/{}",
                state.base_url, project.id
            ),
        },
    }
}
