//! The one check every new password goes through: the shape rules the browser also runs
//! (`clientele_domain::password`), then a list of common passwords that only the server holds
//! (NIST SP 800-63B asks for a blocklist; the browser asks `POST /password/check` instead of
//! downloading it). Sign-up, one-time links and the site admin's "Change password" call
//! [`check_new_password`]; so must any new place that sets a password.

use clientele_domain::reason::Reason;
use std::collections::HashSet;
use std::sync::LazyLock;

use clientele_domain::password::{check_password_strength, PasswordProblem};

use crate::http::error::ApiError;

/// `server/data/common-passwords.txt`: lowercased, one a line, `#` lines say where it comes from.
static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/common-passwords.txt")
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
});

/// The most digits that, added to a listed password, still make a common one: cracking
/// tools try `sunshine12` and `baseball1987` right after `sunshine` and `baseball`.
const MAX_ADDED_DIGITS: usize = 4;

/// Whether `password` meets every rule, and if not, why.
pub fn assess(password: &str) -> Result<(), PasswordProblem> {
    check_password_strength(password)?;
    let lower = password.to_lowercase();
    if COMMON.contains(lower.as_str()) {
        return Err(PasswordProblem::TooCommon);
    }
    let trailing_digits = lower.bytes().rev().take_while(u8::is_ascii_digit).count();
    // ASCII digits are one byte each, so every cut below falls on a character boundary.
    for added in 1..=trailing_digits.min(MAX_ADDED_DIGITS) {
        if COMMON.contains(&lower[..lower.len() - added]) {
            return Err(PasswordProblem::CommonWithDigits);
        }
    }
    Ok(())
}

/// [`assess`] as the API's refusal: 400 `weakPassword` with what to fix.
pub fn check_new_password(password: &str) -> Result<(), ApiError> {
    assess(password).map_err(|problem| ApiError::bad_request(Reason::WeakPassword, problem.message()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_holds_at_least_ten_thousand_lowercased_passwords_and_no_comments() {
        assert!(COMMON.len() >= 10_000, "{} entries", COMMON.len());
        assert!(COMMON.len() <= 30_000, "{} entries", COMMON.len());
        assert!(COMMON
            .iter()
            .all(|p| *p == p.to_lowercase() && !p.starts_with('#')));
        assert!(COMMON.contains("password") && COMMON.contains("qwertyuiop"));
    }

    #[test]
    fn listed_passwords_are_refused_whatever_their_case() {
        for common in [
            "qwertyuiop",
            "1q2w3e4r5t",
            "Password123",
            "BASKETBALL",
            "manchester",
        ] {
            assert_eq!(assess(common), Err(PasswordProblem::TooCommon), "{common}");
        }
    }

    #[test]
    fn listed_passwords_with_a_few_digits_added_are_refused() {
        for common in ["sunshine12", "Baseball1987", "dragon1234", "qwertyuiop7"] {
            assert_eq!(assess(common), Err(PasswordProblem::CommonWithDigits), "{common}");
        }
        // Five digits are more than a few.
        assert_eq!(assess("dragon83726"), Ok(()));
    }

    #[test]
    fn the_shape_rules_come_first_and_good_passwords_pass() {
        assert_eq!(assess("short"), Err(PasswordProblem::TooShort));
        assert_eq!(assess("abcdefghij"), Err(PasswordProblem::TooSimple));
        assert_eq!(assess("correct horse battery"), Ok(()));
        assert_eq!(assess("clientele-demo"), Ok(()));
        assert_eq!(assess("a sturdy passphrase"), Ok(()));
    }
}
