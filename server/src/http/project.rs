//! A service project's people: `/rest/servicedeskapi/servicedesk/{id}/customer` and
//! `/organization` (JSM), and Clientele's bulk add and access settings for a project.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use clientele_domain::account::AccountStatus;
use clientele_domain::policy::Action;
use clientele_domain::reason::Reason;
use clientele_domain::wire::{
    BulkAddRequest, BulkAddResponse, Customer, FlexibleId, Organization, Page, ProjectAccess,
};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::adding::{bulk_add_report, jsm_add};
use super::auth::Caller;
use super::authz::require;
use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, ApiPath, ApiQuery};
use super::lookup::{known_help_center, known_organization, parse_account_filter};
use super::members::UsersRequest;
use super::paging::Paging;
use super::present;
use super::servicedesk::{find_visible_with_role, no_visible_desk};
use crate::bulk::{Adder, BulkTarget};
use crate::notify::welcome_for;
use crate::store::{Key, OrganizationFilter, Reach};
use crate::AppState;

/// Routes under `/rest/servicedeskapi/servicedesk/{service_desk_id}`.
pub fn jsm_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_customers, add_customers, remove_customers))
        .routes(routes!(
            list_organizations,
            attach_organization,
            detach_organization
        ))
}

/// Routes under `/rest/clientele/1/servicedesk/{service_desk_id}`.
pub fn clientele_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(bulk_add_customers))
        .routes(routes!(export_customers))
        .routes(routes!(resend_invitation))
        .routes(routes!(access, save_access))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct CustomerQuery {
    /// A fragment of the name or address (any case).
    query: Option<String>,
}

#[utoipa::path(get, path = "/{service_desk_id}/customer", tag = "servicedesk", params(("service_desk_id" = i64, Path, example = 1, description = "The service desk id (its project key, in any case, is accepted too)"), CustomerQuery, super::paging::PageParams),
    responses((status = 200, body = Page<Customer>, description = "The project's own customers")))]
async fn list_customers(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id): ApiPath<String>,
    paging: Paging,
    ApiQuery(params): ApiQuery<CustomerQuery>,
) -> ApiResult<Json<Page<Customer>>> {
    let (project, _, _) = project_allowing(&state, &user, &id, Action::ViewProjectCustomers).await?;
    let query = params.query.as_deref().filter(|q| !q.trim().is_empty());
    let rows = state
        .store
        .project_customers(project.id, query, &paging.seek()?, paging.limit)
        .await?;
    let next = paging.next_key(&rows, |row| Key::id(row.user.id));
    let customers = present::listed_customers(&state, rows);
    let path = format!("/rest/servicedeskapi/servicedesk/{}/customer", project.id);
    Ok(Json(
        paging
            .at(&state, path)
            .with("query", query)
            .next(next)
            .page(customers),
    ))
}

#[utoipa::path(get, path = "/{service_desk_id}/customer/export", tag = "clientele", params(("service_desk_id" = i64, Path, example = 1, description = "The service desk id (its project key, in any case, is accepted too)"), CustomerQuery),
    responses((status = 200, content_type = "text/csv", body = String,
        description = "The project's own customers matching the search, as CSV: UTF-8 with a byte-order mark, columns email, \
                       display name, status, kind, organizations, projects, created, last invitation; X-Total-Count carries \
                       the number of rows")))]
async fn export_customers(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id): ApiPath<String>,
    ApiQuery(params): ApiQuery<CustomerQuery>,
) -> ApiResult<axum::response::Response> {
    let (project, _, _) = project_allowing(&state, &user, &id, Action::ViewProjectCustomers).await?;
    let query = params
        .query
        .map(|q| q.trim().to_string())
        .filter(|q| !q.is_empty());
    let scope = crate::store::export::ExportScope::Project {
        project_id: project.id,
        query,
    };
    super::export::csv_response(&state, scope, &format!("customers-{}", project.project_key)).await
}

#[utoipa::path(post, path = "/{service_desk_id}/customer", tag = "servicedesk", params(("service_desk_id" = i64, Path, example = 1, description = "The service desk id (its project key, in any case, is accepted too)")), request_body = UsersRequest,
    responses((status = 204, description = "Added (all or nothing)")))]
async fn add_customers(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<UsersRequest>,
) -> ApiResult<StatusCode> {
    let (project, role, settings) =
        project_allowing(&state, &user, &id, Action::AddCustomersToProject).await?;
    let adder = Adder {
        role,
        reach: Reach::of(&user),
    };
    jsm_add(
        &state,
        &origin.actor(&user),
        BulkTarget::Project(project.id),
        adder,
        &settings,
        &body,
    )
    .await
}

#[utoipa::path(delete, path = "/{service_desk_id}/customer", tag = "servicedesk", params(("service_desk_id" = i64, Path, example = 1, description = "The service desk id (its project key, in any case, is accepted too)")), request_body = UsersRequest,
    responses((status = 204, description = "Removed")))]
async fn remove_customers(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<UsersRequest>,
) -> ApiResult<StatusCode> {
    let (project, _, _) = project_allowing(&state, &user, &id, Action::RemoveCustomerFromProject).await?;
    let ids = body.existing_ids(&state).await?;
    state
        .store
        .remove_project_customers(&origin.actor(&user), project.id, &ids)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
struct OrganizationQuery {
    /// Only the organizations this account belongs to.
    account_id: Option<String>,
}

#[utoipa::path(get, path = "/{service_desk_id}/organization", tag = "servicedesk", params(("service_desk_id" = i64, Path, example = 1, description = "The service desk id (its project key, in any case, is accepted too)"), OrganizationQuery, super::paging::PageParams),
    responses((status = 200, body = Page<Organization>, description = "The organizations attached to the project")))]
async fn list_organizations(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id): ApiPath<String>,
    paging: Paging,
    ApiQuery(params): ApiQuery<OrganizationQuery>,
) -> ApiResult<Json<Page<Organization>>> {
    let (project, _, _) = project_allowing(&state, &user, &id, Action::ViewProjectCustomers).await?;
    let member = parse_account_filter(params.account_id.as_deref())?;
    let filter = OrganizationFilter {
        query: None,
        member,
        project: Some(project.id),
    };
    let rows = state
        .store
        .organizations(&filter, &paging.seek_by_name()?, paging.limit)
        .await?;
    let next = paging.next_key(&rows, |row| Key::named(&row.name_key, row.id));
    let values = rows.iter().map(|r| present::organization(&state, r)).collect();
    let path = format!("/rest/servicedeskapi/servicedesk/{}/organization", project.id);
    Ok(Json(
        paging
            .at(&state, path)
            .with("accountId", params.account_id.as_deref())
            .next(next)
            .page(values),
    ))
}

/// The project in the path, once the policy allowed `action` there for the caller: the
/// project, the caller's role in it, and the settings the decision read.
/// The visible project `id`, its caller's role and the settings, if the caller may do `action`
/// there.
pub(super) async fn project_allowing(
    state: &AppState,
    user: &crate::store::UserRow,
    id: &str,
    action: Action,
) -> ApiResult<(
    crate::store::ProjectRow,
    clientele_domain::policy::Role,
    clientele_domain::policy::GlobalSettings,
)> {
    let (project, role) = find_visible_with_role(state, user, id)
        .await?
        .ok_or_else(|| no_visible_desk(id))?;
    let settings = state.store.global_settings().await?;
    require(role, action, &settings, Some(&project))?;
    Ok((project, role, settings))
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrganizationIdBody {
    organization_id: FlexibleId,
}

#[utoipa::path(post, path = "/{service_desk_id}/organization", tag = "servicedesk", params(("service_desk_id" = i64, Path, example = 1, description = "The service desk id (its project key, in any case, is accepted too)")), request_body = OrganizationIdBody,
    responses((status = 204, description = "Attached")))]
async fn attach_organization(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<OrganizationIdBody>,
) -> ApiResult<StatusCode> {
    let (project, _, _) = project_allowing(&state, &user, &id, Action::AttachOrganization).await?;
    let organization = known_organization(&state, &body.organization_id).await?;
    state
        .store
        .attach_organization(&origin.actor(&user), organization, project.id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/{service_desk_id}/organization", tag = "servicedesk", params(("service_desk_id" = i64, Path, example = 1, description = "The service desk id (its project key, in any case, is accepted too)")), request_body = OrganizationIdBody,
    responses((status = 204, description = "Detached")))]
async fn detach_organization(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<OrganizationIdBody>,
) -> ApiResult<StatusCode> {
    let (project, _, _) = project_allowing(&state, &user, &id, Action::AttachOrganization).await?;
    let organization = known_organization(&state, &body.organization_id).await?;
    state
        .store
        .detach_organization(&origin.actor(&user), organization, project.id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/{service_desk_id}/customer/bulk", tag = "clientele", params(("service_desk_id" = i64, Path, example = 1, description = "The service desk id (its project key, in any case, is accepted too)")), request_body = BulkAddRequest,
    responses((status = 200, body = BulkAddResponse, description = "One result per entry, and the counts")))]
async fn bulk_add_customers(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<BulkAddRequest>,
) -> ApiResult<Json<BulkAddResponse>> {
    let (project, role, settings) =
        project_allowing(&state, &user, &id, Action::AddCustomersToProject).await?;
    let target = match &body.organization_id {
        None => BulkTarget::Project(project.id),
        Some(org) => {
            require(role, Action::ManageOrganizationMembers, &settings, Some(&project))?;
            let organization = known_organization(&state, org).await?;
            if !state
                .store
                .organization_attached(organization, project.id)
                .await?
            {
                return Err(ApiError::bad_request(
                    Reason::OrganizationNotAttached,
                    format!("That organization is not attached to {}. Attach it first, or leave the organization blank.", project.name),
                ));
            }
            BulkTarget::Organization(organization)
        }
    };
    check_help_center(&state, role, &settings, &project, body.help_center_id.as_ref()).await?;
    let help_center = body.help_center_id.as_ref().and_then(FlexibleId::as_i64);
    let adder = Adder {
        role,
        reach: Reach::of(&user),
    };
    bulk_add_report(
        &state,
        &origin.actor(&user),
        target,
        adder,
        &settings,
        &body,
        help_center,
    )
    .await
    .map(Json)
}

/// A chosen help center must exist, and choosing one is a Premium feature.
async fn check_help_center(
    state: &AppState,
    role: clientele_domain::policy::Role,
    settings: &clientele_domain::policy::GlobalSettings,
    project: &crate::store::ProjectRow,
    help_center: Option<&FlexibleId>,
) -> ApiResult<()> {
    let Some(id) = help_center else { return Ok(()) };
    require(role, Action::ChooseHelpCenter, settings, Some(project))?;
    known_help_center(state, id).await.map(|_| ())
}

#[utoipa::path(get, path = "/{service_desk_id}/access", tag = "clientele", params(("service_desk_id" = i64, Path, example = 1, description = "The service desk id (its project key, in any case, is accepted too)")),
    responses((status = 200, body = ProjectAccess, description = "The project's access settings")))]
async fn access(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<ProjectAccess>> {
    let (project, _, _) = project_allowing(&state, &user, &id, Action::ManageProjectAccess).await?;
    Ok(Json(ProjectAccess {
        public_signup: Some(project.public_signup),
        customer_invited_notification: Some(project.customer_invited_notification),
    }))
}

#[utoipa::path(put, path = "/{service_desk_id}/access", tag = "clientele", params(("service_desk_id" = i64, Path, example = 1, description = "The service desk id (its project key, in any case, is accepted too)")), request_body = ProjectAccess,
    responses((status = 200, body = ProjectAccess, description = "The saved settings")))]
async fn save_access(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ProjectAccess>,
) -> ApiResult<Json<ProjectAccess>> {
    let (project, _, _) = project_allowing(&state, &user, &id, Action::ManageProjectAccess).await?;
    let public_signup = body.public_signup.unwrap_or(project.public_signup);
    let invited = body
        .customer_invited_notification
        .unwrap_or(project.customer_invited_notification);
    state
        .store
        .save_project_access(&origin.actor(&user), project.id, public_signup, invited)
        .await?;
    Ok(Json(ProjectAccess {
        public_signup: Some(public_signup),
        customer_invited_notification: Some(invited),
    }))
}

/// Sends a customer who has not finished signing up a new invitation (or, when they signed up
/// themselves, a new verification message), from the default help center.
#[utoipa::path(post, path = "/{service_desk_id}/customer/{account_id}/invitation", tag = "clientele", params(("service_desk_id" = i64, Path, example = 1, description = "The service desk id (its project key, in any case, is accepted too)"), ("account_id" = i64, Path, example = 1, description = "The account id")),
    responses((status = 201, body = clientele_domain::wire::InvitationInfo, description = "A new link is queued")))]
async fn resend_invitation(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath((id, account_id)): ApiPath<(String, String)>,
) -> ApiResult<(StatusCode, Json<clientele_domain::wire::InvitationInfo>)> {
    use crate::mail::compose::MessageKind;
    let (project, _, _) = project_allowing(&state, &user, &id, Action::AddCustomersToProject).await?;
    let not_found = || {
        ApiError::not_found(format!(
            "{} has no customer with the account id {account_id}.",
            project.name
        ))
        .with_parameters([project.name.as_str(), account_id.as_str()])
    };
    let account_id: i64 = account_id.trim().parse().map_err(|_| not_found())?;
    let customer = state.store.user_by_id(account_id).await?.ok_or_else(not_found)?;
    if !state.store.project_visible_to(&customer, project.id).await? {
        return Err(not_found());
    }
    if customer.status != AccountStatus::Invited {
        return Err(ApiError::conflict(
            Reason::NotInvited,
            format!(
                "{} has already signed up (or lost access), so there is no invitation to resend.",
                customer.email
            ),
        ));
    }
    let kind = if customer.password_hash.is_some() || !project.customer_invited_notification {
        MessageKind::Verification
    } else {
        MessageKind::Invitation
    };
    let Some(welcome) =
        welcome_for(&state.store, state.site(), BulkTarget::Project(project.id), None).await?
    else {
        return Err(ApiError::conflict(
            Reason::NoHelpCenter,
            "There is no help center to invite people to.",
        ));
    };
    let recipient = crate::notify::Recipient {
        user_id: customer.id,
        email: &customer.email,
        display_name: &customer.display_name,
    };
    let mut tx = state.store.write().await?;
    crate::notify::queue_link_message(
        &mut tx,
        &state.site(),
        &welcome.help_center,
        &recipient,
        kind,
        None,
    )
    .await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    let info = clientele_domain::wire::InvitationInfo {
        kind: kind.as_str().to_string(),
        queued_at: crate::store::now_millis(),
        state: "queued".into(),
    };
    Ok((StatusCode::CREATED, Json(info)))
}
