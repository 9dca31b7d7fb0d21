//! Customers: lists with search, and the set-based writes of a bulk add.

use std::collections::{HashMap, HashSet};

use super::audit::{account_things, organization_thing, project_thing, record_all, Actor, Event, Thing};
use super::db::{on_pool, on_tx};
use super::search::{
    customer_page_by, customer_page_with_details, searched_in_steps, Drive, Scope, SEARCH_WINDOW, SEPARATOR,
};
use super::seek::Seek;
use super::sql::{bind_all, Statement, Value};
use super::users::USER_COLUMNS;
use super::{now_millis, Store, StoreError, StoreErrorKind, StoreResult, Tx, UserRow};
use clientele_domain::account::AccountStatus;
use clientele_domain::email::Email;

/// Rows per multi-row statement: well under SQLite's limit on bound parameters.
const CHUNK: usize = 400;

/// Filters of the site-wide customer list.
#[derive(Debug, Default, Clone)]
pub struct CustomerFilter<'a> {
    pub query: Option<&'a str>,
    pub status: Option<AccountStatus>,
    /// `portal` or `full`.
    pub kind: Option<&'a str>,
}

/// An account as a list shows it: with its organizations, its last invitation and, on a
/// project's lists, its requests there.
#[derive(Debug, Clone)]
pub struct ListedCustomer {
    pub user: UserRow,
    /// (id, name), by name.
    pub organizations: Vec<(i64, String)>,
    /// The last invitation or verification message: (kind, queued at, state).
    pub invitation: Option<(String, i64, String)>,
    /// Open and closed requests in the project asked about.
    pub requests: Option<(i64, i64)>,
}

#[derive(sqlx::FromRow)]
struct ListedRow {
    #[sqlx(flatten)]
    user: UserRow,
    organizations: String,
    invitation: Option<String>,
    open_count: Option<i64>,
    closed_count: Option<i64>,
}

impl ListedRow {
    fn listed(self, counted: bool) -> ListedCustomer {
        let parts: Vec<&str> = self.organizations.split(SEPARATOR).collect();
        let organizations = parts
            .chunks(2)
            .filter_map(|pair| match pair {
                [id, name] => Some((id.parse().ok()?, name.to_string())),
                _ => None,
            })
            .collect();
        let invitation = self.invitation.and_then(|text| {
            let mut parts = text.splitn(3, SEPARATOR);
            let kind = parts.next()?.to_string();
            let at = parts.next()?.parse().ok()?;
            Some((kind, at, parts.next()?.to_string()))
        });
        ListedCustomer {
            user: self.user,
            organizations,
            invitation,
            requests: counted.then(|| (self.open_count.unwrap_or(0), self.closed_count.unwrap_or(0))),
        }
    }
}

/// An existing account found by address during a bulk add.
#[derive(Debug, Clone)]
pub struct ExistingAccount {
    pub id: i64,
    pub status: AccountStatus,
    pub display_name: String,
}

/// Matches in the first window of a search (see `searched_in_steps`) from which a fragment
/// counts as common: one in 500 accounts or more.
const COMMON_IN_WINDOW: i64 = 4;

impl Store {
    /// A page of a project's own customers (added directly), optionally searched, by id, with
    /// their requests in the project. Returns up to `limit + 1` rows (the extra one means
    /// "there is more").
    pub async fn project_customers(
        &self,
        project_id: i64,
        query: Option<&str>,
        seek: &Seek,
        limit: i64,
    ) -> StoreResult<Vec<ListedCustomer>> {
        self.customer_page(Scope::Project(project_id), query, seek, limit, Some(project_id))
            .await
    }

    /// A page of an organization's members, optionally searched, by id; with `counts_in`, each
    /// one's requests in that project.
    pub async fn organization_members(
        &self,
        organization_id: i64,
        query: Option<&str>,
        seek: &Seek,
        limit: i64,
        counts_in: Option<i64>,
    ) -> StoreResult<Vec<ListedCustomer>> {
        self.customer_page(
            Scope::Organization(organization_id),
            query,
            seek,
            limit,
            counts_in,
        )
        .await
    }

    /// A page of every account on the site, searched and filtered, by id.
    pub async fn all_customers(
        &self,
        filter: &CustomerFilter<'_>,
        seek: &Seek,
        limit: i64,
    ) -> StoreResult<Vec<ListedCustomer>> {
        let scope = Scope::Site {
            status: filter.status,
            kind: filter.kind,
        };
        self.customer_page(scope, filter.query, seek, limit, None).await
    }

    /// One page (`limit + 1` rows) of the accounts in `scope` matching `query`, with their
    /// details, in one statement.
    async fn customer_page(
        &self,
        scope: Scope<'_>,
        query: Option<&str>,
        seek: &Seek,
        limit: i64,
        counts_in: Option<i64>,
    ) -> StoreResult<Vec<ListedCustomer>> {
        let backend = self.backend();
        let run = |statement: Statement| async move {
            let rows: Vec<ListedRow> = on_pool!(self, pool => bind_all!(sqlx::query_as(&statement.sql).persistent(!statement.plan_each_time), statement)
                .fetch_all(pool)
                .await)?;
            StoreResult::Ok(rows)
        };
        let rows = if !searched_in_steps(backend, query) {
            run(customer_page_with_details(
                backend, scope, query, seek, limit, counts_in,
            ))
            .await?
        } else {
            // See `searched_in_steps`: a window of accounts in id order first; a full page
            // there is the page.
            let page = |drive| customer_page_by(backend, scope, query, seek, limit, counts_in, drive);
            let mut rows = run(page(Drive::Window(SEARCH_WINDOW))).await?;
            let found = rows.len() as i64;
            if found <= limit && seek.offset() == 0 && found >= COMMON_IN_WINDOW {
                // A common fragment: a window twice the size its share of the first one
                // says fills the page.
                let window = (SEARCH_WINDOW * (limit + 1) * 2 / found).min(SEARCH_WINDOW * 40);
                rows = run(page(Drive::Window(window))).await?;
            }
            if rows.len() as i64 <= limit {
                rows = run(page(Drive::Matches)).await?;
            }
            rows
        };
        Ok(rows
            .into_iter()
            .map(|row| row.listed(counts_in.is_some()))
            .collect())
    }

    /// An account by id.
    pub async fn user_by_id(&self, id: i64) -> StoreResult<Option<UserRow>> {
        Ok(
            on_pool!(self, pool => sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?"))
                .bind(id)
                .fetch_optional(pool)
                .await)?,
        )
    }

    /// The organizations of each of these accounts: (user id, organization id, name).
    pub async fn organizations_of(&self, user_ids: &[i64]) -> StoreResult<Vec<(i64, i64, String)>> {
        if user_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut found = Vec::new();
        for chunk in user_ids.chunks(CHUNK) {
            let mut q = Statement::new(
                "SELECT organization_members.user_id, organizations.id, organizations.name FROM organization_members \
                 JOIN organizations ON organizations.id = organization_members.organization_id \
                 WHERE organization_members.user_id IN (",
            );
            q.list(chunk).push(") ORDER BY organizations.name");
            let rows: Vec<(i64, i64, String)> =
                on_pool!(self, pool => bind_all!(sqlx::query_as(&q.sql), q).fetch_all(pool).await)?;
            found.extend(rows);
        }
        if user_ids.len() > CHUNK {
            found.sort_by(|a, b| a.2.cmp(&b.2));
        }
        Ok(found)
    }

    /// The ids of accounts with these ids or address keys; unknown ones are left out.
    pub async fn resolve_accounts(&self, ids: &[i64], keys: &[String]) -> StoreResult<Vec<i64>> {
        let mut tx = self.begin().await?;
        resolve_accounts(&mut tx, ids, keys).await
    }

    /// Removes these accounts from a project's customers (absent ones are no-ops).
    pub async fn remove_project_customers(
        &self,
        actor: &Actor,
        project_id: i64,
        user_ids: &[i64],
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let removed = remove_members(&mut tx, PROJECT_CUSTOMERS, project_id, user_ids).await?;
        if let Some(project) = project_thing(&mut tx, project_id).await? {
            record_removals(&mut tx, actor, "project.customerRemoved", project, &removed).await?;
        }
        tx.commit().await
    }

    /// Removes these accounts from an organization (absent ones are no-ops).
    pub async fn remove_organization_members(
        &self,
        actor: &Actor,
        organization_id: i64,
        user_ids: &[i64],
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let removed = remove_members(&mut tx, ORGANIZATION_MEMBERS, organization_id, user_ids).await?;
        if let Some(organization) = organization_thing(&mut tx, organization_id).await? {
            record_removals(
                &mut tx,
                actor,
                "organization.memberRemoved",
                organization,
                &removed,
            )
            .await?;
        }
        tx.commit().await
    }

    /// The projects an account is a customer of directly: (key, name).
    pub async fn customer_projects(&self, user_id: i64) -> StoreResult<Vec<(String, String)>> {
        Ok(on_pool!(self, pool => sqlx::query_as(
            "SELECT projects.project_key, projects.name FROM project_customers \
             JOIN projects ON projects.id = project_customers.project_id WHERE project_customers.user_id = ? \
             ORDER BY projects.name",
        )
        .bind(user_id)
        .fetch_all(pool)
        .await)?)
    }
}

/// The accounts among these address keys ([`Email::key`]) that exist already.
pub async fn existing_accounts(
    tx: &mut Tx,
    keys: &[String],
) -> StoreResult<HashMap<String, ExistingAccount>> {
    let mut found = HashMap::new();
    for chunk in keys.chunks(CHUNK) {
        let mut q =
            Statement::new("SELECT email_key, id, status, display_name FROM users WHERE email_key IN (");
        q.list(chunk).push(")");
        let rows: Vec<(String, i64, String, String)> =
            on_tx!(tx, conn => bind_all!(sqlx::query_as(&q.sql), q).fetch_all(conn).await)?;
        for (key, id, status, display_name) in rows {
            found.insert(
                key,
                ExistingAccount {
                    id,
                    status: AccountStatus::try_from(status)
                        .map_err(|e| StoreError::new(StoreErrorKind::Other, e))?,
                    display_name,
                },
            );
        }
    }
    Ok(found)
}

/// Creates portal-only accounts in status *invited* for (address, display name) pairs whose
/// address has no account yet, and returns the ids by address key. An address created at the
/// same moment by another request is not duplicated: the unique key folds it into one account.
pub async fn create_invited_accounts(
    tx: &mut Tx,
    accounts: &[(Email, String)],
) -> StoreResult<HashMap<String, i64>> {
    let now = now_millis();
    for chunk in accounts.chunks(CHUNK) {
        let mut q = Statement::new(
            "INSERT INTO users (email, email_key, display_name, kind, status, site_admin, created_at) ",
        );
        q.rows(chunk, |(email, name)| {
            vec![
                Value::from(email.as_str()),
                Value::from(email.key()),
                Value::from(name),
                Value::from("portal"),
                Value::from(AccountStatus::Invited.as_str()),
                Value::from(false),
                Value::from(now),
            ]
        });
        q.push(" ON CONFLICT (email_key) DO NOTHING");
        on_tx!(tx, conn => bind_all!(sqlx::query(&q.sql), q).execute(conn).await.map(|_| ()))?;
    }
    let keys: Vec<String> = accounts.iter().map(|(email, _)| email.key()).collect();
    Ok(existing_accounts(tx, &keys)
        .await?
        .into_iter()
        .map(|(k, a)| (k, a.id))
        .collect())
}

/// A membership table: projects' customers or organizations' members.
#[derive(Clone, Copy)]
struct Membership {
    table: &'static str,
    scope: &'static str,
}

const PROJECT_CUSTOMERS: Membership = Membership {
    table: "project_customers",
    scope: "project_id",
};
const ORGANIZATION_MEMBERS: Membership = Membership {
    table: "organization_members",
    scope: "organization_id",
};

/// Inserts memberships; returns the ids that were not members already.
async fn add_members(
    tx: &mut Tx,
    membership: Membership,
    scope_id: i64,
    user_ids: &[i64],
) -> StoreResult<HashSet<i64>> {
    let now = now_millis();
    let mut added = HashSet::new();
    for chunk in user_ids.chunks(CHUNK) {
        let mut q = Statement::new(format!(
            "INSERT INTO {} ({}, user_id, added_at) ",
            membership.table, membership.scope
        ));
        q.rows(chunk, |id| {
            vec![Value::from(scope_id), Value::from(id), Value::from(now)]
        });
        q.push(&format!(
            " ON CONFLICT ({}, user_id) DO NOTHING RETURNING user_id",
            membership.scope
        ));
        let rows: Vec<(i64,)> =
            on_tx!(tx, conn => bind_all!(sqlx::query_as(&q.sql), q).fetch_all(conn).await)?;
        added.extend(rows.into_iter().map(|(id,)| id));
    }
    Ok(added)
}

/// Deletes memberships (absent ones are no-ops); returns the accounts that were members.
async fn remove_members(
    tx: &mut Tx,
    membership: Membership,
    scope_id: i64,
    user_ids: &[i64],
) -> StoreResult<Vec<i64>> {
    let mut removed = Vec::new();
    for chunk in user_ids.chunks(CHUNK) {
        let mut q = Statement::new(format!(
            "DELETE FROM {} WHERE {} = ",
            membership.table, membership.scope
        ));
        q.bind(scope_id)
            .push(" AND user_id IN (")
            .list(chunk)
            .push(") RETURNING user_id");
        let rows: Vec<(i64,)> =
            on_tx!(tx, conn => bind_all!(sqlx::query_as(&q.sql), q).fetch_all(conn).await)?;
        removed.extend(rows.into_iter().map(|(id,)| id));
    }
    Ok(removed)
}

/// Records the removal of these accounts from a project or organization.
async fn record_removals(
    tx: &mut Tx,
    actor: &Actor,
    action: &'static str,
    from: Thing,
    removed: &[i64],
) -> StoreResult<()> {
    let events: Vec<Event> = account_things(tx, removed)
        .await?
        .into_iter()
        .map(|account| Event::new(action, account).object(from.clone()))
        .collect();
    record_all(tx, actor, None, &events).await
}

/// Makes these accounts customers of a project; returns the ids that were not already.
pub async fn add_project_customers(
    tx: &mut Tx,
    project_id: i64,
    user_ids: &[i64],
) -> StoreResult<HashSet<i64>> {
    add_members(tx, PROJECT_CUSTOMERS, project_id, user_ids).await
}

/// Adds these accounts to an organization; returns the ids that were not members already.
pub async fn add_organization_members(
    tx: &mut Tx,
    organization_id: i64,
    user_ids: &[i64],
) -> StoreResult<HashSet<i64>> {
    add_members(tx, ORGANIZATION_MEMBERS, organization_id, user_ids).await
}

/// The ids of accounts with these ids or address keys; unknown ones are left out.
async fn resolve_accounts(tx: &mut Tx, ids: &[i64], keys: &[String]) -> StoreResult<Vec<i64>> {
    let mut found: Vec<i64> = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let mut q = Statement::new("SELECT id FROM users WHERE id IN (");
        q.list(chunk).push(")");
        let rows: Vec<(i64,)> =
            on_tx!(tx, conn => bind_all!(sqlx::query_as(&q.sql), q).fetch_all(conn).await)?;
        found.extend(rows.into_iter().map(|(id,)| id));
    }
    found.extend(existing_accounts(tx, keys).await?.into_values().map(|a| a.id));
    found.sort_unstable();
    found.dedup();
    Ok(found)
}
