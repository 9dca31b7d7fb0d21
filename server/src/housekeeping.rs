//! Periodic clean-up while the server runs: expired sessions, long-expired one-time links,
//! audit events past their retention and old rate-limit attempts are deleted, so that the tables hold only what can still be used.

use std::time::Duration;

use crate::store::{now_millis, Store};

/// How often the server purges while it runs (it also purges once at start).
pub const PURGE_EVERY: Duration = Duration::from_secs(3600);

/// Purges now; a failure is logged and left for the next round.
pub async fn purge(store: &Store) {
    match store.purge_expired(now_millis()).await {
        Ok(purged) => tracing::debug!(?purged, "purged expired sessions and links"),
        Err(error) => tracing::warn!(%error, "purging expired sessions and links failed"),
    }
    // The audit trail keeps what the retention setting says (365 days by default).
    match store.purge_audit(now_millis()).await {
        Ok(purged) => tracing::debug!(purged, "purged audit events past their retention"),
        Err(error) => tracing::warn!(%error, "purging old audit events failed"),
    }
    // Rate-limit windows are 15 minutes: a day-old attempt counts for nothing.
    match store.purge_attempts(now_millis() - 24 * 3600 * 1000).await {
        Ok(purged) => tracing::debug!(purged, "purged old rate-limit attempts"),
        Err(error) => tracing::warn!(%error, "purging old rate-limit attempts failed"),
    }
}

/// Purges every `period`, starting one period from now; runs until dropped or aborted.
pub async fn purge_every(store: Store, period: Duration) {
    let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        purge(&store).await;
    }
}
