//! The store's own transaction, for work of several steps that must happen together (a bulk
//! add with its messages, a sign-up with its link, the demo data).
//!
//! Callers hold a [`Tx`] and pass it to the store's functions; only the store sees the
//! database connection inside, of whichever backend the store runs on.

use super::db::TxInner;
use super::StoreResult;

/// An open transaction. Dropped without [`Tx::commit`], it rolls back.
pub struct Tx {
    pub(super) inner: TxInner,
    /// Whether the audit trail records this transaction's changes (see [`super::audit`]).
    pub(super) recording: bool,
}

impl Tx {
    pub(super) fn new(inner: TxInner, recording: bool) -> Tx {
        Tx { inner, recording }
    }

    /// Makes every change of the transaction permanent.
    pub async fn commit(self) -> StoreResult<()> {
        match self.inner {
            TxInner::Sqlite(t) => t.commit().await?,
            TxInner::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }

    /// Undoes every change of the transaction.
    pub async fn rollback(self) -> StoreResult<()> {
        match self.inner {
            TxInner::Sqlite(t) => t.rollback().await?,
            TxInner::Postgres(t) => t.rollback().await?,
        }
        Ok(())
    }
}
