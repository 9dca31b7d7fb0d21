//! The tables `migrate-data` copies, and how each column is read and written.

/// How a column is read from the source and bound on the target.
#[derive(Clone, Copy)]
pub(super) enum Kind {
    Int,
    MaybeInt,
    Text,
    MaybeText,
    Bool,
}

/// A table as copied: its columns, the leading `key` of which are its primary key.
pub(super) struct Table {
    pub(super) name: &'static str,
    pub(super) columns: &'static [(&'static str, Kind)],
    pub(super) key: usize,
    /// Appended to each insert: the settings rows the migrations wrote are overwritten.
    pub(super) on_conflict: &'static str,
}

use Kind::{Bool, Int, MaybeInt, MaybeText, Text};

/// Every table that holds the site, in an order in which each row's references are already
/// there (foreign keys stay on).
pub(super) const TABLES: &[Table] = &[
    Table {
        name: "users",
        columns: &[
            ("id", Int),
            ("email", Text),
            ("email_key", Text),
            ("display_name", Text),
            ("kind", Text),
            ("status", Text),
            ("site_admin", Bool),
            ("password_hash", MaybeText),
            ("time_zone", Text),
            ("created_at", Int),
            ("email_verified", Bool),
        ],
        key: 1,
        on_conflict: "",
    },
    Table {
        name: "projects",
        columns: &[
            ("id", Int),
            ("project_key", Text),
            ("name", Text),
            ("project_type", Text),
            ("public_signup", Bool),
            ("customer_invited_notification", Bool),
            ("last_request_number", Int),
        ],
        key: 1,
        on_conflict: "",
    },
    Table {
        name: "help_centers",
        columns: &[("id", Int), ("slug", Text), ("name", Text), ("is_default", Bool)],
        key: 1,
        on_conflict: "",
    },
    Table {
        name: "organizations",
        columns: &[
            ("id", Int),
            ("name", Text),
            ("name_key", Text),
            ("created_at", Int),
        ],
        key: 1,
        on_conflict: "",
    },
    Table {
        name: "project_roles",
        columns: &[("project_id", Int), ("user_id", Int), ("role", Text)],
        key: 2,
        on_conflict: "",
    },
    Table {
        name: "project_customers",
        columns: &[("project_id", Int), ("user_id", Int), ("added_at", Int)],
        key: 2,
        on_conflict: "",
    },
    Table {
        name: "organization_members",
        columns: &[("organization_id", Int), ("user_id", Int), ("added_at", Int)],
        key: 2,
        on_conflict: "",
    },
    Table {
        name: "organization_projects",
        columns: &[("organization_id", Int), ("project_id", Int)],
        key: 2,
        on_conflict: "",
    },
    Table {
        name: "organization_properties",
        columns: &[("organization_id", Int), ("property_key", Text), ("value", Text)],
        key: 2,
        on_conflict: "",
    },
    Table {
        name: "settings",
        columns: &[("setting_key", Text), ("value", Text)],
        key: 1,
        on_conflict: " ON CONFLICT (setting_key) DO UPDATE SET value = excluded.value",
    },
    Table {
        name: "managed_domains",
        columns: &[("domain", Text)],
        key: 1,
        on_conflict: "",
    },
    Table {
        name: "api_tokens",
        columns: &[
            ("id", Int),
            ("user_id", Int),
            ("label", Text),
            ("token_hash", Text),
            ("created_at", Int),
        ],
        key: 1,
        on_conflict: "",
    },
    Table {
        name: "account_tokens",
        columns: &[
            ("token_hash", Text),
            ("user_id", Int),
            ("purpose", Text),
            ("help_center_id", MaybeInt),
            ("created_at", Int),
            ("expires_at", Int),
            ("used_at", MaybeInt),
            ("password_hash", MaybeText),
        ],
        key: 1,
        on_conflict: "",
    },
    Table {
        name: "outbox",
        columns: &[
            ("id", Int),
            ("recipient", Text),
            ("user_id", MaybeInt),
            ("kind", Text),
            ("subject", Text),
            ("text_body", Text),
            ("html_body", Text),
            ("state", Text),
            ("attempts", Int),
            ("last_error", MaybeText),
            ("next_attempt_at", Int),
            ("created_at", Int),
            ("sent_at", MaybeInt),
            ("link", MaybeText),
        ],
        key: 1,
        on_conflict: "",
    },
    Table {
        name: "mail_attempts",
        columns: &[
            ("id", Int),
            ("outbox_id", Int),
            ("attempted_at", Int),
            ("succeeded", Bool),
            ("error", MaybeText),
        ],
        key: 1,
        on_conflict: "",
    },
    Table {
        name: "request_types",
        columns: &[
            ("id", Int),
            ("project_id", Int),
            ("name", Text),
            ("description", Text),
            ("help_center_id", MaybeInt),
            ("removed", Bool),
            ("created_at", Int),
        ],
        key: 1,
        on_conflict: "",
    },
    Table {
        name: "requests",
        columns: &[
            ("id", Int),
            ("project_id", Int),
            ("number", Int),
            ("request_type_id", Int),
            ("summary", Text),
            ("summary_key", Text),
            ("description", Text),
            ("reporter_id", MaybeInt),
            ("raised_by_id", MaybeInt),
            ("organization_id", MaybeInt),
            ("status", Text),
            ("created_at", Int),
            ("updated_at", Int),
            ("status_at", Int),
            ("resolved_at", MaybeInt),
        ],
        key: 1,
        on_conflict: "",
    },
    Table {
        name: "request_participants",
        columns: &[("request_id", Int), ("user_id", Int)],
        key: 2,
        on_conflict: "",
    },
    Table {
        name: "request_comments",
        columns: &[
            ("id", Int),
            ("request_id", Int),
            ("author_id", MaybeInt),
            ("body", Text),
            ("public", Bool),
            ("created_at", Int),
        ],
        key: 1,
        on_conflict: "",
    },
    Table {
        name: "request_status_changes",
        columns: &[
            ("id", Int),
            ("request_id", Int),
            ("status", Text),
            ("changed_at", Int),
        ],
        key: 1,
        on_conflict: "",
    },
    Table {
        name: "request_counts",
        columns: &[
            ("project_id", Int),
            ("user_id", Int),
            ("open_count", Int),
            ("closed_count", Int),
        ],
        key: 2,
        on_conflict: "",
    },
    Table {
        name: "change_sets",
        columns: &[
            ("id", Int),
            ("kind", Text),
            ("actor_id", MaybeInt),
            ("actor_name", Text),
            ("target_kind", Text),
            ("target_id", Text),
            ("target_name", Text),
            ("created_at", Int),
            ("undone_at", MaybeInt),
            ("undone_by", MaybeInt),
        ],
        key: 1,
        on_conflict: "",
    },
    Table {
        name: "audit_events",
        columns: &[
            ("id", Int),
            ("at", Int),
            ("actor_id", MaybeInt),
            ("actor_name", Text),
            ("via", Text),
            ("action", Text),
            ("target_kind", Text),
            ("target_id", Text),
            ("target_name", Text),
            ("object_kind", MaybeText),
            ("object_id", MaybeText),
            ("object_name", MaybeText),
            ("changes", Text),
            ("request_id", Text),
            ("change_set_id", MaybeInt),
        ],
        key: 1,
        on_conflict: "",
    },
];

/// Tables counted but not copied: a session is a sign-in on the old site.
pub(super) const NOT_COPIED: &[&str] = &["sessions"];

/// Tables whose rows the migrations write, so that an empty database already holds some.
pub(super) const FILLED_BY_MIGRATIONS: &[&str] = &["settings"];
