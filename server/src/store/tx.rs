//! The store's own transaction, for work of several steps that must happen together (a bulk
//! add with its messages, a sign-up with its link, the demo data).
//!
//! Callers hold a [`Tx`] and pass it to the store's functions; only the store sees the
//! database connection inside. When a second database comes, the inside becomes one case per
//! backend and nothing outside `store` changes.

use sqlx::{Sqlite, SqliteConnection, Transaction};

use super::StoreResult;

/// An open transaction. Dropped without [`Tx::commit`], it rolls back.
pub struct Tx {
    inner: Transaction<'static, Sqlite>,
}

impl Tx {
    pub(super) fn new(inner: Transaction<'static, Sqlite>) -> Tx {
        Tx { inner }
    }

    /// Makes every change of the transaction permanent.
    pub async fn commit(self) -> StoreResult<()> {
        Ok(self.inner.commit().await?)
    }

    /// Undoes every change of the transaction.
    pub async fn rollback(self) -> StoreResult<()> {
        Ok(self.inner.rollback().await?)
    }

    /// The connection statements of this transaction run on.
    pub(super) fn conn(&mut self) -> &mut SqliteConnection {
        &mut self.inner
    }
}
