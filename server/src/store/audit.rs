//! The audit trail: every change to customers, organizations, memberships, project access,
//! settings, managed domains, help centers and accounts is recorded by the store function that
//! makes it, with [`record`] or [`record_all`] on the change's own [`Tx`] — so a change that
//! rolls back (refused, failed, a dry run) leaves no event, and an event never lacks its change.
//!
//! A bulk add (and an import) is a *change set*: its events carry its id, and
//! [`Store::undo_change_set`] reads them back to undo what it added.

use std::collections::{HashMap, HashSet};

use super::db::{on_pool, on_tx};
use super::sql::{bind_all, Statement, Value};
use super::{now_millis, Store, StoreResult, Tx};

/// Rows per multi-row insert of events (15 values each: well under either backend's limit).
const CHUNK: usize = 500;

/// How long after it ran a bulk change can be undone.
pub const UNDO_WINDOW_MILLIS: i64 = 24 * 3600 * 1000;

/// How a change was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The web app (session cookie).
    App,
    /// The API (Basic or bearer credentials).
    Api,
    /// The help center (session cookie or a one-time link, on its pages).
    HelpCenter,
    /// A bulk add.
    BulkAdd,
    /// A CSV import.
    Import,
    /// The server itself (housekeeping, start-up).
    System,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::App => "app",
            Via::Api => "api",
            Via::HelpCenter => "helpCenter",
            Via::BulkAdd => "bulkAdd",
            Via::Import => "import",
            Via::System => "system",
        }
    }
}

/// Who makes a change, how, and in which request: given to every store function that writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The account, with its address; `None` for the system.
    pub account: Option<(i64, String)>,
    pub via: Via,
    /// The request's id (`X-Request-Id`), or a made-up one for work outside a request.
    pub request_id: String,
}

impl Actor {
    /// The server itself.
    pub fn system(request_id: impl Into<String>) -> Actor {
        Actor {
            account: None,
            via: Via::System,
            request_id: request_id.into(),
        }
    }

    /// An account, acting through `via`.
    pub fn account(id: i64, email: &str, via: Via, request_id: impl Into<String>) -> Actor {
        Actor {
            account: Some((id, email.to_string())),
            via,
            request_id: request_id.into(),
        }
    }

    /// The same person in the same request, acting through `via` (a bulk add, an import).
    pub fn via(&self, via: Via) -> Actor {
        Actor { via, ..self.clone() }
    }

    /// The account id, if an account acts.
    pub fn account_id(&self) -> Option<i64> {
        self.account.as_ref().map(|(id, _)| *id)
    }

    fn name(&self) -> &str {
        self.account
            .as_ref()
            .map_or("system", |(_, email)| email.as_str())
    }
}

/// Something an event concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thing {
    pub kind: &'static str,
    pub id: String,
    pub name: String,
}

impl Thing {
    pub fn account(id: i64, email: &str) -> Thing {
        Thing {
            kind: "account",
            id: id.to_string(),
            name: email.to_string(),
        }
    }
    pub fn organization(id: i64, name: &str) -> Thing {
        Thing {
            kind: "organization",
            id: id.to_string(),
            name: name.to_string(),
        }
    }
    pub fn project(id: i64, name: &str) -> Thing {
        Thing {
            kind: "project",
            id: id.to_string(),
            name: name.to_string(),
        }
    }
    pub fn help_center(id: i64, name: &str) -> Thing {
        Thing {
            kind: "helpCenter",
            id: id.to_string(),
            name: name.to_string(),
        }
    }
    pub fn managed_domain(domain: &str) -> Thing {
        Thing {
            kind: "managedDomain",
            id: domain.to_string(),
            name: domain.to_string(),
        }
    }
    pub fn settings() -> Thing {
        Thing {
            kind: "settings",
            id: "site".to_string(),
            name: "Site settings".to_string(),
        }
    }
    pub fn bulk_change(id: i64) -> Thing {
        Thing {
            kind: "bulkChange",
            id: id.to_string(),
            name: format!("Bulk change {id}"),
        }
    }
}

/// One field before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl Change {
    pub fn new(
        field: impl Into<String>,
        before: Option<impl ToString>,
        after: Option<impl ToString>,
    ) -> Change {
        Change {
            field: field.into(),
            before: before.map(|v| v.to_string()),
            after: after.map(|v| v.to_string()),
        }
    }
}

/// A change to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub action: &'static str,
    pub target: Thing,
    pub object: Option<Thing>,
    pub changes: Vec<Change>,
}

impl Event {
    pub fn new(action: &'static str, target: Thing) -> Event {
        Event {
            action,
            target,
            object: None,
            changes: Vec::new(),
        }
    }

    pub fn object(mut self, object: Thing) -> Event {
        self.object = Some(object);
        self
    }

    pub fn change(
        mut self,
        field: impl Into<String>,
        before: Option<impl ToString>,
        after: Option<impl ToString>,
    ) -> Event {
        let change = Change::new(field, before, after);
        if change.before != change.after {
            self.changes.push(change);
        }
        self
    }
}

fn changes_json(changes: &[Change]) -> String {
    let list: Vec<serde_json::Value> = changes
        .iter()
        .map(|c| serde_json::json!({"field": c.field, "before": c.before, "after": c.after}))
        .collect();
    serde_json::Value::Array(list).to_string()
}

/// Records one event in the change's transaction.
pub async fn record(tx: &mut Tx, actor: &Actor, event: Event) -> StoreResult<()> {
    record_all(tx, actor, None, &[event]).await
}

/// Records events in the change's transaction, as part of `change_set` when given.
pub async fn record_all(
    tx: &mut Tx,
    actor: &Actor,
    change_set: Option<i64>,
    events: &[Event],
) -> StoreResult<()> {
    if !tx.recording {
        return Ok(());
    }
    let now = now_millis();
    for chunk in events.chunks(CHUNK) {
        let mut q = Statement::new(
            "INSERT INTO audit_events (at, actor_id, actor_name, via, action, target_kind, target_id, \
             target_name, object_kind, object_id, object_name, changes, request_id, change_set_id) ",
        );
        q.rows(chunk, |e| {
            vec![
                Value::from(now),
                Value::from(actor.account_id()),
                Value::from(actor.name()),
                Value::from(actor.via.as_str()),
                Value::from(e.action),
                Value::from(e.target.kind),
                Value::from(&e.target.id),
                Value::from(&e.target.name),
                Value::MaybeText(e.object.as_ref().map(|o| o.kind.to_string())),
                Value::MaybeText(e.object.as_ref().map(|o| o.id.clone())),
                Value::MaybeText(e.object.as_ref().map(|o| o.name.clone())),
                Value::from(changes_json(&e.changes)),
                Value::from(&actor.request_id),
                Value::from(change_set),
            ]
        });
        on_tx!(tx, conn => bind_all!(sqlx::query(&q.sql), q).execute(conn).await.map(|_| ()))?;
    }
    Ok(())
}

/// Starts a change set (in the change's transaction) and returns its id.
pub async fn begin_change_set(tx: &mut Tx, kind: &str, actor: &Actor, target: &Thing) -> StoreResult<i64> {
    Ok(on_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO change_sets (kind, actor_id, actor_name, target_kind, target_id, target_name, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(kind)
    .bind(actor.account_id())
    .bind(actor.name())
    .bind(target.kind)
    .bind(&target.id)
    .bind(&target.name)
    .bind(now_millis())
    .fetch_one(conn)
    .await)?)
}

/// An event as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub via: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    pub target_name: String,
    pub object_kind: Option<String>,
    pub object_id: Option<String>,
    pub object_name: Option<String>,
    /// JSON: a list of `{field, before, after}`.
    pub changes: String,
    pub request_id: String,
    pub change_set_id: Option<i64>,
}

impl AuditRow {
    /// The changed fields: (field, before, after).
    pub fn changes(&self) -> Vec<(String, Option<String>, Option<String>)> {
        let list: Vec<serde_json::Value> = serde_json::from_str(&self.changes).unwrap_or_default();
        list.iter()
            .map(|c| {
                let text = |k: &str| c.get(k).and_then(|v| v.as_str()).map(str::to_string);
                (text("field").unwrap_or_default(), text("before"), text("after"))
            })
            .collect()
    }
}

/// Who an event filter asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorFilter {
    Account(i64),
    /// By the address the actor had (accounts deleted since keep their history).
    Address(String),
    System,
}

/// Which events a list shows; every field narrows it.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<ActorFilter>,
    /// Events whose target or other party is this (kind, id).
    pub target: Option<(String, String)>,
    /// This action, or every action of a group (`organization` matches `organization.renamed`).
    pub action: Option<String>,
    /// At or after (milliseconds since the epoch).
    pub from: Option<i64>,
    /// Before.
    pub until: Option<i64>,
    pub change_set: Option<i64>,
}

const AUDIT_COLUMNS: &str =
    "id, at, actor_id, actor_name, via, action, target_kind, target_id, target_name, \
     object_kind, object_id, object_name, changes, request_id, change_set_id";

/// A change set as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChangeSetRow {
    pub id: i64,
    pub kind: String,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub target_kind: String,
    pub target_id: String,
    pub target_name: String,
    pub created_at: i64,
    pub undone_at: Option<i64>,
    pub undone_by: Option<i64>,
}

/// A membership table: projects' customers or organizations' members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Membership {
    table: &'static str,
    scope: &'static str,
}

const PROJECT_MEMBERSHIP: Membership = Membership {
    table: "project_customers",
    scope: "project_id",
};
const ORGANIZATION_MEMBERSHIP: Membership = Membership {
    table: "organization_members",
    scope: "organization_id",
};

/// A membership a change set added: the account's id, the account, where.
type AddedMember = (i64, Thing, Thing);

/// An event of a change set that Undo reads.
#[derive(Debug, sqlx::FromRow)]
struct SetEvent {
    action: String,
    target_id: String,
    target_name: String,
    object_kind: Option<String>,
    object_id: Option<String>,
    object_name: Option<String>,
}

/// An account a change set created, as Undo finds it now.
#[derive(Debug, sqlx::FromRow)]
struct CreatedAccount {
    id: i64,
    signed_in: bool,
    memberships: i64,
    staff: bool,
    reported: bool,
}

/// Why a change set cannot be undone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UndoRefusal {
    NotFound,
    AlreadyUndone,
    /// More than 24 hours old.
    Expired,
}

/// What an undo does (or did).
#[derive(Debug, Clone, Default)]
pub struct UndoPlan {
    /// (account, project or organization) memberships removed.
    pub removed: Vec<(Thing, Thing)>,
    pub deleted_accounts: Vec<Thing>,
    /// Accounts it created that stay, with the reason.
    pub kept_accounts: Vec<(Thing, String)>,
}

impl Store {
    /// A page of events, newest first, filtered. Returns up to `limit + 1` rows.
    pub async fn audit_events(
        &self,
        filter: &AuditFilter,
        start: i64,
        limit: i64,
    ) -> StoreResult<Vec<AuditRow>> {
        let mut q = Statement::new(format!("SELECT {AUDIT_COLUMNS} FROM audit_events WHERE 1 = 1"));
        match &filter.actor {
            Some(ActorFilter::Account(id)) => {
                q.push(" AND actor_id = ").bind(*id);
            }
            Some(ActorFilter::Address(address)) => {
                q.push(" AND LOWER(actor_name) = ").bind(address.to_lowercase());
            }
            Some(ActorFilter::System) => {
                q.push(" AND actor_id IS NULL");
            }
            None => {}
        }
        if let Some((kind, id)) = &filter.target {
            q.push(" AND ((target_kind = ")
                .bind(kind)
                .push(" AND target_id = ")
                .bind(id)
                .push(") OR (object_kind = ")
                .bind(kind)
                .push(" AND object_id = ")
                .bind(id)
                .push("))");
        }
        if let Some(action) = &filter.action {
            q.push(" AND (action = ")
                .bind(action)
                .push(" OR action LIKE ")
                .bind(format!("{}.%", action.replace(['%', '_', '\\'], "")))
                .push(")");
        }
        if let Some(from) = filter.from {
            q.push(" AND at >= ").bind(from);
        }
        if let Some(until) = filter.until {
            q.push(" AND at < ").bind(until);
        }
        if let Some(set) = filter.change_set {
            q.push(" AND change_set_id = ").bind(set);
        }
        q.push(" ORDER BY at DESC, id DESC LIMIT ")
            .bind(limit + 1)
            .push(" OFFSET ")
            .bind(start);
        Ok(on_pool!(self, pool => bind_all!(sqlx::query_as(&q.sql), q).fetch_all(pool).await)?)
    }

    /// A change set by id.
    pub async fn change_set(&self, id: i64) -> StoreResult<Option<ChangeSetRow>> {
        Ok(on_pool!(self, pool => sqlx::query_as(
            "SELECT id, kind, actor_id, actor_name, target_kind, target_id, target_name, created_at, \
             undone_at, undone_by FROM change_sets WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(pool)
        .await)?)
    }

    /// How many days events are kept.
    pub async fn audit_retention_days(&self) -> StoreResult<u32> {
        let value: Option<String> = on_pool!(self, pool => sqlx::query_scalar(
            "SELECT value FROM settings WHERE setting_key = 'auditRetentionDays'",
        )
        .fetch_optional(pool)
        .await)?;
        Ok(value
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_RETENTION_DAYS))
    }

    /// Deletes the events older than the retention allows at `now`, and the change sets no
    /// event refers to any more; returns how many events went.
    pub async fn purge_audit(&self, now: i64) -> StoreResult<u64> {
        let days = i64::from(self.audit_retention_days().await?);
        let before = now - days * 24 * 3600 * 1000;
        let mut tx = self.write().await?;
        let events = on_tx!(tx, conn => sqlx::query("DELETE FROM audit_events WHERE at < ?")
            .bind(before)
            .execute(conn)
            .await.map(|done| done.rows_affected()))?;
        on_tx!(tx, conn => sqlx::query("DELETE FROM change_sets WHERE created_at < ?")
            .bind(before)
            .execute(conn)
            .await.map(|done| done.rows_affected()))?;
        tx.commit().await?;
        Ok(events)
    }

    /// Undoes a change set, or with `dry_run` says exactly what that would do and writes
    /// nothing. In one write transaction: the memberships it added that are still there are
    /// removed; the accounts it created are deleted unless their owners signed in (or the
    /// account is used elsewhere since: kept, with the reason); the undo is recorded and the
    /// change set marked undone. A second undo, or one after 24 hours, is refused.
    pub async fn undo_change_set(
        &self,
        actor: &Actor,
        id: i64,
        dry_run: bool,
        now: i64,
    ) -> StoreResult<Result<UndoPlan, UndoRefusal>> {
        let mut tx = self.write().await?;
        let set: Option<(i64, Option<i64>)> = on_tx!(tx, conn => sqlx::query_as(
            "SELECT created_at, undone_at FROM change_sets WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(conn)
        .await)?;
        let Some((created_at, undone_at)) = set else {
            return Ok(Err(UndoRefusal::NotFound));
        };
        if undone_at.is_some() {
            return Ok(Err(UndoRefusal::AlreadyUndone));
        }
        if now - created_at > UNDO_WINDOW_MILLIS {
            return Ok(Err(UndoRefusal::Expired));
        }
        let rows: Vec<SetEvent> = on_tx!(tx, conn => sqlx::query_as(
            "SELECT action, target_id, target_name, object_kind, object_id, object_name FROM audit_events \
             WHERE change_set_id = ? AND action IN ('account.created', 'project.customerAdded', \
             'organization.memberAdded') ORDER BY id",
        )
        .bind(id)
        .fetch_all(conn)
        .await)?;
        let mut plan = UndoPlan::default();
        let mut created: Vec<(i64, String)> = Vec::new();
        let mut added: HashMap<(Membership, i64), Vec<AddedMember>> = HashMap::new();
        for row in rows {
            let Ok(account) = row.target_id.parse::<i64>() else {
                continue;
            };
            let scope = row.object_id.as_deref().and_then(|v| v.parse::<i64>().ok());
            let object_name = row.object_name.as_deref().unwrap_or_default();
            let (membership, from) = match (row.action.as_str(), row.object_kind.as_deref(), scope) {
                ("account.created", _, _) => {
                    created.push((account, row.target_name));
                    continue;
                }
                ("project.customerAdded", Some("project"), Some(scope)) => {
                    (PROJECT_MEMBERSHIP, Thing::project(scope, object_name))
                }
                ("organization.memberAdded", Some("organization"), Some(scope)) => {
                    (ORGANIZATION_MEMBERSHIP, Thing::organization(scope, object_name))
                }
                _ => continue,
            };
            let scope = scope.unwrap_or_default();
            added.entry((membership, scope)).or_default().push((
                account,
                Thing::account(account, &row.target_name),
                from,
            ));
        }
        // The memberships still there, set by set.
        let mut removing: Vec<(Membership, i64, Vec<i64>)> = Vec::new();
        let mut removed_by_account: HashMap<i64, i64> = HashMap::new();
        let mut groups: Vec<_> = added.into_iter().collect();
        groups.sort_by_key(|((m, scope), _)| (m.table, *scope));
        for ((membership, scope), accounts) in groups {
            let ids: Vec<i64> = accounts.iter().map(|(id, _, _)| *id).collect();
            let mut there: HashSet<i64> = HashSet::new();
            for chunk in ids.chunks(400) {
                let mut q = Statement::new(format!(
                    "SELECT user_id FROM {} WHERE {} = ",
                    membership.table, membership.scope
                ));
                q.bind(scope).push(" AND user_id IN (").list(chunk).push(")");
                let rows: Vec<(i64,)> =
                    on_tx!(tx, conn => bind_all!(sqlx::query_as(&q.sql), q).fetch_all(conn).await)?;
                there.extend(rows.into_iter().map(|(id,)| id));
            }
            let mut kept_ids = Vec::new();
            for (id, account, from) in accounts {
                if there.contains(&id) {
                    *removed_by_account.entry(id).or_default() += 1;
                    plan.removed.push((account, from));
                    kept_ids.push(id);
                }
            }
            removing.push((membership, scope, kept_ids));
        }
        // The accounts it created, each deleted or kept.
        let mut seen = HashSet::new();
        created.retain(|(id, _)| seen.insert(*id));
        let names: HashMap<i64, String> = created.iter().cloned().collect();
        let ids: Vec<i64> = created.iter().map(|(id, _)| *id).collect();
        let mut deleting: Vec<(i64, String)> = Vec::new();
        for chunk in ids.chunks(400) {
            let mut q = Statement::new(
                "SELECT id, \
                 (status <> 'invited' OR password_hash IS NOT NULL \
                  OR EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = users.id) \
                  OR EXISTS (SELECT 1 FROM api_tokens t WHERE t.user_id = users.id)) AS signed_in, \
                 (SELECT COUNT(*) FROM project_customers pc WHERE pc.user_id = users.id) \
                  + (SELECT COUNT(*) FROM organization_members om WHERE om.user_id = users.id) AS memberships, \
                 EXISTS (SELECT 1 FROM project_roles r WHERE r.user_id = users.id) AS staff, \
                 EXISTS (SELECT 1 FROM requests q WHERE q.reporter_id = users.id) AS reported \
                 FROM users WHERE id IN (",
            );
            q.list(chunk).push(") ORDER BY id");
            let rows: Vec<CreatedAccount> =
                on_tx!(tx, conn => bind_all!(sqlx::query_as(&q.sql), q).fetch_all(conn).await)?;
            for row in rows {
                let name = names.get(&row.id).cloned().unwrap_or_default();
                let reason = if row.signed_in {
                    Some("Its owner has signed in.")
                } else if row.staff || row.memberships > removed_by_account.get(&row.id).copied().unwrap_or(0)
                {
                    Some("It was added somewhere else since.")
                } else if row.reported {
                    Some("It has requests.")
                } else {
                    None
                };
                match reason {
                    Some(reason) => plan
                        .kept_accounts
                        .push((Thing::account(row.id, &name), reason.to_string())),
                    None => deleting.push((row.id, name)),
                }
            }
        }
        plan.deleted_accounts = deleting
            .iter()
            .map(|(id, name)| Thing::account(*id, name))
            .collect();
        if dry_run {
            tx.rollback().await?;
            return Ok(Ok(plan));
        }
        let mut events = Vec::new();
        for (membership, scope, ids) in &removing {
            for chunk in ids.chunks(400) {
                let mut q = Statement::new(format!(
                    "DELETE FROM {} WHERE {} = ",
                    membership.table, membership.scope
                ));
                q.bind(*scope).push(" AND user_id IN (").list(chunk).push(")");
                on_tx!(tx, conn => bind_all!(sqlx::query(&q.sql), q).execute(conn).await.map(|_| ()))?;
            }
        }
        for (account, from) in &plan.removed {
            let action = if from.kind == "project" {
                "project.customerRemoved"
            } else {
                "organization.memberRemoved"
            };
            events.push(Event::new(action, account.clone()).object(from.clone()));
        }
        let deleted_ids: Vec<i64> = deleting.iter().map(|(id, _)| *id).collect();
        for chunk in deleted_ids.chunks(400) {
            // Their invitations, not sent yet, are not sent at all.
            let mut q = Statement::new("DELETE FROM outbox WHERE state = 'queued' AND user_id IN (");
            q.list(chunk).push(")");
            on_tx!(tx, conn => bind_all!(sqlx::query(&q.sql), q).execute(conn).await.map(|_| ()))?;
            let mut q = Statement::new("DELETE FROM users WHERE id IN (");
            q.list(chunk).push(")");
            on_tx!(tx, conn => bind_all!(sqlx::query(&q.sql), q).execute(conn).await.map(|_| ()))?;
        }
        for (account, name) in &deleting {
            events.push(
                Event::new("account.deleted", Thing::account(*account, name)).change(
                    "email",
                    Some(name),
                    None::<String>,
                ),
            );
        }
        events.push(
            Event::new("bulkChange.undone", Thing::bulk_change(id))
                .change("membershipsRemoved", None::<String>, Some(plan.removed.len()))
                .change("accountsDeleted", None::<String>, Some(deleting.len()))
                .change("accountsKept", None::<String>, Some(plan.kept_accounts.len())),
        );
        record_all(&mut tx, actor, Some(id), &events).await?;
        on_tx!(tx, conn => sqlx::query("UPDATE change_sets SET undone_at = ?, undone_by = ? WHERE id = ? AND undone_at IS NULL")
            .bind(now)
            .bind(actor.account_id())
            .bind(id)
            .execute(conn)
            .await.map(|_| ()))?;
        tx.commit().await?;
        Ok(Ok(plan))
    }
}

/// Events are kept this many days unless the setting says otherwise.
pub const DEFAULT_RETENTION_DAYS: u32 = 365;

/// An account as an event names it (by address), read in the change's transaction.
pub(super) async fn account_thing(tx: &mut Tx, id: i64) -> StoreResult<Option<Thing>> {
    let email: Option<String> = on_tx!(tx, conn => sqlx::query_scalar("SELECT email FROM users WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await)?;
    Ok(email.map(|email| Thing::account(id, &email)))
}

/// An organization as an event names it.
pub(super) async fn organization_thing(tx: &mut Tx, id: i64) -> StoreResult<Option<Thing>> {
    let name: Option<String> = on_tx!(tx, conn => sqlx::query_scalar("SELECT name FROM organizations WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await)?;
    Ok(name.map(|name| Thing::organization(id, &name)))
}

/// A project as an event names it.
pub(super) async fn project_thing(tx: &mut Tx, id: i64) -> StoreResult<Option<Thing>> {
    let name: Option<String> = on_tx!(tx, conn => sqlx::query_scalar("SELECT name FROM projects WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await)?;
    Ok(name.map(|name| Thing::project(id, &name)))
}

/// Accounts (id, address) by id, in the change's transaction; unknown ids are left out.
pub(super) async fn account_things(tx: &mut Tx, ids: &[i64]) -> StoreResult<Vec<Thing>> {
    let mut found = Vec::new();
    for chunk in ids.chunks(400) {
        let mut q = Statement::new("SELECT id, email FROM users WHERE id IN (");
        q.list(chunk).push(") ORDER BY id");
        let rows: Vec<(i64, String)> =
            on_tx!(tx, conn => bind_all!(sqlx::query_as(&q.sql), q).fetch_all(conn).await)?;
        found.extend(rows.into_iter().map(|(id, email)| Thing::account(id, &email)));
    }
    Ok(found)
}

/// The fields of an account an event compares: address, display name, kind, status.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub(super) struct AccountState {
    email: String,
    display_name: String,
    kind: String,
    status: String,
}

/// An account's recorded fields now, in the change's transaction.
pub(super) async fn account_state(tx: &mut Tx, id: i64) -> StoreResult<Option<AccountState>> {
    Ok(on_tx!(tx, conn => sqlx::query_as(
        "SELECT email, display_name, kind, status FROM users WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await)?)
}

/// Records a change to an account: its fields `before` (as read in this transaction before
/// the change; `None` for a new account) against what they are now (`None`: deleted).
pub(super) async fn record_account(
    tx: &mut Tx,
    actor: &Actor,
    action: &'static str,
    id: i64,
    before: Option<AccountState>,
) -> StoreResult<()> {
    let after = account_state(tx, id).await?;
    let Some(email) = after.as_ref().or(before.as_ref()).map(|s| s.email.clone()) else {
        return Ok(());
    };
    let field =
        |state: &Option<AccountState>, f: fn(&AccountState) -> &String| state.as_ref().map(|s| f(s).clone());
    let event = Event::new(action, Thing::account(id, &email))
        .change("email", field(&before, |s| &s.email), field(&after, |s| &s.email))
        .change(
            "displayName",
            field(&before, |s| &s.display_name),
            field(&after, |s| &s.display_name),
        )
        .change("kind", field(&before, |s| &s.kind), field(&after, |s| &s.kind))
        .change(
            "status",
            field(&before, |s| &s.status),
            field(&after, |s| &s.status),
        );
    record(tx, actor, event).await
}

/// Where a bulk change adds people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// As customers of a service project.
    Project(i64),
    /// As members of an organization.
    Organization(i64),
}

/// The kind of a bulk change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkKind {
    BulkAdd,
    Import,
}

/// What a bulk change wrote, for [`record_bulk_change`].
#[derive(Debug, Clone, Default)]
pub struct BulkWrites {
    /// Accounts it created: (id, address).
    pub created: Vec<(i64, String)>,
    /// Memberships it added (not those that were there already): (where, account id, address).
    pub added: Vec<(Scope, i64, String)>,
}

/// Records a bulk change (a bulk add, an import) in its own transaction: a change set, an
/// `account.created` event per account it created and a `project.customerAdded` or
/// `organization.memberAdded` event per membership it added, all carrying the change set's id,
/// which [`Store::undo_change_set`] reads. `target` is where it added people (`None`: several
/// places, as an import does). Nothing written, nothing recorded: returns `None`.
pub async fn record_bulk_change(
    tx: &mut Tx,
    actor: &Actor,
    kind: BulkKind,
    target: Option<Scope>,
    writes: &BulkWrites,
) -> StoreResult<Option<i64>> {
    if !tx.recording || (writes.created.is_empty() && writes.added.is_empty()) {
        return Ok(None);
    }
    let (kind, via) = match kind {
        BulkKind::BulkAdd => ("bulkAdd", Via::BulkAdd),
        BulkKind::Import => ("import", Via::Import),
    };
    let actor = actor.via(via);
    let mut names: HashMap<Scope, Thing> = HashMap::new();
    for scope in target
        .iter()
        .chain(writes.added.iter().map(|(scope, _, _)| scope))
    {
        if names.contains_key(scope) {
            continue;
        }
        let thing = match *scope {
            Scope::Project(id) => project_thing(tx, id).await?,
            Scope::Organization(id) => organization_thing(tx, id).await?,
        };
        if let Some(thing) = thing {
            names.insert(*scope, thing);
        }
    }
    let set_target = target
        .and_then(|scope| names.get(&scope).cloned())
        .unwrap_or_else(|| Thing {
            kind: "site",
            id: "site".to_string(),
            name: "Site".to_string(),
        });
    let set = begin_change_set(tx, kind, &actor, &set_target).await?;
    let mut events = Vec::with_capacity(writes.created.len() + writes.added.len());
    for (id, email) in &writes.created {
        events.push(Event::new("account.created", Thing::account(*id, email)).change(
            "email",
            None::<String>,
            Some(email),
        ));
    }
    for (scope, id, email) in &writes.added {
        let Some(to) = names.get(scope) else { continue };
        let action = match scope {
            Scope::Project(_) => "project.customerAdded",
            Scope::Organization(_) => "organization.memberAdded",
        };
        events.push(Event::new(action, Thing::account(*id, email)).object(to.clone()));
    }
    record_all(tx, &actor, Some(set), &events).await?;
    Ok(Some(set))
}
