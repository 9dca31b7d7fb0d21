//! The password-strength rule, shared by sign-up, invitations and the settings panel.
//!
//! Two halves: the shape rules here (length, one repeated character, a straight run such as
//! `abcdefghij`), which the browser runs as one types; and the list of common passwords, which
//! only the server holds (`server/src/passwords.rs`) so that the browser never downloads it. The
//! server runs both halves on every new password; the browser asks it for the second
//! (`POST /rest/clientele/1/password/check`) and shows its [`PasswordCheck`].

/// Fewest characters a password may have.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Why a password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum PasswordProblem {
    /// Fewer than [`MIN_PASSWORD_CHARS`] characters.
    TooShort,
    /// One character repeated, or a straight run such as `abcdefghij` or `0987654321`.
    TooSimple,
    /// On the server's list of common passwords.
    TooCommon,
    /// A password on the server's list with a few digits added, such as `sunshine12`.
    CommonWithDigits,
}

impl PasswordProblem {
    /// What to fix, in a sentence.
    pub fn message(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "Use at least 10 characters.",
            PasswordProblem::TooSimple => {
                "One repeated character or a straight run like abcdefghij is easy to guess. Choose another."
            }
            PasswordProblem::TooCommon => {
                "This password is on a list of commonly used passwords. Choose another."
            }
            PasswordProblem::CommonWithDigits => {
                "This password is a commonly used one with digits added. Choose another."
            }
        }
    }
}

/// The shape rules, run in the browser and on the server: at least 10 characters, not one
/// repeated character, not a straight run. The list of common passwords is the server's.
pub fn check_password_strength(password: &str) -> Result<(), PasswordProblem> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    let lower: Vec<char> = password.to_lowercase().chars().collect();
    let steps: Vec<i8> = lower.windows(2).map(|pair| step(pair[0], pair[1])).collect();
    if [0, 1, -1].iter().any(|s| steps.iter().all(|step| step == s)) {
        return Err(PasswordProblem::TooSimple);
    }
    Ok(())
}

/// How `b` follows `a`: 0 the same, 1 the next (`9` → `0` counts, as on a keyboard's top row),
/// -1 the one before, 2 anything else.
fn step(a: char, b: char) -> i8 {
    let (a, b) = (a as u32, b as u32);
    if a == b {
        0
    } else if b == a + 1 || (a, b) == ('9' as u32, '0' as u32) {
        1
    } else if a == b + 1 || (a, b) == ('0' as u32, '9' as u32) {
        -1
    } else {
        2
    }
}

/// The server's answer to "is this password acceptable?", for the browser to show as one types.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PasswordCheck {
    /// Whether the server would take this password.
    pub acceptable: bool,
    /// A sentence to show under the field: what to fix, or that it is strong enough.
    pub message: String,
    /// Why not, when it is not acceptable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<PasswordProblem>,
}

impl PasswordCheck {
    /// What to say when a password meets every rule.
    pub const STRONG_ENOUGH: &'static str = "Strong enough.";
}

impl From<Result<(), PasswordProblem>> for PasswordCheck {
    fn from(result: Result<(), PasswordProblem>) -> PasswordCheck {
        match result {
            Ok(()) => PasswordCheck {
                acceptable: true,
                message: PasswordCheck::STRONG_ENOUGH.into(),
                problem: None,
            },
            Err(problem) => PasswordCheck {
                acceptable: false,
                message: problem.message().into(),
                problem: Some(problem),
            },
        }
    }
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
    fn repeated_characters_and_straight_runs_are_refused() {
        for simple in [
            "zzzzzzzzzzzz",
            "AAAAAAAAAA",
            "abcdefghij",
            "ABCDEFGHIJK",
            "0987654321",
            "9876543210",
            "2345678901",
            "jihgfedcba",
        ] {
            assert_eq!(
                check_password_strength(simple),
                Err(PasswordProblem::TooSimple),
                "{simple}"
            );
        }
    }

    #[test]
    fn long_passwords_of_other_shapes_pass_here_the_list_is_the_servers() {
        assert_eq!(check_password_strength("correct horse battery"), Ok(()));
        assert_eq!(check_password_strength("clientele-demo"), Ok(()));
        assert_eq!(check_password_strength("abcdefghik"), Ok(()));
        // Common, but only the server's list knows it.
        assert_eq!(check_password_strength("qwertyuiop"), Ok(()));
    }

    #[test]
    fn a_check_carries_the_problem_and_its_sentence() {
        let refused = PasswordCheck::from(Err(PasswordProblem::TooCommon));
        assert!(!refused.acceptable);
        assert_eq!(refused.message, PasswordProblem::TooCommon.message());
        assert_eq!(
            serde_json::to_value(&refused).unwrap(),
            serde_json::json!({
                "acceptable": false,
                "message": "This password is on a list of commonly used passwords. Choose another.",
                "problem": "tooCommon",
            })
        );
        let taken = PasswordCheck::from(Ok(()));
        assert_eq!(
            serde_json::to_value(&taken).unwrap(),
            serde_json::json!({"acceptable": true, "message": "Strong enough."})
        );
    }
}
