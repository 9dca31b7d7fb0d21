//! Requests in JSM's dialect (`/rest/servicedeskapi/request…`, `…/servicedesk/{id}/requesttype`)
//! and Clientele's own parts (request types, sharing, the help center's portal). Every call asks
//! the policy (`policy::decide_on_request`, `decide_raise`, `decide`); a request the caller may
//! not see is answered 404 whatever they asked, so that its existence is not revealed.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use clientele_domain::names::{RequestSummary, RequestTypeName};
use clientele_domain::policy::{
    self, decide_on_request, decide_raise, Action, Decision, RequestAction, RequestStanding, Role,
};
use clientele_domain::reason::Reason;
use clientele_domain::request::{parse_text, split_request_key, RequestStatus, Transition};
use clientele_domain::wire::request::{
    CommentInput, CreateRequest, CurrentStatus, CustomerRequest, ParticipantsInput, PortalProject,
    RequestComment, RequestFieldValue, RequestLinks, RequestTransition, RequestType, RequestTypeInput,
    SharingInput, StatusChange, TransitionInput,
};
use clientele_domain::wire::{Customer, FlexibleId, OrganizationRef, Page, SelfLink, ValueList};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::adding::jsm_add;
use super::auth::Caller;
use super::authz::{allowed, require, role_in_project};
use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, ApiPath, ApiQuery};
use super::lookup::known_help_center;
use super::members::UsersRequest;
use super::paging::Paging;
use super::present::{self, date};
use super::project::project_allowing;
use super::servicedesk::find_visible;
use crate::bulk::{Adder, BulkTarget};
use crate::mail::compose::{compose_request, RequestMessage, RequestNews};
use crate::store::outbox::enqueue;
use crate::store::requests::{
    add_participants, change_status, insert_comment, insert_request, insert_request_type,
    remove_participants, set_request_organization,
};
use crate::store::{
    CommentRow, Key, NewMessage, NewRequest, Ownership, ProjectRow, Reach, RequestFilter, RequestRow,
    RequestTypeRow, StatusFilter, UserRow,
};
use crate::AppState;

/// Routes under `/rest/servicedeskapi/request`.
pub fn jsm_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_requests, create_request))
        .routes(routes!(one_request))
        .routes(routes!(list_comments, add_comment))
        .routes(routes!(list_participants, add_participant, remove_participant))
        .routes(routes!(status_history))
        .routes(routes!(list_transitions, take_transition))
}

/// Routes under `/rest/servicedeskapi/servicedesk` (request types, read).
pub fn jsm_servicedesk_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_request_types))
        .routes(routes!(one_request_type))
}

/// Routes under `/rest/clientele/1/servicedesk` (request types, managed).
pub fn clientele_servicedesk_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_request_type))
        .routes(routes!(update_request_type, remove_request_type))
}

/// Routes under `/rest/clientele/1/request`.
pub fn clientele_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(share))
}

/// Routes under `/rest/clientele/1/helpcenter`.
pub fn help_center_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(portal))
}

// ---------------------------------------------------------------------------------------------
// Request types

#[utoipa::path(get, path = "/{service_desk_id}/requesttype", tag = "servicedesk", params(("service_desk_id" = i64, Path, example = 1, description = "The service desk id (its project key is accepted too)"), RequestTypeQuery, super::paging::PageParams),
    responses((status = 200, body = Page<RequestType>, description = "The project's request types")))]
async fn list_request_types(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id): ApiPath<String>,
    paging: Paging,
    ApiQuery(params): ApiQuery<RequestTypeQuery>,
) -> ApiResult<Json<Page<RequestType>>> {
    let project = find_visible(&state, &user, &id).await?;
    let query = params
        .search_query
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty());
    let wanted = query.map(str::to_lowercase);
    let rows: Vec<RequestType> = state
        .store
        .request_types(project.id, false)
        .await?
        .iter()
        .filter(|t| {
            wanted
                .as_deref()
                .is_none_or(|q| t.name.to_lowercase().contains(q))
        })
        .skip(paging.position()?)
        .take(paging.limit as usize + 1)
        .map(|t| request_type(&state, t))
        .collect();
    // A handful, computed in memory: a cursor holds the position of the next one.
    let next = paging.next_key(&rows, |_| {
        Key::id(paging.position().unwrap_or(0) as i64 + paging.limit)
    });
    let path = format!("/rest/servicedeskapi/servicedesk/{}/requesttype", project.id);
    Ok(Json(
        paging
            .at(&state, path)
            .with("searchQuery", query)
            .next(next)
            .page(rows),
    ))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
struct RequestTypeQuery {
    search_query: Option<String>,
}

#[utoipa::path(get, path = "/{service_desk_id}/requesttype/{type_id}", tag = "servicedesk", params(("service_desk_id" = i64, Path, example = 1, description = "The service desk id (its project key is accepted too)"), ("type_id" = i64, Path, example = 1, description = "The request type id")),
    responses((status = 200, body = RequestType, description = "The request type")))]
async fn one_request_type(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath((id, type_id)): ApiPath<(String, String)>,
) -> ApiResult<Json<RequestType>> {
    let project = find_visible(&state, &user, &id).await?;
    let row = type_of_project(&state, &project, &type_id, false).await?;
    Ok(Json(request_type(&state, &row)))
}

/// The request type `type_id` of `project`, or 404 (also when removed, unless `with_removed`).
async fn type_of_project(
    state: &AppState,
    project: &ProjectRow,
    type_id: &str,
    with_removed: bool,
) -> ApiResult<RequestTypeRow> {
    let id: Option<i64> = type_id.trim().parse().ok();
    let row = match id {
        Some(id) => state.store.request_type(id).await?,
        None => None,
    };
    row.filter(|t| t.project_id == project.id && (with_removed || !t.removed))
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "The service desk {} has no request type {type_id}.",
                project.project_key
            ))
        })
}

#[utoipa::path(post, path = "/{service_desk_id}/requesttype", tag = "clientele", params(("service_desk_id" = i64, Path, example = 1, description = "The service desk id (its project key is accepted too)")), request_body = RequestTypeInput,
    responses((status = 201, body = RequestType, description = "Created")))]
async fn create_request_type(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<RequestTypeInput>,
) -> ApiResult<(StatusCode, Json<RequestType>)> {
    let project = project_allowing(&state, &user, &id, Action::ManageRequestTypes)
        .await?
        .0;
    let name = type_name(body.name.as_deref().unwrap_or(""))?;
    let description = type_description(body.description.as_deref().unwrap_or(""))?;
    let help_center = match &body.help_center_id {
        Some(id) => Some(known_help_center(&state, id).await?),
        None => None,
    };
    let mut tx = state.store.write().await?;
    let row = insert_request_type(&mut tx, project.id, name.as_str(), &description, help_center).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(request_type(&state, &row))))
}

#[utoipa::path(put, path = "/{service_desk_id}/requesttype/{type_id}", tag = "clientele", params(("service_desk_id" = i64, Path, example = 1, description = "The service desk id (its project key is accepted too)"), ("type_id" = i64, Path, example = 1, description = "The request type id")), request_body = RequestTypeInput,
    responses((status = 200, body = RequestType, description = "Changed")))]
async fn update_request_type(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath((id, type_id)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<RequestTypeInput>,
) -> ApiResult<Json<RequestType>> {
    let project = project_allowing(&state, &user, &id, Action::ManageRequestTypes)
        .await?
        .0;
    let existing = type_of_project(&state, &project, &type_id, false).await?;
    let name = body.name.as_deref().map(type_name).transpose()?;
    let description = body.description.as_deref().map(type_description).transpose()?;
    let help_center = match &body.help_center_id {
        Some(id) => Some(Some(known_help_center(&state, id).await?)),
        None => None,
    };
    let row = state
        .store
        .update_request_type(
            existing.id,
            name.as_ref().map(RequestTypeName::as_str),
            description.as_deref(),
            help_center,
        )
        .await?
        .ok_or_else(|| ApiError::not_found("The request type was removed meanwhile."))?;
    Ok(Json(request_type(&state, &row)))
}

#[utoipa::path(delete, path = "/{service_desk_id}/requesttype/{type_id}", tag = "clientele", params(("service_desk_id" = i64, Path, example = 1, description = "The service desk id (its project key is accepted too)"), ("type_id" = i64, Path, example = 1, description = "The request type id")),
    responses((status = 204, description = "Removed from the help center and new requests; requests keep it")))]
async fn remove_request_type(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath((id, type_id)): ApiPath<(String, String)>,
) -> ApiResult<StatusCode> {
    let project = project_allowing(&state, &user, &id, Action::ManageRequestTypes)
        .await?
        .0;
    let existing = type_of_project(&state, &project, &type_id, false).await?;
    state.store.remove_request_type(existing.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn type_name(text: &str) -> ApiResult<RequestTypeName> {
    RequestTypeName::parse(text).map_err(|e| ApiError::bad_request(Reason::InvalidName, e.message()))
}

fn type_description(text: &str) -> ApiResult<String> {
    parse_text(text, false)
        .map_err(|p| ApiError::bad_request(Reason::InvalidText, p.message("A description")))
}

// ---------------------------------------------------------------------------------------------
// Raising

#[utoipa::path(post, path = "/", tag = "request",
    request_body(content = CreateRequest, example = json!({"serviceDeskId": "1", "requestTypeId": "1", "requestFieldValues": {"summary": "The printer jams", "description": "On every page."}})),
    responses((status = 201, body = CustomerRequest, description = "Raised")))]
async fn create_request(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiJson(body): ApiJson<CreateRequest>,
) -> ApiResult<(StatusCode, Json<CustomerRequest>)> {
    let desk = flexible(&body.service_desk_id);
    let project = find_visible(&state, &user, &desk).await?;
    let settings = state.store.global_settings().await?;
    let role = role_in_project(&state, &user, &project).await?;
    let uses_project = state.store.uses_project(user.id, project.id).await?;
    allowed(decide_raise(role, uses_project))?;

    // Everything the request says is checked before anything is written.
    let request_type = match body.request_type_id.as_i64() {
        Some(id) => state.store.request_type(id).await?,
        None => None,
    }
    .filter(|t| t.project_id == project.id && !t.removed)
    .ok_or_else(|| {
        ApiError::bad_request(
            Reason::UnknownRequestType,
            format!(
                "The service desk {} has no request type {}.",
                project.project_key,
                flexible(&body.request_type_id)
            ),
        )
    })?;
    let summary = RequestSummary::parse(body.request_field_values.summary.as_deref().unwrap_or(""))
        .map_err(|e| ApiError::bad_request(Reason::InvalidSummary, e.message()))?;
    let description = parse_text(
        body.request_field_values.description.as_deref().unwrap_or(""),
        false,
    )
    .map_err(|p| ApiError::bad_request(Reason::InvalidText, p.message("A description")))?;

    let on_behalf = body
        .raise_on_behalf_of
        .as_deref()
        .map(str::trim)
        .filter(|who| !who.is_empty());
    let reporter = match on_behalf {
        None => user.clone(),
        Some(who) => {
            require(role, Action::WorkOnRequests, &settings, Some(&project))?;
            reporter_for(&state, &user, &origin, role, &settings, &project, who).await?
        }
    };
    let participants = match &body.request_participants {
        Some(names) => customers_named(&state, &project, names).await?,
        None => Vec::new(),
    };
    let organization = match &body.organization_id {
        Some(id) => Some(shareable(&state, reporter.id, &project, id).await?),
        None => None,
    };

    let mut tx = state.store.write().await?;
    let participants: Vec<i64> = participants.into_iter().filter(|id| *id != reporter.id).collect();
    let id = insert_request(
        &mut tx,
        &NewRequest {
            project_id: project.id,
            request_type_id: request_type.id,
            summary: summary.as_str(),
            description: &description,
            reporter_id: reporter.id,
            raised_by_id: user.id,
            organization_id: organization,
            participants: &participants,
        },
    )
    .await?;
    tx.commit().await?;
    let row = state
        .store
        .request_by_id(id)
        .await?
        .ok_or_else(|| ApiError::not_found("The request was deleted meanwhile."))?;
    Ok((StatusCode::CREATED, Json(one(&state, &row).await?)))
}

/// The customer a request is raised for, by account id or address. An address with no account,
/// or whose account is not a customer of the project yet, is added as a customer first (with
/// the usual invitation rules and refusals) when the actor may add customers.
async fn reporter_for(
    state: &AppState,
    actor: &UserRow,
    origin: &super::audit::Origin,
    role: Role,
    settings: &policy::GlobalSettings,
    project: &ProjectRow,
    who: &str,
) -> ApiResult<UserRow> {
    let reach = Reach::of(actor);
    let by_id = match who.parse::<i64>() {
        Ok(id) => Some(
            state
                .store
                .user_by_id(id)
                .await?
                .ok_or_else(|| not_a_customer(who))?,
        ),
        Err(_) => None,
    };
    if let Some(user) = by_id {
        return if state
            .store
            .customers_among(project.id, &[user.id])
            .await?
            .is_empty()
        {
            Err(not_a_customer(who))
        } else {
            Ok(user)
        };
    }
    // An email address: an existing customer of the project, or someone to add.
    if let Some(user) = state.store.user_by_email(who).await? {
        if !state
            .store
            .customers_among(project.id, &[user.id])
            .await?
            .is_empty()
        {
            return Ok(user);
        }
    }
    require(role, Action::AddCustomersToProject, settings, Some(project))?;
    let adding = UsersRequest {
        account_ids: Vec::new(),
        usernames: vec![who.to_owned()],
    };
    jsm_add(
        state,
        &origin.actor(actor),
        BulkTarget::Project(project.id),
        Adder { role, reach },
        settings,
        &adding,
    )
    .await?;
    let added = UsersRequest {
        account_ids: Vec::new(),
        usernames: vec![who.to_owned()],
    }
    .existing_ids(state)
    .await?;
    let id = added.first().copied().ok_or_else(|| not_a_customer(who))?;
    state
        .store
        .user_by_id(id)
        .await?
        .ok_or_else(|| not_a_customer(who))
}

fn not_a_customer(who: &str) -> ApiError {
    ApiError::bad_request(
        Reason::NotACustomer,
        format!("{who} isn't a customer of this service project."),
    )
}

/// The ids of the project's customers named by account id or address; 400 for anyone else.
async fn customers_named(state: &AppState, project: &ProjectRow, names: &[String]) -> ApiResult<Vec<i64>> {
    let limit = state.config.bulk_limits().max_entries;
    if names.len() > limit {
        return Err(ApiError::bad_request(
            Reason::TooManyEntries,
            format!("At most {limit} people can be named at once."),
        ));
    }
    let mut ids = Vec::new();
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        let user = person_named(state, name)
            .await?
            .ok_or_else(|| not_a_customer(name))?;
        if state
            .store
            .customers_among(project.id, &[user.id])
            .await?
            .is_empty()
        {
            return Err(not_a_customer(name));
        }
        ids.push(user.id);
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The account named by `name`: an account id, or else an email address.
async fn person_named(state: &AppState, name: &str) -> ApiResult<Option<UserRow>> {
    Ok(match name.parse::<i64>() {
        Ok(id) => state.store.user_by_id(id).await?,
        Err(_) => state.store.user_by_email(name).await?,
    })
}

/// The organization `id`, if it is one of `reporter_id`'s organizations attached to `project`.
async fn shareable(
    state: &AppState,
    reporter_id: i64,
    project: &ProjectRow,
    id: &FlexibleId,
) -> ApiResult<i64> {
    let organizations = state
        .store
        .shareable_organizations(reporter_id, project.id)
        .await?;
    id.as_i64()
        .filter(|id| organizations.iter().any(|(o, _)| o == id))
        .ok_or_else(|| {
            ApiError::bad_request(
                Reason::CannotShareWithOrganization,
                format!(
                    "A request can be shared only with one of its reporter's organizations that is \
                     attached to {}; {} isn't.",
                    project.name,
                    flexible(id)
                ),
            )
        })
}

fn flexible(id: &FlexibleId) -> String {
    match id {
        FlexibleId::Number(n) => n.to_string(),
        FlexibleId::Text(t) => t.clone(),
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
struct ListQuery {
    search_term: Option<String>,
    request_ownership: Option<String>,
    request_status: Option<String>,
    service_desk_id: Option<String>,
    request_type_id: Option<String>,
    status: Option<String>,
    reporter: Option<String>,
}

#[utoipa::path(get, path = "/", tag = "request", params(ListQuery, super::paging::PageParams),
    responses((status = 200, body = Page<CustomerRequest>, description = "The requests the caller may see, newest first")))]
async fn list_requests(
    State(state): State<AppState>,
    Caller(user): Caller,
    paging: Paging,
    ApiQuery(params): ApiQuery<ListQuery>,
) -> ApiResult<Json<Page<CustomerRequest>>> {
    let ownership = match params.request_ownership.as_deref().map(str::trim) {
        None | Some("") | Some("ALL_REQUESTS") | Some("ALL_ORGANIZATIONS") => Ownership::All,
        Some("OWNED_REQUESTS") => Ownership::Owned,
        Some("PARTICIPATED_REQUESTS") => Ownership::Participated,
        Some("ORGANIZATION") => Ownership::Organization,
        Some(other) => return Err(invalid_parameter("requestOwnership", other)),
    };
    let mut status = match params.request_status.as_deref().map(str::trim) {
        None | Some("") | Some("ALL_REQUESTS") => StatusFilter::All,
        Some("OPEN_REQUESTS") => StatusFilter::Open,
        Some("CLOSED_REQUESTS") => StatusFilter::Closed,
        Some(other) => return Err(invalid_parameter("requestStatus", other)),
    };
    if let Some(code) = params.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let only = RequestStatus::from_code(code).ok_or_else(|| invalid_parameter("status", code))?;
        status = StatusFilter::Only(only);
    }
    let project_id = match params
        .service_desk_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(desk) => Some(find_visible(&state, &user, desk).await?.id),
        None => None,
    };
    let request_type_id = id_parameter("requestTypeId", params.request_type_id.as_deref())?;
    let reporter_id = id_parameter("reporter", params.reporter.as_deref())?;
    let search = params
        .search_term
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let filter = RequestFilter {
        ownership,
        status,
        project_id,
        request_type_id,
        reporter_id,
        search,
    };
    let rows = state
        .store
        .requests_for(&user, &filter, &paging.seek()?, paging.limit)
        .await?;
    let next = paging.next_key(&rows, |row| Key::id(row.id));
    let values = many(&state, &rows).await?;
    Ok(Json(
        paging
            .at(&state, "/rest/servicedeskapi/request")
            .with("searchTerm", search)
            .with("requestOwnership", params.request_ownership.as_deref())
            .with("requestStatus", params.request_status.as_deref())
            .with("serviceDeskId", params.service_desk_id.as_deref())
            .with("requestTypeId", params.request_type_id.as_deref())
            .with("status", params.status.as_deref())
            .with("reporter", params.reporter.as_deref())
            .next(next)
            .page(values),
    ))
}

fn invalid_parameter(name: &str, value: &str) -> ApiError {
    ApiError::bad_request(Reason::InvalidParameter, format!("{name} can't be {value:?}."))
}

fn id_parameter(name: &str, value: Option<&str>) -> ApiResult<Option<i64>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| invalid_parameter(name, v)),
    }
}

#[utoipa::path(get, path = "/{key}", tag = "request", params(("key" = String, Path, example = "ITH-1", description = "The request's key (`ITH-12`) or id")),
    responses((status = 200, body = CustomerRequest, description = "The request")))]
async fn one_request(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<CustomerRequest>> {
    let seen = Seen::open(&state, &user, &key, RequestAction::View).await?;
    Ok(Json(one(&state, &seen.request).await?))
}

/// A request the caller may see, and where they stand towards it.
struct Seen {
    request: RequestRow,
    standing: RequestStanding,
}

impl Seen {
    /// The request `key` (an id or a key), if the caller may do `action` to it: 404 when it does
    /// not exist or they may not see it; 403 with the policy's reason otherwise.
    async fn open(state: &AppState, user: &UserRow, key: &str, action: RequestAction) -> ApiResult<Seen> {
        let request = find_request(state, key).await?.ok_or_else(request_not_found)?;
        let project = project_of(state, &request).await?;
        let role = role_in_project(state, user, &project).await?;
        let relation = state.store.request_relation(user.id, &request).await?;
        let standing = RequestStanding {
            role,
            uses_project: relation.uses_project,
            reporter: request.reporter_id == Some(user.id),
            participant: relation.participant,
            in_shared_organization: relation.in_shared_organization,
        };
        let seen = Seen { request, standing };
        seen.may(action)?;
        Ok(seen)
    }

    fn may(&self, action: RequestAction) -> ApiResult<()> {
        refuse(decide_on_request(action, &self.standing))
    }

    fn staff(&self) -> bool {
        matches!(
            self.standing.role,
            Role::SiteAdmin | Role::ProjectAdmin | Role::Agent
        )
    }
}

/// A decision as a result, with "not found" as a 404.
fn refuse(decision: Decision) -> ApiResult<()> {
    match decision.denial() {
        Some(denial) if denial.reason == Reason::NotFound => Err(ApiError::not_found(denial.message.clone())),
        _ => allowed(decision),
    }
}

/// The request `id` as stored now (it may have moved since the caller's first read).
async fn reread(state: &AppState, id: i64) -> ApiResult<RequestRow> {
    state.store.request_by_id(id).await?.ok_or_else(request_not_found)
}

fn request_not_found() -> ApiError {
    ApiError::not_found("There is no such request, or you can't see it.")
}

async fn find_request(state: &AppState, key: &str) -> ApiResult<Option<RequestRow>> {
    let key = key.trim();
    if let Ok(id) = key.parse::<i64>() {
        return Ok(state.store.request_by_id(id).await?);
    }
    match split_request_key(key) {
        Some((project, number)) => Ok(state.store.request_by_key(project, number).await?),
        None => Ok(None),
    }
}

// ---------------------------------------------------------------------------------------------
// Comments

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct CommentQuery {
    public: Option<String>,
    internal: Option<String>,
}

#[utoipa::path(get, path = "/{key}/comment", tag = "request", params(("key" = String, Path, example = "ITH-1", description = "The request's key (`ITH-12`) or id"), CommentQuery, super::paging::PageParams),
    responses((status = 200, body = Page<RequestComment>, description = "Comments, oldest first")))]
async fn list_comments(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(key): ApiPath<String>,
    paging: Paging,
    ApiQuery(params): ApiQuery<CommentQuery>,
) -> ApiResult<Json<Page<RequestComment>>> {
    let seen = Seen::open(&state, &user, &key, RequestAction::View).await?;
    let public = boolean("public", params.public.as_deref())?.unwrap_or(true);
    let internal = boolean("internal", params.internal.as_deref())?.unwrap_or(true) && seen.staff();
    let rows = state
        .store
        .request_comments(seen.request.id, public, internal, &paging.seek()?, paging.limit)
        .await?;
    let next = paging.next_key(&rows, |row| Key::id(row.id));
    let values = comments(&state, &rows).await?;
    let path = format!("/rest/servicedeskapi/request/{}/comment", seen.request.id);
    Ok(Json(
        paging
            .at(&state, path)
            .with("public", params.public.as_deref())
            .with("internal", params.internal.as_deref())
            .next(next)
            .page(values),
    ))
}

fn boolean(name: &str, value: Option<&str>) -> ApiResult<Option<bool>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(v) => Err(invalid_parameter(name, v)),
    }
}

#[utoipa::path(post, path = "/{key}/comment", tag = "request", params(("key" = String, Path, example = "ITH-1", description = "The request's key (`ITH-12`) or id")), request_body = CommentInput,
    responses((status = 201, body = RequestComment, description = "Added")))]
async fn add_comment(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<CommentInput>,
) -> ApiResult<(StatusCode, Json<RequestComment>)> {
    let public = body.public.unwrap_or(true);
    let action = if public {
        RequestAction::Comment
    } else {
        RequestAction::InternalNote
    };
    let seen = Seen::open(&state, &user, &key, action).await?;
    let text = parse_text(&body.body, true)
        .map_err(|p| ApiError::bad_request(Reason::InvalidText, p.message("A comment")))?;
    let staff = seen.staff();
    let mut tx = state.store.write().await?;
    // Re-read inside the write: the status may have moved since.
    let current = reread(&state, seen.request.id).await?;
    let row = insert_comment(&mut tx, current.id, user.id, &text, public).await?;
    let from = current.status.0;
    let to = from.after_comment(staff, public);
    change_status(&mut tx, &current.reference(), from, to).await?;
    if staff && public {
        queue_news(
            &state,
            &mut tx,
            &current,
            user.id,
            RequestMessage::Reply,
            Some(&text),
        )
        .await?;
    }
    tx.commit().await?;
    state.mail_wake.notify_one();
    let mut values = comments(&state, &[row]).await?;
    Ok((StatusCode::CREATED, Json(values.remove(0))))
}

// ---------------------------------------------------------------------------------------------
// Participants

#[utoipa::path(get, path = "/{key}/participant", tag = "request", params(("key" = String, Path, example = "ITH-1", description = "The request's key (`ITH-12`) or id"), super::paging::PageParams),
    responses((status = 200, body = Page<Customer>, description = "The participants")))]
async fn list_participants(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(key): ApiPath<String>,
    paging: Paging,
) -> ApiResult<Json<Page<Customer>>> {
    let seen = Seen::open(&state, &user, &key, RequestAction::View).await?;
    participants_page(&state, &seen.request, paging).await
}

async fn participants_page(
    state: &AppState,
    request: &RequestRow,
    paging: Paging,
) -> ApiResult<Json<Page<Customer>>> {
    let rows = state
        .store
        .request_participants(request.id, &paging.seek()?, paging.limit)
        .await?;
    let next = paging.next_key(&rows, |row| Key::id(row.id));
    let values = rows.iter().map(|u| present::customer(state, u, None)).collect();
    let path = format!("/rest/servicedeskapi/request/{}/participant", request.id);
    Ok(Json(paging.at(state, path).next(next).page(values)))
}

#[utoipa::path(post, path = "/{key}/participant", tag = "request", params(("key" = String, Path, example = "ITH-1", description = "The request's key (`ITH-12`) or id")), request_body = ParticipantsInput,
    responses((status = 200, body = Page<Customer>, description = "The participants now")))]
async fn add_participant(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<ParticipantsInput>,
) -> ApiResult<Json<Page<Customer>>> {
    change_participants(state, user, key, body, true).await
}

#[utoipa::path(delete, path = "/{key}/participant", tag = "request", params(("key" = String, Path, example = "ITH-1", description = "The request's key (`ITH-12`) or id")), request_body = ParticipantsInput,
    responses((status = 200, body = Page<Customer>, description = "The participants now")))]
async fn remove_participant(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<ParticipantsInput>,
) -> ApiResult<Json<Page<Customer>>> {
    change_participants(state, user, key, body, false).await
}

async fn change_participants(
    state: AppState,
    user: UserRow,
    key: String,
    body: ParticipantsInput,
    add: bool,
) -> ApiResult<Json<Page<Customer>>> {
    let seen = Seen::open(&state, &user, &key, RequestAction::ManageParticipants).await?;
    let project = project_of(&state, &seen.request).await?;
    let mut names = body.account_ids.clone();
    names.extend(body.usernames.clone().unwrap_or_default());
    let ids = if add {
        customers_named(&state, &project, &names).await?
    } else {
        existing_named(&state, &names).await?
    };
    let mut tx = state.store.write().await?;
    if add {
        let ids: Vec<i64> = ids
            .into_iter()
            .filter(|id| Some(*id) != seen.request.reporter_id)
            .collect();
        add_participants(&mut tx, seen.request.id, &ids).await?;
    } else {
        remove_participants(&mut tx, seen.request.id, &ids).await?;
    }
    tx.commit().await?;
    participants_page(&state, &seen.request, Paging::first(50)).await
}

/// The accounts named (by id or address) that exist; others are no-ops when removing.
async fn existing_named(state: &AppState, names: &[String]) -> ApiResult<Vec<i64>> {
    let mut ids = Vec::new();
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        ids.extend(person_named(state, name).await?.map(|u| u.id));
    }
    Ok(ids)
}

async fn project_of(state: &AppState, request: &RequestRow) -> ApiResult<ProjectRow> {
    state
        .store
        .project_by_id_or_key(&request.project_id.to_string())
        .await?
        .ok_or_else(request_not_found)
}

// ---------------------------------------------------------------------------------------------
// Status and transitions

#[utoipa::path(get, path = "/{key}/status", tag = "request", params(("key" = String, Path, example = "ITH-1", description = "The request's key (`ITH-12`) or id"), super::paging::PageParams),
    responses((status = 200, body = Page<StatusChange>, description = "Its statuses, newest first")))]
async fn status_history(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(key): ApiPath<String>,
    paging: Paging,
) -> ApiResult<Json<Page<StatusChange>>> {
    let seen = Seen::open(&state, &user, &key, RequestAction::View).await?;
    let rows = state
        .store
        .request_status_history(seen.request.id, &paging.seek()?, paging.limit)
        .await?;
    let next = paging.next_key(&rows, |(id, _, _)| Key::id(*id));
    let values = rows
        .into_iter()
        .filter_map(|(_, code, at)| {
            let status = RequestStatus::from_code(&code)?;
            Some(StatusChange {
                status: status.name().to_owned(),
                status_category: status.category().as_str().to_owned(),
                status_date: date(at),
            })
        })
        .collect();
    let path = format!("/rest/servicedeskapi/request/{}/status", seen.request.id);
    Ok(Json(paging.at(&state, path).next(next).page(values)))
}

#[utoipa::path(get, path = "/{key}/transition", tag = "request", params(("key" = String, Path, example = "ITH-1", description = "The request's key (`ITH-12`) or id"), super::paging::PageParams),
    responses((status = 200, body = Page<RequestTransition>, description = "The transitions the caller may take now")))]
async fn list_transitions(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(key): ApiPath<String>,
    paging: Paging,
) -> ApiResult<Json<Page<RequestTransition>>> {
    let seen = Seen::open(&state, &user, &key, RequestAction::View).await?;
    let values: Vec<RequestTransition> = seen
        .request
        .status
        .0
        .transitions()
        .iter()
        .filter(|t| decide_on_request(RequestAction::Transition(**t), &seen.standing).is_allowed())
        .skip(paging.position()?)
        .take(paging.limit as usize + 1)
        .map(|t| RequestTransition {
            id: t.id().to_owned(),
            name: t.name().to_owned(),
        })
        .collect();
    // A handful, computed in memory: a cursor holds the position of the next one.
    let next = paging.next_key(&values, |_| {
        Key::id(paging.position().unwrap_or(0) as i64 + paging.limit)
    });
    let path = format!("/rest/servicedeskapi/request/{}/transition", seen.request.id);
    Ok(Json(paging.at(&state, path).next(next).page(values)))
}

#[utoipa::path(post, path = "/{key}/transition", tag = "request", params(("key" = String, Path, example = "ITH-1", description = "The request's key (`ITH-12`) or id")),
    request_body(content = TransitionInput, example = json!({"id": "11", "additionalComment": {"body": "Done, thanks."}})),
    responses((status = 204, description = "Taken")))]
async fn take_transition(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<TransitionInput>,
) -> ApiResult<StatusCode> {
    let seen = Seen::open(&state, &user, &key, RequestAction::View).await?;
    let id = flexible(&body.id);
    let transition = Transition::from_id(&id).ok_or_else(|| {
        ApiError::bad_request(
            Reason::InvalidTransition,
            format!("There is no transition {id:?}."),
        )
    })?;
    seen.may(RequestAction::Transition(transition))?;
    let comment = match &body.additional_comment {
        Some(c) if !c.body.trim().is_empty() => Some(
            parse_text(&c.body, true)
                .map_err(|p| ApiError::bad_request(Reason::InvalidText, p.message("A comment")))?,
        ),
        _ => None,
    };
    let mut tx = state.store.write().await?;
    let current = reread(&state, seen.request.id).await?;
    let from = current.status.0;
    if !transition.applies_from(from) {
        return Err(ApiError::bad_request(
            Reason::InvalidTransition,
            format!(
                "\"{}\" isn't possible while the request is {}.",
                transition.name(),
                from.name().to_lowercase()
            ),
        ));
    }
    if let Some(text) = &comment {
        insert_comment(&mut tx, current.id, user.id, text, true).await?;
    }
    if !change_status(&mut tx, &current.reference(), from, transition.target()).await? {
        return Err(ApiError::conflict(
            Reason::ChangedMeanwhile,
            "The request changed meanwhile. Reload it and try again.",
        ));
    }
    if seen.staff() && transition == Transition::Resolve {
        queue_news(
            &state,
            &mut tx,
            &current,
            user.id,
            RequestMessage::Resolved,
            comment.as_deref(),
        )
        .await?;
    }
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(StatusCode::NO_CONTENT)
}

// ---------------------------------------------------------------------------------------------
// Sharing

#[utoipa::path(put, path = "/{key}/organization", tag = "clientele", params(("key" = String, Path, example = "ITH-1", description = "The request's key (`ITH-12`) or id")), request_body = SharingInput,
    responses((status = 200, body = CustomerRequest, description = "Shared, or no longer shared")))]
async fn share(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<SharingInput>,
) -> ApiResult<Json<CustomerRequest>> {
    let seen = Seen::open(&state, &user, &key, RequestAction::Share).await?;
    let project = project_of(&state, &seen.request).await?;
    let organization = match (&body.organization_id, seen.request.reporter_id) {
        (None, _) => None,
        (Some(id), Some(reporter)) => Some(shareable(&state, reporter, &project, id).await?),
        (Some(id), None) => {
            return Err(ApiError::bad_request(
                Reason::CannotShareWithOrganization,
                format!(
                    "The reporter's account was deleted, so the request can't be shared with {}.",
                    flexible(id)
                ),
            ))
        }
    };
    let mut tx = state.store.write().await?;
    set_request_organization(&mut tx, seen.request.id, organization).await?;
    tx.commit().await?;
    let row = reread(&state, seen.request.id).await?;
    Ok(Json(one(&state, &row).await?))
}

// ---------------------------------------------------------------------------------------------
// The help center's portal

#[utoipa::path(get, path = "/{slug}/portal", tag = "clientele", params(("slug" = String, Path, example = "support", description = "The help center's address")),
    responses((status = 200, body = ValueList<PortalProject>, description = "What the caller may raise through this help center, by project")))]
async fn portal(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<ValueList<PortalProject>>> {
    let center = state
        .store
        .help_center_by_slug(&slug)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("There is no help center at /help/{slug}.")))?;
    let mut values = Vec::new();
    for (key, name, _) in state.store.customer_usable_projects(user.id).await? {
        let Some(project) = state.store.project_by_id_or_key(&key).await? else {
            continue;
        };
        let request_types = state
            .store
            .request_types(project.id, false)
            .await?
            .iter()
            .filter(|t| match t.help_center_id {
                Some(id) => id == center.id,
                None => center.is_default,
            })
            .map(|t| request_type(&state, t))
            .collect();
        let organizations = state
            .store
            .shareable_organizations(user.id, project.id)
            .await?
            .into_iter()
            .map(|(id, name)| OrganizationRef {
                id: id.to_string(),
                name,
            })
            .collect();
        values.push(PortalProject {
            service_desk_id: project.id.to_string(),
            project_key: key,
            project_name: name,
            request_types,
            organizations,
        });
    }
    Ok(Json(ValueList { values }))
}

// ---------------------------------------------------------------------------------------------
// Mail

/// Queues `kind` about `request` to its reporter and participants, except `actor`.
async fn queue_news(
    state: &AppState,
    tx: &mut crate::store::Tx,
    request: &RequestRow,
    actor: i64,
    kind: RequestMessage,
    comment: Option<&str>,
) -> ApiResult<()> {
    let mut recipients: Vec<i64> = state.store.participant_ids(request.id).await?;
    recipients.extend(request.reporter_id);
    recipients.sort_unstable();
    recipients.dedup();
    recipients.retain(|id| *id != actor);
    if recipients.is_empty() {
        return Ok(());
    }
    let center = help_center_of(state, request).await?;
    let key = request_key(request);
    let Some((slug, center_name)) = center else {
        return Ok(());
    };
    let link = format!("{}/help/{slug}/requests/{key}", state.base_url);
    for id in recipients {
        let Some(user) = state.store.user_by_id(id).await? else {
            continue;
        };
        if user.status == clientele_domain::account::AccountStatus::Revoked {
            continue;
        }
        let message = compose_request(&RequestNews {
            kind,
            display_name: &user.display_name,
            help_center: &center_name,
            key: &key,
            summary: &request.summary,
            comment,
            link: &link,
        });
        enqueue(
            tx,
            &NewMessage {
                recipient: &user.email,
                user_id: Some(user.id),
                kind: kind.as_str(),
                subject: &message.subject,
                text_body: &message.text,
                html_body: &message.html,
                link: None,
            },
        )
        .await?;
    }
    Ok(())
}

/// The help center a request's type shows in: (slug, name).
async fn help_center_of(state: &AppState, request: &RequestRow) -> ApiResult<Option<(String, String)>> {
    let centers = state.store.help_centers().await?;
    let wanted = request.request_type_help_center_id;
    let center = centers
        .iter()
        .find(|c| Some(c.id) == wanted)
        .or_else(|| centers.iter().find(|c| c.is_default))
        .or(centers.first());
    Ok(center.map(|c| (c.slug.clone(), c.name.clone())))
}

// ---------------------------------------------------------------------------------------------
// Presenting

fn request_key(row: &RequestRow) -> String {
    clientele_domain::request::request_key(&row.project_key, row.number)
}

fn request_type(state: &AppState, row: &RequestTypeRow) -> RequestType {
    RequestType {
        id: row.id.to_string(),
        name: row.name.clone(),
        description: row.description.clone(),
        help_text: row.description.clone(),
        service_desk_id: row.project_id.to_string(),
        group_ids: Vec::new(),
        help_center_id: row.help_center_id.map(|id| id.to_string()),
        links: SelfLink {
            self_link: format!(
                "{}/rest/servicedeskapi/servicedesk/{}/requesttype/{}",
                state.base_url, row.project_id, row.id
            ),
        },
    }
}

/// Someone whose account is gone.
fn former_customer() -> Customer {
    Customer {
        account_id: String::new(),
        email_address: String::new(),
        display_name: "Former customer".to_owned(),
        active: false,
        time_zone: "UTC".to_owned(),
        account_type: "customer".to_owned(),
        status: clientele_domain::account::AccountStatus::Revoked,
        organizations: None,
        invitation: None,
        requests: None,
        links: Default::default(),
    }
}

async fn users_by_id(state: &AppState, ids: impl Iterator<Item = i64>) -> ApiResult<HashMap<i64, Customer>> {
    let mut wanted: Vec<i64> = ids.collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut found = HashMap::new();
    for id in wanted {
        if let Some(user) = state.store.user_by_id(id).await? {
            found.insert(id, present::customer(state, &user, None));
        }
    }
    Ok(found)
}

async fn one(state: &AppState, row: &RequestRow) -> ApiResult<CustomerRequest> {
    Ok(many(state, std::slice::from_ref(row)).await?.remove(0))
}

async fn many(state: &AppState, rows: &[RequestRow]) -> ApiResult<Vec<CustomerRequest>> {
    let centers = state.store.help_centers().await?;
    let slug_of = |wanted: Option<i64>| {
        centers
            .iter()
            .find(|c| Some(c.id) == wanted)
            .or_else(|| centers.iter().find(|c| c.is_default))
            .or(centers.first())
            .map_or_else(String::new, |c| c.slug.clone())
    };
    let people = users_by_id(
        state,
        rows.iter()
            .flat_map(|r| r.reporter_id.into_iter().chain(r.raised_by_id)),
    )
    .await?;
    let person = |id: Option<i64>| id.and_then(|id| people.get(&id).cloned());
    Ok(rows
        .iter()
        .map(|row| {
            let key = request_key(row);
            let status = row.status.0;
            let raised_by = (row.raised_by_id != row.reporter_id)
                .then(|| person(row.raised_by_id))
                .flatten();
            CustomerRequest {
                issue_id: row.id.to_string(),
                issue_key: key.clone(),
                request_type_id: row.request_type_id.to_string(),
                service_desk_id: row.project_id.to_string(),
                created_date: date(row.created_at),
                reporter: person(row.reporter_id).unwrap_or_else(former_customer),
                request_field_values: vec![
                    RequestFieldValue {
                        field_id: "summary".to_owned(),
                        label: "Summary".to_owned(),
                        value: row.summary.clone(),
                    },
                    RequestFieldValue {
                        field_id: "description".to_owned(),
                        label: "Description".to_owned(),
                        value: row.description.clone(),
                    },
                ],
                current_status: CurrentStatus {
                    status: status.name().to_owned(),
                    status_category: status.category().as_str().to_owned(),
                    status_date: date(row.status_at),
                },
                links: RequestLinks {
                    self_link: format!("{}/rest/servicedeskapi/request/{}", state.base_url, row.id),
                    web: format!(
                        "{}/help/{}/requests/{key}",
                        state.base_url,
                        slug_of(row.request_type_help_center_id)
                    ),
                    jira_rest: format!("{}/rest/servicedeskapi/request/{}", state.base_url, row.id),
                    agent: format!("{}/projects/{}/requests/{key}", state.base_url, row.project_key),
                },
                status,
                request_type_name: row.request_type_name.clone(),
                project_key: row.project_key.clone(),
                reporter_is_customer: row.reporter_is_customer,
                raised_by,
                organization: row
                    .organization_id
                    .zip(row.organization_name.clone())
                    .map(|(id, name)| OrganizationRef {
                        id: id.to_string(),
                        name,
                    }),
                updated_date: date(row.updated_at),
                resolved_date: row.resolved_at.map(date),
            }
        })
        .collect())
}

async fn comments(state: &AppState, rows: &[CommentRow]) -> ApiResult<Vec<RequestComment>> {
    let people = users_by_id(state, rows.iter().filter_map(|c| c.author_id)).await?;
    Ok(rows
        .iter()
        .map(|c| RequestComment {
            id: c.id.to_string(),
            body: c.body.clone(),
            public: c.public,
            author: c
                .author_id
                .and_then(|id| people.get(&id).cloned())
                .unwrap_or_else(former_customer),
            created: date(c.created_at),
            links: SelfLink {
                self_link: format!(
                    "{}/rest/servicedeskapi/request/{}/comment/{}",
                    state.base_url, c.request_id, c.id
                ),
            },
        })
        .collect())
}
