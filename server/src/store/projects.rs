//! Service projects, and who works on or uses them.

use clientele_domain::wire::ProjectRole;
use sqlx::FromRow;

use super::db::{on_pool, on_tx};
use super::{now_millis, Store, StoreResult, Tx, UserRow};

/// A service project as stored.
#[derive(Debug, Clone, FromRow)]
pub struct ProjectRow {
    pub id: i64,
    pub project_key: String,
    pub name: String,
    /// `companyManaged` or `teamManaged`.
    pub project_type: String,
    pub public_signup: bool,
    pub customer_invited_notification: bool,
}

#[derive(FromRow)]
struct ProjectAccessRow {
    #[sqlx(flatten)]
    project: ProjectRow,
    visible: bool,
    role: Option<String>,
}

#[derive(FromRow)]
struct ProjectWithRole {
    #[sqlx(flatten)]
    project: ProjectRow,
    role: Option<String>,
}

/// A new service project.
pub struct NewProject<'a> {
    pub key: &'a str,
    pub name: &'a str,
    pub project_type: &'a str,
}

const PROJECT_COLUMNS: &str = "projects.id, projects.project_key, projects.name, projects.project_type, \
     projects.public_signup, projects.customer_invited_notification";

/// Projects a person may see: all for a site admin; otherwise those they work on, those they
/// are a customer of, and those an organization they belong to is attached to.
const VISIBLE_TO: &str = "(? OR projects.id IN ( \
        SELECT project_id FROM project_roles WHERE user_id = ? \
        UNION SELECT project_id FROM project_customers WHERE user_id = ? \
        UNION SELECT op.project_id FROM organization_projects op \
              JOIN organization_members om ON om.organization_id = op.organization_id \
              WHERE om.user_id = ?))";

impl Store {
    /// A page of the service projects `user` may see, ordered by id. Returns one row more than
    /// `limit` when there is a next page.
    pub async fn projects_visible_to(
        &self,
        user: &UserRow,
        seek: &super::Seek,
        limit: i64,
    ) -> StoreResult<Vec<ProjectRow>> {
        Ok(on_pool!(self, pool => sqlx::query_as(&format!(
            "SELECT {PROJECT_COLUMNS} FROM projects WHERE {VISIBLE_TO} AND projects.id > ? ORDER BY projects.id LIMIT ? OFFSET ?"
        ))
        .bind(user.site_admin)
        .bind(user.id)
        .bind(user.id)
        .bind(user.id)
        .bind(seek.id_above())
        .bind(limit + 1)
        .bind(seek.offset())
        .fetch_all(pool)
        .await)?)
    }

    /// The projects `user` works on, with their role there (`projectAdmin` / `agent`); a site
    /// admin gets every project, with a role only where they have one.
    pub async fn projects_worked_on(
        &self,
        user: &UserRow,
    ) -> StoreResult<Vec<(ProjectRow, Option<ProjectRole>)>> {
        let rows: Vec<ProjectWithRole> = on_pool!(self, pool => sqlx::query_as(
            "SELECT projects.id, projects.project_key, projects.name, projects.project_type, \
                    projects.public_signup, projects.customer_invited_notification, project_roles.role \
             FROM projects LEFT JOIN project_roles \
                  ON project_roles.project_id = projects.id AND project_roles.user_id = ? \
             WHERE ? OR project_roles.role IS NOT NULL ORDER BY projects.name",
        )
        .bind(user.id)
        .bind(user.site_admin)
        .fetch_all(pool)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|row| (row.project, row.role.as_deref().and_then(ProjectRole::parse)))
            .collect())
    }

    /// A project by its id or key (keys compared ignoring case).
    pub async fn project_by_id_or_key(&self, id_or_key: &str) -> StoreResult<Option<ProjectRow>> {
        let id: i64 = id_or_key.parse().unwrap_or(-1);
        Ok(on_pool!(self, pool => sqlx::query_as(&format!(
            "SELECT {PROJECT_COLUMNS} FROM projects WHERE projects.id = ? OR UPPER(projects.project_key) = UPPER(?)"
        ))
        .bind(id)
        .bind(id_or_key)
        .fetch_optional(pool)
        .await)?)
    }

    /// The project with this id or key, whether `user` may see it (see
    /// [`Store::projects_visible_to`]) and their role in it: one statement, for the checks
    /// every request about a project starts with.
    pub async fn project_for(
        &self,
        user: &UserRow,
        id_or_key: &str,
    ) -> StoreResult<Option<(ProjectRow, bool, Option<ProjectRole>)>> {
        let id: i64 = id_or_key.parse().unwrap_or(-1);
        let row: Option<ProjectAccessRow> = on_pool!(self, pool => sqlx::query_as(&format!(
            "SELECT {PROJECT_COLUMNS}, {VISIBLE_TO} AS visible, \
             (SELECT r.role FROM project_roles r WHERE r.user_id = ? AND r.project_id = projects.id) AS role \
             FROM projects WHERE projects.id = ? OR UPPER(projects.project_key) = UPPER(?)"
        ))
        .bind(user.site_admin)
        .bind(user.id)
        .bind(user.id)
        .bind(user.id)
        .bind(user.id)
        .bind(id)
        .bind(id_or_key)
        .fetch_optional(pool)
        .await)?;
        Ok(row.map(|row| {
            let role = row.role.as_deref().and_then(ProjectRole::parse);
            (row.project, row.visible, role)
        }))
    }

    /// Whether `user` may see project `project_id` (see [`Store::projects_visible_to`]).
    pub async fn project_visible_to(&self, user: &UserRow, project_id: i64) -> StoreResult<bool> {
        let found: Option<i64> = on_pool!(self, pool => sqlx::query_scalar(&format!(
            "SELECT projects.id FROM projects WHERE projects.id = ? AND {VISIBLE_TO}"
        ))
        .bind(project_id)
        .bind(user.site_admin)
        .bind(user.id)
        .bind(user.id)
        .bind(user.id)
        .fetch_optional(pool)
        .await)?;
        Ok(found.is_some())
    }
}

/// Creates a service project (inside a transaction) and returns its id.
pub async fn insert_project(tx: &mut Tx, project: &NewProject<'_>) -> StoreResult<i64> {
    Ok(on_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO projects (project_key, name, project_type) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(project.key)
    .bind(project.name)
    .bind(project.project_type)
    .fetch_one(conn)
    .await)?)
}

/// Gives `user_id` a role in a project (inside a transaction).
pub async fn set_project_role(tx: &mut Tx, project_id: i64, user_id: i64, role: &str) -> StoreResult<()> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO project_roles (project_id, user_id, role) VALUES (?, ?, ?) \
         ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role",
    )
    .bind(project_id)
    .bind(user_id)
    .bind(role)
    .execute(conn)
    .await.map(|done| done.rows_affected()))?;
    Ok(())
}

/// Creates an organization (inside a transaction) and returns its id.
pub async fn insert_organization(tx: &mut Tx, name: &str) -> StoreResult<i64> {
    Ok(on_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO organizations (name, name_key, created_at) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(name)
    .bind(name.to_lowercase())
    .bind(now_millis())
    .fetch_one(conn)
    .await)?)
}

/// Attaches an organization to a project (inside a transaction); already attached is a no-op.
/// Returns whether it was attached now.
pub async fn attach_organization(tx: &mut Tx, organization_id: i64, project_id: i64) -> StoreResult<bool> {
    let done = on_tx!(tx, conn => sqlx::query(
        "INSERT INTO organization_projects (organization_id, project_id) VALUES (?, ?) \
         ON CONFLICT (organization_id, project_id) DO NOTHING",
    )
    .bind(organization_id)
    .bind(project_id)
    .execute(conn)
    .await.map(|done| done.rows_affected()))?;
    Ok(done > 0)
}
