//! Site settings under `/rest/clientele/1`: global switches, managed domains, help centers.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use clientele_domain::email::Email;
use clientele_domain::policy::{Action, Plan};
use clientele_domain::reason::Reason;
use clientele_domain::wire::{HelpCenter, SiteSettings, ValueList};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{Caller, MaybeCaller};
use super::authz::{require, role_on_site};
use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, ApiPath};
use crate::store::{HelpCenterRemoval, HelpCenterRow, UserRow};
use crate::AppState;

/// Routes under `/rest/clientele/1`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(settings, save_settings))
        .routes(routes!(managed_domains, add_managed_domain))
        .routes(routes!(remove_managed_domain))
        .routes(routes!(help_centers, add_help_center))
        .routes(routes!(rename_help_center, remove_help_center))
}

async fn site_admin(
    state: &AppState,
    user: &UserRow,
    action: Action,
) -> ApiResult<clientele_domain::policy::GlobalSettings> {
    let settings = state.store.global_settings().await?;
    require(role_on_site(state, user).await?, action, &settings, None)?;
    Ok(settings)
}

fn site_settings(s: &clientele_domain::policy::GlobalSettings, audit_retention_days: u32) -> SiteSettings {
    SiteSettings {
        agents_can_manage_organizations: Some(s.agents_can_manage_organizations),
        customer_service_management: Some(s.customer_service_management),
        plan: Some(s.plan),
        audit_retention_days: Some(audit_retention_days),
    }
}

/// The fewest and most days the audit trail may keep its events.
const RETENTION_DAYS: std::ops::RangeInclusive<u32> = 1..=3650;

#[utoipa::path(get, path = "/settings", tag = "clientele",
    responses((status = 200, body = SiteSettings, description = "The site's switches and plan")))]
async fn settings(State(state): State<AppState>, Caller(_): Caller) -> ApiResult<Json<SiteSettings>> {
    Ok(Json(site_settings(
        &state.store.global_settings().await?,
        state.store.audit_retention_days().await?,
    )))
}

/// Saves any subset of the switches. Customer service management needs Premium; going down to
/// Standard turns it off (extra help centers stay, but invitations can no longer choose them).
#[utoipa::path(put, path = "/settings", tag = "clientele", request_body = SiteSettings,
    responses((status = 200, body = SiteSettings, description = "The saved settings")))]
async fn save_settings(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiJson(body): ApiJson<SiteSettings>,
) -> ApiResult<Json<SiteSettings>> {
    let mut settings = site_admin(&state, &user, Action::ManageGlobalSettings).await?;
    if let Some(v) = body.agents_can_manage_organizations {
        settings.agents_can_manage_organizations = v;
    }
    if let Some(plan) = body.plan {
        settings.plan = plan;
        if plan == Plan::Standard {
            settings.customer_service_management = false;
        }
    }
    if let Some(v) = body.customer_service_management {
        if v && settings.plan != Plan::Premium {
            return Err(ApiError::bad_request(
                Reason::PremiumOnly,
                "Customer service management is a Premium feature. Change the plan to Premium first.",
            ));
        }
        settings.customer_service_management = v;
    }
    let retention = match body.audit_retention_days {
        Some(days) if !RETENTION_DAYS.contains(&days) => {
            return Err(ApiError::bad_request(
                Reason::InvalidParameter,
                format!(
                    "auditRetentionDays is a number of days from {} to {}.",
                    RETENTION_DAYS.start(),
                    RETENTION_DAYS.end()
                ),
            ));
        }
        Some(days) => days,
        None => state.store.audit_retention_days().await?,
    };
    state
        .store
        .save_global_settings(&origin.actor(&user), &settings, retention)
        .await?;
    Ok(Json(site_settings(&settings, retention)))
}

#[utoipa::path(get, path = "/manageddomain", tag = "clientele",
    responses((status = 200, body = ValueList<String>, description = "The managed domains")))]
async fn managed_domains(
    State(state): State<AppState>,
    Caller(user): Caller,
) -> ApiResult<Json<ValueList<String>>> {
    let settings = site_admin(&state, &user, Action::ManageGlobalSettings).await?;
    Ok(Json(ValueList {
        values: settings.managed_domains,
    }))
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
struct DomainBody {
    domain: String,
}

/// A domain validated and normalized exactly as the email parser does it for addresses.
fn normalize_domain(domain: &str) -> ApiResult<String> {
    let domain = domain.trim().trim_start_matches('@').trim_end_matches('.');
    Email::parse(&format!("postmaster@{domain}"))
        .map(|e| e.domain().to_string())
        .map_err(|r| {
            ApiError::bad_request(
                Reason::InvalidDomain,
                format!("\"{domain}\" is not a valid domain: {}", r.message()),
            )
        })
}

#[utoipa::path(post, path = "/manageddomain", tag = "clientele", request_body = DomainBody,
    responses((status = 201, body = ValueList<String>, description = "The managed domains, with the new one")))]
async fn add_managed_domain(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiJson(body): ApiJson<DomainBody>,
) -> ApiResult<impl IntoResponse> {
    site_admin(&state, &user, Action::ManageGlobalSettings).await?;
    let domain = normalize_domain(&body.domain)?;
    if !state
        .store
        .insert_managed_domain(&origin.actor(&user), &domain)
        .await?
    {
        return Err(ApiError::conflict(
            Reason::DomainExists,
            format!("{domain} is already a managed domain."),
        ));
    }
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "domain": domain }))))
}

#[utoipa::path(delete, path = "/manageddomain/{domain}", tag = "clientele", params(("domain" = String, Path, example = "staff.example.com", description = "The managed domain")),
    responses((status = 204, description = "Removed")))]
async fn remove_managed_domain(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(domain): ApiPath<String>,
) -> ApiResult<StatusCode> {
    site_admin(&state, &user, Action::ManageGlobalSettings).await?;
    let domain = normalize_domain(&domain)?;
    if state
        .store
        .delete_managed_domain(&origin.actor(&user), &domain)
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found(format!("{domain} is not a managed domain.")))
    }
}

fn help_center(row: &HelpCenterRow) -> HelpCenter {
    HelpCenter {
        id: row.id.to_string(),
        slug: row.slug.clone(),
        name: row.name.clone(),
        is_default: row.is_default,
    }
}

/// Help centers are public: customers reach them before they sign in.
#[utoipa::path(get, path = "/helpcenter", tag = "clientele", security(()),
    responses((status = 200, body = ValueList<HelpCenter>, description = "The help centers")))]
async fn help_centers(
    State(state): State<AppState>,
    MaybeCaller(_): MaybeCaller,
) -> ApiResult<Json<ValueList<HelpCenter>>> {
    Ok(Json(ValueList {
        values: state
            .store
            .help_centers()
            .await?
            .iter()
            .map(help_center)
            .collect(),
    }))
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
struct HelpCenterBody {
    name: String,
    slug: Option<String>,
}

fn help_center_name(name: &str) -> ApiResult<String> {
    Ok(clientele_domain::names::HelpCenterName::parse(name)?.into_string())
}

/// A URL segment from a name: lowercase letters, digits and dashes.
fn slug_from(text: &str) -> String {
    let mut slug = String::new();
    for c in text.trim().to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').chars().take(40).collect()
}

#[utoipa::path(post, path = "/helpcenter", tag = "clientele", request_body = HelpCenterBody,
    responses((status = 201, body = HelpCenter, description = "Created")))]
async fn add_help_center(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiJson(body): ApiJson<HelpCenterBody>,
) -> ApiResult<impl IntoResponse> {
    site_admin(&state, &user, Action::AddHelpCenter).await?;
    let name = help_center_name(&body.name)?;
    let slug = slug_from(body.slug.as_deref().unwrap_or(&name));
    if slug.is_empty() {
        return Err(ApiError::bad_request(
            Reason::InvalidSlug,
            "The help center's address needs at least one letter or digit.",
        ));
    }
    let id = state
        .store
        .create_help_center(&origin.actor(&user), &slug, &name)
        .await?
        .ok_or_else(|| {
            ApiError::conflict(
                Reason::SlugTaken,
                format!("A help center already uses the address /help/{slug}."),
            )
        })?;
    let row = HelpCenterRow {
        id,
        slug,
        name,
        is_default: false,
    };
    Ok((StatusCode::CREATED, Json(help_center(&row))))
}

#[utoipa::path(put, path = "/helpcenter/{id}", tag = "clientele", params(("id" = i64, Path, example = 1, description = "The help center id")), request_body = HelpCenterBody,
    responses((status = 200, body = HelpCenter, description = "Renamed")))]
async fn rename_help_center(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<HelpCenterBody>,
) -> ApiResult<Json<HelpCenter>> {
    site_admin(&state, &user, Action::ManageGlobalSettings).await?;
    let name = help_center_name(&body.name)?;
    if !state
        .store
        .rename_help_center(&origin.actor(&user), id, &name)
        .await?
    {
        return Err(ApiError::not_found(format!(
            "There is no help center with the id {id}."
        )));
    }
    let rows = state.store.help_centers().await?;
    let row = rows
        .iter()
        .find(|h| h.id == id)
        .ok_or_else(|| ApiError::not_found("The help center vanished."))?;
    Ok(Json(help_center(row)))
}

#[utoipa::path(delete, path = "/helpcenter/{id}", tag = "clientele", params(("id" = i64, Path, example = 1, description = "The help center id")),
    responses((status = 204, description = "Removed")))]
async fn remove_help_center(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: super::audit::Origin,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    site_admin(&state, &user, Action::ManageGlobalSettings).await?;
    match state.store.delete_help_center(&origin.actor(&user), id).await? {
        HelpCenterRemoval::Removed => Ok(StatusCode::NO_CONTENT),
        HelpCenterRemoval::NotFound => Err(ApiError::not_found(format!(
            "There is no help center with the id {id}."
        ))),
        HelpCenterRemoval::Last => Err(ApiError::conflict(
            Reason::LastHelpCenter,
            "This is the only help center; customers need one to sign in.",
        )),
    }
}
