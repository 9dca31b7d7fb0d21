//! What the new-password field says as one types: the shape rules at once
//! (`clientele_domain::password`), the server's answer about common passwords once typing
//! pauses. The Leptos field (`clientele::components::password_field`) and the signed-out pages'
//! field draw the same sentences.

use std::time::Duration;

use clientele_domain::password::{
    check_password_strength, PasswordCheck, PasswordProblem, MIN_PASSWORD_CHARS,
};

/// How long typing must pause before the server is asked.
pub const CHECK_DELAY: Duration = Duration::from_millis(300);

/// How the hint under the field reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HintTone {
    /// Nothing typed yet (the rule), or the server's answer has not come.
    Rule,
    /// Not good enough.
    Problem,
    /// The server takes it.
    Good,
}

impl HintTone {
    /// The hint's class.
    pub fn class(self) -> &'static str {
        match self {
            HintTone::Rule => "field-hint",
            HintTone::Problem => "field-hint hint-problem",
            HintTone::Good => "field-hint hint-good",
        }
    }
}

/// What the server has said about the password as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerAnswer {
    /// Not asked yet, or the answer has not come.
    Pending,
    /// The server's answer.
    Checked(PasswordCheck),
    /// The server could not be asked; it checks again when the form is sent.
    Unavailable,
}

/// What to say about `password` as it stands, given what the server said about it.
pub fn password_hint(password: &str, server: &ServerAnswer) -> (HintTone, String) {
    if password.is_empty() {
        return (
            HintTone::Rule,
            format!("At least {MIN_PASSWORD_CHARS} characters, and not one of the most common passwords."),
        );
    }
    match check_password_strength(password) {
        Err(PasswordProblem::TooShort) => {
            let missing = MIN_PASSWORD_CHARS - password.chars().count();
            let more = if missing == 1 {
                "1 more character".to_string()
            } else {
                format!("{missing} more characters")
            };
            (
                HintTone::Problem,
                format!("{} {more} to go.", PasswordProblem::TooShort.message()),
            )
        }
        Err(problem) => (HintTone::Problem, problem.message().into()),
        Ok(()) => match server {
            ServerAnswer::Pending => (
                HintTone::Rule,
                "Checking it against a list of common passwords…".into(),
            ),
            ServerAnswer::Checked(check) if check.acceptable => (HintTone::Good, check.message.clone()),
            ServerAnswer::Checked(check) => (HintTone::Problem, check.message.clone()),
            ServerAnswer::Unavailable => (
                HintTone::Rule,
                "Could not check it against the list of common passwords just now; it is checked when you send the form."
                    .into(),
            ),
        },
    }
}

/// The password's problem under the shape rules, if any, as a sentence (checked before sending;
/// the server's list is checked when the form is sent).
pub fn password_problem(password: &str) -> Option<&'static str> {
    check_password_strength(password)
        .err()
        .map(PasswordProblem::message)
}
