//! A field for choosing a password that says, as one types, whether the server will take it.
//! The shape rules (`domain/src/password.rs`: at least 10 characters, not one repeated character
//! or a straight run) answer at once; whether it is a common password only the server knows, so
//! once typing pauses the field asks it (`api::passwords::check`) and shows its answer. The list
//! never comes to the browser.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use clientele_domain::password::{check_password_strength, PasswordCheck};
pub use clientele_sign_in::hint::{password_hint, password_problem, HintTone, ServerAnswer, CHECK_DELAY};
use leptos::prelude::*;

use crate::api::{self, ApiError};

/// An answer from the server, later.
pub type Answer = Pin<Box<dyn Future<Output = Result<PasswordCheck, ApiError>>>>;

/// Who the field asks about a password: the API client in the app, a stand-in in tests
/// (provided as context).
#[derive(Clone)]
pub struct PasswordChecker {
    /// Asks about one password.
    pub check: Arc<dyn Fn(String) -> Answer + Send + Sync>,
    /// How long typing must pause first.
    pub delay: Duration,
}

impl PasswordChecker {
    /// The real one: `POST /rest/clientele/1/password/check` after [`CHECK_DELAY`].
    pub fn api() -> PasswordChecker {
        PasswordChecker {
            check: Arc::new(|password| Box::pin(async move { api::passwords::check(&password).await })),
            delay: CHECK_DELAY,
        }
    }

    /// Makes this the checker of every password field below the current owner.
    pub fn provide(self) {
        provide_context(self);
    }
}

/// Asks the checker about `value` whenever it changes and passes the shape rules, once typing
/// pauses; keeps only the answer about what is typed now.
fn ask_server(value: RwSignal<String>) -> Memo<ServerAnswer> {
    let checker = use_context::<PasswordChecker>().unwrap_or_else(PasswordChecker::api);
    // The password the latest answer is about, with the answer.
    let answered = RwSignal::new(None::<(String, ServerAnswer)>);
    // Bumped on every change: a timer or a request that finds it moved on was superseded.
    let asked = StoredValue::new(0u64);
    Effect::new(move |_| {
        let typed = value.get();
        let this = asked.get_value() + 1;
        asked.set_value(this);
        let known = answered.with_untracked(|a| a.as_ref().is_some_and(|(p, _)| *p == typed));
        if typed.is_empty() || check_password_strength(&typed).is_err() || known {
            return;
        }
        let checker = checker.clone();
        set_timeout(
            move || {
                if asked.try_get_value() != Some(this) {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let answer = match (checker.check)(typed.clone()).await {
                        Ok(check) => ServerAnswer::Checked(check),
                        Err(_) => ServerAnswer::Unavailable,
                    };
                    if asked.try_get_value() == Some(this) {
                        answered.try_set(Some((typed, answer)));
                    }
                });
            },
            checker.delay,
        );
    });
    Memo::new(move |_| {
        value.with(|typed| {
            answered.with(|a| match a {
                Some((about, answer)) if about == typed => answer.clone(),
                _ => ServerAnswer::Pending,
            })
        })
    })
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
    let server = ask_server(value);
    let hint = Memo::new(move |_| value.with(|v| server.with(|s| password_hint(v, s))));
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
