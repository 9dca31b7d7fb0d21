//! CSV imports: the `imports` table (one row per import or dry run, with its report), and the
//! set-based reads and writes an import adds to those of a bulk add (organizations and
//! projects by name or key, display names).

use std::collections::HashMap;

use super::db::{on_pool, on_tx};
use super::sql::{bind_all, Statement};
use super::{now_millis, Store, StoreResult, Tx};

/// Rows per multi-row statement.
const CHUNK: usize = 400;

/// An import as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ImportRow {
    pub id: i64,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
    pub file_name: String,
    pub state: String,
    pub columns: String,
    pub mapping: String,
    pub options: String,
    pub rows_total: i64,
    pub rows_done: i64,
    pub summary: Option<String>,
    pub report: Option<String>,
    pub error: Option<String>,
}

/// A new import (its JSON parts already written).
#[derive(Debug, Clone)]
pub struct NewImport<'a> {
    pub created_by: i64,
    pub file_name: &'a str,
    pub state: &'a str,
    pub columns: &'a str,
    pub mapping: &'a str,
    pub options: &'a str,
    pub rows_total: i64,
}

/// How an import ended (its JSON parts already written).
#[derive(Debug, Clone)]
pub struct ImportEnd<'a> {
    pub state: &'a str,
    pub rows_done: i64,
    pub summary: &'a str,
    pub report: &'a str,
    pub error: Option<&'a str>,
}

const IMPORT_COLUMNS: &str =
    "id, created_by, created_at, finished_at, file_name, state, columns, mapping, options, \
     rows_total, rows_done, summary, report, error";

impl Store {
    /// Records a new import and returns its id; `end` fills in its report at once (a dry run).
    pub async fn create_import(&self, new: &NewImport<'_>, end: Option<&ImportEnd<'_>>) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let now = now_millis();
        let id: i64 = on_tx!(tx, conn => sqlx::query_scalar(
            "INSERT INTO imports (created_by, created_at, file_name, state, columns, mapping, options, rows_total) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(new.created_by)
        .bind(now)
        .bind(new.file_name)
        .bind(new.state)
        .bind(new.columns)
        .bind(new.mapping)
        .bind(new.options)
        .bind(new.rows_total)
        .fetch_one(conn)
        .await)?;
        if let Some(end) = end {
            finish_import(&mut tx, id, end).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Records how an import ended, in a transaction of its own (an import that failed: its
    /// own transaction rolled back).
    pub async fn end_import(&self, id: i64, end: &ImportEnd<'_>) -> StoreResult<()> {
        let mut tx = self.write().await?;
        finish_import(&mut tx, id, end).await?;
        tx.commit().await
    }

    /// An import by id.
    pub async fn import_by_id(&self, id: i64) -> StoreResult<Option<ImportRow>> {
        Ok(
            on_pool!(self, pool => sqlx::query_as(&format!("SELECT {IMPORT_COLUMNS} FROM imports WHERE id = ?"))
            .bind(id)
            .fetch_optional(pool)
            .await)?,
        )
    }

    /// Marks every import still running as failed: the server stopped during it, and its
    /// transaction rolled back with it. Run at start-up, before any import can start.
    pub async fn fail_interrupted_imports(&self) -> StoreResult<u64> {
        Ok(on_pool!(self, pool => sqlx::query(
            "UPDATE imports SET state = 'failed', finished_at = ?, \
             error = 'The server stopped before the import finished; nothing was written.' \
             WHERE state = 'running'",
        )
        .bind(now_millis())
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))?)
    }
}

/// Records how an import ended, inside `tx` (a successful import: in its own transaction, so
/// that its changes and its "done" become visible together).
pub async fn finish_import(tx: &mut Tx, id: i64, end: &ImportEnd<'_>) -> StoreResult<()> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE imports SET state = ?, rows_done = ?, summary = ?, report = ?, error = ?, finished_at = ? WHERE id = ?",
    )
    .bind(end.state)
    .bind(end.rows_done)
    .bind(end.summary)
    .bind(end.report)
    .bind(end.error)
    .bind(now_millis())
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// Projects by key (uppercase): id and whether new customers are invited.
pub async fn projects_by_key(tx: &mut Tx, keys: &[String]) -> StoreResult<HashMap<String, i64>> {
    let mut found = HashMap::new();
    for chunk in keys.chunks(CHUNK) {
        let mut q = Statement::new("SELECT project_key, id FROM projects WHERE project_key IN (");
        q.list(chunk).push(")");
        let rows: Vec<(String, i64)> =
            on_tx!(tx, conn => bind_all!(sqlx::query_as(&q.sql), q).fetch_all(conn).await)?;
        found.extend(rows);
    }
    Ok(found)
}

/// Organizations by name key (lowercased name): id and name as stored.
pub async fn organizations_by_key(
    tx: &mut Tx,
    keys: &[String],
) -> StoreResult<HashMap<String, (i64, String)>> {
    let mut found = HashMap::new();
    for chunk in keys.chunks(CHUNK) {
        let mut q = Statement::new("SELECT name_key, id, name FROM organizations WHERE name_key IN (");
        q.list(chunk).push(")");
        let rows: Vec<(String, i64, String)> =
            on_tx!(tx, conn => bind_all!(sqlx::query_as(&q.sql), q).fetch_all(conn).await)?;
        found.extend(rows.into_iter().map(|(key, id, name)| (key, (id, name))));
    }
    Ok(found)
}

/// Sets accounts' display names: `(account id, name)` pairs.
pub async fn set_display_names(tx: &mut Tx, names: &[(i64, String)]) -> StoreResult<()> {
    for chunk in names.chunks(CHUNK) {
        // A CTE of the pairs reads alike on both backends (the id cast: PostgreSQL would take
        // an untyped parameter in VALUES for text).
        let mut q = Statement::new("WITH v(id, name) AS (VALUES ");
        for (n, (id, name)) in chunk.iter().enumerate() {
            if n > 0 {
                q.push(", ");
            }
            q.push("(CAST(")
                .bind(*id)
                .push(" AS BIGINT), ")
                .bind(name)
                .push(")");
        }
        q.push(
            ") UPDATE users SET display_name = (SELECT v.name FROM v WHERE v.id = users.id) \
             WHERE users.id IN (SELECT v.id FROM v)",
        );
        on_tx!(tx, conn => bind_all!(sqlx::query(&q.sql), q).execute(conn).await.map(|_| ()))?;
    }
    Ok(())
}
