//! `POST /rest/servicedeskapi/customer` (JSM), and Clientele's account administration for
//! site admins under `/rest/clientele/1/customer`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::account::AccountStatus;
use clientele_domain::email::Email;
use clientele_domain::policy::{self, Action};
use clientele_domain::reason::Reason;
use clientele_domain::wire::{Customer, CustomerDetail, OrganizationRef, Page, ProjectRef};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::Caller;
use super::authz::{allowed, require, role_on_site};
use super::error::{ApiError, ApiResult};
use super::export::csv_response;
use super::extract::{ApiJson, ApiPath, ApiQuery};
use super::paging::Paging;
use super::present;
use crate::passwords::check_new_password;
use crate::security::hash_password_blocking;
use crate::store::{CustomerFilter, Key, NewUser, Store, UserRow};
use crate::AppState;

/// `POST /rest/servicedeskapi/customer`.
pub fn jsm_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(revoke_portal_only_access))
}

/// Routes under `/rest/clientele/1/customer`.
pub fn clientele_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(export))
        .routes(routes!(detail, edit_name, delete_account))
        .routes(routes!(set_password))
        .routes(routes!(migrate))
        .routes(routes!(revoke))
        .routes(routes!(restore))
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewCustomer {
    email: String,
    display_name: Option<String>,
    /// The older name of `displayName`.
    full_name: Option<String>,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
struct CreateQuery {
    /// 409 instead of 400 when the address has an account (`true`/`false`, any case).
    #[serde(default, deserialize_with = "super::extract::flexible_bool")]
    #[param(value_type = Option<bool>)]
    strict_conflict_status_code: bool,
}

#[utoipa::path(post, path = "/", tag = "customer", params(CreateQuery), request_body = NewCustomer,
    responses((status = 201, body = Customer, description = "The new portal-only customer (invited)")))]
async fn create(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiQuery(query): ApiQuery<CreateQuery>,
    ApiJson(body): ApiJson<NewCustomer>,
) -> ApiResult<impl IntoResponse> {
    let role = role_on_site(&state, &user).await?;
    let settings = state.store.global_settings().await?;
    require(role, Action::CreateCustomer, &settings, None)?;
    let email = Email::parse(body.email.trim()).map_err(|r| {
        ApiError::bad_request(
            Reason::InvalidEmail,
            format!("\"{}\" is not a valid address: {}", body.email, r.message()),
        )
        .with_parameters([&body.email])
    })?;
    let settings = state.store.global_settings().await?;
    allowed(policy::decide_add_address(role, email.as_str(), &settings))?;
    let name = super::names::optional_display_name(body.display_name.or(body.full_name).as_deref())?
        .map_or_else(|| email.local_part().to_string(), |n| n.into_string());
    let new = NewUser {
        email: &email,
        display_name: &name,
        kind: "portal",
        status: AccountStatus::Invited,
        site_admin: false,
        password_hash: None,
    };
    let Some(id) = state.store.create_user_if_new(&origin.actor(&user), &new).await? else {
        let status = if query.strict_conflict_status_code {
            StatusCode::CONFLICT
        } else {
            StatusCode::BAD_REQUEST
        };
        return Err(ApiError::new(
            status,
            Reason::EmailTaken,
            format!("A customer with the address {email} already exists."),
        )
        .with_parameters([email.as_str()]));
    };
    let created = state
        .store
        .user_by_id(id)
        .await?
        .ok_or_else(|| ApiError::not_found("The account vanished."))?;
    Ok((
        StatusCode::CREATED,
        Json(present::customer(&state, &created, None)),
    ))
}

/// Checks the caller is a site admin (the policy's account administration).
async fn administer(state: &AppState, user: &UserRow) -> ApiResult<()> {
    let settings = state.store.global_settings().await?;
    require(
        role_on_site(state, user).await?,
        Action::AdministerCustomerAccounts,
        &settings,
        None,
    )
}

/// The account in the path, for administration.
async fn account(state: &AppState, user: &UserRow, id: &str) -> ApiResult<UserRow> {
    administer(state, user).await?;
    let not_found =
        || ApiError::not_found(format!("There is no account with the id {id}.")).with_parameters([id]);
    let id: i64 = id.trim().parse().map_err(|_| not_found())?;
    state.store.user_by_id(id).await?.ok_or_else(not_found)
}

/// The account as it is after a change, in the API's shape.
async fn as_it_is_now(state: &AppState, id: i64) -> ApiResult<Json<Customer>> {
    let updated = state
        .store
        .user_by_id(id)
        .await?
        .ok_or_else(|| ApiError::not_found("The account vanished."))?;
    Ok(Json(present::customer(state, &updated, None)))
}

/// Site admins can't lock themselves out.
fn not_yourself(user: &UserRow, target: &UserRow) -> ApiResult<()> {
    if user.id == target.id {
        return Err(ApiError::conflict(
            Reason::OwnAccount,
            "You can't do this to your own account. Ask another site admin.",
        ));
    }
    Ok(())
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// A fragment of the name or address (any case).
    query: Option<String>,
    /// `invited`, `active` or `revoked`.
    status: Option<String>,
    /// `portal` or `full`.
    kind: Option<String>,
}

#[utoipa::path(get, path = "/", tag = "clientele", params(ListQuery, super::paging::PageParams),
    responses((status = 200, body = Page<Customer>, description = "A page of every account (site admins)")))]
async fn list(
    State(state): State<AppState>,
    Caller(user): Caller,
    paging: Paging,
    ApiQuery(params): ApiQuery<ListQuery>,
) -> ApiResult<Json<Page<Customer>>> {
    administer(&state, &user).await?;
    let filter = customer_filter(&params)?;
    let CustomerFilter { query, status, kind } = filter.clone();
    let rows = state
        .store
        .all_customers(&filter, &paging.seek()?, paging.limit)
        .await?;
    let next = paging.next_key(&rows, |row| Key::id(row.user.id));
    let values = present::listed_customers(&state, rows);
    Ok(Json(
        paging
            .at(&state, "/rest/clientele/1/customer")
            .with("query", query)
            .with("status", status.map(AccountStatus::as_str))
            .with("kind", kind)
            .next(next)
            .page(values),
    ))
}

/// The search and filters of Settings → Customers, checked.
fn customer_filter(params: &ListQuery) -> ApiResult<CustomerFilter<'_>> {
    let status = match params.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => Some(AccountStatus::parse(text).ok_or_else(|| {
            ApiError::bad_request(
                Reason::InvalidParameter,
                "status is one of invited, active, revoked.",
            )
        })?),
    };
    let kind = match params.kind.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some("portal") | Some("customer") => Some("portal"),
        Some("full") | Some("atlassian") => Some("full"),
        Some(_) => {
            return Err(ApiError::bad_request(
                Reason::InvalidParameter,
                "kind is portal or full.",
            ))
        }
    };
    let query = params.query.as_deref().filter(|q| !q.trim().is_empty());
    Ok(CustomerFilter { query, status, kind })
}

#[utoipa::path(get, path = "/export", tag = "clientele", params(ListQuery),
    responses((status = 200, content_type = "text/csv", body = String,
        description = "Every account matching the search and filters as CSV (site admins): UTF-8 with a byte-order mark, \
                       columns email, display name, status, kind, organizations, projects, created, last invitation; \
                       X-Total-Count carries the number of rows")))]
async fn export(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiQuery(params): ApiQuery<ListQuery>,
) -> ApiResult<Response> {
    administer(&state, &user).await?;
    let filter = customer_filter(&params)?;
    csv_response(&state, Store::site_export(&filter), "customers").await
}

#[utoipa::path(get, path = "/{account_id}", tag = "clientele", params(("account_id" = i64, Path, example = 1, description = "The account id")),
    responses((status = 200, body = CustomerDetail, description = "The account with its projects and organizations")))]
async fn detail(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<CustomerDetail>> {
    let target = account(&state, &user, &id).await?;
    let organizations = state
        .store
        .organizations_of(&[target.id])
        .await?
        .into_iter()
        .map(|(_, id, name)| OrganizationRef {
            id: id.to_string(),
            name,
        })
        .collect();
    let projects = state
        .store
        .customer_projects(target.id)
        .await?
        .into_iter()
        .map(|(key, name)| ProjectRef { key, name })
        .collect();
    Ok(Json(CustomerDetail {
        customer: present::customer(&state, &target, None),
        projects,
        organizations,
    }))
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DisplayNameBody {
    display_name: String,
}

#[utoipa::path(put, path = "/{account_id}", tag = "clientele", params(("account_id" = i64, Path, example = 1, description = "The account id")), request_body = DisplayNameBody,
    responses((status = 200, body = Customer, description = "Renamed")))]
async fn edit_name(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<DisplayNameBody>,
) -> ApiResult<Json<Customer>> {
    let target = account(&state, &user, &id).await?;
    let name = clientele_domain::names::DisplayName::parse(&body.display_name)?;
    state
        .store
        .set_display_name(&origin.actor(&user), target.id, name.as_str())
        .await?;
    as_it_is_now(&state, target.id).await
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
struct PasswordBody {
    password: String,
}

#[utoipa::path(put, path = "/{account_id}/password", tag = "clientele", params(("account_id" = i64, Path, example = 1, description = "The account id")), request_body = PasswordBody,
    responses((status = 204, description = "The password is set")))]
async fn set_password(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<PasswordBody>,
) -> ApiResult<StatusCode> {
    let target = account(&state, &user, &id).await?;
    if target.kind != "portal" {
        return Err(ApiError::conflict(
            Reason::NotPortalOnly,
            "Only portal-only customers' passwords can be changed here; a full account's owner changes their own.",
        ));
    }
    check_new_password(&body.password)?;
    let hash = hash_password_blocking(&body.password).await;
    state
        .store
        .change_password(&origin.actor(&user), target.id, &hash, None)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/{account_id}/migrate", tag = "clientele", params(("account_id" = i64, Path, example = 1, description = "The account id")),
    responses((status = 200, body = Customer, description = "Now a full account")))]
async fn migrate(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<Customer>> {
    let target = account(&state, &user, &id).await?;
    if target.kind == "full" {
        return Err(ApiError::conflict(
            Reason::AlreadyFullAccount,
            "This account is already a full account.",
        ));
    }
    state
        .store
        .migrate_to_full(&origin.actor(&user), target.id)
        .await?;
    as_it_is_now(&state, target.id).await
}

#[utoipa::path(post, path = "/{account_id}/revoke", tag = "clientele", params(("account_id" = i64, Path, example = 1, description = "The account id")),
    responses((status = 200, body = Customer, description = "Access revoked")))]
async fn revoke(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<Customer>> {
    let target = account(&state, &user, &id).await?;
    not_yourself(&user, &target)?;
    state.store.revoke_access(&origin.actor(&user), target.id).await?;
    as_it_is_now(&state, target.id).await
}

#[utoipa::path(post, path = "/{account_id}/restore", tag = "clientele", params(("account_id" = i64, Path, example = 1, description = "The account id")),
    responses((status = 200, body = Customer, description = "Access restored")))]
async fn restore(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<Customer>> {
    let target = account(&state, &user, &id).await?;
    state
        .store
        .restore_access(&origin.actor(&user), target.id)
        .await?;
    as_it_is_now(&state, target.id).await
}

#[utoipa::path(delete, path = "/{account_id}", tag = "clientele", params(("account_id" = i64, Path, example = 1, description = "The account id")),
    responses((status = 204, description = "Deleted")))]
async fn delete_account(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    let target = account(&state, &user, &id).await?;
    not_yourself(&user, &target)?;
    state
        .store
        .delete_account(&origin.actor(&user), target.id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// JSM's `PUT /rest/servicedeskapi/customer/user/{accountId}/revoke-portal-only-access`: the
/// same rules as Clientele's revoke (site admins; never one's own account), for portal-only
/// accounts only, as the name says.
#[utoipa::path(put, path = "/user/{account_id}/revoke-portal-only-access", tag = "customer", params(("account_id" = i64, Path, example = 1, description = "The account id")),
    responses((status = 204, description = "Access revoked")))]
async fn revoke_portal_only_access(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    let target = account(&state, &user, &id).await?;
    not_yourself(&user, &target)?;
    if target.kind != "portal" {
        return Err(ApiError::conflict(
            Reason::NotPortalOnly,
            "This is a full account, not a portal-only customer; revoke it in Clientele's account administration.",
        ));
    }
    state.store.revoke_access(&origin.actor(&user), target.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
