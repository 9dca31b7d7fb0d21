//! The outbox for site admins: `GET /rest/clientele/1/mail[?to=EMAIL]`, one message, resend.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use clientele_domain::policy::Action;
use clientele_domain::reason::Reason;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::Caller;
use super::authz::{require, role_on_site};
use super::error::{ApiError, ApiResult};
use super::extract::{ApiPath, ApiQuery};
use super::paging::Paging;
use crate::store::Key;
use crate::store::{MessageRow, UserRow};
use crate::AppState;

/// Routes under `/rest/clientele/1/mail`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(one))
        .routes(routes!(resend))
}

/// A message as site admins see it.
#[derive(utoipa::ToSchema, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Mail {
    id: String,
    to: String,
    subject: String,
    text: String,
    html: String,
    kind: String,
    /// `queued`, `sent` or `failed` (the SMTP server kept refusing it; `lastError` says why).
    state: String,
    attempts: i64,
    last_error: Option<String>,
    created_at: i64,
    sent_at: Option<i64>,
}

/// What stands where a queued message's link is, unless the server captures mail.
const LINK_HIDDEN: &str = "[link hidden: only the recipient gets it]";

/// A message as shown: its link readable only while queued and only with `--mail-capture`;
/// after sending, the stored bodies no longer hold it at all.
fn mail(row: MessageRow, capture: bool) -> Mail {
    let (text, html) = match row.link.as_deref() {
        Some(link) if !capture => (
            row.text_body.replace(link, LINK_HIDDEN),
            row.html_body.replace(link, LINK_HIDDEN),
        ),
        _ => (row.text_body, row.html_body),
    };
    Mail {
        id: row.id.to_string(),
        to: row.recipient,
        subject: row.subject,
        text,
        html,
        kind: row.kind,
        state: row.state,
        attempts: row.attempts,
        last_error: row.last_error,
        created_at: row.created_at,
        sent_at: row.sent_at,
    }
}

async fn site_admin(state: &AppState, user: &UserRow) -> ApiResult<()> {
    let settings = state.store.global_settings().await?;
    require(
        role_on_site(state, user).await?,
        Action::ManageGlobalSettings,
        &settings,
        None,
    )
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// Only messages to this address.
    to: Option<String>,
}

/// Messages, newest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
struct MailPage {
    values: Vec<Mail>,
    start: i64,
    is_last_page: bool,
    /// Pass as `cursor` for the next page (absent on the last page).
    #[serde(skip_serializing_if = "Option::is_none")]
    next_cursor: Option<String>,
}

/// `{"values": [...], "start", "isLastPage"}`, newest first.
#[utoipa::path(get, path = "/", tag = "clientele", params(ListQuery, super::paging::PageParams),
    responses((status = 200, body = MailPage, description = "The outbox, newest first")))]
async fn list(
    State(state): State<AppState>,
    Caller(user): Caller,
    paging: Paging,
    ApiQuery(params): ApiQuery<ListQuery>,
) -> ApiResult<Json<MailPage>> {
    site_admin(&state, &user).await?;
    let to = params.to.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let rows = state.store.messages(to, &paging.seek()?, paging.limit).await?;
    let next_cursor = paging
        .next_key(&rows, |row| Key::id(row.id))
        .map(|key| paging.cursor_after(rows.len().min(paging.limit as usize), &key));
    let (rows, is_last_page) = paging.split(rows);
    let values: Vec<Mail> = rows
        .into_iter()
        .map(|row| mail(row, state.config.mail_capture))
        .collect();
    Ok(Json(MailPage {
        values,
        start: paging.start,
        is_last_page,
        next_cursor,
    }))
}

#[utoipa::path(get, path = "/{id}", tag = "clientele", params(("id" = i64, Path, example = 1, description = "The message id")),
    responses((status = 200, body = Mail, description = "The message")))]
async fn one(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Mail>> {
    site_admin(&state, &user).await?;
    let row = state
        .store
        .message(id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("There is no message {id}.")))?;
    Ok(Json(mail(row, state.config.mail_capture)))
}

#[utoipa::path(post, path = "/{id}/resend", tag = "clientele", params(("id" = i64, Path, example = 1, description = "The message id")),
    responses((status = 201, body = Mail, description = "A queued copy")))]
async fn resend(
    State(state): State<AppState>,
    Caller(user): Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<impl IntoResponse> {
    site_admin(&state, &user).await?;
    let original = state
        .store
        .message(id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("There is no message {id}.")))?;
    let Some(new_id) = state.store.resend_message(original.id).await? else {
        return Err(ApiError::conflict(
            Reason::LinkRemoved,
            "This message was delivered, and its one-time link was removed from the stored copy. \
             To send a new link, use Resend invitation on the customer, or Forgot password.",
        ));
    };
    state.mail_wake.notify_one();
    let row = state
        .store
        .message(new_id)
        .await?
        .ok_or_else(|| ApiError::not_found("The message vanished."))?;
    Ok((StatusCode::CREATED, Json(mail(row, state.config.mail_capture))))
}
