//! Rate limits, counted *before* the work they guard, so that no burst of parallel requests
//! gets more attempts than the limit, and kept in the database, so that every server process on
//! one database counts the same attempts (six wrong passwords spread over two processes are
//! still throttled at the sixth).
//!
//! A key is an address, a client, or both. Addresses count under their [`Email::key`]; clients
//! are IPv4 addresses or IPv6 /64 networks (one subscriber usually holds a whole /64). Keys are
//! stored as digests, so a megabyte-long username costs a row of fixed size; attempts older
//! than a day are purged hourly (see `crate::housekeeping`).

use std::net::IpAddr;
use std::time::Duration;

use clientele_domain::email::Email;
use sha2::{Digest, Sha256};

use crate::store::{now_millis, LimitAnswer, LimitKey, Store, StoreError};

/// What a count is kept per.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One address from one client: the tight limit on guessing.
    AddressAndClient,
    /// One address from anywhere: looser, so that a stranger elsewhere cannot lock the owner out.
    Address,
    /// One client, whatever the address.
    Client,
}

/// How long an attempt waits for others under way on the same key before giving up.
const MAX_WAIT: Duration = Duration::from_secs(10);
/// How often a waiting attempt looks again.
const POLL: Duration = Duration::from_millis(20);
/// An attempt under way for longer than this belongs to a process that died: it no longer
/// counts as under way (nor as a failure).
const UNDER_WAY_AT_MOST: Duration = Duration::from_secs(60);

/// Why an attempt may not begin.
#[derive(Debug)]
pub enum Refused {
    /// Over the limit: try again after this long.
    Wait(Duration),
    /// The counts could not be read or written: refused, never let through uncounted.
    Store(StoreError),
}

impl From<StoreError> for Refused {
    fn from(error: StoreError) -> Refused {
        Refused::Store(error)
    }
}

/// Counts attempts per key over a sliding window, several scopes at once, atomically (one
/// write transaction on the shared database). An attempt counts from the moment it begins:
/// failures plus attempts under way never exceed a scope's limit, so parallel requests get no
/// more tries than sequential ones. When the limit is reached only because attempts are under
/// way, a new one waits for them (a burst of right passwords from a script queues briefly
/// instead of being refused).
pub struct Limiter {
    name: &'static str,
    store: Store,
    window: Duration,
    scopes: Vec<(Scope, u32)>,
}

/// An attempt under way. [`Attempt::succeeded`] gives its count back; dropping it otherwise
/// (a failure, or a request abandoned half-way) keeps it as a failure.
#[must_use = "an attempt counts as failed unless `succeeded` is called"]
pub struct Attempt {
    store: Store,
    ids: Vec<i64>,
    succeeded: bool,
}

/// The key an address is counted under: its [`Email::key`], so that every way of writing one
/// address (letter case, an internationalized domain in either form) shares one budget. Text
/// that is not an address counts as typed (trimmed): no account has it.
pub fn address_key(address: &str) -> String {
    let address = address.trim();
    Email::parse(address).map_or_else(|_| address.to_string(), |email| email.key())
}

fn hex_digest(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hasher.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A client's key: IPv4 as it is, IPv6 by its /64 (IPv4-mapped IPv6 counts as IPv4).
pub fn client_bytes(ip: IpAddr) -> [u8; 16] {
    match ip {
        IpAddr::V4(v4) => v4.to_ipv6_mapped().octets(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_ipv6_mapped().octets(),
            None => {
                let mut octets = v6.octets();
                octets[8..].fill(0);
                octets
            }
        },
    }
}

impl Limiter {
    /// A limiter called `name` (its counts are its own) with one count per `(scope, limit)`
    /// over a common window.
    pub fn new(name: &'static str, store: Store, window: Duration, scopes: &[(Scope, u32)]) -> Limiter {
        Limiter {
            name,
            store,
            window,
            scopes: scopes.to_vec(),
        }
    }

    fn keys(&self, address: &str, client: IpAddr) -> Vec<LimitKey> {
        let address = address_key(address);
        let client = client_bytes(client);
        let address_digest = hex_digest(&[b"address", address.as_bytes()]);
        self.scopes
            .iter()
            .map(|&(scope, limit)| {
                let (scope_key, address_key) = match scope {
                    Scope::AddressAndClient => (
                        hex_digest(&[b"address+client", address.as_bytes(), &client]),
                        Some(address_digest.clone()),
                    ),
                    Scope::Address => (address_digest.clone(), Some(address_digest.clone())),
                    Scope::Client => (hex_digest(&[b"client", &client]), None),
                };
                LimitKey {
                    scope_key,
                    address_key,
                    limit: i64::from(limit),
                }
            })
            .collect()
    }

    /// Begins an attempt for `address` from `client`, or says how long to wait. Waits up to
    /// [`MAX_WAIT`] while the limit is reached only by attempts under way.
    pub async fn begin(&self, address: &str, client: IpAddr) -> Result<Attempt, Refused> {
        let keys = self.keys(address, client);
        let window = self.window.as_millis() as i64;
        let deadline = tokio::time::Instant::now() + MAX_WAIT;
        loop {
            let now = now_millis();
            let answer = self
                .store
                .begin_attempt(
                    self.name,
                    &keys,
                    now,
                    now - window,
                    now - UNDER_WAY_AT_MOST.as_millis() as i64,
                )
                .await?;
            match answer {
                LimitAnswer::Admitted(ids) => {
                    return Ok(Attempt {
                        store: self.store.clone(),
                        ids,
                        succeeded: false,
                    })
                }
                LimitAnswer::Full(ms) => {
                    let wait = Duration::from_millis(ms.max(0) as u64).max(Duration::from_secs(1));
                    return Err(Refused::Wait(wait));
                }
                LimitAnswer::Busy => {
                    if tokio::time::Instant::now() + POLL > deadline {
                        return Err(Refused::Wait(Duration::from_secs(1)));
                    }
                    tokio::time::sleep(POLL).await;
                }
            }
        }
    }

    /// Forgets the failures counted against `address` (from every client), e.g. once its owner
    /// proved they hold it by following a link sent there.
    pub async fn clear_address(&self, address: &str) -> Result<(), StoreError> {
        let address = address_key(address);
        self.store
            .clear_address_failures(self.name, &hex_digest(&[b"address", address.as_bytes()]))
            .await
    }
}

impl Attempt {
    /// The attempt succeeded: its counts are given back.
    pub async fn succeeded(mut self) {
        self.succeeded = true;
        let ids = std::mem::take(&mut self.ids);
        if let Err(error) = self.store.end_attempt(&ids, false).await {
            tracing::warn!(%error, "a successful attempt stays counted");
        }
    }

    /// The attempt failed (or counts whatever its outcome): its counts stay for the window.
    pub async fn failed(mut self) {
        let ids = std::mem::take(&mut self.ids);
        self.succeeded = true;
        if let Err(error) = self.store.end_attempt(&ids, true).await {
            tracing::warn!(%error, "a failed attempt stays counted as under way");
        }
    }
}

impl Drop for Attempt {
    /// Abandoned half-way (the request was dropped): counted as a failure.
    fn drop(&mut self) {
        if self.succeeded || self.ids.is_empty() {
            return;
        }
        let (store, ids) = (self.store.clone(), std::mem::take(&mut self.ids));
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(error) = store.end_attempt(&ids, true).await {
                    tracing::warn!(%error, "an abandoned attempt stays counted as under way");
                }
            });
        }
    }
}

/// The server's limits.
pub struct Limits {
    /// Every password check (sign-in, HTTP Basic, changing one's own password).
    pub passwords: Limiter,
    /// Forgot password.
    pub forgot: Limiter,
    /// Mail a stranger can make the server send (sign-up, resend).
    pub mail: Limiter,
}

impl Limits {
    /// The limits per 15 minutes: `per_address` password failures per address and client (10×
    /// that per address from all clients), `per_client` per client; forgot password and mail
    /// `per_address` per address and `per_client` per client.
    pub fn new(store: &Store, per_address: u32, per_client: u32) -> Limits {
        let window = Duration::from_secs(15 * 60);
        Limits {
            passwords: Limiter::new(
                "passwords",
                store.clone(),
                window,
                &[
                    (Scope::AddressAndClient, per_address),
                    (Scope::Address, per_address.saturating_mul(10)),
                    (Scope::Client, per_client),
                ],
            ),
            forgot: Limiter::new(
                "forgot",
                store.clone(),
                window,
                &[(Scope::Address, per_address), (Scope::Client, per_client)],
            ),
            mail: Limiter::new(
                "mail",
                store.clone(),
                window,
                &[(Scope::Address, per_address), (Scope::Client, per_client)],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    /// A store on a fresh database file, kept as long as the directory.
    async fn store() -> (Store, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&format!("sqlite://{}", dir.path().join("l.db").display()))
            .await
            .unwrap();
        (store, dir)
    }

    fn limiter(store: &Store, scopes: &[(Scope, u32)]) -> Limiter {
        Limiter::new("test", store.clone(), Duration::from_secs(60), scopes)
    }

    fn waited(refused: Result<Attempt, Refused>) -> Duration {
        match refused {
            Err(Refused::Wait(wait)) => wait,
            Err(Refused::Store(e)) => panic!("store error: {e}"),
            Ok(_) => panic!("admitted"),
        }
    }

    #[tokio::test]
    async fn refuses_after_the_limit_and_says_when_to_retry() {
        let (store, _dir) = store().await;
        let limiter = limiter(&store, &[(Scope::Address, 2)]);
        let client = ip("192.0.2.1");
        limiter.begin("a@x.org", client).await.unwrap().failed().await;
        limiter.begin(" A@x.org", client).await.unwrap().failed().await;
        let retry = waited(limiter.begin("a@x.org", client).await);
        assert!(retry.as_secs() > 0 && retry.as_secs() <= 60, "{retry:?}");
        assert!(limiter.begin("b@x.org", client).await.is_ok());
    }

    #[tokio::test]
    async fn a_success_gives_its_count_back_and_an_abandoned_attempt_counts_as_failed() {
        let (store, _dir) = store().await;
        let limiter = limiter(&store, &[(Scope::Address, 1)]);
        let client = ip("192.0.2.1");
        limiter.begin("a@x.org", client).await.unwrap().succeeded().await;
        limiter.begin("a@x.org", client).await.unwrap().succeeded().await;
        drop(limiter.begin("a@x.org", client).await.unwrap());
        // The drop ends the attempt in a task of its own: until then it counts as under way,
        // so the next attempt waits for it and is then refused.
        assert!(matches!(
            limiter.begin("a@x.org", client).await,
            Err(Refused::Wait(_))
        ));
    }

    #[tokio::test]
    async fn one_client_cannot_block_another_within_the_loose_address_limit() {
        let (store, _dir) = store().await;
        let limits = Limits::new(&store, 2, 100);
        let stranger = ip("198.51.100.7");
        limits
            .passwords
            .begin("a@x.org", stranger)
            .await
            .unwrap()
            .failed()
            .await;
        limits
            .passwords
            .begin("a@x.org", stranger)
            .await
            .unwrap()
            .failed()
            .await;
        assert!(limits.passwords.begin("a@x.org", stranger).await.is_err());
        assert!(limits.passwords.begin("a@x.org", ip("203.0.113.9")).await.is_ok());
    }

    #[tokio::test]
    async fn two_limiters_on_one_database_share_their_counts() {
        // Two server processes each hold their own `Limits` on the same database.
        let (store, _dir) = store().await;
        let one = Limits::new(&store, 3, 100);
        let other = Limits::new(&store, 3, 100);
        let client = ip("192.0.2.1");
        one.passwords
            .begin("a@x.org", client)
            .await
            .unwrap()
            .failed()
            .await;
        other
            .passwords
            .begin("a@x.org", client)
            .await
            .unwrap()
            .failed()
            .await;
        one.passwords
            .begin("a@x.org", client)
            .await
            .unwrap()
            .failed()
            .await;
        assert!(other.passwords.begin("a@x.org", client).await.is_err());
        assert!(one.passwords.begin("a@x.org", client).await.is_err());
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_64() {
        let a = client_bytes(ip("2001:db8:1:2:aaaa::1"));
        let b = client_bytes(ip("2001:db8:1:2:bbbb::2"));
        let c = client_bytes(ip("2001:db8:1:3::1"));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(
            client_bytes(ip("::ffff:192.0.2.1")),
            client_bytes(ip("192.0.2.1"))
        );
    }

    #[tokio::test]
    async fn a_megabyte_long_address_costs_a_fixed_size_key_and_old_attempts_are_purged() {
        let (store, _dir) = store().await;
        let limiter = limiter(&store, &[(Scope::Address, 5)]);
        let long = format!("{}@x.org", "a".repeat(1 << 20));
        let keys = limiter.keys(&long, ip("192.0.2.1"));
        assert_eq!(keys[0].scope_key.len(), 32);
        limiter
            .begin(&long, ip("192.0.2.1"))
            .await
            .unwrap()
            .failed()
            .await;
        assert_eq!(store.purge_attempts(now_millis() + 1).await.unwrap(), 1);
        assert_eq!(store.purge_attempts(now_millis() + 1).await.unwrap(), 0);
    }

    #[tokio::test]
    async fn parallel_attempts_never_exceed_the_limit_and_right_ones_queue() {
        let (store, _dir) = store().await;
        let limiter = std::sync::Arc::new(limiter(&store, &[(Scope::AddressAndClient, 3)]));
        let client = ip("192.0.2.1");
        // Ten right passwords at once: all get through, a few at a time.
        let mut tasks = Vec::new();
        for _ in 0..10 {
            let limiter = limiter.clone();
            tasks.push(tokio::spawn(async move {
                let attempt = limiter.begin("a@x.org", client).await?;
                tokio::time::sleep(Duration::from_millis(20)).await;
                attempt.succeeded().await;
                Ok::<_, Refused>(())
            }));
        }
        for task in tasks {
            assert!(task.await.unwrap().is_ok());
        }
        // Ten wrong ones at once: exactly three are tried.
        let tried = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
        let mut tasks = Vec::new();
        for _ in 0..10 {
            let (limiter, tried) = (limiter.clone(), tried.clone());
            tasks.push(tokio::spawn(async move {
                if let Ok(attempt) = limiter.begin("a@x.org", client).await {
                    tried.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    attempt.failed().await;
                }
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(tried.load(std::sync::atomic::Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn clearing_an_address_lets_its_owner_in_again() {
        let (store, _dir) = store().await;
        let limits = Limits::new(&store, 1, 100);
        let client = ip("192.0.2.1");
        limits
            .passwords
            .begin("a@x.org", client)
            .await
            .unwrap()
            .failed()
            .await;
        assert!(limits.passwords.begin("a@x.org", client).await.is_err());
        limits.passwords.clear_address("A@x.org").await.unwrap();
        assert!(limits.passwords.begin("a@x.org", client).await.is_ok());
    }
}
