//! The one password-strength rule, shared by sign-up, invitations and the settings panel.

/// Fewest characters a password may have.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Passwords people pick most often (lowercased), refused whatever their length.
const COMMON: &[&str] = &[
    "1234567890",
    "12345678910",
    "123456789a",
    "1q2w3e4r5t",
    "1qaz2wsx3edc",
    "abcdefghij",
    "password12",
    "password123",
    "password1234",
    "passw0rd123",
    "qwertyuiop",
    "qwerty1234",
    "qwerty12345",
    "qwerty123456",
    "iloveyou12",
    "letmein123",
    "welcome123",
    "administrator",
    "football123",
    "baseball123",
    "monkey1234",
    "dragon1234",
    "sunshine12",
    "princess12",
    "changeme123",
    "trustno1234",
    "0987654321",
    "1111111111",
    "0000000000",
    "aaaaaaaaaa",
    "zxcvbnm123",
    "asdfghjkl1",
    "superman123",
    "starwars123",
    "whatever12",
    "computer12",
];

/// Why a password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PasswordProblem {
    /// Fewer than [`MIN_PASSWORD_CHARS`] characters.
    TooShort,
    /// One of the most common passwords.
    TooCommon,
}

impl PasswordProblem {
    /// What to fix, in a sentence.
    pub fn message(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "Use at least 10 characters.",
            PasswordProblem::TooCommon => "That password is one of the most common ones. Choose another.",
        }
    }
}

/// Checks a new password against the rule: at least 10 characters and not a common password.
pub fn check_password_strength(password: &str) -> Result<(), PasswordProblem> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    let lower = password.to_lowercase();
    if COMMON.contains(&lower.as_str()) || lower.chars().all(|c| c == lower.chars().next().unwrap_or(c)) {
        return Err(PasswordProblem::TooCommon);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_passwords_are_refused() {
        assert_eq!(check_password_strength("short"), Err(PasswordProblem::TooShort));
        assert_eq!(
            check_password_strength("123456789"),
            Err(PasswordProblem::TooShort)
        );
    }

    #[test]
    fn common_and_repeated_passwords_are_refused() {
        assert_eq!(
            check_password_strength("Password123"),
            Err(PasswordProblem::TooCommon)
        );
        assert_eq!(
            check_password_strength("qwertyuiop"),
            Err(PasswordProblem::TooCommon)
        );
        assert_eq!(
            check_password_strength("zzzzzzzzzzzz"),
            Err(PasswordProblem::TooCommon)
        );
    }

    #[test]
    fn long_uncommon_passwords_pass() {
        assert_eq!(check_password_strength("correct horse battery"), Ok(()));
        assert_eq!(check_password_strength("clientele-demo"), Ok(()));
    }
}
