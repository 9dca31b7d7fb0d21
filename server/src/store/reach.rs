//! Which accounts a caller may learn about: the one definition of "within reach".
//!
//! A site admin reaches every account. Anyone else reaches their own account and the
//! customers of the service projects they work on (hold a role in): each project's own
//! customers and the members of the organizations attached to it. That is exactly what their
//! customer lists already show them.
//!
//! For an account outside a caller's reach, the server answers as it would for an address (or
//! an account id) that has no account at all: the caller learns nothing by asking.

use std::collections::{HashMap, HashSet};

use super::db::{on_pool, on_tx};
use super::sql::{bind_all, Statement};
use super::{Store, StoreResult, Tx, UserRow};

/// Ids per statement: well under SQLite's limit on bound parameters.
const CHUNK: usize = 400;

/// Whose accounts a caller reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Every account (site admins).
    Everyone,
    /// The accounts within reach of this account id (see the module documentation).
    Of(i64),
}

impl Reach {
    /// The reach of a signed-in person.
    pub fn of(user: &UserRow) -> Reach {
        if user.site_admin {
            Reach::Everyone
        } else {
            Reach::Of(user.id)
        }
    }
}

/// Appends ` AND <users.id is within reach>` to a query over `users`.
fn push_within_reach(q: &mut Statement, reach: Reach) {
    let Reach::Of(caller) = reach else { return };
    q.push(" AND (users.id = ")
        .bind(caller)
        .push(
            " OR users.id IN (SELECT pc.user_id FROM project_customers pc \
               JOIN project_roles r ON r.project_id = pc.project_id WHERE r.user_id = ",
        )
        .bind(caller)
        .push(
            ") OR users.id IN (SELECT om.user_id FROM organization_members om \
               JOIN organization_projects op ON op.organization_id = om.organization_id \
               JOIN project_roles r ON r.project_id = op.project_id WHERE r.user_id = ",
        )
        .bind(caller)
        .push("))");
}

/// The statements that find the accounts among `ids` that exist and are within `reach`.
fn reach_statements(reach: Reach, ids: &[i64]) -> Vec<Statement> {
    ids.chunks(CHUNK)
        .map(|chunk| {
            let mut q = Statement::new("SELECT users.id, users.email FROM users WHERE users.id IN (");
            q.list(chunk).push(")");
            push_within_reach(&mut q, reach);
            q
        })
        .collect()
}

/// The ids among `ids` that are within `reach`.
pub async fn within_reach(tx: &mut Tx, reach: Reach, ids: &[i64]) -> StoreResult<HashSet<i64>> {
    if reach == Reach::Everyone {
        return Ok(ids.iter().copied().collect());
    }
    let mut found = HashSet::with_capacity(ids.len());
    for q in reach_statements(reach, ids) {
        let rows: Vec<(i64, String)> =
            on_tx!(tx, conn => bind_all!(sqlx::query_as(&q.sql), q).fetch_all(conn).await)?;
        found.extend(rows.into_iter().map(|(id, _)| id));
    }
    Ok(found)
}

impl Store {
    /// The accounts among `ids` that exist and are within `reach`, with their addresses.
    pub async fn addresses_within_reach(
        &self,
        reach: Reach,
        ids: &[i64],
    ) -> StoreResult<HashMap<i64, String>> {
        let mut found = HashMap::with_capacity(ids.len());
        for q in reach_statements(reach, ids) {
            let rows: Vec<(i64, String)> =
                on_pool!(self, pool => bind_all!(sqlx::query_as(&q.sql), q).fetch_all(pool).await)?;
            found.extend(rows);
        }
        Ok(found)
    }
}
