//! The outbox, for site admins: every message Clientele sends, its delivery state, and resend.

use clientele_domain::wire::{Page, PageLinks};
use serde::{Deserialize, Serialize};

use super::http::{self, Abort};
use super::ApiError;

/// One message of the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MailMessage {
    /// Its id.
    pub id: String,
    /// The recipient's address.
    pub to: String,
    /// The subject.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The HTML body (never shown as HTML here).
    #[serde(default)]
    pub html: String,
    /// `invitation`, `verification`, `passwordReset`, `requestReply` or `requestResolved`.
    pub kind: String,
    /// `queued` or `sent`.
    pub state: String,
    /// Delivery attempts so far.
    #[serde(default)]
    pub attempts: i64,
    /// Why the last attempt failed, if it did.
    #[serde(default)]
    pub last_error: Option<String>,
    /// When it was queued (milliseconds since the epoch).
    pub created_at: i64,
    /// When the mail server accepted it.
    #[serde(default)]
    pub sent_at: Option<i64>,
}

/// The outbox's own page shape: `{values, start, isLastPage}`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OutboxPage {
    values: Vec<MailMessage>,
    start: usize,
    is_last_page: bool,
    #[serde(default)]
    next_cursor: Option<String>,
}

/// `GET /rest/clientele/1/mail`: one page of the outbox, newest first; `to` (an exact address, any case) filters it.
pub async fn list(
    to: &str,
    params: &super::ListParams,
    abort: Option<&Abort>,
) -> Result<Page<MailMessage>, ApiError> {
    let limit = params.limit;
    let mut query = super::paging_query(params.start, params.cursor.as_deref(), limit);
    if !to.trim().is_empty() {
        query.push(("to", to.trim().to_string()));
    }
    let page: OutboxPage = http::get_json_query("/rest/clientele/1/mail", &query, abort).await?;
    Ok(Page {
        size: page.values.len(),
        start: page.start,
        limit,
        is_last_page: page.is_last_page,
        values: page.values,
        links: PageLinks::default(),
        expands: Vec::new(),
        next_cursor: page.next_cursor,
    })
}

/// `GET /rest/clientele/1/mail/{id}`: one message.
pub async fn one(id: &str) -> Result<MailMessage, ApiError> {
    http::get_json(&format!("/rest/clientele/1/mail/{}", http::segment(id))).await
}

/// `POST /rest/clientele/1/mail/{id}/resend`: queues a copy of a message; the answer is the
/// copy.
pub async fn resend(id: &str) -> Result<MailMessage, ApiError> {
    http::post_json(
        &format!("/rest/clientele/1/mail/{}/resend", http::segment(id)),
        &serde_json::json!({}),
    )
    .await
}
