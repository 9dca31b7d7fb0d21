//! The audit trail over HTTP: every request's id (`X-Request-Id`), who and how a change is
//! made ([`Origin`] → the store's [`Actor`]), the log itself (`GET /rest/clientele/1/audit`,
//! site admins) and undoing a bulk change (`/rest/clientele/1/bulk-change/{id}…`).

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::Json;
use clientele_domain::policy::{Action, WhoCanChange};
use clientele_domain::reason::Reason;
use clientele_domain::wire::audit::{
    AuditActor, AuditChange, AuditEvent, AuditThing, BulkChange, KeptAccount, RemovedMembership, UndoReport,
};
use clientele_domain::wire::Page;
use rand::RngCore;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::Caller;
use super::authz::{require, role_on_site};
use super::error::{ApiError, ApiResult};
use super::extract::{ApiPath, ApiQuery};
use super::paging::Paging;
use super::present::date;
use crate::store::audit::{
    ActorFilter, AuditFilter, AuditRow, ChangeSetRow, Thing, UndoPlan, UndoRefusal, UNDO_WINDOW_MILLIS,
};
use crate::store::{now_millis, Actor, UserRow, Via};
use crate::AppState;

/// The header that carries a request's id, both ways.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A request's id: the client's `X-Request-Id` when it is a sensible one (1 to 100 letters,
/// digits and `-_.:`), else one made up here; every answer carries it back.
#[derive(Debug, Clone)]
pub struct RequestId {
    pub id: String,
    /// Whether the request is to the help center's own endpoints.
    help_center: bool,
}

fn acceptable_request_id(value: &str) -> bool {
    (1..=100).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// A new request id: 16 random hex digits.
pub fn new_request_id() -> String {
    let mut bytes = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Middleware: gives the request its id (see [`RequestId`]) and sends it back.
pub async fn request_id(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| acceptable_request_id(v))
        .map_or_else(new_request_id, str::to_string);
    // The path as the API sees it, under `/rest` (or whole, outside it).
    let path = request.uri().path();
    let help_center =
        path.starts_with("/clientele/1/helpcenter") || path.starts_with("/rest/clientele/1/helpcenter");
    request.extensions_mut().insert(RequestId {
        id: id.clone(),
        help_center,
    });
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

/// How a request reaches the server and its id: with [`Origin::actor`], who makes a change.
#[derive(Debug, Clone)]
pub struct Origin {
    pub via: Via,
    pub request_id: String,
}

impl Origin {
    /// The caller acting through this request.
    pub fn actor(&self, user: &UserRow) -> Actor {
        Actor::account(user.id, &user.email, self.via, self.request_id.clone())
    }

    /// Nobody signed in (a help center sign-up or one-time link): the server acts.
    pub fn system(&self) -> Actor {
        Actor {
            account: None,
            via: self.via,
            request_id: self.request_id.clone(),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Origin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let (request_id, help_center) = parts
            .extensions
            .get::<RequestId>()
            .map_or_else(|| (new_request_id(), false), |r| (r.id.clone(), r.help_center));
        // Credentials in a header are the API; the session cookie is the app, or the help
        // center on its own endpoints.
        let via = if parts.headers.contains_key(AUTHORIZATION) {
            Via::Api
        } else if help_center {
            Via::HelpCenter
        } else {
            Via::App
        };
        Ok(Origin { via, request_id })
    }
}

/// Routes under `/rest/clientele/1`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(audit_log))
        .routes(routes!(bulk_change))
        .routes(routes!(undo_dry_run, undo))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
struct AuditQuery {
    /// Who: an account id, an address (as it was when they acted), or `system`.
    actor: Option<String>,
    /// What it was done to, or concerned: `KIND:ID`, e.g. `account:12`, `organization:3`,
    /// `project:1`, `managedDomain:example.com`, `helpCenter:2`, `settings:site`.
    target: Option<String>,
    /// The action (`organization.renamed`), or a group of them (`organization`).
    action: Option<String>,
    /// From this day (`YYYY-MM-DD`, UTC) or time (milliseconds since the epoch).
    from: Option<String>,
    /// Up to and including this day (`YYYY-MM-DD`, UTC), or before this time (milliseconds).
    to: Option<String>,
    /// Only the events of this bulk change.
    bulk_change: Option<String>,
}

fn bad(parameter: &str, message: &str) -> ApiError {
    ApiError::bad_request(Reason::InvalidParameter, format!("{parameter}: {message}"))
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A `from`/`to` value: milliseconds, or a day (its first millisecond; with `end`, the first
/// millisecond of the next day).
fn parse_time(parameter: &str, text: &str, end: bool) -> ApiResult<i64> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && text.len() <= 15 {
        return text.parse().map_err(|_| bad(parameter, "not a time"));
    }
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i64>().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (
        parts.first().and_then(|s| number(s, 4)),
        parts.get(1).and_then(|s| number(s, 2)),
        parts.get(2).and_then(|s| number(s, 2)),
    ) else {
        return Err(bad(
            parameter,
            "use a day as YYYY-MM-DD, or milliseconds since 1970",
        ));
    };
    let days_in_month = [
        31,
        if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) {
            29
        } else {
            28
        },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if parts.len() != 3 || !(1..=12).contains(&m) || d < 1 || d > days_in_month[(m - 1) as usize] {
        return Err(bad(
            parameter,
            "use a day as YYYY-MM-DD, or milliseconds since 1970",
        ));
    }
    let day = days_from_civil(y, m, d) + i64::from(end);
    Ok(day * 86_400_000)
}

impl AuditQuery {
    fn filter(&self) -> ApiResult<AuditFilter> {
        let given = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        // No filter value holds a control character (and PostgreSQL text cannot hold a NUL).
        for (name, value) in [("actor", &self.actor), ("target", &self.target)] {
            if value.as_deref().is_some_and(|v| v.chars().any(char::is_control)) {
                return Err(bad(name, "a control character is never part of it"));
            }
        }
        let actor = match given(&self.actor) {
            None => None,
            Some(v) if v.eq_ignore_ascii_case("system") => Some(ActorFilter::System),
            Some(v) if v.bytes().all(|b| b.is_ascii_digit()) => Some(ActorFilter::Account(
                v.parse().map_err(|_| bad("actor", "not an account id"))?,
            )),
            Some(v) if v.contains('@') && v.len() <= 254 => Some(ActorFilter::Address(v)),
            Some(_) => return Err(bad("actor", "give an account id, an address or system")),
        };
        let target = match given(&self.target) {
            None => None,
            Some(v) => {
                let (kind, id) = v
                    .split_once(':')
                    .filter(|(k, id)| !k.is_empty() && !id.is_empty() && id.len() <= 254)
                    .ok_or_else(|| bad("target", "give KIND:ID, e.g. account:12 or organization:3"))?;
                if ![
                    "account",
                    "organization",
                    "project",
                    "settings",
                    "managedDomain",
                    "helpCenter",
                    "bulkChange",
                ]
                .contains(&kind)
                {
                    return Err(bad(
                        "target",
                        "the kind is one of account, organization, project, settings, managedDomain, helpCenter, bulkChange",
                    ));
                }
                let id = if kind == "managedDomain" {
                    id.to_lowercase()
                } else {
                    id.to_string()
                };
                Some((kind.to_string(), id))
            }
        };
        let action = given(&self.action);
        if action
            .as_ref()
            .is_some_and(|a| a.len() > 100 || !a.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.'))
        {
            return Err(bad(
                "action",
                "an action is letters and dots, e.g. organization.renamed",
            ));
        }
        let from = given(&self.from)
            .map(|v| parse_time("from", &v, false))
            .transpose()?;
        let until = given(&self.to).map(|v| parse_time("to", &v, true)).transpose()?;
        let change_set = given(&self.bulk_change)
            .map(|v| {
                v.parse::<i64>()
                    .map_err(|_| bad("bulkChange", "not a bulk change id"))
            })
            .transpose()?;
        Ok(AuditFilter {
            actor,
            target,
            action,
            from,
            until,
            change_set,
        })
    }
}

fn thing(kind: &str, id: &str, name: &str) -> AuditThing {
    AuditThing {
        kind: kind.to_string(),
        id: id.to_string(),
        name: name.to_string(),
    }
}

fn from_thing(t: &Thing) -> AuditThing {
    thing(t.kind, &t.id, &t.name)
}

fn event(row: &AuditRow) -> AuditEvent {
    AuditEvent {
        id: row.id.to_string(),
        at: date(row.at),
        actor: AuditActor {
            account_id: row.actor_id.map(|id| id.to_string()),
            name: row.actor_name.clone(),
        },
        via: row.via.clone(),
        action: row.action.clone(),
        target: thing(&row.target_kind, &row.target_id, &row.target_name),
        object: match (&row.object_kind, &row.object_id) {
            (Some(kind), Some(id)) => Some(thing(kind, id, row.object_name.as_deref().unwrap_or_default())),
            _ => None,
        },
        changes: row
            .changes()
            .into_iter()
            .map(|(field, before, after)| AuditChange { field, before, after })
            .collect(),
        request_id: row.request_id.clone(),
        bulk_change_id: row.change_set_id.map(|id| id.to_string()),
    }
}

/// Refused unless the caller is a site admin, in the policy's words.
async fn site_admin(state: &AppState, user: &UserRow) -> ApiResult<()> {
    let settings = state.store.global_settings().await?;
    require(
        role_on_site(state, user).await?,
        Action::ViewAuditLog,
        &settings,
        None,
    )
}

/// The audit log, newest first: every recorded change, filtered (site admins).
#[utoipa::path(get, path = "/audit", tag = "clientele", params(AuditQuery, super::paging::PageParams),
    responses((status = 200, body = Page<AuditEvent>, description = "A page of recorded changes, newest first (site admins)")))]
async fn audit_log(
    State(state): State<AppState>,
    Caller(user): Caller,
    paging: Paging,
    ApiQuery(params): ApiQuery<AuditQuery>,
) -> ApiResult<Json<Page<AuditEvent>>> {
    site_admin(&state, &user).await?;
    let filter = params.filter()?;
    let rows = state
        .store
        .audit_events(&filter, paging.start, paging.limit)
        .await?;
    let values = rows.iter().map(event).collect();
    Ok(Json(
        paging
            .at(&state, "/rest/clientele/1/audit")
            .with("actor", params.actor.as_deref())
            .with("target", params.target.as_deref())
            .with("action", params.action.as_deref())
            .with("from", params.from.as_deref())
            .with("to", params.to.as_deref())
            .with("bulkChange", params.bulk_change.as_deref())
            .page(values),
    ))
}

fn bulk_change_wire(row: &ChangeSetRow) -> BulkChange {
    BulkChange {
        id: row.id.to_string(),
        kind: row.kind.clone(),
        actor: AuditActor {
            account_id: row.actor_id.map(|id| id.to_string()),
            name: row.actor_name.clone(),
        },
        target: thing(&row.target_kind, &row.target_id, &row.target_name),
        created: date(row.created_at),
        undoable_until: date(row.created_at + UNDO_WINDOW_MILLIS),
        undone: row.undone_at.map(date),
    }
}

/// The bulk change in the path, if the caller ran it or is a site admin.
async fn allowed_change_set(state: &AppState, user: &UserRow, id: &str) -> ApiResult<ChangeSetRow> {
    let not_found =
        || ApiError::not_found(format!("There is no bulk change with the id {id}.")).with_parameters([id]);
    let id: i64 = id.trim().parse().map_err(|_| not_found())?;
    let row = state.store.change_set(id).await?.ok_or_else(not_found)?;
    if row.actor_id != Some(user.id) && !user.site_admin {
        return Err(ApiError::forbidden(
            Reason::SiteAdminOnly,
            "Only the person who ran this bulk change, or a site admin, can see or undo it.",
            WhoCanChange::SiteAdmin,
        ));
    }
    Ok(row)
}

/// A bulk change (a bulk add or an import): who ran it, where, and until when it can be undone.
#[utoipa::path(get, path = "/bulk-change/{id}", tag = "clientele",
    params(("id" = String, Path, description = "The bulk change's id")),
    responses((status = 200, body = BulkChange, description = "The bulk change (the person who ran it, or a site admin)")))]
async fn bulk_change(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<BulkChange>> {
    let row = allowed_change_set(&state, &user, &id).await?;
    Ok(Json(bulk_change_wire(&row)))
}

async fn run_undo(
    state: &AppState,
    user: &UserRow,
    origin: &Origin,
    id: &str,
    dry_run: bool,
) -> ApiResult<Json<UndoReport>> {
    let row = allowed_change_set(state, user, id).await?;
    let outcome = state
        .store
        .undo_change_set(&origin.actor(user), row.id, dry_run, now_millis())
        .await?;
    let plan: UndoPlan = match outcome {
        Ok(plan) => plan,
        Err(UndoRefusal::NotFound) => {
            return Err(ApiError::not_found(format!(
                "There is no bulk change with the id {id}."
            )))
        }
        Err(UndoRefusal::AlreadyUndone) => {
            return Err(ApiError::conflict(
                Reason::AlreadyUndone,
                "This bulk change was undone already.",
            ))
        }
        Err(UndoRefusal::Expired) => {
            return Err(ApiError::conflict(
                Reason::UndoExpired,
                "This bulk change ran more than 24 hours ago: it can no longer be undone.",
            ))
        }
    };
    let row = if dry_run {
        row
    } else {
        state.store.change_set(row.id).await?.unwrap_or(row)
    };
    Ok(Json(UndoReport {
        bulk_change: bulk_change_wire(&row),
        dry_run,
        removed: plan
            .removed
            .iter()
            .map(|(account, from)| RemovedMembership {
                account: from_thing(account),
                from: from_thing(from),
            })
            .collect(),
        deleted_accounts: plan.deleted_accounts.iter().map(from_thing).collect(),
        kept_accounts: plan
            .kept_accounts
            .iter()
            .map(|(account, reason)| KeptAccount {
                account: from_thing(account),
                reason: reason.clone(),
            })
            .collect(),
    }))
}

/// What undoing the bulk change would do, exactly; writes nothing.
#[utoipa::path(get, path = "/bulk-change/{id}/undo", tag = "clientele",
    params(("id" = String, Path, description = "The bulk change's id")),
    responses((status = 200, body = UndoReport, description = "A dry run of the undo"),
        (status = 409, description = "Undone already, or more than 24 hours old")))]
async fn undo_dry_run(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: Origin,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<UndoReport>> {
    run_undo(&state, &user, &origin, &id, true).await
}

/// Undoes the bulk change: removes the memberships it added, deletes the accounts it created
/// whose owners never signed in (the others stay, listed), and records it.
#[utoipa::path(post, path = "/bulk-change/{id}/undo", tag = "clientele",
    params(("id" = String, Path, description = "The bulk change's id")),
    responses((status = 200, body = UndoReport, description = "What the undo did"),
        (status = 409, description = "Undone already, or more than 24 hours old")))]
async fn undo(
    State(state): State<AppState>,
    Caller(user): Caller,
    origin: Origin,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<(StatusCode, Json<UndoReport>)> {
    let report = run_undo(&state, &user, &origin, &id, false).await?;
    Ok((StatusCode::OK, report))
}
