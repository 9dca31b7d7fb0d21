//! The rate limiters' counts (see `crate::rate_limit`): one row per attempt and scope key, so
//! that every server process on one database sees the same attempts.

use super::db::{on_pool, on_tx};
use super::sql::{bind_all, Statement};
use super::{Store, StoreResult};

/// One count an attempt is checked against.
#[derive(Debug, Clone)]
pub struct LimitKey {
    /// The digest of the scope with its address and/or client.
    pub scope_key: String,
    /// The digest of the address, for counts that involve one (cleared with the address).
    pub address_key: Option<String>,
    /// The most failures plus attempts under way this count allows.
    pub limit: i64,
}

/// What the counts say about a new attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LimitAnswer {
    /// Counted: the rows to end with [`Store::end_attempt`].
    Admitted(Vec<i64>),
    /// Over a limit: the oldest counted failure ends its window in this many milliseconds.
    Full(i64),
    /// At a limit only because of attempts under way.
    Busy,
}

impl Store {
    /// Checks every count of `keys` for `limiter` and, when all allow it, counts a new attempt
    /// under way, in one write transaction: concurrent attempts (from any process) are counted
    /// one after the other. Failures count from `failures_since`; attempts under way from
    /// `under_way_since` (older ones belong to a process that died).
    pub async fn begin_attempt(
        &self,
        limiter: &str,
        keys: &[LimitKey],
        now: i64,
        failures_since: i64,
        under_way_since: i64,
    ) -> StoreResult<LimitAnswer> {
        let mut tx = self.write().await?;
        let mut full: Option<i64> = None;
        let mut busy = false;
        for key in keys {
            let (failures, oldest, under_way): (i64, Option<i64>, i64) = on_tx!(tx, conn => sqlx::query_as(
                "SELECT COALESCE(SUM(CASE WHEN failed THEN 1 ELSE 0 END), 0), \
                        MIN(CASE WHEN failed THEN started_at END), \
                        COALESCE(SUM(CASE WHEN failed THEN 0 ELSE 1 END), 0) \
                 FROM limit_attempts WHERE limiter = ? AND scope_key = ? AND started_at > ? \
                 AND (failed OR started_at > ?)",
            )
            .bind(limiter)
            .bind(&key.scope_key)
            .bind(failures_since)
            .bind(under_way_since)
            .fetch_one(conn)
            .await)?;
            if failures >= key.limit {
                let ends_in = oldest.map_or(0, |t| t - failures_since);
                full = Some(full.map_or(ends_in, |f| f.max(ends_in)));
            } else if failures + under_way >= key.limit {
                busy = true;
            }
        }
        if let Some(wait) = full {
            tx.rollback().await?;
            return Ok(LimitAnswer::Full(wait));
        }
        if busy {
            tx.rollback().await?;
            return Ok(LimitAnswer::Busy);
        }
        let mut ids = Vec::with_capacity(keys.len());
        for key in keys {
            let id: i64 = on_tx!(tx, conn => sqlx::query_scalar(
                "INSERT INTO limit_attempts (limiter, scope_key, address_key, started_at) \
                 VALUES (?, ?, ?, ?) RETURNING id",
            )
            .bind(limiter)
            .bind(&key.scope_key)
            .bind(&key.address_key)
            .bind(now)
            .fetch_one(conn)
            .await)?;
            ids.push(id);
        }
        tx.commit().await?;
        Ok(LimitAnswer::Admitted(ids))
    }

    /// Ends an attempt: a success gives its counts back, a failure keeps them for the window.
    pub async fn end_attempt(&self, ids: &[i64], failed: bool) -> StoreResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let mut q = Statement::new(if failed {
            "UPDATE limit_attempts SET failed = TRUE WHERE id IN ("
        } else {
            "DELETE FROM limit_attempts WHERE id IN ("
        });
        q.list(ids).push(")");
        on_pool!(self, pool => bind_all!(sqlx::query(&q.sql), q).execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    /// Forgets the failures counted against an address (its owner proved they hold it).
    pub async fn clear_address_failures(&self, limiter: &str, address_key: &str) -> StoreResult<()> {
        on_pool!(self, pool => sqlx::query(
            "DELETE FROM limit_attempts WHERE limiter = ? AND address_key = ? AND failed",
        )
        .bind(limiter)
        .bind(address_key)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// Deletes attempts that started before `before` (housekeeping: no window is that long).
    pub async fn purge_attempts(&self, before: i64) -> StoreResult<u64> {
        Ok(
            on_pool!(self, pool => sqlx::query("DELETE FROM limit_attempts WHERE started_at < ?")
            .bind(before)
            .execute(pool)
            .await
            .map(|done| done.rows_affected()))?,
        )
    }
}
