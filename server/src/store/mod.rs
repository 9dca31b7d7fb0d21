//! The storage layer: every SQL statement of the server lives under this module.
//!
//! SQLite through sqlx is the embedded default. Statements are kept to portable SQL where a
//! portable form exists, so that PostgreSQL can sit behind the same functions.
//!
//! The interface, and all of it that the rest of the server sees:
//! - [`Store`] methods own their work: a single write, or a few steps the method keeps in one
//!   transaction of its own;
//! - work of several steps that the caller composes (a bulk add with its messages) runs in a
//!   [`Tx`] from [`Store::write`] (or [`Store::begin`]), passed to the functions of this module
//!   that take `&mut Tx`, and ends with [`Tx::commit`] or [`Tx::rollback`];
//! - failures are [`StoreError`]s, whose [`StoreErrorKind`] says what they mean to a caller.
//!
//! No database type appears outside this module.

mod accounts;
pub mod audit;
pub mod customers;
mod db;
mod error;
pub mod export;
mod housekeeping;
pub mod imports;
mod limits;
mod organizations;
pub mod outbox;
mod projects;
pub mod reach;
pub mod requests;
mod search;
mod seed;
mod seek;
mod sessions;
mod settings;
mod sql;
mod transfer;
mod tx;
mod users;

pub use audit::{Actor, Via};
pub use customers::{CustomerFilter, ExistingAccount, ListedCustomer};
pub use error::{StoreError, StoreErrorKind, StoreResult};
pub use housekeeping::Purged;
pub use limits::{LimitAnswer, LimitKey};
pub use organizations::{OrganizationFilter, OrganizationRow, PropertyWrite};
pub use outbox::{AccountTokenRow, MessageRow, NewMessage};
pub use reach::Reach;
pub use requests::{
    CommentRow, NewRequest, Ownership, RequestFilter, RequestRef, RequestRow, RequestTypeRow, StatusFilter,
};
pub use seed::synthetic_customer;
pub use seek::{Key, Seek};
pub use sessions::ApiTokenRow;
pub use settings::{HelpCenterRemoval, HelpCenterRow};
pub use transfer::{TableCount, TransferError};
pub use tx::Tx;

pub use projects::{
    attach_organization, insert_organization, insert_project, set_project_role, NewProject, ProjectRow,
};
pub use users::{insert_user, insert_user_if_new, record_new_account, NewUser, UserRow};

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection};

pub use db::Backend;
use db::{on_pool, on_tx, Pool, TxInner};

/// A handle on the database, cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: Pool,
    /// Whether changes are recorded in the audit trail: always, except in the scale benchmark's
    /// comparison ([`Store::without_audit_for_benchmark`]).
    recording: bool,
}

/// Milliseconds since the Unix epoch.
pub fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// The key of the PostgreSQL advisory lock a write transaction holds (see [`Store::write`]).
const WRITE_LOCK: i64 = 0x636c_6965_6e74; // "client"

impl Store {
    /// Opens the database at `url` and runs its migrations: `sqlite://PATH` (the file and its
    /// directory are created when missing; foreign keys on, WAL journaling) or
    /// `postgres://USER:PASS@HOST:PORT/DB` (also `postgresql://`).
    pub async fn open(url: &str) -> anyhow::Result<Store> {
        if is_postgres_url(url) {
            return Store::open_postgres(url).await;
        }
        let path = sqlite_path(url)?;
        if let Some(dir) = Path::new(path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            }
        }
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10));
        // Migrations run on a connection of their own with foreign keys off, as SQLite requires
        // for rebuilding a table that others reference (0004): otherwise dropping the old table
        // would cascade deletes into every table that references it.
        let mut migrations = options
            .clone()
            .foreign_keys(false)
            .connect()
            .await
            .with_context(|| format!("cannot open database {path}"))?;
        sqlx::migrate!("./migrations")
            .run(&mut migrations)
            .await
            .context("database migration failed")?;
        migrations.close().await?;
        // No ping before each use of a pooled connection (sqlx's default, a round trip to the
        // connection's thread per statement): an embedded database has no link to lose.
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .test_before_acquire(false)
            .after_connect(|conn, _| Box::pin(plan_without_values(conn)))
            .connect_with(options.foreign_keys(true))
            .await
            .with_context(|| format!("cannot open database {path}"))?;
        let store = Store {
            pool: Pool::Sqlite(pool),
            recording: true,
        };
        store.adopt_legacy_links().await?;
        Ok(store)
    }

    /// [`Store::open`] for a database that must already exist: a SQLite file that is not there
    /// is an error rather than a new, empty database (a mistyped source path of a copy).
    pub async fn open_existing(url: &str) -> anyhow::Result<Store> {
        if !is_postgres_url(url) {
            let path = sqlite_path(url)?;
            anyhow::ensure!(Path::new(path).is_file(), "there is no database file at {path}");
        }
        Store::open(url).await
    }

    async fn open_postgres(url: &str) -> anyhow::Result<Store> {
        let options = PgConnectOptions::from_str(url)
            .map_err(|e| anyhow::anyhow!("the PostgreSQL URL is not valid: {e}"))?;
        let place = format!(
            "{}:{}/{}",
            options.get_host(),
            options.get_port(),
            options.get_database().unwrap_or("")
        );
        // One connection first, so that a wrong host, port, password or database is reported
        // as it is (not as a pool that timed out).
        let first = tokio::time::timeout(Duration::from_secs(10), options.connect())
            .await
            .map_err(|_| anyhow::anyhow!("cannot connect to PostgreSQL at {place}: no answer within 10 s"))?
            .map_err(|e| anyhow::anyhow!("cannot connect to PostgreSQL at {place}: {e}"))?;
        first.close().await.ok();
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .with_context(|| format!("cannot connect to PostgreSQL at {place}"))?;
        sqlx::migrate!("./migrations-pg")
            .run(&pool)
            .await
            .with_context(|| format!("database migration failed on PostgreSQL at {place}"))?;
        Ok(Store {
            pool: Pool::Postgres(pool),
            recording: true,
        })
    }

    /// Which database this store runs on.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Starts a transaction that takes the write lock only when it first writes: for reads that
    /// need one snapshot, and for writes nothing else can race (the demo data).
    pub async fn begin(&self) -> StoreResult<Tx> {
        Ok(Tx::new(
            match &self.pool {
                Pool::Sqlite(pool) => TxInner::Sqlite(pool.begin().await?),
                Pool::Postgres(pool) => TxInner::Postgres(pool.begin().await?),
            },
            self.recording,
        ))
    }

    /// Starts a write transaction that waits for every other write transaction to end first,
    /// so that concurrent writers (a bulk add's read-then-insert) never fail half-way: SQLite's
    /// write lock (`BEGIN IMMEDIATE`); on PostgreSQL, an advisory lock held until the end of
    /// the transaction, which serializes write transactions across every server process.
    pub async fn write(&self) -> StoreResult<Tx> {
        Ok(Tx::new(
            match &self.pool {
                Pool::Sqlite(pool) => TxInner::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
                Pool::Postgres(pool) => {
                    let mut tx = pool.begin().await?;
                    sqlx::query("SELECT pg_advisory_xact_lock($1)")
                        .bind(WRITE_LOCK)
                        .execute(&mut *tx)
                        .await?;
                    TxInner::Postgres(tx)
                }
            },
            self.recording,
        ))
    }

    /// The same database with the audit trail switched off: only for the scale benchmark,
    /// which measures a bulk add with and without recording in the same run. Every server
    /// records; there is no setting for this.
    #[doc(hidden)]
    pub fn without_audit_for_benchmark(&self) -> Store {
        Store {
            pool: self.pool.clone(),
            recording: false,
        }
    }

    /// Whether the database answers a trivial query (for the health check).
    pub async fn ping(&self) -> StoreResult<()> {
        on_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    /// Closes every connection; what still uses the store gets errors from then on.
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(pool) => pool.close().await,
            Pool::Postgres(pool) => pool.close().await,
        }
    }

    /// Whether the database holds no accounts yet (a fresh install).
    pub async fn is_empty(&self) -> StoreResult<bool> {
        let count: i64 =
            on_pool!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(pool).await)?;
        Ok(count == 0)
    }
}

/// Turns on SQLite's query planner stability guarantee on a connection: statements are planned
/// from the schema and `ANALYZE`'s statistics, never from the values bound to them. SQLite
/// (built with `SQLITE_ENABLE_STAT4`, as `libsqlite3-sys` builds it) otherwise re-plans a kept
/// statement whenever a value bound to an indexed comparison changes, once `ANALYZE` has run
/// (the seed runs it): every list page paid a full parse and plan of its statement (about as
/// long as running it), every time. The lists' shapes are fixed by their SQL (`CROSS JOIN`s
/// keep the index walks), so they do not need per-value plans. See docs/performance.md.
async fn plan_without_values(conn: &mut sqlx::SqliteConnection) -> Result<(), sqlx::Error> {
    let mut handle = conn.lock_handle().await?;
    let db = handle.as_raw_handle().as_ptr();
    // SAFETY: `db` is this connection's open handle, held locked (no statement runs on it
    // meanwhile) for the duration of the call; SQLITE_DBCONFIG_ENABLE_QPSG takes an int and an
    // optional int* for the new value, which may be null.
    let rc = unsafe {
        libsqlite3_sys::sqlite3_db_config(
            db,
            libsqlite3_sys::SQLITE_DBCONFIG_ENABLE_QPSG,
            1 as std::os::raw::c_int,
            std::ptr::null_mut::<std::os::raw::c_int>(),
        )
    };
    if rc == libsqlite3_sys::SQLITE_OK {
        Ok(())
    } else {
        Err(sqlx::Error::Protocol(format!(
            "SQLite refused the query planner stability guarantee (code {rc})"
        )))
    }
}

fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Which database a URL names, without opening it: an unsupported URL is an error.
pub fn backend_of(url: &str) -> anyhow::Result<Backend> {
    if is_postgres_url(url) {
        return Ok(Backend::Postgres);
    }
    sqlite_path(url).map(|_| Backend::Sqlite)
}

/// Whether two URLs name the same database: the same text, or the same SQLite file.
pub fn same_database(a: &str, b: &str) -> bool {
    match (sqlite_path(a), sqlite_path(b)) {
        (Ok(a), Ok(b)) => match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => Path::new(a) == Path::new(b),
        },
        _ => a.trim_end_matches('/') == b.trim_end_matches('/'),
    }
}

/// The file a `sqlite://PATH` (or `sqlite:PATH`) URL names; any other URL is an error.
fn sqlite_path(url: &str) -> anyhow::Result<&str> {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .with_context(|| {
            format!(
                "unsupported database URL {url:?}: use sqlite://PATH or postgres://USER:PASS@HOST:PORT/DB"
            )
        })
}

/// Sets a global switch (inside a transaction).
pub async fn set_setting(tx: &mut Tx, key: &str, value: &str) -> StoreResult<()> {
    on_tx!(tx, conn => sqlx::query("UPDATE settings SET value = ? WHERE setting_key = ?")
        .bind(value)
        .bind(key)
        .execute(conn)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// Adds a managed domain (inside a transaction); already present is a no-op.
pub async fn add_managed_domain(tx: &mut Tx, domain: &str) -> StoreResult<()> {
    on_tx!(tx, conn => sqlx::query("INSERT INTO managed_domains (domain) VALUES (?) ON CONFLICT (domain) DO NOTHING")
        .bind(domain)
        .execute(conn)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// Adds a help center (inside a transaction) and returns its id.
pub async fn insert_help_center(tx: &mut Tx, slug: &str, name: &str, is_default: bool) -> StoreResult<i64> {
    Ok(
        on_tx!(tx, conn => sqlx::query_scalar("INSERT INTO help_centers (slug, name, is_default) VALUES (?, ?, ?) RETURNING id")
        .bind(slug)
        .bind(name)
        .bind(is_default)
        .fetch_one(conn)
        .await)?,
    )
}

#[cfg(test)]
mod tests {
    use super::{db::Pool, Store};

    /// Every pooled SQLite connection plans without the bound values (see
    /// [`super::plan_without_values`]): otherwise, once `ANALYZE` has run, each list statement
    /// is parsed and planned again on every call.
    #[tokio::test]
    async fn sqlite_connections_keep_their_plans_whatever_the_values() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&format!("sqlite://{}/plans.db", dir.path().display()))
            .await
            .unwrap();
        let Pool::Sqlite(pool) = &store.pool else {
            unreachable!("a sqlite:// URL opens SQLite")
        };
        for _ in 0..2 {
            let mut conn = pool.acquire().await.unwrap();
            let mut handle = conn.lock_handle().await.unwrap();
            let mut on: std::os::raw::c_int = -1;
            // SAFETY: the connection's open handle, locked; -1 reads the setting into `on`.
            let rc = unsafe {
                libsqlite3_sys::sqlite3_db_config(
                    handle.as_raw_handle().as_ptr(),
                    libsqlite3_sys::SQLITE_DBCONFIG_ENABLE_QPSG,
                    -1 as std::os::raw::c_int,
                    &mut on as *mut std::os::raw::c_int,
                )
            };
            assert_eq!(rc, libsqlite3_sys::SQLITE_OK);
            assert_eq!(on, 1, "the query planner stability guarantee is on");
        }
        store.close().await;
    }
}
