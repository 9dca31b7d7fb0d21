//! `/rest/servicedeskapi/organization…` (JSM): organizations, their users and properties;
//! and Clientele's bulk add and rename for an organization.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use clientele_domain::policy::{self, Action, Role};
use clientele_domain::reason::Reason;
use clientele_domain::url::encode_component;
use clientele_domain::wire::{BulkAddRequest, BulkAddResponse, Customer, Organization, Page};
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::adding::{bulk_add_report, jsm_add};
use super::auth::Caller;
use super::authz::{require, require_on_organization, role_in_project, role_on_site};
use super::error::{ApiError, ApiResult};
use super::extract::{AnyJson, ApiJson, ApiPath, ApiQuery};
use super::limits;
use super::lookup::{known_help_center, parse_account_filter};
use super::members::UsersRequest;
use super::paging::Paging;
use super::present;
use super::servicedesk::find_visible;
use crate::bulk::{Adder, BulkTarget};
use crate::store::{Key, OrganizationFilter, OrganizationRow, Reach, UserRow};
use crate::AppState;

/// Routes under `/rest/servicedeskapi/organization`.
pub fn jsm_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(one, delete))
        .routes(routes!(users, add_users, remove_users))
        .routes(routes!(property_keys))
        .routes(routes!(property, set_property, delete_property))
}

/// Routes under `/rest/clientele/1/organization`.
pub fn clientele_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(bulk_add_users))
        .routes(routes!(rename))
        .routes(routes!(export))
}

/// Whether the policy lets the caller see organizations they don't belong to (staff do;
/// customers see only their own).
async fn sees_any_organization(state: &AppState, role: Role) -> ApiResult<bool> {
    let settings = state.store.global_settings().await?;
    Ok(policy::decide(role, Action::ViewAnyOrganization, &settings, None).is_allowed())
}

/// The organization, if the caller may see it (staff: any; customers: their own); else 404.
async fn visible(state: &AppState, user: &UserRow, role: Role, id: &str) -> ApiResult<OrganizationRow> {
    let not_found = || {
        ApiError::not_found(format!("There is no organization {id} that you can see.")).with_parameters([id])
    };
    let id: i64 = id.trim().parse().map_err(|_| not_found())?;
    let row = state.store.organization(id).await?.ok_or_else(not_found)?;
    if sees_any_organization(state, role).await? {
        return Ok(row);
    }
    let filter = OrganizationFilter {
        query: None,
        member: Some(user.id),
        project: None,
    };
    let mine = state
        .store
        .organizations(&filter, &crate::store::Seek::Offset(0), 10_000)
        .await?;
    mine.into_iter().find(|o| o.id == row.id).ok_or_else(not_found)
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// Only the organizations this account belongs to.
    account_id: Option<String>,
    /// Clientele: a fragment of the name (any case).
    query: Option<String>,
}

#[utoipa::path(get, path = "/", tag = "organization", params(ListQuery, super::paging::PageParams),
    responses((status = 200, body = Page<Organization>, description = "A page of organizations (a customer sees only their own)")))]
async fn list(
    State(state): State<AppState>,
    Caller(user): Caller,
    paging: Paging,
    ApiQuery(params): ApiQuery<ListQuery>,
) -> ApiResult<Json<Page<Organization>>> {
    let role = role_on_site(&state, &user).await?;
    let requested = parse_account_filter(params.account_id.as_deref())?;
    // A customer only ever sees their own organizations, whatever they ask for.
    let member = if sees_any_organization(&state, role).await? {
        requested
    } else {
        Some(user.id)
    };
    let query = params.query.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let filter = OrganizationFilter {
        query,
        member,
        project: None,
    };
    let rows = state
        .store
        .organizations(&filter, &paging.seek_by_name()?, paging.limit)
        .await?;
    let next = paging.next_key(&rows, |row| Key::named(&row.name_key, row.id));
    let values = rows.iter().map(|r| present::organization(&state, r)).collect();
    Ok(Json(
        paging
            .at(&state, "/rest/servicedeskapi/organization")
            .with("accountId", params.account_id.as_deref())
            .with("query", query)
            .next(next)
            .page(values),
    ))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ExportQuery {
    /// A fragment of the organization's name (any case).
    query: Option<String>,
}

#[utoipa::path(get, path = "/export", tag = "clientele", params(ExportQuery),
    responses((status = 200, content_type = "text/csv", body = String,
        description = "The organizations whose name matches, with their members and projects, as CSV (site admins): one row \
                       per organization and member (one for an organization without members); columns organization, \
                       organization projects, then the customer export's; X-Total-Count carries the number of rows")))]
async fn export(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiQuery(params): ApiQuery<ExportQuery>,
) -> ApiResult<axum::response::Response> {
    let role = role_on_site(&state, &user).await?;
    let settings = state.store.global_settings().await?;
    require(role, Action::ViewAllOrganizations, &settings, None)?;
    require(role, Action::AdministerCustomerAccounts, &settings, None)?;
    let query = params
        .query
        .map(|q| q.trim().to_string())
        .filter(|q| !q.is_empty());
    super::export::csv_response(
        &state,
        crate::store::export::ExportScope::Organizations { query },
        "organizations",
    )
    .await
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
struct OrganizationNameBody {
    name: String,
}

/// An organization name as the domain parses it (trimmed, 1–200 characters, no control
/// characters).
fn organization_name(name: &str) -> ApiResult<String> {
    Ok(clientele_domain::names::OrganizationName::parse(name)?.into_string())
}

fn name_taken(name: &str) -> ApiError {
    ApiError::conflict(
        Reason::OrganizationNameTaken,
        format!("An organization called \"{name}\" already exists (names ignore case)."),
    )
    .with_parameters([name])
}

#[utoipa::path(post, path = "/", tag = "organization", request_body = OrganizationNameBody,
    responses((status = 201, body = Organization, description = "Created")))]
async fn create(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiJson(body): ApiJson<OrganizationNameBody>,
) -> ApiResult<impl IntoResponse> {
    let settings = state.store.global_settings().await?;
    require(
        role_on_site(&state, &user).await?,
        Action::CreateOrganization,
        &settings,
        None,
    )?;
    let name = organization_name(&body.name)?;
    let id = state
        .store
        .create_organization(&origin.actor(&user), &name)
        .await?
        .ok_or_else(|| name_taken(&name))?;
    let row = state
        .store
        .organization(id)
        .await?
        .ok_or_else(|| ApiError::not_found("The organization vanished."))?;
    Ok((StatusCode::CREATED, Json(present::organization(&state, &row))))
}

#[utoipa::path(put, path = "/{organization_id}", tag = "clientele", params(("organization_id" = i64, Path, example = 1, description = "The organization id")), request_body = OrganizationNameBody,
    responses((status = 200, body = Organization, description = "Renamed")))]
async fn rename(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<OrganizationNameBody>,
) -> ApiResult<Json<Organization>> {
    let settings = state.store.global_settings().await?;
    let role = role_on_site(&state, &user).await?;
    require(role, Action::ViewAllOrganizations, &settings, None)?;
    let row = visible(&state, &user, role, &id).await?;
    let name = organization_name(&body.name)?;
    if !state
        .store
        .rename_organization(&origin.actor(&user), row.id, &name)
        .await?
    {
        return Err(name_taken(&name));
    }
    let row = state
        .store
        .organization(row.id)
        .await?
        .ok_or_else(|| ApiError::not_found("The organization vanished."))?;
    Ok(Json(present::organization(&state, &row)))
}

#[utoipa::path(get, path = "/{organization_id}", tag = "organization", params(("organization_id" = i64, Path, example = 1, description = "The organization id")),
    responses((status = 200, body = Organization, description = "The organization")))]
async fn one(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<Organization>> {
    let role = role_on_site(&state, &user).await?;
    let row = visible(&state, &user, role, &id).await?;
    Ok(Json(present::organization(&state, &row)))
}

#[utoipa::path(delete, path = "/{organization_id}", tag = "organization", params(("organization_id" = i64, Path, example = 1, description = "The organization id")),
    responses((status = 204, description = "Deleted; members keep their accounts")))]
async fn delete(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    let settings = state.store.global_settings().await?;
    let role = role_on_site(&state, &user).await?;
    let row = visible(&state, &user, role, &id).await?;
    require(role, Action::DeleteOrganization, &settings, None)?;
    state
        .store
        .delete_organization(&origin.actor(&user), row.id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
struct UsersQuery {
    /// Clientele: a fragment of the name or address (any case).
    query: Option<String>,
    /// Clientele: give each member's open and closed requests in this service project.
    service_desk_id: Option<String>,
}

#[utoipa::path(get, path = "/{organization_id}/user", tag = "organization", params(("organization_id" = i64, Path, example = 1, description = "The organization id"), UsersQuery, super::paging::PageParams),
    responses((status = 200, body = Page<Customer>, description = "A page of members")))]
async fn users(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id): ApiPath<String>,
    paging: Paging,
    ApiQuery(params): ApiQuery<UsersQuery>,
) -> ApiResult<Json<Page<Customer>>> {
    let role = role_on_site(&state, &user).await?;
    let row = visible(&state, &user, role, &id).await?;
    require_on_organization(&state, &user, role, &row, Action::ViewOrganizationMembers).await?;
    let query = params.query.as_deref().filter(|q| !q.trim().is_empty());
    let desk = params
        .service_desk_id
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    // The requests are counted in this project, which the caller must be allowed to see.
    let counts_in = match desk {
        Some(desk) => {
            let project = find_visible(&state, &user, desk).await?;
            let project_role = role_in_project(&state, &user, &project).await?;
            let settings = state.store.global_settings().await?;
            require(
                project_role,
                Action::ViewProjectCustomers,
                &settings,
                Some(&project),
            )?;
            Some(project.id)
        }
        None => None,
    };
    let rows = state
        .store
        .organization_members(row.id, query, &paging.seek()?, paging.limit, counts_in)
        .await?;
    let next = paging.next_key(&rows, |row| Key::id(row.user.id));
    let values = present::listed_customers(&state, rows);
    let path = format!("/rest/servicedeskapi/organization/{}/user", row.id);
    Ok(Json(
        paging
            .at(&state, path)
            .with("query", query)
            .with("serviceDeskId", desk)
            .next(next)
            .page(values),
    ))
}

/// The organization and the caller's site role, after checking they may manage its members
/// and properties (by their role where it is attached).
async fn for_member_change(state: &AppState, user: &UserRow, id: &str) -> ApiResult<(OrganizationRow, Role)> {
    let role = role_on_site(state, user).await?;
    let row = visible(state, user, role, id).await?;
    require_on_organization(state, user, role, &row, Action::ManageOrganizationMembers).await?;
    Ok((row, role))
}

#[utoipa::path(post, path = "/{organization_id}/user", tag = "organization", params(("organization_id" = i64, Path, example = 1, description = "The organization id")), request_body = UsersRequest,
    responses((status = 204, description = "Added (all or nothing)")))]
async fn add_users(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<UsersRequest>,
) -> ApiResult<StatusCode> {
    let (row, role) = for_member_change(&state, &user, &id).await?;
    let settings = state.store.global_settings().await?;
    let adder = Adder {
        role,
        reach: Reach::of(&user),
    };
    jsm_add(
        &state,
        &origin.actor(&user),
        BulkTarget::Organization(row.id),
        adder,
        &settings,
        &body,
    )
    .await
}

#[utoipa::path(delete, path = "/{organization_id}/user", tag = "organization", params(("organization_id" = i64, Path, example = 1, description = "The organization id")), request_body = UsersRequest,
    responses((status = 204, description = "Removed")))]
async fn remove_users(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<UsersRequest>,
) -> ApiResult<StatusCode> {
    let (row, _) = for_member_change(&state, &user, &id).await?;
    let ids = body.existing_ids(&state).await?;
    state
        .store
        .remove_organization_members(&origin.actor(&user), row.id, &ids)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/{organization_id}/user/bulk", tag = "clientele", params(("organization_id" = i64, Path, example = 1, description = "The organization id")), request_body = BulkAddRequest,
    responses((status = 200, body = BulkAddResponse, description = "One result per entry, and the counts")))]
async fn bulk_add_users(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<BulkAddRequest>,
) -> ApiResult<Json<BulkAddResponse>> {
    let (row, role) = for_member_change(&state, &user, &id).await?;
    if body.organization_id.is_some() {
        return Err(ApiError::bad_request(
            Reason::OrganizationInPath,
            "The organization is the one in the path; leave organizationId out.",
        ));
    }
    let settings = state.store.global_settings().await?;
    let help_center = match &body.help_center_id {
        None => None,
        Some(id) => {
            require(role, Action::ChooseHelpCenter, &settings, None)?;
            Some(known_help_center(&state, id).await?)
        }
    };
    let target = BulkTarget::Organization(row.id);
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

#[utoipa::path(get, path = "/{organization_id}/property", tag = "organization", params(("organization_id" = i64, Path, example = 1, description = "The organization id")),
    responses((status = 200, body = PropertyKeys, description = "The keys of the organization's properties")))]
async fn property_keys(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<Value>> {
    let role = role_on_site(&state, &user).await?;
    let row = visible(&state, &user, role, &id).await?;
    require_on_organization(&state, &user, role, &row, Action::ViewOrganizationMembers).await?;
    let keys: Vec<Value> = state
        .store
        .organization_property_keys(row.id)
        .await?
        .into_iter()
        .map(|key| {
            let link = format!(
                "{}/rest/servicedeskapi/organization/{}/property/{}",
                state.base_url,
                row.id,
                encode_component(&key)
            );
            json!({"self": link, "key": key})
        })
        .collect();
    Ok(Json(json!({ "keys": keys })))
}

/// A property key: 1–255 characters.
fn property_key(key: &str) -> ApiResult<&str> {
    if key.is_empty() || key.chars().count() > 255 {
        return Err(ApiError::bad_request(
            Reason::InvalidPropertyKey,
            "A property key has 1 to 255 characters.",
        ));
    }
    Ok(key)
}

#[utoipa::path(get, path = "/{organization_id}/property/{key}", tag = "organization", params(("organization_id" = i64, Path, example = 1, description = "The organization id"), ("key" = String, Path, example = "tier", description = "The property key (1–255 characters)")),
    responses((status = 200, body = Property, description = "The property")))]
async fn property(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath((id, key)): ApiPath<(String, String)>,
) -> ApiResult<Json<Value>> {
    let role = role_on_site(&state, &user).await?;
    let row = visible(&state, &user, role, &id).await?;
    require_on_organization(&state, &user, role, &row, Action::ViewOrganizationMembers).await?;
    let text = state
        .store
        .organization_property(row.id, property_key(&key)?)
        .await?
        .ok_or_else(|| {
            ApiError::not_found(format!("The organization has no property \"{key}\"."))
                .with_parameters([&key])
        })?;
    let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    Ok(Json(json!({ "key": key, "value": value })))
}

#[utoipa::path(put, path = "/{organization_id}/property/{key}", tag = "organization", params(("organization_id" = i64, Path, example = 1, description = "The organization id"), ("key" = String, Path, example = "tier", description = "The property key (1–255 characters)")),
    request_body(content = serde_json::Value, description = "Any JSON value (up to 32,768 characters)"),
    responses((status = 200, description = "Updated"), (status = 201, description = "Created")))]
async fn set_property(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath((id, key)): ApiPath<(String, String)>,
    AnyJson(value): AnyJson,
) -> ApiResult<StatusCode> {
    let (row, _) = for_member_change(&state, &user, &id).await?;
    let (key, value) = (property_key(&key)?, limits::property_value(&value)?);
    let max = limits::MAX_ORGANIZATION_PROPERTIES;
    let outcome = state
        .store
        .set_organization_property(&origin.actor(&user), row.id, key, &value, max)
        .await?;
    limits::property_written(outcome)
}

#[utoipa::path(delete, path = "/{organization_id}/property/{key}", tag = "organization", params(("organization_id" = i64, Path, example = 1, description = "The organization id"), ("key" = String, Path, example = "tier", description = "The property key (1–255 characters)")),
    responses((status = 204, description = "Deleted")))]
async fn delete_property(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath((id, key)): ApiPath<(String, String)>,
) -> ApiResult<StatusCode> {
    let (row, _) = for_member_change(&state, &user, &id).await?;
    if state
        .store
        .delete_organization_property(&origin.actor(&user), row.id, property_key(&key)?)
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(
            ApiError::not_found(format!("The organization has no property \"{key}\"."))
                .with_parameters([&key]),
        )
    }
}

/// `GET …/property`: the keys, each with its link.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // Describes the JSON the handler writes.
struct PropertyKeys {
    keys: Vec<PropertyKey>,
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct PropertyKey {
    #[schema(rename = "self")]
    self_link: String,
    key: String,
}

/// `GET …/property/{key}`: the key and its value (any JSON).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct Property {
    key: String,
    value: serde_json::Value,
}
