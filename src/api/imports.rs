//! CSV imports (site admins): `POST /rest/clientele/1/import` (a dry run, or the import as a
//! job) and `GET /rest/clientele/1/import/{id}` (state, progress, report).

use clientele_domain::wire::import::{ImportMapping, ImportOptions, ImportStatus};

use super::http::{self, segment};
use super::ApiError;

/// A column choice as the API takes it: a number, or `none`.
fn column(value: Option<usize>) -> String {
    value.map_or_else(|| "none".to_string(), |c| c.to_string())
}

/// `POST /rest/clientele/1/import`: `text` as the file named `file_name`, with `mapping` when
/// the admin chose the columns (else the server detects them from the header).
pub async fn start(
    text: String,
    file_name: &str,
    mapping: Option<ImportMapping>,
    options: ImportOptions,
    dry_run: bool,
) -> Result<ImportStatus, ApiError> {
    let mut query = vec![
        ("dryRun", dry_run.to_string()),
        ("createOrganizations", options.create_organizations.to_string()),
        ("sendInvitations", options.send_invitations.to_string()),
        ("fileName", file_name.to_string()),
    ];
    if let Some(m) = mapping {
        query.push(("emailColumn", column(m.email)));
        query.push(("nameColumn", column(m.display_name)));
        query.push(("organizationsColumn", column(m.organizations)));
        query.push(("projectsColumn", column(m.projects)));
    }
    http::post_csv("/rest/clientele/1/import", &query, text).await
}

/// `GET /rest/clientele/1/import/{id}`: the import with the first `limit` rows of its report.
pub async fn status(id: &str, limit: usize) -> Result<ImportStatus, ApiError> {
    http::get_json(&format!("/rest/clientele/1/import/{}?limit={limit}", segment(id))).await
}

/// `GET /rest/clientele/1/import/{id}/report`: where the report downloads as CSV.
pub fn report_url(id: &str) -> String {
    format!("/rest/clientele/1/import/{}/report", segment(id))
}
