//! The audit trail (site admins) and undoing a bulk change.

use clientele_domain::wire::audit::{AuditEvent, BulkChange, UndoReport};
use clientele_domain::wire::Page;

use super::http::{self, Abort};
use super::ApiError;

/// The filters of the audit log; empty ones filter nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Who: an account id, an address, or `system`.
    pub actor: String,
    /// What it concerned: `KIND:ID` (`account:12`, `organization:3`).
    pub target: String,
    /// An action (`organization.renamed`) or a group (`organization`).
    pub action: String,
    /// From this day (`YYYY-MM-DD`).
    pub from: String,
    /// Up to and including this day.
    pub to: String,
    /// Only this bulk change's events.
    pub bulk_change: String,
}

impl AuditFilter {
    /// The filter for one thing's history (`account:12`).
    pub fn of(target: impl Into<String>) -> AuditFilter {
        AuditFilter {
            target: target.into(),
            ..AuditFilter::default()
        }
    }

    fn query(&self, start: usize, limit: usize) -> Vec<(&'static str, String)> {
        let mut query = vec![("start", start.to_string()), ("limit", limit.to_string())];
        for (name, value) in [
            ("actor", &self.actor),
            ("target", &self.target),
            ("action", &self.action),
            ("from", &self.from),
            ("to", &self.to),
            ("bulkChange", &self.bulk_change),
        ] {
            if !value.trim().is_empty() {
                query.push((name, value.trim().to_string()));
            }
        }
        query
    }
}

/// `GET /rest/clientele/1/audit`: one page of recorded changes, newest first.
pub async fn audit_log(
    filter: &AuditFilter,
    start: usize,
    limit: usize,
    abort: Option<&Abort>,
) -> Result<Page<AuditEvent>, ApiError> {
    http::get_json_query("/rest/clientele/1/audit", &filter.query(start, limit), abort).await
}

/// `GET /rest/clientele/1/bulk-change/{id}`: a bulk change.
pub async fn bulk_change(id: &str) -> Result<BulkChange, ApiError> {
    http::get_json(&format!("/rest/clientele/1/bulk-change/{}", http::segment(id))).await
}

/// `GET /rest/clientele/1/bulk-change/{id}/undo`: what undoing it would do (a dry run).
pub async fn undo_dry_run(id: &str) -> Result<UndoReport, ApiError> {
    http::get_json(&format!(
        "/rest/clientele/1/bulk-change/{}/undo",
        http::segment(id)
    ))
    .await
}

/// `POST /rest/clientele/1/bulk-change/{id}/undo`: undoes it.
pub async fn undo(id: &str) -> Result<UndoReport, ApiError> {
    http::post_json(
        &format!("/rest/clientele/1/bulk-change/{}/undo", http::segment(id)),
        &serde_json::json!({}),
    )
    .await
}
