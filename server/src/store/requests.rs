//! Requests, their types, comments, participants and status history, and each reporter's open
//! and closed counts per project (kept as requests change, read by primary key).

use clientele_domain::request::RequestStatus;
use sqlx::FromRow;

use super::db::{on_pool, on_tx};
use super::sql::{bind_all, contains_pattern, Statement, Value};
use super::users::USER_COLUMNS;
use super::{now_millis, Store, StoreResult, Tx, UserRow};

/// A request type as stored.
#[derive(Debug, Clone, FromRow)]
pub struct RequestTypeRow {
    pub id: i64,
    pub project_id: i64,
    pub name: String,
    pub description: String,
    pub help_center_id: Option<i64>,
    pub removed: bool,
}

const REQUEST_TYPE_COLUMNS: &str = "id, project_id, name, description, help_center_id, removed";

/// A request as stored, with what lists show beside it.
#[derive(Debug, Clone, FromRow)]
pub struct RequestRow {
    pub id: i64,
    pub project_id: i64,
    pub number: i64,
    pub request_type_id: i64,
    pub summary: String,
    pub description: String,
    pub reporter_id: Option<i64>,
    pub raised_by_id: Option<i64>,
    pub organization_id: Option<i64>,
    #[sqlx(try_from = "String")]
    pub status: StoredStatus,
    pub created_at: i64,
    pub updated_at: i64,
    pub status_at: i64,
    pub resolved_at: Option<i64>,
    pub project_key: String,
    pub request_type_name: String,
    /// The help center the request type shows in (`None`: the default one).
    pub request_type_help_center_id: Option<i64>,
    pub organization_name: Option<String>,
    /// Whether the reporter can still use the project as a customer (and is not revoked).
    pub reporter_is_customer: bool,
}

/// A status read from the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredStatus(pub RequestStatus);

impl TryFrom<String> for StoredStatus {
    type Error = String;

    fn try_from(code: String) -> Result<Self, Self::Error> {
        RequestStatus::from_code(&code)
            .map(StoredStatus)
            .ok_or_else(|| format!("unknown request status {code:?}"))
    }
}

const REQUEST_SELECT: &str = "SELECT r.id, r.project_id, r.number, r.request_type_id, r.summary, r.description, \
        r.reporter_id, r.raised_by_id, r.organization_id, r.status, r.created_at, r.updated_at, r.status_at, \
        r.resolved_at, p.project_key, rt.name AS request_type_name, rt.help_center_id AS request_type_help_center_id, o.name AS organization_name, \
        (ru.id IS NOT NULL AND ru.status <> 'revoked' AND ( \
            p.public_signup \
            OR EXISTS (SELECT 1 FROM project_customers pc WHERE pc.project_id = r.project_id AND pc.user_id = r.reporter_id) \
            OR EXISTS (SELECT 1 FROM organization_projects op JOIN organization_members om \
                       ON om.organization_id = op.organization_id \
                       WHERE op.project_id = r.project_id AND om.user_id = r.reporter_id))) AS reporter_is_customer \
     FROM requests r JOIN projects p ON p.id = r.project_id \
     JOIN request_types rt ON rt.id = r.request_type_id \
     LEFT JOIN organizations o ON o.id = r.organization_id \
     LEFT JOIN users ru ON ru.id = r.reporter_id";

/// What a status change needs to know of a request.
#[derive(Debug, Clone, Copy)]
pub struct RequestRef {
    pub id: i64,
    pub project_id: i64,
    pub reporter_id: Option<i64>,
}

impl RequestRow {
    /// The request as [`change_status`] needs it.
    pub fn reference(&self) -> RequestRef {
        RequestRef {
            id: self.id,
            project_id: self.project_id,
            reporter_id: self.reporter_id,
        }
    }
}

/// A comment as stored.
#[derive(Debug, Clone, FromRow)]
pub struct CommentRow {
    pub id: i64,
    pub request_id: i64,
    pub author_id: Option<i64>,
    pub body: String,
    pub public: bool,
    pub created_at: i64,
}

/// A request about to be raised; everything in it was checked by the caller.
pub struct NewRequest<'a> {
    pub project_id: i64,
    pub request_type_id: i64,
    pub summary: &'a str,
    pub description: &'a str,
    pub reporter_id: i64,
    pub raised_by_id: i64,
    pub organization_id: Option<i64>,
    pub participants: &'a [i64],
}

/// Whose requests a list shows (JSM's `requestOwnership`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ownership {
    /// Reported by the caller.
    Owned,
    /// The caller participates in them.
    Participated,
    /// Shared with an organization the caller belongs to.
    Organization,
    /// Every request the caller may see.
    #[default]
    All,
}

/// Which statuses a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    Open,
    Closed,
    Only(RequestStatus),
    #[default]
    All,
}

/// The filters of a request list, beyond what the caller may see.
#[derive(Debug, Clone, Default)]
pub struct RequestFilter<'a> {
    pub ownership: Ownership,
    pub status: StatusFilter,
    pub project_id: Option<i64>,
    pub request_type_id: Option<i64>,
    pub reporter_id: Option<i64>,
    /// A summary substring, or a key (`ITH-12`).
    pub search: Option<&'a str>,
}

/// Where someone stands towards one request, as the store can tell.
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestRelation {
    pub uses_project: bool,
    pub participant: bool,
    pub in_shared_organization: bool,
}

/// `(… can use project {project} as a customer …)` for the user bound once.
fn uses_project_sql(project: &str) -> String {
    format!(
        "(EXISTS (SELECT 1 FROM projects up WHERE up.id = {project} AND up.public_signup) \
          OR EXISTS (SELECT 1 FROM project_customers upc WHERE upc.project_id = {project} AND upc.user_id = ?) \
          OR EXISTS (SELECT 1 FROM organization_projects uop JOIN organization_members uom \
                     ON uom.organization_id = uop.organization_id \
                     WHERE uop.project_id = {project} AND uom.user_id = ?))"
    )
}

impl Store {
    /// A project's request types (removed ones only when asked), in the order they were added.
    pub async fn request_types(
        &self,
        project_id: i64,
        with_removed: bool,
    ) -> StoreResult<Vec<RequestTypeRow>> {
        Ok(on_pool!(self, pool => sqlx::query_as(&format!(
            "SELECT {REQUEST_TYPE_COLUMNS} FROM request_types WHERE project_id = ? AND (? OR NOT removed) ORDER BY id"
        ))
        .bind(project_id)
        .bind(with_removed)
        .fetch_all(pool)
        .await)?)
    }

    /// One request type, removed or not.
    pub async fn request_type(&self, id: i64) -> StoreResult<Option<RequestTypeRow>> {
        Ok(on_pool!(self, pool => sqlx::query_as(&format!(
            "SELECT {REQUEST_TYPE_COLUMNS} FROM request_types WHERE id = ?"
        ))
        .bind(id)
        .fetch_optional(pool)
        .await)?)
    }

    /// Changes a request type; `None` leaves a field as it is (`help_center_id: Some(None)` is the
    /// default help center).
    pub async fn update_request_type(
        &self,
        id: i64,
        name: Option<&str>,
        description: Option<&str>,
        help_center_id: Option<Option<i64>>,
    ) -> StoreResult<Option<RequestTypeRow>> {
        Ok(on_pool!(self, pool => sqlx::query_as(&format!(
            "UPDATE request_types SET name = COALESCE(?, name), description = COALESCE(?, description), \
             help_center_id = CASE WHEN ? THEN ? ELSE help_center_id END \
             WHERE id = ? AND NOT removed RETURNING {REQUEST_TYPE_COLUMNS}"
        ))
        .bind(name)
        .bind(description)
        .bind(help_center_id.is_some())
        .bind(help_center_id.flatten())
        .bind(id)
        .fetch_optional(pool)
        .await)?)
    }

    /// Removes a request type from the help center and from new requests; requests keep it.
    pub async fn remove_request_type(&self, id: i64) -> StoreResult<bool> {
        let changed = on_pool!(self, pool => sqlx::query("UPDATE request_types SET removed = TRUE WHERE id = ? AND NOT removed")
            .bind(id)
            .execute(pool)
            .await
            .map(|done| done.rows_affected()))?;
        Ok(changed > 0)
    }

    /// A request by id.
    pub async fn request_by_id(&self, id: i64) -> StoreResult<Option<RequestRow>> {
        Ok(
            on_pool!(self, pool => sqlx::query_as(&format!("{REQUEST_SELECT} WHERE r.id = ?"))
            .bind(id)
            .fetch_optional(pool)
            .await)?,
        )
    }

    /// A request by key (`ITH-12`, the project key compared ignoring case).
    pub async fn request_by_key(&self, project_key: &str, number: i64) -> StoreResult<Option<RequestRow>> {
        Ok(on_pool!(self, pool => sqlx::query_as(&format!(
            "{REQUEST_SELECT} WHERE UPPER(p.project_key) = UPPER(?) AND r.number = ?"
        ))
        .bind(project_key)
        .bind(number)
        .fetch_optional(pool)
        .await)?)
    }

    /// Where `user_id` stands towards a request (beyond being its reporter).
    pub async fn request_relation(&self, user_id: i64, request: &RequestRow) -> StoreResult<RequestRelation> {
        let (uses_project, participant, in_shared_organization): (bool, bool, bool) = on_pool!(self, pool => sqlx::query_as(&format!(
                "SELECT {}, \
                 EXISTS (SELECT 1 FROM request_participants WHERE request_id = ? AND user_id = ?), \
                 EXISTS (SELECT 1 FROM organization_members WHERE organization_id = ? AND user_id = ?)",
                uses_project_sql("?")
            ))
            .bind(request.project_id)
            .bind(request.project_id)
            .bind(user_id)
            .bind(request.project_id)
            .bind(user_id)
            .bind(request.id)
            .bind(user_id)
            .bind(request.organization_id.unwrap_or(-1))
            .bind(user_id)
            .fetch_one(pool)
            .await)?;
        Ok(RequestRelation {
            uses_project,
            participant,
            in_shared_organization,
        })
    }

    /// Whether `user_id` can use project `project_id` as a customer.
    pub async fn uses_project(&self, user_id: i64, project_id: i64) -> StoreResult<bool> {
        Ok(
            on_pool!(self, pool => sqlx::query_scalar(&format!("SELECT {}", uses_project_sql("?")))
            .bind(project_id)
            .bind(project_id)
            .bind(user_id)
            .bind(project_id)
            .bind(user_id)
            .fetch_one(pool)
            .await)?,
        )
    }

    /// Which of `user_ids` can use project `project_id` as customers (revoked accounts can't).
    pub async fn customers_among(&self, project_id: i64, user_ids: &[i64]) -> StoreResult<Vec<i64>> {
        if user_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = Statement::new("SELECT u.id FROM users u WHERE u.status <> 'revoked' AND u.id IN (");
        q.list(user_ids.iter().copied())
            .push(") AND (EXISTS (SELECT 1 FROM projects up WHERE up.id = ");
        q.bind(project_id).push(
            " AND up.public_signup) OR EXISTS (SELECT 1 FROM project_customers pc WHERE pc.project_id = ",
        );
        q.bind(project_id).push(
            " AND pc.user_id = u.id) OR EXISTS (SELECT 1 FROM organization_projects op JOIN organization_members om \
             ON om.organization_id = op.organization_id WHERE op.project_id = ",
        );
        q.bind(project_id).push(" AND om.user_id = u.id)) ORDER BY u.id");
        Ok(on_pool!(self, pool => bind_all!(sqlx::query_scalar(&q.sql), q).fetch_all(pool).await)?)
    }

    /// The organizations of `user_id` attached to project `project_id`: (id, name), by name.
    pub async fn shareable_organizations(
        &self,
        user_id: i64,
        project_id: i64,
    ) -> StoreResult<Vec<(i64, String)>> {
        Ok(on_pool!(self, pool => sqlx::query_as(
            "SELECT o.id, o.name FROM organizations o \
             JOIN organization_members om ON om.organization_id = o.id AND om.user_id = ? \
             JOIN organization_projects op ON op.organization_id = o.id AND op.project_id = ? \
             ORDER BY o.name_key, o.id",
        )
        .bind(user_id)
        .bind(project_id)
        .fetch_all(pool)
        .await)?)
    }

    /// A page (`limit + 1` rows, newest first) of the requests `user` may see, filtered.
    pub async fn requests_for(
        &self,
        user: &UserRow,
        filter: &RequestFilter<'_>,
        seek: &super::Seek,
        limit: i64,
    ) -> StoreResult<Vec<RequestRow>> {
        let mut q = Statement::new(REQUEST_SELECT);
        q.push(" WHERE (");
        q.bind(user.site_admin)
            .push(" OR r.project_id IN (SELECT project_id FROM project_roles WHERE user_id = ");
        q.bind(user.id).push(") OR (");
        // A customer: the project is theirs to use, and they are involved.
        q.push("(EXISTS (SELECT 1 FROM projects up WHERE up.id = r.project_id AND up.public_signup) \
                OR EXISTS (SELECT 1 FROM project_customers upc WHERE upc.project_id = r.project_id AND upc.user_id = ");
        q.bind(user.id).push(
            ") OR EXISTS (SELECT 1 FROM organization_projects uop JOIN organization_members uom \
             ON uom.organization_id = uop.organization_id WHERE uop.project_id = r.project_id AND uom.user_id = ",
        );
        q.bind(user.id).push(")) AND (r.reporter_id = ");
        q.bind(user.id).push(
            " OR EXISTS (SELECT 1 FROM request_participants rp WHERE rp.request_id = r.id AND rp.user_id = ",
        );
        q.bind(user.id).push(
            ") OR r.organization_id IN (SELECT organization_id FROM organization_members WHERE user_id = ",
        );
        q.bind(user.id).push("))))");
        match filter.ownership {
            Ownership::Owned => {
                q.push(" AND r.reporter_id = ").bind(user.id);
            }
            Ownership::Participated => {
                q.push(" AND EXISTS (SELECT 1 FROM request_participants rp2 WHERE rp2.request_id = r.id AND rp2.user_id = ");
                q.bind(user.id).push(")");
            }
            Ownership::Organization => {
                q.push(" AND r.organization_id IN (SELECT organization_id FROM organization_members WHERE user_id = ");
                q.bind(user.id).push(")");
            }
            Ownership::All => {}
        }
        match filter.status {
            StatusFilter::Open => {
                q.push(" AND r.status <> 'resolved'");
            }
            StatusFilter::Closed => {
                q.push(" AND r.status = 'resolved'");
            }
            StatusFilter::Only(status) => {
                q.push(" AND r.status = ").bind(status.code());
            }
            StatusFilter::All => {}
        }
        if let Some(project) = filter.project_id {
            q.push(" AND r.project_id = ").bind(project);
        }
        if let Some(request_type) = filter.request_type_id {
            q.push(" AND r.request_type_id = ").bind(request_type);
        }
        if let Some(reporter) = filter.reporter_id {
            q.push(" AND r.reporter_id = ").bind(reporter);
        }
        if let Some(search) = filter.search.map(str::trim).filter(|s| !s.is_empty()) {
            q.push(" AND (r.summary_key LIKE ").bind(contains_pattern(search));
            q.push(" ESCAPE '\\'");
            if let Some((project_key, number)) = clientele_domain::request::split_request_key(search) {
                q.push(" OR (UPPER(p.project_key) = UPPER(").bind(project_key);
                q.push(") AND r.number = ").bind(number).push(")");
            }
            q.push(")");
        }
        if let Some(after) = seek.after_id() {
            q.push(" AND r.id < ").bind(after);
        }
        q.push(" ORDER BY r.id DESC LIMIT ").bind(limit + 1);
        q.push(" OFFSET ").bind(seek.offset());
        Ok(on_pool!(self, pool => bind_all!(sqlx::query_as(&q.sql), q).fetch_all(pool).await)?)
    }

    /// A page (`limit + 1` rows, oldest first) of a request's comments.
    pub async fn request_comments(
        &self,
        request_id: i64,
        public: bool,
        internal: bool,
        seek: &super::Seek,
        limit: i64,
    ) -> StoreResult<Vec<CommentRow>> {
        Ok(on_pool!(self, pool => sqlx::query_as(
            "SELECT id, request_id, author_id, body, public, created_at FROM request_comments \
             WHERE request_id = ? AND ((? AND public) OR (? AND NOT public)) AND id > ? ORDER BY id LIMIT ? OFFSET ?",
        )
        .bind(request_id)
        .bind(public)
        .bind(internal)
        .bind(seek.id_above())
        .bind(limit + 1)
        .bind(seek.offset())
        .fetch_all(pool)
        .await)?)
    }

    /// A page (`limit + 1` rows) of a request's participants, by id.
    pub async fn request_participants(
        &self,
        request_id: i64,
        seek: &super::Seek,
        limit: i64,
    ) -> StoreResult<Vec<UserRow>> {
        let columns = USER_COLUMNS.replace("users.", "u.");
        Ok(on_pool!(self, pool => sqlx::query_as(&format!(
            "SELECT {columns} FROM request_participants rp JOIN users u ON u.id = rp.user_id \
             WHERE rp.request_id = ? AND rp.user_id > ? ORDER BY u.id LIMIT ? OFFSET ?"
        ))
        .bind(request_id)
        .bind(seek.id_above())
        .bind(limit + 1)
        .bind(seek.offset())
        .fetch_all(pool)
        .await)?)
    }

    /// The ids of every participant of a request, for mail.
    pub async fn participant_ids(&self, request_id: i64) -> StoreResult<Vec<i64>> {
        Ok(on_pool!(self, pool => sqlx::query_scalar(
            "SELECT user_id FROM request_participants WHERE request_id = ? ORDER BY user_id",
        )
        .bind(request_id)
        .fetch_all(pool)
        .await)?)
    }

    /// A page (`limit + 1` rows, newest first) of a request's statuses: (id, status, since).
    pub async fn request_status_history(
        &self,
        request_id: i64,
        seek: &super::Seek,
        limit: i64,
    ) -> StoreResult<Vec<(i64, String, i64)>> {
        Ok(on_pool!(self, pool => sqlx::query_as(
            "SELECT id, status, changed_at FROM request_status_changes WHERE request_id = ? AND id < ? \
             ORDER BY id DESC LIMIT ? OFFSET ?",
        )
        .bind(request_id)
        .bind(seek.id_below())
        .bind(limit + 1)
        .bind(seek.offset())
        .fetch_all(pool)
        .await)?)
    }
}

/// Adds a request type (inside a transaction) and returns it.
pub async fn insert_request_type(
    tx: &mut Tx,
    project_id: i64,
    name: &str,
    description: &str,
    help_center_id: Option<i64>,
) -> StoreResult<RequestTypeRow> {
    Ok(on_tx!(tx, conn => sqlx::query_as(&format!(
        "INSERT INTO request_types (project_id, name, description, help_center_id, created_at) \
         VALUES (?, ?, ?, ?, ?) RETURNING {REQUEST_TYPE_COLUMNS}"
    ))
    .bind(project_id)
    .bind(name)
    .bind(description)
    .bind(help_center_id)
    .bind(now_millis())
    .fetch_one(conn)
    .await)?)
}

/// Raises a request (inside the caller's transaction, which should come from
/// [`Store::write`]): takes the project's next number, writes the request, its first status,
/// its participants, and counts it as open for its reporter. Returns its id.
pub async fn insert_request(tx: &mut Tx, new: &NewRequest<'_>) -> StoreResult<i64> {
    let now = now_millis();
    let number: i64 = on_tx!(tx, conn => sqlx::query_scalar(
        "UPDATE projects SET last_request_number = last_request_number + 1 WHERE id = ? RETURNING last_request_number",
    )
    .bind(new.project_id)
    .fetch_one(&mut *conn)
    .await)?;
    let status = RequestStatus::WaitingForSupport.code();
    let id: i64 = on_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO requests (project_id, number, request_type_id, summary, summary_key, description, reporter_id, \
         raised_by_id, organization_id, status, created_at, updated_at, status_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(new.project_id)
    .bind(number)
    .bind(new.request_type_id)
    .bind(new.summary)
    .bind(new.summary.to_lowercase())
    .bind(new.description)
    .bind(new.reporter_id)
    .bind(new.raised_by_id)
    .bind(new.organization_id)
    .bind(status)
    .bind(now)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *conn)
    .await)?;
    record_status(tx, id, status, now).await?;
    add_participants(tx, id, new.participants).await?;
    count(tx, new.project_id, new.reporter_id, 1, 0).await?;
    Ok(id)
}

async fn record_status(tx: &mut Tx, request_id: i64, status: &str, at: i64) -> StoreResult<()> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO request_status_changes (request_id, status, changed_at) VALUES (?, ?, ?)",
    )
    .bind(request_id)
    .bind(status)
    .bind(at)
    .execute(conn)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// Adds `open` and `closed` to a reporter's counts in a project.
async fn count(tx: &mut Tx, project_id: i64, user_id: i64, open: i64, closed: i64) -> StoreResult<()> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO request_counts (project_id, user_id, open_count, closed_count) VALUES (?, ?, ?, ?) \
         ON CONFLICT (project_id, user_id) DO UPDATE SET \
         open_count = request_counts.open_count + excluded.open_count, \
         closed_count = request_counts.closed_count + excluded.closed_count",
    )
    .bind(project_id)
    .bind(user_id)
    .bind(open)
    .bind(closed)
    .execute(conn)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// Adds participants (inside a transaction); present ones are left as they are.
pub async fn add_participants(tx: &mut Tx, request_id: i64, user_ids: &[i64]) -> StoreResult<()> {
    if user_ids.is_empty() {
        return Ok(());
    }
    let mut q = Statement::new("INSERT INTO request_participants (request_id, user_id) ");
    q.rows(user_ids, |id| vec![Value::from(request_id), Value::from(id)]);
    q.push(" ON CONFLICT (request_id, user_id) DO NOTHING");
    on_tx!(tx, conn => bind_all!(sqlx::query(&q.sql), q).execute(conn).await.map(|_| ()))?;
    touch(tx, request_id).await
}

/// Removes participants (inside a transaction); absent ones are no-ops.
pub async fn remove_participants(tx: &mut Tx, request_id: i64, user_ids: &[i64]) -> StoreResult<()> {
    if user_ids.is_empty() {
        return Ok(());
    }
    let mut q = Statement::new("DELETE FROM request_participants WHERE request_id = ");
    q.bind(request_id).push(" AND user_id IN (");
    q.list(user_ids.iter().copied()).push(")");
    on_tx!(tx, conn => bind_all!(sqlx::query(&q.sql), q).execute(conn).await.map(|_| ()))?;
    touch(tx, request_id).await
}

/// Shares a request with an organization, or (`None`) stops sharing it.
pub async fn set_request_organization(
    tx: &mut Tx,
    request_id: i64,
    organization_id: Option<i64>,
) -> StoreResult<()> {
    on_tx!(tx, conn => sqlx::query("UPDATE requests SET organization_id = ?, updated_at = ? WHERE id = ?")
        .bind(organization_id)
        .bind(now_millis())
        .bind(request_id)
        .execute(conn)
        .await
        .map(|_| ()))?;
    Ok(())
}

async fn touch(tx: &mut Tx, request_id: i64) -> StoreResult<()> {
    on_tx!(tx, conn => sqlx::query("UPDATE requests SET updated_at = ? WHERE id = ?")
        .bind(now_millis())
        .bind(request_id)
        .execute(conn)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// Adds a comment (inside a transaction) and returns it.
pub async fn insert_comment(
    tx: &mut Tx,
    request_id: i64,
    author_id: i64,
    body: &str,
    public: bool,
) -> StoreResult<CommentRow> {
    let row = on_tx!(tx, conn => sqlx::query_as(
        "INSERT INTO request_comments (request_id, author_id, body, public, created_at) VALUES (?, ?, ?, ?, ?) \
         RETURNING id, request_id, author_id, body, public, created_at",
    )
    .bind(request_id)
    .bind(author_id)
    .bind(body)
    .bind(public)
    .bind(now_millis())
    .fetch_one(conn)
    .await)?;
    touch(tx, request_id).await?;
    Ok(row)
}

/// Moves a request from `from` to `to` (inside a transaction): its status, times, history, and
/// its reporter's counts. Returns false, changing nothing, when it is no longer in `from` (someone
/// else moved it meanwhile).
pub async fn change_status(
    tx: &mut Tx,
    request: &RequestRef,
    from: RequestStatus,
    to: RequestStatus,
) -> StoreResult<bool> {
    if from == to {
        return Ok(true);
    }
    let now = now_millis();
    let resolved_at = (to == RequestStatus::Resolved).then_some(now);
    let changed = on_tx!(tx, conn => sqlx::query(
        "UPDATE requests SET status = ?, status_at = ?, updated_at = ?, resolved_at = ? WHERE id = ? AND status = ?",
    )
    .bind(to.code())
    .bind(now)
    .bind(now)
    .bind(resolved_at)
    .bind(request.id)
    .bind(from.code())
    .execute(conn)
    .await
    .map(|done| done.rows_affected()))?;
    if changed == 0 {
        return Ok(false);
    }
    record_status(tx, request.id, to.code(), now).await?;
    if let Some(reporter) = request.reporter_id {
        match (from.is_open(), to.is_open()) {
            (true, false) => count(tx, request.project_id, reporter, -1, 1).await?,
            (false, true) => count(tx, request.project_id, reporter, 1, -1).await?,
            _ => {}
        }
    }
    Ok(true)
}
