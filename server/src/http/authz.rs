//! The bridge between requests and the domain policy: which role the caller has for a target,
//! and a refusal turned into a 403 with its reason and who can change it.

use clientele_domain::policy::{self, Action, Decision, GlobalSettings, OrganizationStanding, Role};

use super::error::{ApiError, ApiResult};
use crate::store::{OrganizationRow, ProjectRow, UserRow};
use crate::AppState;

/// The caller's role in a project: site admin, project admin, agent, or else customer.
pub async fn role_in_project(state: &AppState, user: &UserRow, project: &ProjectRow) -> ApiResult<Role> {
    let role = state.store.project_role(user.id, project.id).await?;
    Ok(Role::effective(
        true,
        user.site_admin,
        role.map(Role::from).or(Some(Role::Customer)),
    ))
}

/// The caller's role for site-wide things (organizations, accounts): site admin, else the
/// strongest role they hold in any project, else customer.
pub async fn role_on_site(state: &AppState, user: &UserRow) -> ApiResult<Role> {
    let role = state.store.strongest_project_role(user.id).await?;
    Ok(Role::effective(
        true,
        user.site_admin,
        role.map(Role::from).or(Some(Role::Customer)),
    ))
}

/// Asks the policy whether the caller, whose site role is `site_role`, may do `action` on one
/// organization's members or properties (see
/// [`policy::decide_for_organization`]): every member and property endpoint goes through here.
pub async fn require_on_organization(
    state: &AppState,
    user: &UserRow,
    site_role: Role,
    organization: &OrganizationRow,
    action: Action,
) -> ApiResult<()> {
    let settings = state.store.global_settings().await?;
    let role_where_attached = if user.site_admin {
        None
    } else {
        let role = state
            .store
            .strongest_role_where_attached(user.id, organization.id)
            .await?;
        role.map(Role::from)
    };
    let standing = OrganizationStanding {
        site_role,
        attached: !organization.project_keys.is_empty(),
        role_where_attached,
    };
    allowed(policy::decide_for_organization(action, &settings, &standing))
}

/// Asks the policy and turns a refusal into a 403.
pub fn require(
    role: Role,
    action: Action,
    settings: &GlobalSettings,
    project: Option<&ProjectRow>,
) -> ApiResult<()> {
    let project_settings = project.map(ProjectRow::policy_settings);
    allowed(policy::decide(role, action, settings, project_settings.as_ref()))
}

/// A decision as a result: `Ok` when allowed, a 403 with the policy's words otherwise.
pub fn allowed(decision: Decision) -> ApiResult<()> {
    match decision {
        Decision::Allowed => Ok(()),
        Decision::Denied(denial) => Err(ApiError::forbidden(
            denial.reason,
            denial.message,
            denial.who_can_change,
        )),
    }
}
