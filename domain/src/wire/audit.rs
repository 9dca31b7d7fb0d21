//! The audit trail (`GET /rest/clientele/1/audit`) and undoing a bulk change
//! (`/rest/clientele/1/bulk-change/{id}`): Clientele's own, no JSM counterpart.

use serde::{Deserialize, Serialize};

use super::JsmDate;

/// Something an event concerns: an account, an organization, a project, the settings, a
/// managed domain, a help center or a bulk change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuditThing {
    /// `account`, `organization`, `project`, `settings`, `managedDomain`, `helpCenter` or
    /// `bulkChange`.
    pub kind: String,
    /// Its id (for a managed domain, the domain; for the settings, `site`).
    pub id: String,
    /// Its name when the event was recorded.
    pub name: String,
}

/// One field's value before and after (absent when there was none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuditChange {
    /// The field (`displayName`, `status`, `name`, `plan`, …).
    pub field: String,
    /// Its value before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// Its value after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// Who made a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuditActor {
    /// Their account id; absent for the system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// Their address when they made it, or `system`.
    pub name: String,
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuditEvent {
    /// Its id.
    pub id: String,
    /// When.
    pub at: JsmDate,
    /// Who.
    pub actor: AuditActor,
    /// How: `app`, `api`, `helpCenter`, `bulkAdd`, `import` or `system`.
    pub via: String,
    /// What: `account.created`, `project.customerAdded`, `organization.renamed`, …
    pub action: String,
    /// What it was done to.
    pub target: AuditThing,
    /// The other party, when there is one (the project a customer was added to).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<AuditThing>,
    /// The fields that changed.
    pub changes: Vec<AuditChange>,
    /// The id of the request that made it (`X-Request-Id`).
    pub request_id: String,
    /// The bulk change it was part of, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bulk_change_id: Option<String>,
}

/// A bulk change (a bulk add or an import) as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BulkChange {
    /// Its id.
    pub id: String,
    /// `bulkAdd` or `import`.
    pub kind: String,
    /// Who ran it.
    pub actor: AuditActor,
    /// Where people were added.
    pub target: AuditThing,
    /// When it ran.
    pub created: JsmDate,
    /// Until when it can be undone (24 hours after it ran).
    pub undoable_until: JsmDate,
    /// When it was undone, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undone: Option<JsmDate>,
}

/// An account an undo leaves in place, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KeptAccount {
    /// The account.
    pub account: AuditThing,
    /// Why it stays.
    pub reason: String,
}

/// A membership an undo removes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RemovedMembership {
    /// The account.
    pub account: AuditThing,
    /// The project or organization it is removed from.
    pub from: AuditThing,
}

/// What undoing a bulk change does (`GET`, a dry run) or did (`POST`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UndoReport {
    /// The bulk change.
    pub bulk_change: BulkChange,
    /// Whether this is a dry run (nothing written).
    pub dry_run: bool,
    /// Memberships and project access it added that are removed.
    pub removed: Vec<RemovedMembership>,
    /// Accounts it created that are deleted (their owners never signed in).
    pub deleted_accounts: Vec<AuditThing>,
    /// Accounts it created that stay, each with the reason.
    pub kept_accounts: Vec<KeptAccount>,
}
