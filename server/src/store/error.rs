//! The storage layer's own error: what went wrong, in the terms callers act on, so that nothing
//! above the store needs to know which database answered.

use std::error::Error;
use std::fmt;

/// The kinds of storage failure callers tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreErrorKind {
    /// A unique key is taken: another request created the same thing a moment ago.
    Conflict,
    /// Something the change refers to is not there (a foreign key): removed meanwhile.
    MissingReference,
    /// The database stayed busy or locked past the wait, or no connection came free: the
    /// server is overloaded; the same request may well succeed in a moment.
    Busy,
    /// The database cannot be reached (a PostgreSQL server that went away, a closed pool):
    /// nothing was changed; the request may succeed once it is back.
    Unavailable,
    /// A statement that needs a row found none.
    NotFound,
    /// Anything else: a broken database, a bug.
    Other,
}

/// A failure of the storage layer: its [kind](StoreErrorKind), and the database's own error
/// for the log.
#[derive(Debug)]
pub struct StoreError {
    kind: StoreErrorKind,
    cause: Box<dyn Error + Send + Sync>,
}

/// Result type of the storage layer.
pub type StoreResult<T> = Result<T, StoreError>;

impl StoreError {
    /// An error of `kind`, caused by `cause` (another error, or a sentence).
    pub(crate) fn new(kind: StoreErrorKind, cause: impl Into<Box<dyn Error + Send + Sync>>) -> StoreError {
        StoreError {
            kind,
            cause: cause.into(),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> StoreErrorKind {
        self.kind
    }
}

/// Shows the database's own message, as the log has always shown it.
impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.cause, f)
    }
}

/// Transparent: the cause's own message is this error's, so the chain continues below it.
impl Error for StoreError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.cause.source()
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> StoreError {
        let kind = match &error {
            sqlx::Error::Database(e) if e.is_unique_violation() => StoreErrorKind::Conflict,
            sqlx::Error::Database(e) if e.is_foreign_key_violation() => StoreErrorKind::MissingReference,
            sqlx::Error::Database(e)
                if e.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some()
                    && is_sqlite_busy(e.code().as_deref()) =>
            {
                StoreErrorKind::Busy
            }
            sqlx::Error::Database(e) if is_postgres_busy(e.code().as_deref()) => StoreErrorKind::Busy,
            sqlx::Error::Database(e) if is_postgres_gone(e.code().as_deref()) => StoreErrorKind::Unavailable,
            sqlx::Error::PoolTimedOut => StoreErrorKind::Busy,
            sqlx::Error::Io(_)
            | sqlx::Error::PoolClosed
            | sqlx::Error::Tls(_)
            | sqlx::Error::WorkerCrashed => StoreErrorKind::Unavailable,
            sqlx::Error::RowNotFound => StoreErrorKind::NotFound,
            _ => StoreErrorKind::Other,
        };
        StoreError::new(kind, error)
    }
}

/// PostgreSQL's serialization failure, deadlock and lock-not-available (SQLSTATE 40001, 40P01,
/// 55P03): another transaction won; the same request may well succeed in a moment.
fn is_postgres_busy(code: Option<&str>) -> bool {
    matches!(code, Some("40001" | "40P01" | "55P03"))
}

/// PostgreSQL shutting down or refusing connections (SQLSTATE class 57P and 08).
fn is_postgres_gone(code: Option<&str>) -> bool {
    code.is_some_and(|c| c.starts_with("57P") || c.starts_with("08"))
}

/// SQLITE_BUSY (5) and SQLITE_LOCKED (6), with any extended code.
fn is_sqlite_busy(code: Option<&str>) -> bool {
    code.and_then(|c| c.parse::<i32>().ok())
        .is_some_and(|c| matches!(c & 0xff, 5 | 6))
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;
    use std::time::Duration;

    use sqlx::sqlite::SqliteConnectOptions;
    use sqlx::{ConnectOptions, Connection, Executor};

    use super::*;

    fn kind(error: sqlx::Error) -> StoreErrorKind {
        StoreError::from(error).kind()
    }

    #[tokio::test]
    async fn a_unique_violation_is_a_conflict_and_a_foreign_key_violation_a_missing_reference() {
        let mut db = SqliteConnectOptions::from_str("sqlite::memory:")
            .unwrap()
            .foreign_keys(true)
            .connect()
            .await
            .unwrap();
        db.execute(
            "CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT UNIQUE); \
                    CREATE TABLE b (a_id INTEGER REFERENCES a(id)); \
                    INSERT INTO a (id, name) VALUES (1, 'x')",
        )
        .await
        .unwrap();
        let unique = db.execute("INSERT INTO a (name) VALUES ('x')").await.unwrap_err();
        assert_eq!(kind(unique), StoreErrorKind::Conflict);
        let dangling = db.execute("INSERT INTO b (a_id) VALUES (2)").await.unwrap_err();
        assert_eq!(kind(dangling), StoreErrorKind::MissingReference);
    }

    #[tokio::test]
    async fn a_busy_database_is_busy_and_a_missing_row_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let options = SqliteConnectOptions::new()
            .filename(dir.path().join("busy.db"))
            .create_if_missing(true)
            .busy_timeout(Duration::ZERO);
        let mut first = options.connect().await.unwrap();
        let mut second = options.connect().await.unwrap();
        first.execute("BEGIN IMMEDIATE").await.unwrap();
        let busy = second.execute("BEGIN IMMEDIATE").await.unwrap_err();
        assert_eq!(kind(busy), StoreErrorKind::Busy);
        first.close().await.unwrap();
        assert_eq!(kind(sqlx::Error::PoolTimedOut), StoreErrorKind::Busy);
        assert_eq!(kind(sqlx::Error::RowNotFound), StoreErrorKind::NotFound);
        assert_eq!(kind(sqlx::Error::Protocol("odd".into())), StoreErrorKind::Other);
    }

    #[test]
    fn the_message_is_the_databases_own() {
        let error = StoreError::from(sqlx::Error::Protocol("something odd".into()));
        assert_eq!(
            error.to_string(),
            sqlx::Error::Protocol("something odd".into()).to_string()
        );
    }
}
