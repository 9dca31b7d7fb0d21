//! Customer lists with search, built as one SQL statement per shape.
//!
//! Three characters or more go through the FTS5 trigram index, and the index *drives* the
//! query: it yields matching ids in ascending order, each is checked for membership with a
//! primary-key probe, and `LIMIT` stops the scan as soon as the page is full. (Collecting every
//! match first and then filtering took ~5× longer for common fragments such as "ada".) Shorter
//! strings, which the trigram index cannot answer, fall back to `LIKE`. Every shape orders by
//! account id, so pages are stable whichever way they were found.
//!
//! On PostgreSQL every search is the `LIKE` shape: `pg_trgm`'s GIN indexes on `email_key` and
//! `lower(display_name)` answer `LIKE '%…%'` for three characters or more, and the planner
//! chooses between them and walking the primary key in order. That choice rests on how many
//! accounts the fragment matches, which the planner reads from the columns' statistics (kept
//! finer than the default, migration 0003), so the statement is planned for its own pattern
//! each time rather than kept prepared (a prepared statement may switch to one generic plan
//! for every pattern).

use super::db::Backend;
use super::sql::Statement;
use super::users::USER_COLUMNS;
use clientele_domain::account::AccountStatus;

/// Whose customers a list shows.
#[derive(Debug, Clone, Copy)]
pub(super) enum Scope<'a> {
    /// A project's own customers.
    Project(i64),
    /// An organization's members.
    Organization(i64),
    /// Every account, optionally by status and kind.
    Site {
        status: Option<AccountStatus>,
        kind: Option<&'a str>,
    },
}

/// A search string, classified.
enum Search {
    All,
    /// A quoted FTS5 phrase.
    Indexed(String),
    /// A `LIKE` pattern on lowercased text.
    Short(String),
}

impl Search {
    fn new(backend: Backend, query: Option<&str>) -> Search {
        // No stored name or address holds a NUL, and PostgreSQL text cannot carry one.
        let query = query.map(|q| q.replace('\0', ""));
        match query.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            None => Search::All,
            Some(q) if q.chars().count() >= 3 && backend == Backend::Sqlite => {
                Search::Indexed(format!("\"{}\"", q.replace('"', "\"\"")))
            }
            Some(q) => {
                let escaped = q
                    .to_lowercase()
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                Search::Short(format!("%{escaped}%"))
            }
        }
    }
}

/// The membership condition on the account id expression `id`.
fn push_scope(q: &mut Statement, scope: Scope<'_>, id: &str) {
    match scope {
        Scope::Project(project) => {
            q.push(" AND EXISTS (SELECT 1 FROM project_customers m WHERE m.project_id = ");
            q.bind(project).push(&format!(" AND m.user_id = {id})"));
        }
        Scope::Organization(organization) => {
            q.push(" AND EXISTS (SELECT 1 FROM organization_members m WHERE m.organization_id = ");
            q.bind(organization).push(&format!(" AND m.user_id = {id})"));
        }
        Scope::Site { status, kind } => {
            if let Some(status) = status {
                q.push(" AND users.status = ").bind(status.as_str());
            }
            if let Some(kind) = kind {
                q.push(" AND users.kind = ").bind(kind);
            }
        }
    }
}

/// `SELECT` of one page (`limit + 1` rows) of accounts in `scope` matching `query`.
pub(super) fn customer_page(
    backend: Backend,
    scope: Scope<'_>,
    query: Option<&str>,
    start: i64,
    limit: i64,
) -> Statement {
    let mut q = customer_select(backend, scope, query, None);
    q.push(" LIMIT ").bind(limit + 1).push(" OFFSET ").bind(start);
    q
}

/// `SELECT` of the next `limit` accounts in `scope` matching `query` with an id above `after`
/// (an export walks the whole list this way, one batch at a time, in constant memory).
pub(super) fn customer_batch(
    backend: Backend,
    scope: Scope<'_>,
    query: Option<&str>,
    after: i64,
    limit: i64,
) -> Statement {
    let mut q = customer_select(backend, scope, query, Some(after));
    q.push(" LIMIT ").bind(limit);
    q
}

/// `SELECT COUNT(*)` of the accounts in `scope` matching `query`.
pub(super) fn customer_count(backend: Backend, scope: Scope<'_>, query: Option<&str>) -> Statement {
    let inner = customer_select(backend, scope, query, None);
    let mut q = Statement::new(format!("SELECT COUNT(*) FROM ({}) counted", inner.sql));
    q.values = inner.values;
    q.plan_each_time = inner.plan_each_time;
    q
}

/// The accounts in `scope` matching `query` (with an id above `after`, when given), by id.
fn customer_select(backend: Backend, scope: Scope<'_>, query: Option<&str>, after: Option<i64>) -> Statement {
    let mut q = Statement::new(format!("SELECT {USER_COLUMNS} FROM "));
    let above = |q: &mut Statement, id: &str| {
        if let Some(after) = after {
            q.push(&format!(" AND {id} > ")).bind(after);
        }
    };
    match Search::new(backend, query) {
        Search::Indexed(phrase) => {
            // CROSS JOIN keeps the index as the outer loop.
            q.push(
                "users_search CROSS JOIN users ON users.id = users_search.rowid WHERE users_search MATCH ",
            );
            q.bind(phrase);
            push_scope(&mut q, scope, "users_search.rowid");
            above(&mut q, "users_search.rowid");
            q.push(" ORDER BY users_search.rowid");
        }
        Search::Short(pattern) => {
            q.plan_each_time = backend == Backend::Postgres;
            q.push("users WHERE (users.email_key LIKE ");
            q.bind(pattern.clone())
                .push(" ESCAPE '\\' OR LOWER(users.display_name) LIKE ");
            q.bind(pattern).push(" ESCAPE '\\')");
            push_scope(&mut q, scope, "users.id");
            above(&mut q, "users.id");
            q.push(" ORDER BY users.id");
        }
        Search::All => {
            match scope {
                // Walk the membership table's primary key: no scan of other projects' customers.
                Scope::Project(project) => {
                    q.push("project_customers m JOIN users ON users.id = m.user_id WHERE m.project_id = ");
                    q.bind(project);
                    above(&mut q, "m.user_id");
                    q.push(" ORDER BY m.user_id");
                }
                Scope::Organization(organization) => {
                    q.push("organization_members m JOIN users ON users.id = m.user_id WHERE m.organization_id = ");
                    q.bind(organization);
                    above(&mut q, "m.user_id");
                    q.push(" ORDER BY m.user_id");
                }
                Scope::Site { .. } => {
                    q.push("users WHERE 1 = 1");
                    push_scope(&mut q, scope, "users.id");
                    above(&mut q, "users.id");
                    q.push(" ORDER BY users.id");
                }
            }
        }
    }
    q
}
