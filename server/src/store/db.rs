//! The two databases behind the store: SQLite (the embedded default) and PostgreSQL.
//!
//! Every statement is written once. [`on_pool!`] and [`on_tx!`] compile the block they are given
//! once per backend, with `sqlx` bound to the backend's flavour: on PostgreSQL, `sqlx::query*`
//! number the `?` placeholders (`$1`, `$2`, …; SQLite reads those too), and the type `Db` names
//! the backend so that a `QueryBuilder::<Db>` formats its own placeholders. What cannot be
//! written once (the substring search, how a write transaction serializes) asks
//! [`Backend`] which one it is on.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A connection pool of either backend.
#[derive(Clone)]
pub(crate) enum Pool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// A transaction of either backend.
pub(crate) enum TxInner {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Runs `$body` with `$pool` bound to the store's pool (`&SqlitePool` or `&PgPool`).
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            $crate::store::db::Pool::Sqlite($pool) => {
                #[allow(dead_code)]
                type Db = ::sqlx::Sqlite;
                $body
            }
            $crate::store::db::Pool::Postgres($pool) => {
                #[allow(unused_imports)]
                use $crate::store::db::numbered as sqlx;
                #[allow(dead_code)]
                type Db = ::sqlx::Postgres;
                $body
            }
        }
    };
}

/// Runs `$body` with `$conn` bound to the transaction's connection (`&mut SqliteConnection` or
/// `&mut PgConnection`); reborrow it (`&mut *conn`) for each statement.
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match &mut $tx.inner {
            $crate::store::db::TxInner::Sqlite(t) => {
                #[allow(dead_code)]
                type Db = ::sqlx::Sqlite;
                let $conn: &mut ::sqlx::SqliteConnection = &mut *t;
                $body
            }
            $crate::store::db::TxInner::Postgres(t) => {
                #[allow(unused_imports)]
                use $crate::store::db::numbered as sqlx;
                #[allow(dead_code)]
                type Db = ::sqlx::Postgres;
                let $conn: &mut ::sqlx::PgConnection = &mut *t;
                $body
            }
        }
    };
}

pub(crate) use {on_pool, on_tx};

/// `sqlx` as the statements see it on PostgreSQL: the same, except that the query functions
/// number `?` placeholders.
pub mod numbered {
    pub use sqlx::*;

    use sqlx::postgres::{PgArguments, PgRow};
    use sqlx::query::{Query, QueryAs, QueryScalar};

    /// [`sqlx::query`] with numbered placeholders.
    pub fn query<'q>(sql: &str) -> Query<'q, Postgres, PgArguments> {
        sqlx::query(super::number_placeholders(sql))
    }

    /// [`sqlx::query_as`] with numbered placeholders.
    pub fn query_as<'q, O>(sql: &str) -> QueryAs<'q, Postgres, O, PgArguments>
    where
        O: for<'r> FromRow<'r, PgRow>,
    {
        sqlx::query_as(super::number_placeholders(sql))
    }

    /// [`sqlx::query_scalar`] with numbered placeholders.
    pub fn query_scalar<'q, O>(sql: &str) -> QueryScalar<'q, Postgres, O, PgArguments>
    where
        (O,): for<'r> FromRow<'r, PgRow>,
    {
        sqlx::query_scalar(super::number_placeholders(sql))
    }
}

/// `sql` with each `?` outside quotes replaced by `$1`, `$2`, … in order. The texts are the
/// statements of this module (a bounded set), so each is converted once and kept.
pub(crate) fn number_placeholders(sql: &str) -> &'static str {
    static SEEN: OnceLock<Mutex<HashMap<String, &'static str>>> = OnceLock::new();
    let seen = SEEN.get_or_init(|| Mutex::new(HashMap::new()));
    let mut seen = seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(numbered) = seen.get(sql) {
        return numbered;
    }
    let numbered: &'static str = Box::leak(renumber(sql).into_boxed_str());
    seen.insert(sql.to_owned(), numbered);
    numbered
}

fn renumber(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut n = 0;
    let mut quote: Option<char> = None;
    for c in sql.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                out.push(c);
            }
            (Some(_), c) => out.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                out.push(c);
            }
            (None, '?') => {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            }
            (None, c) => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::renumber;

    #[test]
    fn placeholders_are_numbered_in_order_and_quoted_question_marks_left_alone() {
        assert_eq!(
            renumber("SELECT a FROM t WHERE b = ? AND c LIKE '?%' AND (? IS NULL OR d = ?)"),
            "SELECT a FROM t WHERE b = $1 AND c LIKE '?%' AND ($2 IS NULL OR d = $3)"
        );
        assert_eq!(renumber("no placeholders"), "no placeholders");
    }
}
