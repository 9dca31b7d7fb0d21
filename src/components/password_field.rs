//! A field for choosing a password that says, as one types, whether it meets the one rule the
//! server applies too (`domain/src/password.rs`): at least 10 characters, not a common password.

use clientele_domain::password::{check_password_strength, PasswordProblem, MIN_PASSWORD_CHARS};
use leptos::prelude::*;

/// How the hint under the field reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HintTone {
    /// Nothing typed yet: the rule.
    Rule,
    /// Not good enough yet.
    Problem,
    /// Meets the rule.
    Good,
}

impl HintTone {
    fn class(self) -> &'static str {
        match self {
            HintTone::Rule => "field-hint",
            HintTone::Problem => "field-hint hint-problem",
            HintTone::Good => "field-hint hint-good",
        }
    }
}

/// What to say about `password` as it stands.
pub fn password_hint(password: &str) -> (HintTone, String) {
    if password.is_empty() {
        return (
            HintTone::Rule,
            format!("At least {MIN_PASSWORD_CHARS} characters, and not one of the most common passwords."),
        );
    }
    match check_password_strength(password) {
        Ok(()) => (HintTone::Good, "Strong enough.".into()),
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
    }
}

/// The password's problem, if it does not meet the rule, as a sentence.
pub fn password_problem(password: &str) -> Option<&'static str> {
    check_password_strength(password)
        .err()
        .map(PasswordProblem::message)
}

/// A new-password field with its live hint, a "Show password" switch, and room for a refusal.
#[component]
pub fn NewPasswordField(
    /// The input's id.
    #[prop(into)]
    id: String,
    /// The label, e.g. "Password" or "New password".
    #[prop(into)]
    label: String,
    /// What is typed.
    value: RwSignal<String>,
    /// A refusal to show under the field (from the server, or on submit).
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let show_id = format!("{id}-show");
    let show_for = show_id.clone();
    let hint = Memo::new(move |_| value.with(|v| password_hint(v)));
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || match error.get() {
            Some(_) => format!("{hint_id} {error_id}"),
            None => hint_id.clone(),
        }
    };
    view! {
        <div class="field password-field">
            <label for=id.clone()>{label}</label>
            <input id=id.clone() type=move || if shown.get() { "text" } else { "password" }
                autocomplete="new-password" required bind:value=value
                aria-describedby=described_by
                aria-invalid=move || error.get().is_some().to_string()/>
            <p id=hint_id class=move || hint.get().0.class() aria-live="polite">{move || hint.get().1}</p>
            {move || error.get().map(|e| view! { <p id=error_id.clone() class="field-error" role="alert">{e}</p> })}
            <label class="checkbox" for=show_for>
                <input id=show_id type="checkbox" bind:checked=shown/>
                "Show password"
            </label>
        </div>
    }
}
