//! Removing rows nobody can use any more, so that they do not pile up.

use super::db::on_tx;
use super::{Store, StoreResult};

/// How long a one-time link is kept after it expired: opening it in that time still says
/// "expired, ask for a new one" rather than "not a valid link".
const LINK_KEPT_AFTER_EXPIRY_MILLIS: i64 = 30 * 24 * 3600 * 1000;

/// How many rows a purge removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    pub sessions: u64,
    pub links: u64,
}

impl Store {
    /// Deletes sessions expired by `now` (milliseconds since the epoch) and one-time links
    /// (used or not) that expired more than 30 days before it.
    pub async fn purge_expired(&self, now: i64) -> StoreResult<Purged> {
        let mut tx = self.write().await?;
        let sessions = on_tx!(tx, conn => sqlx::query("DELETE FROM sessions WHERE expires_at <= ?")
            .bind(now)
            .execute(conn)
            .await.map(|done| done.rows_affected()))?;
        let links = on_tx!(tx, conn => sqlx::query("DELETE FROM account_tokens WHERE expires_at <= ?")
            .bind(now - LINK_KEPT_AFTER_EXPIRY_MILLIS)
            .execute(conn)
            .await.map(|done| done.rows_affected()))?;
        tx.commit().await?;
        Ok(Purged { sessions, links })
    }
}
