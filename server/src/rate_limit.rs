//! Rate limits kept in memory: fixed windows per key, counted *before* the work they guard, so
//! that no burst of parallel requests gets more attempts than the limit.
//!
//! A key is an address, a client, or both. Addresses are trimmed and lowercased; clients are
//! IPv4 addresses or IPv6 /64 networks (one subscriber usually holds a whole /64). Keys are
//! stored as 16-byte digests, and each limiter holds at most [`MAX_KEYS`] of them, so an attacker
//! who sends megabyte-long usernames or millions of addresses cannot grow the server's memory.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use clientele_domain::email::Email;
use sha2::{Digest, Sha256};

/// Most keys one limiter remembers. Past it, expired windows are dropped first, then the
/// oldest ones.
pub const MAX_KEYS: usize = 100_000;

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

type Digest16 = [u8; 16];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    address: Digest16,
    client: Digest16,
}

/// One key's window: when it started, the failures counted in it, and the attempts under way.
#[derive(Debug, Clone, Copy)]
struct Entry {
    start: Instant,
    failures: u32,
    in_flight: u32,
}

struct Counter {
    scope: Scope,
    limit: u32,
    counts: HashMap<Key, Entry>,
}

/// How long an attempt waits for others under way on the same key before giving up.
const MAX_WAIT: Duration = Duration::from_secs(10);

/// Counts attempts per key in fixed windows, several scopes at once, atomically. An attempt
/// counts from the moment it begins: failures plus attempts under way never exceed a scope's
/// limit, so parallel requests get no more tries than sequential ones. When the limit is
/// reached only because attempts are under way, a new one waits for them (a burst of right
/// passwords from a script queues briefly instead of being refused).
pub struct Limiter {
    window: Duration,
    counters: Mutex<Vec<Counter>>,
    changed: tokio::sync::Notify,
}

/// An attempt under way. [`Attempt::succeeded`] gives its count back; dropping it otherwise
/// (a failure, or a request abandoned half-way) keeps it as a failure.
#[must_use = "an attempt counts as failed unless `succeeded` is called"]
pub struct Attempt<'a> {
    limiter: &'a Limiter,
    keys: Vec<Key>,
    succeeded: bool,
}

enum Refusal {
    /// Over the limit for this window: try again after this long.
    Full(Duration),
    /// At the limit only because of attempts under way: wait for them.
    Busy,
}

/// The key an address is counted under: its [`Email::key`], so that every way of writing one
/// address (letter case, an internationalized domain in either form) shares one budget. Text
/// that is not an address counts as typed (trimmed): no account has it.
pub fn address_key(address: &str) -> String {
    let address = address.trim();
    Email::parse(address).map_or_else(|_| address.to_string(), |email| email.key())
}

fn digest(bytes: &[u8]) -> Digest16 {
    let full = Sha256::digest(bytes);
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
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
    /// A limiter with one counter per `(scope, limit)` and a common window.
    pub fn new(window: Duration, scopes: &[(Scope, u32)]) -> Limiter {
        Limiter {
            window,
            counters: Mutex::new(
                scopes
                    .iter()
                    .map(|&(scope, limit)| Counter {
                        scope,
                        limit,
                        counts: HashMap::new(),
                    })
                    .collect(),
            ),
            changed: tokio::sync::Notify::new(),
        }
    }

    fn key(scope: Scope, address: &Digest16, client: &Digest16) -> Key {
        match scope {
            Scope::AddressAndClient => Key {
                address: *address,
                client: *client,
            },
            Scope::Address => Key {
                address: *address,
                client: [0; 16],
            },
            Scope::Client => Key {
                address: [0; 16],
                client: *client,
            },
        }
    }

    /// Counts one attempt for this address from this client, before the work is done.
    /// Refused (`Err(retry_after)`) without counting when a scope is at its limit.
    pub async fn begin(&self, address: &str, client: IpAddr) -> Result<Attempt<'_>, Duration> {
        let address = digest(address_key(address).as_bytes());
        let client = client_bytes(client);
        let deadline = tokio::time::Instant::now() + MAX_WAIT;
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            match self.try_begin(&address, &client) {
                Ok(attempt) => return Ok(attempt),
                Err(Refusal::Full(wait)) => return Err(wait),
                Err(Refusal::Busy) => {
                    if tokio::time::timeout_at(deadline, changed).await.is_err() {
                        return Err(Duration::from_secs(1));
                    }
                }
            }
        }
    }

    fn try_begin(&self, address: &Digest16, client: &Digest16) -> Result<Attempt<'_>, Refusal> {
        let now = Instant::now();
        let mut counters = self.counters.lock().unwrap_or_else(|e| e.into_inner());
        let keys: Vec<Key> = counters
            .iter()
            .map(|c| Self::key(c.scope, address, client))
            .collect();
        let mut full = None::<Duration>;
        let mut busy = false;
        for (counter, key) in counters.iter().zip(&keys) {
            let Some(entry) = counter.counts.get(key) else {
                continue;
            };
            let age = now.duration_since(entry.start);
            let failures = if age < self.window { entry.failures } else { 0 };
            if failures >= counter.limit {
                let wait = self.window.saturating_sub(age).max(Duration::from_secs(1));
                full = Some(full.map_or(wait, |w| w.max(wait)));
            } else if failures + entry.in_flight >= counter.limit {
                busy = true;
            }
        }
        if let Some(wait) = full {
            return Err(Refusal::Full(wait));
        }
        if busy {
            return Err(Refusal::Busy);
        }
        for (counter, key) in counters.iter_mut().zip(&keys) {
            counter.make_room(now, self.window);
            let entry = counter.counts.entry(*key).or_insert(Entry {
                start: now,
                failures: 0,
                in_flight: 0,
            });
            if now.duration_since(entry.start) >= self.window {
                entry.start = now;
                entry.failures = 0;
            }
            entry.in_flight += 1;
        }
        Ok(Attempt {
            limiter: self,
            keys,
            succeeded: false,
        })
    }

    /// Forgets the failures counted against this address (after its owner proved who they are,
    /// e.g. by setting a new password through a link sent to it).
    pub fn clear_address(&self, address: &str) {
        let address = digest(address_key(address).as_bytes());
        let mut counters = self.counters.lock().unwrap_or_else(|e| e.into_inner());
        for counter in counters.iter_mut() {
            if counter.scope != Scope::Client {
                for (key, entry) in counter.counts.iter_mut() {
                    if key.address == address {
                        entry.failures = 0;
                    }
                }
            }
        }
        drop(counters);
        self.changed.notify_waiters();
    }

    fn finish(&self, keys: &[Key], failed: bool) {
        let mut counters = self.counters.lock().unwrap_or_else(|e| e.into_inner());
        for (counter, key) in counters.iter_mut().zip(keys) {
            if let Some(entry) = counter.counts.get_mut(key) {
                entry.in_flight = entry.in_flight.saturating_sub(1);
                if failed {
                    entry.failures += 1;
                }
            }
        }
        drop(counters);
        self.changed.notify_waiters();
    }
}

impl Counter {
    /// Keeps at most [`MAX_KEYS`] keys: drops expired idle windows, then the oldest idle ones.
    fn make_room(&mut self, now: Instant, window: Duration) {
        if self.counts.len() < MAX_KEYS {
            return;
        }
        self.counts
            .retain(|_, e| e.in_flight > 0 || now.duration_since(e.start) < window);
        while self.counts.len() >= MAX_KEYS {
            let oldest = self
                .counts
                .iter()
                .filter(|(_, e)| e.in_flight == 0)
                .min_by_key(|(_, e)| e.start)
                .map(|(key, _)| *key);
            match oldest {
                Some(key) => self.counts.remove(&key),
                None => break,
            };
        }
    }
}

impl Attempt<'_> {
    /// The attempt succeeded: it does not count against any scope.
    pub fn succeeded(mut self) {
        self.succeeded = true;
        self.limiter.finish(&self.keys, false);
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        if !self.succeeded {
            self.limiter.finish(&self.keys, true);
        }
    }
}

/// The server's limiters.
pub struct Limits {
    /// Every password verification: session sign-in, HTTP Basic with a password, a password
    /// change. Per address and client tightly, per address loosely, per client.
    pub passwords: Limiter,
    /// Forgot password: a budget of its own, so that failed sign-ins never block the way back in.
    pub forgot: Limiter,
    /// Messages a stranger can make the server send: sign-up and resend.
    pub mail: Limiter,
}

impl Limits {
    /// Limits per 15 minutes: `per_address` attempts for one address from one client (ten times
    /// as many from all clients together), `per_client` from one client.
    pub fn new(per_address: u32, per_client: u32) -> Limits {
        let window = Duration::from_secs(15 * 60);
        Limits {
            passwords: Limiter::new(
                window,
                &[
                    (Scope::AddressAndClient, per_address),
                    (Scope::Address, per_address.saturating_mul(10)),
                    (Scope::Client, per_client),
                ],
            ),
            forgot: Limiter::new(
                window,
                &[(Scope::Address, per_address), (Scope::Client, per_client)],
            ),
            mail: Limiter::new(
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

    #[tokio::test]
    async fn refuses_after_the_limit_and_says_when_to_retry() {
        let limiter = Limiter::new(Duration::from_secs(60), &[(Scope::Address, 2)]);
        let client = ip("192.0.2.1");
        drop(limiter.begin("a@x.org", client).await.unwrap());
        drop(limiter.begin(" A@x.org", client).await.unwrap());
        let retry = limiter.begin("a@x.org", client).await.err().unwrap();
        assert!(retry.as_secs() > 0 && retry.as_secs() <= 60);
        assert!(limiter.begin("b@x.org", client).await.is_ok());
    }

    #[tokio::test]
    async fn a_success_gives_its_count_back() {
        let limiter = Limiter::new(Duration::from_secs(60), &[(Scope::Address, 1)]);
        let client = ip("192.0.2.1");
        limiter.begin("a@x.org", client).await.unwrap().succeeded();
        limiter.begin("a@x.org", client).await.unwrap().succeeded();
        drop(limiter.begin("a@x.org", client).await.unwrap());
        assert!(limiter.begin("a@x.org", client).await.is_err());
    }

    #[tokio::test]
    async fn one_client_cannot_block_another_within_the_loose_address_limit() {
        let limits = Limits::new(2, 100);
        let stranger = ip("198.51.100.7");
        drop(limits.passwords.begin("a@x.org", stranger).await.unwrap());
        drop(limits.passwords.begin("a@x.org", stranger).await.unwrap());
        assert!(limits.passwords.begin("a@x.org", stranger).await.is_err());
        assert!(limits.passwords.begin("a@x.org", ip("203.0.113.9")).await.is_ok());
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
    async fn memory_stays_bounded_however_many_keys_arrive() {
        let limiter = Limiter::new(Duration::from_secs(60), &[(Scope::Address, 5)]);
        let client = ip("192.0.2.1");
        for i in 0..(MAX_KEYS + 50) {
            drop(limiter.begin(&format!("user{i}@x.org"), client).await.unwrap());
        }
        let counters = limiter.counters.lock().unwrap();
        assert!(counters[0].counts.len() <= MAX_KEYS);
    }

    #[tokio::test]
    async fn parallel_attempts_never_exceed_the_limit_and_right_ones_queue() {
        let limiter = std::sync::Arc::new(Limiter::new(
            Duration::from_secs(60),
            &[(Scope::AddressAndClient, 3)],
        ));
        let client = ip("192.0.2.1");
        // Ten right passwords at once: all get through, a few at a time.
        let mut tasks = Vec::new();
        for _ in 0..10 {
            let limiter = limiter.clone();
            tasks.push(tokio::spawn(async move {
                let attempt = limiter.begin("a@x.org", client).await?;
                tokio::time::sleep(Duration::from_millis(20)).await;
                attempt.succeeded();
                Ok::<_, Duration>(())
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
                    drop(attempt);
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
        let limits = Limits::new(1, 100);
        let client = ip("192.0.2.1");
        drop(limits.passwords.begin("a@x.org", client).await.unwrap());
        assert!(limits.passwords.begin("a@x.org", client).await.is_err());
        limits.passwords.clear_address("A@x.org");
        assert!(limits.passwords.begin("a@x.org", client).await.is_ok());
    }
}
