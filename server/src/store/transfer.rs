//! Moving a site from one database to another (`clientele migrate-data`): every table copied
//! with its ids, from a snapshot of the source, into an empty target in one transaction.
//!
//! Rows are read a page at a time by primary key (keyset paging, so a million accounts never sit
//! in memory and each page is an index range scan) and written as multi-row inserts. Sessions
//! are not copied: moving a site signs everyone out (see [`Store::copy_into`]).

mod tables;

use std::fmt;

use super::db::{on_pool, on_tx, Backend, TxInner};
use super::sql::{bind_all, Statement, Value};
use super::{Store, StoreError, StoreResult, Tx};
use tables::{Kind, Table, FILLED_BY_MIGRATIONS, NOT_COPIED, TABLES};

/// Rows read and written per statement: 14 columns (the outbox) × 500 stays far below either
/// backend's limit on placeholders.
const ROWS_PER_PAGE: usize = 500;

/// The rows of one table on both sides of a copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCount {
    pub table: &'static str,
    pub source: i64,
    /// After the copy, in the target's transaction.
    pub target: i64,
    /// False for tables deliberately left behind (sessions).
    pub copied: bool,
}

/// Why a copy wrote nothing.
#[derive(Debug)]
pub enum TransferError {
    /// The target already holds a site (or part of one): `rows` rows in `table`.
    TargetNotEmpty { table: &'static str, rows: i64 },
    /// After the copy, a table holds a different number of rows on the target than on the
    /// source; the target's transaction was rolled back.
    CountsDiffer(Vec<TableCount>),
    /// A database failed.
    Store(StoreError),
}

impl fmt::Display for TransferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransferError::TargetNotEmpty { table, rows } => write!(
                f,
                "the target database is not empty ({table} holds {rows} rows); nothing was copied"
            ),
            TransferError::CountsDiffer(counts) => {
                let differ: Vec<&str> = counts
                    .iter()
                    .filter(|c| c.copied && c.source != c.target)
                    .map(|c| c.table)
                    .collect();
                write!(
                    f,
                    "row counts differ after the copy ({}); the target was left unchanged",
                    differ.join(", ")
                )
            }
            TransferError::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for TransferError {}

impl From<StoreError> for TransferError {
    fn from(e: StoreError) -> TransferError {
        TransferError::Store(e)
    }
}

impl From<sqlx::Error> for TransferError {
    fn from(e: sqlx::Error) -> TransferError {
        TransferError::Store(e.into())
    }
}

impl Store {
    /// Copies the whole site in this store into `target`, which must hold no site (the
    /// settings its migrations wrote are overwritten). Ids are kept; every write is in one
    /// transaction on the target, so a failure leaves it as it was; the source is read from one
    /// snapshot. Afterwards the target's ids continue past every id the source ever handed out.
    ///
    /// Sessions are not copied: everyone signs in again on the moved site. A session is a
    /// sign-in on one server; the old one may keep running while the copy is made, and a
    /// session ended there after the snapshot would live on here.
    ///
    /// `progress` hears each table's name and the rows copied so far.
    pub async fn copy_into(
        &self,
        target: &Store,
        mut progress: impl FnMut(&'static str, u64),
    ) -> Result<Vec<TableCount>, TransferError> {
        let mut source = self.snapshot().await?;
        let mut into = target.write().await?;
        for (table, rows) in count_rows(&mut into).await? {
            if rows > 0 && !FILLED_BY_MIGRATIONS.contains(&table) {
                return Err(TransferError::TargetNotEmpty { table, rows });
            }
        }
        let source_counts = count_rows(&mut source).await?;
        for table in TABLES {
            copy_table(&mut source, &mut into, table, &mut progress).await?;
        }
        let high_water = highest_ids_handed_out(&mut source).await?;
        source.rollback().await?;
        let counts: Vec<TableCount> = source_counts
            .into_iter()
            .zip(count_rows(&mut into).await?)
            .map(|((table, source), (_, target))| TableCount {
                table,
                source,
                target,
                copied: !NOT_COPIED.contains(&table),
            })
            .collect();
        if counts.iter().any(|c| c.copied && c.source != c.target) {
            into.rollback().await?;
            return Err(TransferError::CountsDiffer(counts));
        }
        if target.backend() == Backend::Sqlite {
            raise_sqlite_sequences(&mut into, &high_water).await?;
        }
        into.commit().await?;
        target.after_bulk_load().await?;
        if target.backend() == Backend::Postgres {
            target.raise_postgres_sequences(&high_water).await?;
        }
        Ok(counts)
    }

    /// The rows of every table of the site, sessions included.
    pub async fn row_counts(&self) -> StoreResult<Vec<(&'static str, i64)>> {
        let mut tx = self.snapshot().await?;
        let counts = count_rows(&mut tx).await?;
        tx.rollback().await?;
        Ok(counts)
    }

    /// A read-only transaction that sees one state of the database throughout: SQLite's
    /// deferred transaction reads one snapshot (WAL); PostgreSQL needs repeatable read for it.
    async fn snapshot(&self) -> StoreResult<Tx> {
        let mut tx = self.begin().await?;
        if let TxInner::Postgres(t) = &mut tx.inner {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(&mut **t)
                .await?;
        }
        Ok(tx)
    }

    /// Moves each identity sequence past the highest id the source handed out, which may be
    /// above the largest id still there (a deleted newest account): ids are never reused.
    async fn raise_postgres_sequences(&self, high_water: &[(&'static str, i64)]) -> StoreResult<()> {
        for (table, highest) in high_water {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), ?, 1))"
            );
            on_pool!(self, pool => sqlx::query(&sql).bind(*highest).execute(pool).await.map(|_| ()))?;
        }
        Ok(())
    }
}

/// `SELECT COUNT(*)` of every copied table, then of those left behind.
async fn count_rows(tx: &mut Tx) -> StoreResult<Vec<(&'static str, i64)>> {
    let mut counts = Vec::new();
    let names = TABLES.iter().map(|t| t.name).chain(NOT_COPIED.iter().copied());
    for table in names {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let rows: i64 = on_tx!(tx, conn => sqlx::query_scalar(&sql).fetch_one(conn).await)?;
        counts.push((table, rows));
    }
    Ok(counts)
}

async fn copy_table(
    source: &mut Tx,
    into: &mut Tx,
    table: &Table,
    progress: &mut impl FnMut(&'static str, u64),
) -> StoreResult<()> {
    let columns: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
    let key = columns[..table.key].join(", ");
    let mut after: Option<Vec<Value>> = None;
    let mut copied = 0_u64;
    loop {
        let mut read = Statement::new(format!("SELECT {} FROM {}", columns.join(", "), table.name));
        if let Some(last) = after.take() {
            read.push(&format!(" WHERE ({key}) > (")).list(last).push(")");
        }
        read.push(&format!(" ORDER BY {key} LIMIT {ROWS_PER_PAGE}"));
        let page: Vec<Vec<Value>> = on_tx!(source, conn => bind_all!(sqlx::query(&read.sql), read)
            .fetch_all(conn)
            .await
            .and_then(|rows| rows.iter().map(|row| decode(row, table.columns)).collect()))?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = Some(last[..table.key].to_vec());
        let mut write = Statement::new(format!("INSERT INTO {} ({}) ", table.name, columns.join(", ")));
        write.rows(&page, |row| row.clone()).push(table.on_conflict);
        on_tx!(into, conn => bind_all!(sqlx::query(&write.sql), write).execute(conn).await.map(|_| ()))?;
        copied += page.len() as u64;
        progress(table.name, copied);
        if page.len() < ROWS_PER_PAGE {
            return Ok(());
        }
    }
}

/// One row's values, read by the kinds of its table's columns.
fn decode<R: sqlx::Row>(row: &R, columns: &[(&str, Kind)]) -> sqlx::Result<Vec<Value>>
where
    usize: sqlx::ColumnIndex<R>,
    i64: sqlx::Type<R::Database> + for<'r> sqlx::Decode<'r, R::Database>,
    String: sqlx::Type<R::Database> + for<'r> sqlx::Decode<'r, R::Database>,
    bool: sqlx::Type<R::Database> + for<'r> sqlx::Decode<'r, R::Database>,
{
    columns
        .iter()
        .enumerate()
        .map(|(i, (_, kind))| {
            Ok(match kind {
                Kind::Int => Value::Int(row.try_get(i)?),
                Kind::MaybeInt => Value::MaybeInt(row.try_get(i)?),
                Kind::Text => Value::Text(row.try_get(i)?),
                Kind::MaybeText => Value::MaybeText(row.try_get(i)?),
                Kind::Bool => Value::Bool(row.try_get(i)?),
            })
        })
        .collect()
}

/// The highest id each table with an id ever handed out on the source, where the database
/// remembers it: SQLite's `sqlite_sequence` (tables with AUTOINCREMENT), PostgreSQL's identity
/// sequences.
async fn highest_ids_handed_out(source: &mut Tx) -> StoreResult<Vec<(&'static str, i64)>> {
    let mut found = Vec::new();
    for table in super::seed::IDENTITY_TABLES {
        let highest: Option<i64> = match &mut source.inner {
            TxInner::Sqlite(t) => sqlx::query_scalar("SELECT seq FROM sqlite_sequence WHERE name = ?")
                .bind(*table)
                .fetch_optional(&mut **t)
                .await?
                .flatten(),
            TxInner::Postgres(t) => {
                sqlx::query_scalar(
                    "SELECT pg_sequence_last_value(pg_get_serial_sequence($1, 'id')::regclass)",
                )
                .bind(*table)
                .fetch_one(&mut **t)
                .await?
            }
        };
        if let Some(highest) = highest {
            found.push((*table, highest));
        }
    }
    Ok(found)
}

/// Raises SQLite's AUTOINCREMENT counters to the source's highest ids. Inserting rows with
/// their ids already moved each to the largest id copied; a table without AUTOINCREMENT has no
/// counter, and reuses ids after its largest anyway.
async fn raise_sqlite_sequences(into: &mut Tx, high_water: &[(&'static str, i64)]) -> StoreResult<()> {
    let TxInner::Sqlite(t) = &mut into.inner else {
        return Ok(());
    };
    for (table, highest) in high_water {
        let autoincrement: bool = sqlx::query_scalar(
            "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ? AND sql LIKE '%AUTOINCREMENT%'",
        )
        .bind(*table)
        .fetch_one(&mut **t)
        .await?;
        if !autoincrement {
            continue;
        }
        let raised = sqlx::query("UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?")
            .bind(*highest)
            .bind(*table)
            .execute(&mut **t)
            .await?;
        if raised.rows_affected() == 0 {
            sqlx::query("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)")
                .bind(*table)
                .bind(*highest)
                .execute(&mut **t)
                .await?;
        }
    }
    Ok(())
}
