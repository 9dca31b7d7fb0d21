//! A service project's people: `/rest/servicedeskapi/servicedesk/{id}/customer` and
//! `/organization` (JSM), and Clientele's bulk add and access settings for a project.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use clientele_domain::account::AccountStatus;
use clientele_domain::email::{parse_items, parse_text, ParseLimits, ParsedEntry};
use clientele_domain::policy::Action;
use clientele_domain::policy::WhoCanChange;
use clientele_domain::reason::Reason;
use clientele_domain::wire::{
    BulkAddRequest, BulkAddResponse, Customer, FlexibleId, Organization, Page, ProjectAccess,
};
use serde::Deserialize;

use super::auth::Caller;
use super::authz::{require, role_in_project};
use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, ApiPath, ApiQuery};
use super::members::UsersRequest;
use super::paging::PageParams;
use super::present;
use super::servicedesk::find_visible;
use crate::bulk::{bulk_add, Adder, BulkMode, BulkTarget};
use crate::notify::welcome_for;
use crate::store::{OrganizationFilter, Reach};
use crate::AppState;

/// Routes under `/rest/servicedeskapi/servicedesk/{service_desk_id}`.
pub fn jsm_router() -> Router<AppState> {
    Router::new()
        .route(
            "/{service_desk_id}/customer",
            get(list_customers).post(add_customers).delete(remove_customers),
        )
        .route(
            "/{service_desk_id}/organization",
            get(list_organizations)
                .post(attach_organization)
                .delete(detach_organization),
        )
}

/// Routes under `/rest/clientele/1/servicedesk/{service_desk_id}`.
pub fn clientele_router() -> Router<AppState> {
    Router::new()
        .route("/{service_desk_id}/customer/bulk", post(bulk_add_customers))
        .route(
            "/{service_desk_id}/customer/{account_id}/invitation",
            post(resend_invitation),
        )
        .route("/{service_desk_id}/access", get(access).put(save_access))
}

#[derive(Debug, Default, Deserialize)]
struct CustomerQuery {
    query: Option<String>,
    start: Option<i64>,
    limit: Option<i64>,
}

async fn list_customers(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id): ApiPath<String>,
    ApiQuery(params): ApiQuery<CustomerQuery>,
) -> ApiResult<Json<Page<Customer>>> {
    let (project, _, _) = project_allowing(&state, &user, &id, Action::ViewProjectCustomers).await?;
    let paging = PageParams {
        start: params.start,
        limit: params.limit,
    }
    .paging()?;
    let query = params.query.as_deref().filter(|q| !q.trim().is_empty());
    let rows = state
        .store
        .project_customers(project.id, query, paging.start, paging.limit)
        .await?;
    let customers = present::customers_with_organizations(&state, &rows).await?;
    let extra = query.map(|q| format!("&query={}", encode(q))).unwrap_or_default();
    let path = format!("/rest/servicedeskapi/servicedesk/{}/customer", project.id);
    Ok(Json(paging.page(customers, &state.base_url, &path, &extra)))
}

async fn add_customers(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<UsersRequest>,
) -> ApiResult<StatusCode> {
    let (project, role, settings) =
        project_allowing(&state, &user, &id, Action::AddCustomersToProject).await?;
    let adder = Adder {
        role,
        reach: Reach::of(&user),
    };
    let entries = body.entries(&state, adder.reach).await?;
    let welcome = welcome_for(&state.store, state.site(), BulkTarget::Project(project.id), None).await?;
    let report = bulk_add(
        &state.store,
        BulkTarget::Project(project.id),
        adder,
        &settings,
        entries,
        BulkMode::AllOrNothing,
        welcome.as_ref(),
    )
    .await?;
    all_or_nothing(&report)?;
    state.mail_wake.notify_one();
    Ok(StatusCode::NO_CONTENT)
}

/// JSM's add calls succeed whole or fail whole: the first invalid or refused entry decides.
pub fn all_or_nothing(report: &BulkAddResponse) -> ApiResult<()> {
    use clientele_domain::wire::BulkOutcome;
    for r in &report.results {
        let reason = r.reason.clone().unwrap_or_default();
        match r.outcome {
            BulkOutcome::Invalid if r.reason_code == Some(Reason::InvalidName) => {
                return Err(ApiError::bad_request(
                    Reason::InvalidName,
                    format!("{:?}: {reason}", r.input),
                ));
            }
            BulkOutcome::Invalid => {
                return Err(ApiError::bad_request(
                    Reason::InvalidEmail,
                    format!("{:?} is not a valid address: {reason}", r.input),
                ));
            }
            BulkOutcome::Refused => {
                // Both refusals of an address (managed domain, revoked access) are a site admin's to lift.
                let code = r.reason_code.unwrap_or(Reason::Refused);
                return Err(ApiError::forbidden(code, reason, WhoCanChange::SiteAdmin));
            }
            _ => {}
        }
    }
    Ok(())
}

async fn remove_customers(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<UsersRequest>,
) -> ApiResult<StatusCode> {
    let (project, _, _) = project_allowing(&state, &user, &id, Action::RemoveCustomerFromProject).await?;
    let ids = body.existing_ids(&state).await?;
    state.store.remove_project_customers(project.id, &ids).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrganizationQuery {
    start: Option<i64>,
    limit: Option<i64>,
    account_id: Option<String>,
}

async fn list_organizations(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id): ApiPath<String>,
    ApiQuery(params): ApiQuery<OrganizationQuery>,
) -> ApiResult<Json<Page<Organization>>> {
    let (project, _, _) = project_allowing(&state, &user, &id, Action::ViewProjectCustomers).await?;
    let paging = PageParams {
        start: params.start,
        limit: params.limit,
    }
    .paging()?;
    let member = parse_account_filter(params.account_id.as_deref())?;
    let filter = OrganizationFilter {
        query: None,
        member,
        project: Some(project.id),
    };
    let rows = state
        .store
        .organizations(&filter, paging.start, paging.limit)
        .await?;
    let values = rows.iter().map(|r| present::organization(&state, r)).collect();
    let extra = params
        .account_id
        .map(|a| format!("&accountId={}", encode(&a)))
        .unwrap_or_default();
    let path = format!("/rest/servicedeskapi/servicedesk/{}/organization", project.id);
    Ok(Json(paging.page(values, &state.base_url, &path, &extra)))
}

/// The project in the path, once the policy allowed `action` there for the caller: the
/// project, the caller's role in it, and the settings the decision read.
async fn project_allowing(
    state: &AppState,
    user: &crate::store::UserRow,
    id: &str,
    action: Action,
) -> ApiResult<(
    crate::store::ProjectRow,
    clientele_domain::policy::Role,
    clientele_domain::policy::GlobalSettings,
)> {
    let project = find_visible(state, user, id).await?;
    let settings = state.store.global_settings().await?;
    let role = role_in_project(state, user, &project).await?;
    require(role, action, &settings, Some(&project))?;
    Ok((project, role, settings))
}

/// An `accountId` filter: a number, or a 400.
pub fn parse_account_filter(account_id: Option<&str>) -> ApiResult<Option<i64>> {
    account_id
        .map(|a| {
            a.trim().parse::<i64>().map_err(|_| {
                ApiError::bad_request(
                    Reason::InvalidParameter,
                    format!("accountId {a:?} is not an account id."),
                )
            })
        })
        .transpose()
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrganizationIdBody {
    organization_id: FlexibleId,
}

async fn attach_organization(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<OrganizationIdBody>,
) -> ApiResult<StatusCode> {
    let (project, _, _) = project_allowing(&state, &user, &id, Action::AttachOrganization).await?;
    let organization = known_organization(&state, &body.organization_id).await?;
    state.store.attach_organization(organization, project.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn detach_organization(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<OrganizationIdBody>,
) -> ApiResult<StatusCode> {
    let (project, _, _) = project_allowing(&state, &user, &id, Action::AttachOrganization).await?;
    let organization = known_organization(&state, &body.organization_id).await?;
    state.store.detach_organization(organization, project.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The id of an existing organization, or a 404.
pub async fn known_organization(state: &AppState, id: &FlexibleId) -> ApiResult<i64> {
    let not_found = || ApiError::not_found(format!("There is no organization with the id {id:?}."));
    let id = id.as_i64().ok_or_else(not_found)?;
    state
        .store
        .organization(id)
        .await?
        .map(|o| o.id)
        .ok_or_else(not_found)
}

/// The entries of a bulk request: pasted text split by the parser, or one entry per element.
pub fn bulk_entries(state: &AppState, body: &BulkAddRequest) -> ApiResult<Vec<ParsedEntry>> {
    let limits = ParseLimits {
        max_entries: state.config.max_bulk_entries,
    };
    let parsed = match (&body.text, &body.emails) {
        (Some(text), None) => parse_text(text, &limits),
        (None, Some(emails)) => parse_items(emails, &limits),
        _ => {
            return Err(ApiError::bad_request(
                Reason::TextOrEmails,
                "Send either \"text\" (pasted addresses) or \"emails\" (a list), not both.",
            ));
        }
    };
    let entries = parsed.map_err(|e| ApiError::bad_request(Reason::TooManyEntries, e.message()))?;
    if entries.is_empty() {
        return Err(ApiError::bad_request(
            Reason::NoEntries,
            "There are no addresses in this request.",
        ));
    }
    Ok(entries)
}

async fn bulk_add_customers(
    State(state): State<AppState>,
    Caller(user): Caller,
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
    run_bulk_add(&state, target, adder, &settings, &body, help_center)
        .await
        .map(Json)
}

/// The part both bulk endpoints share once the target is checked: parse the entries, add them
/// with the welcome message new people get, and wake the mail sender when something was written.
pub async fn run_bulk_add(
    state: &AppState,
    target: BulkTarget,
    adder: Adder,
    settings: &clientele_domain::policy::GlobalSettings,
    body: &BulkAddRequest,
    help_center: Option<i64>,
) -> ApiResult<BulkAddResponse> {
    let entries = bulk_entries(state, body)?;
    let mode = if body.dry_run {
        BulkMode::DryRun
    } else {
        BulkMode::Commit
    };
    let welcome = welcome_for(&state.store, state.site(), target, help_center).await?;
    let report = bulk_add(
        &state.store,
        target,
        adder,
        settings,
        entries,
        mode,
        welcome.as_ref(),
    )
    .await?;
    if mode == BulkMode::Commit {
        state.mail_wake.notify_one();
    }
    Ok(report)
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

/// The id of an existing help center, or a 400.
pub async fn known_help_center(state: &AppState, id: &FlexibleId) -> ApiResult<i64> {
    let known = state.store.help_centers().await?;
    id.as_i64()
        .filter(|id| known.iter().any(|h| h.id == *id))
        .ok_or_else(|| {
            ApiError::bad_request(
                Reason::UnknownHelpCenter,
                format!("There is no help center with the id {id:?}."),
            )
        })
}

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

async fn save_access(
    State(state): State<AppState>,
    Caller(user): Caller,
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
        .save_project_access(project.id, public_signup, invited)
        .await?;
    Ok(Json(ProjectAccess {
        public_signup: Some(public_signup),
        customer_invited_notification: Some(invited),
    }))
}

/// Percent-encodes a query value for links.
pub use clientele_domain::url::encode_component as encode;

/// Sends a customer who has not finished signing up a new invitation (or, when they signed up
/// themselves, a new verification message), from the default help center.
async fn resend_invitation(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath((id, account_id)): ApiPath<(String, String)>,
) -> ApiResult<(StatusCode, Json<clientele_domain::wire::InvitationInfo>)> {
    use crate::mail::compose::MessageKind;
    let (project, _, _) = project_allowing(&state, &user, &id, Action::AddCustomersToProject).await?;
    let not_found = || {
        ApiError::not_found(format!(
            "{} has no customer with the account id {account_id:?}.",
            project.name
        ))
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
