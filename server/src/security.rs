//! Passwords (argon2) and random secrets (sessions, API tokens) that are stored only hashed.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Hashes a password with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing with default parameters cannot fail")
        .to_string()
}

/// Checks a password against a stored hash. A malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Spends the same time as a real verification, so that an unknown account answers no faster
/// than a wrong password.
pub fn verify_against_dummy(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let hash = DUMMY.get_or_init(|| hash_password("not a real password"));
    let _ = verify_password(password, hash);
}

/// At most this many argon2 computations run at once, on blocking threads: enough to use every
/// core, few enough that a burst of guesses queues instead of starving other requests.
fn argon2_permits() -> &'static tokio::sync::Semaphore {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    PERMITS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        tokio::sync::Semaphore::new(cores)
    })
}

async fn on_blocking_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let _permit = argon2_permits()
        .acquire()
        .await
        .expect("the argon2 semaphore is never closed");
    tokio::task::spawn_blocking(work)
        .await
        .expect("argon2 work does not panic")
}

/// [`hash_password`] on a blocking thread, with bounded concurrency.
pub async fn hash_password_blocking(password: &str) -> String {
    let password = password.to_string();
    on_blocking_thread(move || hash_password(&password)).await
}

/// Verifies a password on a blocking thread, with bounded concurrency. An account without a
/// password (`None`) costs one verification against a dummy hash and never matches, so that
/// timing does not tell which addresses have accounts or passwords.
pub async fn verify_password_blocking(password: &str, hash: Option<String>) -> bool {
    let password = password.to_string();
    on_blocking_thread(move || match hash {
        Some(hash) => verify_password(&password, &hash),
        None => {
            verify_against_dummy(&password);
            false
        }
    })
    .await
}

/// A new random secret: 32 bytes from the OS, base64url without padding.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a secret: SHA-256, hex. Secrets have 256 bits of entropy, so a fast hash
/// is enough; the secret itself is never stored.
pub fn hash_secret(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_hash_verifies_only_the_same_password() {
        let hash = hash_password("correct horse battery");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse batter", &hash));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn secrets_are_random_and_hashed_deterministically() {
        let a = new_secret();
        let b = new_secret();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(hash_secret(&a), hash_secret(&a));
        assert_ne!(hash_secret(&a), a);
        assert_eq!(hash_secret(&a).len(), 64);
    }
}
