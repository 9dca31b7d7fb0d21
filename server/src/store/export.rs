//! Reading customers for a CSV export: the rows in batches by id (keyset, so that a million
//! accounts take constant memory and no batch costs more than the one before), each with its
//! organizations, projects and last invitation, inside one read transaction so that the whole
//! file is one snapshot.

use std::collections::HashMap;

use super::db::on_tx;
use super::search::{customer_batch, customer_count, Scope};
use super::sql::{bind_all, Statement};
use super::{Backend, CustomerFilter, Store, StoreResult, Tx, UserRow};

/// Rows per batch of an export.
pub const EXPORT_BATCH: i64 = 1000;

/// Which customers an export holds.
#[derive(Debug, Clone)]
pub enum ExportScope {
    /// Every account, searched and filtered (Settings → Customers).
    Site {
        query: Option<String>,
        status: Option<clientele_domain::account::AccountStatus>,
        kind: Option<&'static str>,
    },
    /// A project's own customers, searched (a project's Customers page).
    Project { project_id: i64, query: Option<String> },
    /// Organizations whose name contains the query, each with its members (Settings →
    /// Organizations): one row per organization and member, or one for an organization
    /// without members.
    Organizations { query: Option<String> },
}

/// One account, as exported.
#[derive(Debug, Clone)]
pub struct ExportPerson {
    pub user: UserRow,
    pub created_at: i64,
    /// Organization names, by name.
    pub organizations: Vec<String>,
    /// Keys of the projects the account is a customer of, by key.
    pub projects: Vec<String>,
    /// When the newest invitation was queued, if ever.
    pub last_invitation: Option<i64>,
}

/// One row of an export: an account, and for the organizations export the organization (name,
/// attached projects' keys) it is listed under.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub organization: Option<(String, Vec<String>)>,
    pub person: Option<ExportPerson>,
}

/// Where an export stands between two batches.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExportCursor {
    /// The last account id (customers exports) or organization id (organizations export).
    pub id: i64,
    /// The last member id within that organization (organizations export).
    pub member: i64,
}

impl ExportScope {
    fn site_scope(&self) -> Option<(Scope<'_>, Option<&str>)> {
        match self {
            ExportScope::Site { query, status, kind } => Some((
                Scope::Site {
                    status: *status,
                    kind: *kind,
                },
                query.as_deref(),
            )),
            ExportScope::Project { project_id, query } => {
                Some((Scope::Project(*project_id), query.as_deref()))
            }
            ExportScope::Organizations { .. } => None,
        }
    }
}

impl Store {
    /// How many rows an export of `scope` has (sent ahead, for the page's progress bar).
    pub async fn export_count(&self, scope: &ExportScope) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        export_count(&mut tx, self.backend(), scope).await
    }

    /// A filter of Settings → Customers as an export scope.
    pub fn site_export(filter: &CustomerFilter<'_>) -> ExportScope {
        ExportScope::Site {
            query: filter.query.map(str::to_string),
            status: filter.status,
            kind: match filter.kind {
                Some("full") => Some("full"),
                Some(_) => Some("portal"),
                None => None,
            },
        }
    }
}

/// How many rows an export of `scope` has, in the transaction `tx`.
pub async fn export_count(tx: &mut Tx, backend: Backend, scope: &ExportScope) -> StoreResult<i64> {
    let statement = match scope.site_scope() {
        Some((scope, query)) => customer_count(backend, scope, query),
        None => {
            let ExportScope::Organizations { query } = scope else {
                unreachable!("site_scope is None only for organizations")
            };
            let mut q = Statement::new(
                "SELECT COUNT(*) FROM organizations o LEFT JOIN organization_members m ON m.organization_id = o.id \
                 WHERE 1 = 1",
            );
            organization_condition(&mut q, query.as_deref());
            q
        }
    };
    let count: i64 = on_tx!(tx, conn => bind_all!(sqlx::query_scalar(&statement.sql).persistent(!statement.plan_each_time), statement)
        .fetch_one(conn)
        .await)?;
    Ok(count)
}

fn organization_condition(q: &mut Statement, query: Option<&str>) {
    if let Some(query) = query.map(str::trim).filter(|q| !q.is_empty()) {
        q.push(" AND o.name_key LIKE ")
            .bind(super::sql::contains_pattern(query))
            .push(" ESCAPE '\\'");
    }
}

/// The next batch of an export after `cursor`, and the cursor after it (none at the end).
pub async fn export_batch(
    tx: &mut Tx,
    backend: Backend,
    scope: &ExportScope,
    cursor: ExportCursor,
) -> StoreResult<(Vec<ExportRow>, Option<ExportCursor>)> {
    if let Some((scope, query)) = scope.site_scope() {
        let statement = customer_batch(backend, scope, query, cursor.id, EXPORT_BATCH);
        let users: Vec<UserRow> = on_tx!(tx, conn => bind_all!(sqlx::query_as(&statement.sql).persistent(!statement.plan_each_time), statement)
            .fetch_all(conn)
            .await)?;
        let next = (users.len() as i64 == EXPORT_BATCH).then(|| ExportCursor {
            id: users.last().map_or(cursor.id, |u| u.id),
            member: 0,
        });
        let people = people(tx, users).await?;
        let rows = people
            .into_iter()
            .map(|person| ExportRow {
                organization: None,
                person: Some(person),
            })
            .collect();
        return Ok((rows, next));
    }
    let ExportScope::Organizations { query } = scope else {
        unreachable!("site_scope is None only for organizations")
    };
    let mut q = Statement::new(
        "SELECT o.id, o.name, m.user_id FROM organizations o \
         LEFT JOIN organization_members m ON m.organization_id = o.id WHERE (o.id > ",
    );
    q.bind(cursor.id)
        .push(" OR (o.id = ")
        .bind(cursor.id)
        .push(" AND m.user_id > ")
        .bind(cursor.member)
        .push("))");
    organization_condition(&mut q, query.as_deref());
    q.push(" ORDER BY o.id, m.user_id LIMIT ").bind(EXPORT_BATCH);
    let pairs: Vec<(i64, String, Option<i64>)> =
        on_tx!(tx, conn => bind_all!(sqlx::query_as(&q.sql), q).fetch_all(conn).await)?;
    let next = (pairs.len() as i64 == EXPORT_BATCH).then(|| {
        let (id, _, member) = pairs.last().cloned().unwrap_or_default();
        ExportCursor {
            id,
            member: member.unwrap_or(i64::MAX),
        }
    });
    let mut org_ids: Vec<i64> = pairs.iter().map(|p| p.0).collect();
    org_ids.dedup();
    let org_projects = lists(
        tx,
        "SELECT op.organization_id, p.project_key FROM organization_projects op \
         JOIN projects p ON p.id = op.project_id WHERE op.organization_id IN (",
        ") ORDER BY op.organization_id, p.project_key",
        &org_ids,
    )
    .await?;
    let mut member_ids: Vec<i64> = pairs.iter().filter_map(|p| p.2).collect();
    member_ids.sort_unstable();
    member_ids.dedup();
    let users = users_by_id(tx, &member_ids).await?;
    let people: HashMap<i64, ExportPerson> = people(tx, users)
        .await?
        .into_iter()
        .map(|p| (p.user.id, p))
        .collect();
    let rows = pairs
        .into_iter()
        .map(|(org, name, member)| ExportRow {
            organization: Some((name, org_projects.get(&org).cloned().unwrap_or_default())),
            person: member.and_then(|m| people.get(&m).cloned()),
        })
        .collect();
    Ok((rows, next))
}

async fn users_by_id(tx: &mut Tx, ids: &[i64]) -> StoreResult<Vec<UserRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Statement::new(format!(
        "SELECT {} FROM users WHERE users.id IN (",
        super::users::USER_COLUMNS
    ));
    q.list(ids).push(") ORDER BY users.id");
    Ok(on_tx!(tx, conn => bind_all!(sqlx::query_as(&q.sql), q).fetch_all(conn).await)?)
}

/// `(owner id, text)` pairs of `head … IN (ids) tail`, gathered by owner.
async fn lists(tx: &mut Tx, head: &str, tail: &str, ids: &[i64]) -> StoreResult<HashMap<i64, Vec<String>>> {
    let mut found: HashMap<i64, Vec<String>> = HashMap::new();
    if ids.is_empty() {
        return Ok(found);
    }
    let mut q = Statement::new(head);
    q.list(ids).push(tail);
    let rows: Vec<(i64, String)> =
        on_tx!(tx, conn => bind_all!(sqlx::query_as(&q.sql), q).fetch_all(conn).await)?;
    for (id, text) in rows {
        found.entry(id).or_default().push(text);
    }
    Ok(found)
}

/// The accounts with their organizations, projects, creation time and last invitation.
async fn people(tx: &mut Tx, users: Vec<UserRow>) -> StoreResult<Vec<ExportPerson>> {
    let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let organizations = lists(
        tx,
        "SELECT m.user_id, o.name FROM organization_members m JOIN organizations o ON o.id = m.organization_id \
         WHERE m.user_id IN (",
        ") ORDER BY m.user_id, o.name_key, o.id",
        &ids,
    )
    .await?;
    let projects = lists(
        tx,
        "SELECT c.user_id, p.project_key FROM project_customers c JOIN projects p ON p.id = c.project_id \
         WHERE c.user_id IN (",
        ") ORDER BY c.user_id, p.project_key",
        &ids,
    )
    .await?;
    let mut q = Statement::new(
        "SELECT users.id, users.created_at, (SELECT MAX(outbox.created_at) FROM outbox \
         WHERE outbox.user_id = users.id AND outbox.kind = 'invitation') FROM users WHERE users.id IN (",
    );
    q.list(&ids).push(")");
    let times: Vec<(i64, i64, Option<i64>)> =
        on_tx!(tx, conn => bind_all!(sqlx::query_as(&q.sql), q).fetch_all(conn).await)?;
    let times: HashMap<i64, (i64, Option<i64>)> = times.into_iter().map(|(id, c, l)| (id, (c, l))).collect();
    Ok(users
        .into_iter()
        .map(|user| {
            let (created_at, last_invitation) = times.get(&user.id).copied().unwrap_or((0, None));
            ExportPerson {
                organizations: organizations.get(&user.id).cloned().unwrap_or_default(),
                projects: projects.get(&user.id).cloned().unwrap_or_default(),
                created_at,
                last_invitation,
                user,
            }
        })
        .collect())
}
