//! A small fixed-window rate limiter, per key (an address or a client IP), kept in memory.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Counts events per key within a window.
pub struct RateLimiter {
    window: Duration,
    limit: u32,
    counts: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    /// At most `limit` events per key in each `window`.
    pub fn new(limit: u32, window: Duration) -> RateLimiter {
        RateLimiter {
            window,
            limit,
            counts: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one event for `key`; `Err(retry_after)` when the key is over its limit.
    pub fn hit(&self, key: &str) -> Result<(), Duration> {
        let now = Instant::now();
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if counts.len() > 100_000 {
            counts.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = counts.entry(key.to_lowercase()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        if entry.1 >= self.limit {
            return Err(self
                .window
                .saturating_sub(now.duration_since(entry.0))
                .max(Duration::from_secs(1)));
        }
        entry.1 += 1;
        Ok(())
    }

    /// Whether `key` is over its limit, without counting (`Err(retry_after)` when it is).
    pub fn check(&self, key: &str) -> Result<(), Duration> {
        let now = Instant::now();
        let counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        match counts.get(&key.to_lowercase()) {
            Some((start, n)) if now.duration_since(*start) < self.window && *n >= self.limit => Err(self
                .window
                .saturating_sub(now.duration_since(*start))
                .max(Duration::from_secs(1))),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_after_the_limit_and_says_when_to_retry() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        assert!(limiter.hit("a@x.org").is_ok());
        assert!(limiter.hit("A@x.org").is_ok());
        let retry = limiter.hit("a@x.org").unwrap_err();
        assert!(retry.as_secs() > 0 && retry.as_secs() <= 60);
        assert!(limiter.check("a@x.org").is_err());
        assert!(limiter.hit("b@x.org").is_ok());
    }
}
