//! `POST /rest/clientele/1/import` and `GET /rest/clientele/1/import/{id}`: a CSV import of
//! customers, its dry run, its progress and its report (issue 17 §3).

use serde::{Deserialize, Serialize};

/// Which column of the file holds what: 0-based column numbers, `None` for none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ImportMapping {
    /// The email address (required).
    pub email: Option<usize>,
    /// The display name.
    pub display_name: Option<usize>,
    /// Organization names, separated by `;` or line breaks.
    pub organizations: Option<usize>,
    /// Project keys, separated by `;`, `,` or white space.
    pub projects: Option<usize>,
}

/// Where an import stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum ImportState {
    /// A dry run: the report of what the import would do; nothing was written.
    DryRun,
    /// The import is running.
    Running,
    /// Every row was written.
    Done,
    /// Nothing was written: a row was invalid or refused, or the import could not finish.
    Failed,
}

impl ImportState {
    /// The stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportState::DryRun => "dryRun",
            ImportState::Running => "running",
            ImportState::Done => "done",
            ImportState::Failed => "failed",
        }
    }

    /// The state of a stored text.
    pub fn parse(text: &str) -> Option<ImportState> {
        [
            ImportState::DryRun,
            ImportState::Running,
            ImportState::Done,
            ImportState::Failed,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// What became (or would become) of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum ImportOutcome {
    /// Written (or, in a dry run, would be): see its changes.
    Ok,
    /// The same row as an earlier one: skipped.
    Duplicate,
    /// Something in the row is not valid: the reason says what.
    Invalid,
    /// The policy refuses the row: the reason says why.
    Refused,
}

impl ImportOutcome {
    /// The word in the report.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportOutcome::Ok => "ok",
            ImportOutcome::Duplicate => "duplicate",
            ImportOutcome::Invalid => "invalid",
            ImportOutcome::Refused => "refused",
        }
    }

    /// Whether this row stops the import (all or nothing).
    pub fn blocks(self) -> bool {
        matches!(self, ImportOutcome::Invalid | ImportOutcome::Refused)
    }
}

/// One change a row makes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ImportChange {
    /// A new portal-only account, invited.
    AccountCreated,
    /// The account's display name changes.
    #[serde(rename_all = "camelCase")]
    NameUpdated { from: String, to: String },
    /// The account exists and keeps its name.
    AccountExists,
    /// Added to an organization (created by the import when `created`).
    #[serde(rename_all = "camelCase")]
    AddedToOrganization { organization: String, created: bool },
    /// Already a member of the organization.
    #[serde(rename_all = "camelCase")]
    AlreadyInOrganization { organization: String },
    /// Added as a customer of a project.
    #[serde(rename_all = "camelCase")]
    AddedToProject { project: String },
    /// Already a customer of the project.
    #[serde(rename_all = "camelCase")]
    AlreadyInProject { project: String },
}

impl ImportChange {
    /// The change in words, e.g. "added to organization Acme (created)".
    pub fn describe(&self) -> String {
        match self {
            ImportChange::AccountCreated => "account created".into(),
            ImportChange::NameUpdated { from, to } => format!("name updated from \"{from}\" to \"{to}\""),
            ImportChange::AccountExists => "account already there".into(),
            ImportChange::AddedToOrganization {
                organization,
                created: true,
            } => {
                format!("added to organization {organization} (created)")
            }
            ImportChange::AddedToOrganization { organization, .. } => {
                format!("added to organization {organization}")
            }
            ImportChange::AlreadyInOrganization { organization } => {
                format!("already in organization {organization}")
            }
            ImportChange::AddedToProject { project } => format!("added to project {project}"),
            ImportChange::AlreadyInProject { project } => format!("already a customer of {project}"),
        }
    }
}

/// The report of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ImportRowResult {
    /// The line of the file the row starts on (the header is line 1).
    pub line: usize,
    /// The address, normalized when valid, else as written.
    pub email: String,
    /// What became of it.
    pub outcome: ImportOutcome,
    /// Why, for every outcome but `ok`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// What it changes (`ok` rows).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<ImportChange>,
}

/// Counts of an import's rows and changes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    /// Rows (the header left out).
    pub rows: usize,
    /// Rows that are written.
    pub ok: usize,
    /// Rows repeating an earlier one.
    pub duplicates: usize,
    /// Invalid rows.
    pub invalid: usize,
    /// Refused rows.
    pub refused: usize,
    /// New accounts.
    pub accounts_created: usize,
    /// Display names changed.
    pub names_updated: usize,
    /// Organizations created.
    pub organizations_created: usize,
    /// Memberships of organizations added.
    pub added_to_organizations: usize,
    /// Project customers added.
    pub added_to_projects: usize,
    /// Invitation or verification messages queued.
    pub messages: usize,
}

/// The options of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ImportOptions {
    /// Create the organizations the file names that do not exist yet (else such a row is
    /// invalid).
    pub create_organizations: bool,
    /// Send each new person one message (invitation or email verification, by the
    /// "Customer invited" setting of the first project of their row); off sends none.
    pub send_invitations: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            create_organizations: false,
            send_invitations: true,
        }
    }
}

/// An import: its state, progress, and report (a page of its rows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ImportStatus {
    /// The import's id (a dry run has one too: its report stays downloadable).
    pub id: String,
    /// Where it stands.
    pub state: ImportState,
    /// The file's name, as sent.
    pub file_name: String,
    /// The header row's cells.
    pub columns: Vec<String>,
    /// The columns used.
    pub mapping: ImportMapping,
    /// The options.
    pub options: ImportOptions,
    /// Rows in the file (the header left out).
    pub rows_total: usize,
    /// Rows done so far (equal to `rowsTotal` once finished).
    pub rows_done: usize,
    /// The counts, once known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<ImportSummary>,
    /// Why a failed import failed, in a sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    /// When it finished, if it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<i64>,
    /// Index of the first row result below.
    pub start: usize,
    /// Row results from `start`, in file order (`start` and `limit` page through them; with
    /// `attention=true`, only rows that are not `ok`).
    pub results: Vec<ImportRowResult>,
    /// How many row results there are in all (with `attention=true`, how many need it).
    pub results_total: usize,
}
