//! Adding people, once the target (a service project or an organization) is checked: the two
//! JSM add endpoints share [`jsm_add`] (all or nothing, 204), the two Clientele bulk endpoints
//! share [`bulk_add_report`] (a report per entry, or a dry run).

use axum::http::StatusCode;
use clientele_domain::email::{parse_items, parse_text, ParsedEntry};
use clientele_domain::policy::{GlobalSettings, WhoCanChange};
use clientele_domain::reason::Reason;
use clientele_domain::wire::{BulkAddRequest, BulkAddResponse, BulkOutcome};

use super::error::{ApiError, ApiResult};
use super::members::UsersRequest;
use crate::bulk::{bulk_add, Adder, BulkMode, BulkTarget};
use crate::notify::welcome_for;
use crate::store::Actor;
use crate::AppState;

/// JSM's add (`POST …/customer` on a project, `POST …/user` on an organization): the people
/// named by account id or address are added whole or not at all, and the first invalid or
/// refused entry decides the error.
pub async fn jsm_add(
    state: &AppState,
    actor: &Actor,
    target: BulkTarget,
    adder: Adder,
    settings: &GlobalSettings,
    request: &UsersRequest,
) -> ApiResult<StatusCode> {
    let entries = request.entries(state, adder.reach).await?;
    let report = add(
        state,
        actor,
        target,
        adder,
        settings,
        entries,
        BulkMode::AllOrNothing,
        None,
    )
    .await?;
    first_refusal(&report)?;
    state.mail_wake.notify_one();
    Ok(StatusCode::NO_CONTENT)
}

/// The error of the first invalid or refused entry of an all-or-nothing add, if any.
fn first_refusal(report: &BulkAddResponse) -> ApiResult<()> {
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

/// Clientele's bulk add (`POST …/customer/bulk`, `POST …/user/bulk`): parse the entries, add
/// them with the welcome message new people get, and wake the mail sender when something was
/// written. The report says what happened to each entry.
pub async fn bulk_add_report(
    state: &AppState,
    actor: &Actor,
    target: BulkTarget,
    adder: Adder,
    settings: &GlobalSettings,
    body: &BulkAddRequest,
    help_center: Option<i64>,
) -> ApiResult<BulkAddResponse> {
    let entries = bulk_entries(state, body)?;
    let mode = if body.dry_run {
        BulkMode::DryRun
    } else {
        BulkMode::Commit
    };
    let report = add(state, actor, target, adder, settings, entries, mode, help_center).await?;
    if mode == BulkMode::Commit {
        state.mail_wake.notify_one();
    }
    Ok(report)
}

/// Adds `entries` to `target` with the welcome message new people get there (pointing at
/// `help_center` when one was chosen).
#[allow(clippy::too_many_arguments)]
async fn add(
    state: &AppState,
    actor: &Actor,
    target: BulkTarget,
    adder: Adder,
    settings: &GlobalSettings,
    entries: Vec<ParsedEntry>,
    mode: BulkMode,
    help_center: Option<i64>,
) -> ApiResult<BulkAddResponse> {
    let welcome = welcome_for(&state.store, state.site(), target, help_center).await?;
    Ok(bulk_add(
        &state.store,
        actor,
        target,
        adder,
        settings,
        entries,
        mode,
        welcome.as_ref(),
    )
    .await?)
}

/// The entries of a bulk request: pasted text split by the parser, or one entry per element.
fn bulk_entries(state: &AppState, body: &BulkAddRequest) -> ApiResult<Vec<ParsedEntry>> {
    let limits = state.config.bulk_limits();
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
