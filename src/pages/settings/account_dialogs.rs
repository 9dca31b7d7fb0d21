//! The account page's dialogs that take input: Edit name, Change password (checked as it is
//! typed, with the same rule sign-up uses), and Delete account (type the address to confirm).
//! Each keeps what was typed when the save fails, and shows why.

use clientele_domain::names::{DisplayName, NameProblem};
use leptos::prelude::*;

use crate::components::feedback::Feedback;
use crate::components::modal::Modal;
use crate::components::password_field::{password_problem, NewPasswordField};

/// Buttons and the failure line shared by the dialogs.
#[component]
fn DialogEnd(
    error: Signal<Option<String>>,
    pending: Signal<bool>,
    label: &'static str,
    busy: &'static str,
    #[prop(optional)] danger: bool,
    #[prop(optional, into)] disabled: Option<Signal<bool>>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let class = if danger { "button-danger" } else { "button-primary" };
    let disabled = move || pending.get() || disabled.is_some_and(|d| d.get());
    view! {
        <Feedback error=error/>
        <div class="dialog-buttons">
            <button type="submit" class=class disabled=disabled>
                {move || if pending.get() { busy } else { label }}
            </button>
            <button type="button" on:click=move |_| on_cancel.run(())>"Cancel"</button>
        </div>
    }
}

/// "Edit name".
#[component]
pub fn EditNameDialog(
    #[prop(into)] current: String,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] on_save: Callback<String>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let name = RwSignal::new(current.clone());
    let problem = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match DisplayName::parse(&name.get_untracked()) {
            Err(refused) if refused.problem() == NameProblem::Empty => {
                problem.set(Some("Type a name.".into()))
            }
            Err(refused) => problem.set(Some(refused.message())),
            Ok(typed) => {
                problem.set(None);
                on_save.run(typed.into_string());
            }
        }
    };
    view! {
        <Modal labelled_by="edit-name-title" on_close=on_cancel>
            <form on:submit=submit novalidate>
                <h2 id="edit-name-title">{format!("Edit the name of {current}")}</h2>
                <label for="account-name">"Name"</label>
                <input id="account-name" type="text" autocomplete="off" data-autofocus maxlength=DisplayName::MAX.to_string()
                    aria-describedby="account-name-problem" bind:value=name/>
                <p id="account-name-problem" class="field-error" aria-live="polite">{move || problem.get()}</p>
                <DialogEnd error=error pending=pending label="Save name" busy="Saving…" on_cancel=on_cancel/>
            </form>
        </Modal>
    }
}

/// "Change password" for a portal-only account: the strength rule of sign-up, checked as it is
/// typed (the same field as the help center's sign-up).
#[component]
pub fn ChangePasswordDialog(
    #[prop(into)] name: String,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] on_save: Callback<String>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    // A problem said on submit follows the password as it changes, and goes once it is met.
    Effect::new(move |_| {
        let now = password.with(|p| password_problem(p));
        if problem.with_untracked(Option::is_some) {
            problem.set(now.map(str::to_string));
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match password.with_untracked(|p| password_problem(p)) {
            Some(p) => problem.set(Some(p.to_string())),
            None => on_save.run(password.get_untracked()),
        }
    };
    view! {
        <Modal labelled_by="change-password-title" on_close=on_cancel>
            <form on:submit=submit novalidate>
                <h2 id="change-password-title">{format!("Change the password of {name}")}</h2>
                <p class="muted">
                    "They sign in to the help centers with it from now on. An invited account becomes active."
                </p>
                <NewPasswordField id="account-password" label="New password" value=password error=problem/>
                <DialogEnd error=error pending=pending label="Change password" busy="Saving…" on_cancel=on_cancel/>
            </form>
        </Modal>
    }
}

/// "Delete account": the admin types the address before the button works.
#[component]
pub fn DeleteAccountDialog(
    #[prop(into)] email: String,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] on_confirm: Callback<()>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let expected = email.trim().to_lowercase();
    let matches = Signal::derive(move || typed.with(|t| t.trim().to_lowercase() == expected));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if matches.get_untracked() {
            on_confirm.run(());
        }
    };
    let not_yet = Signal::derive(move || !matches.get());
    view! {
        <Modal labelled_by="delete-account-title" on_close=on_cancel>
            <form on:submit=submit novalidate>
                <h2 id="delete-account-title">{format!("Delete the account of {email}?")}</h2>
                <p>
                    "They leave every list, organization and service project, and are signed out everywhere; \
                     their API tokens stop working. The address becomes free: it can be added again, as a new \
                     customer. This can't be undone."
                </p>
                <label for="delete-account-confirm">{format!("Type {email} to confirm")}</label>
                <input id="delete-account-confirm" type="text" autocomplete="off" spellcheck="false" data-autofocus
                    bind:value=typed/>
                <DialogEnd error=error pending=pending label="Delete account" busy="Deleting…" danger=true
                    disabled=not_yet on_cancel=on_cancel/>
            </form>
        </Modal>
    }
}
