//! `/help/{hc}/forgot`: asking for a password reset link, and the same one-field form for
//! asking again for an invitation or verification link. The answer never says whether the
//! address has an account.

use leptos::prelude::*;
use leptos_router::components::A;

use super::fields::{FormAlert, Problems, TextField};
use super::{help_path, use_help_center};
use crate::api;

/// Which link the form asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendLinkKind {
    /// A password reset link.
    PasswordReset,
    /// A new invitation or verification link.
    Resend,
}

/// The forgot-password page.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let hc = use_help_center();
    move || {
        hc.current.get().map(|hc| {
            view! {
                <div class="card help-card">
                    <h1>"Forgot your password?"</h1>
                    <p class="muted">"Enter the address you sign in with. If it has an account, we'll send it a link to choose a new password."</p>
                    <SendLinkForm slug=hc.slug.clone() kind=SendLinkKind::PasswordReset/>
                    <h2 class="help-subtitle">"Never finished signing up?"</h2>
                    <p class="muted">"If you were invited, or signed up and didn't verify your address, we can send the link again."</p>
                    <SendLinkForm slug=hc.slug.clone() kind=SendLinkKind::Resend/>
                    <p class="help-links"><A href=help_path(&hc.slug, "login")>"Back to sign in"</A></p>
                </div>
            }
        })
    }
}

/// One field, the address, and a button that asks for a link; then the server's answer (the
/// same whatever the address). The address stays for another try.
#[component]
pub fn SendLinkForm(
    /// The help center's slug.
    #[prop(into)]
    slug: String,
    /// Which link to ask for.
    kind: SendLinkKind,
    /// The address, when known.
    #[prop(optional, into)]
    email: String,
) -> impl IntoView {
    let email = RwSignal::new(email);
    let problems = RwSignal::new(Problems::default());
    let send = Action::new_local(move |_: &()| {
        let (slug, address) = (slug.clone(), email.get_untracked());
        async move {
            match kind {
                SendLinkKind::PasswordReset => api::help_center::forgot(&slug, address.trim()).await,
                SendLinkKind::Resend => api::help_center::resend(&slug, address.trim()).await,
            }
        }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Err(e)) => problems.set(Problems::from_error(&e)),
        Some(Ok(_)) => problems.set(Problems::default()),
        None => {}
    });
    let answer = move || match send.value().get() {
        Some(Ok(accepted)) => Some(view! { <p class="notice" role="status">{accepted.message}</p> }),
        _ => None,
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send.dispatch(());
    };
    let pending = send.pending();
    let (id, label, button) = match kind {
        SendLinkKind::PasswordReset => ("forgot-email", "Email", "Send reset link"),
        SendLinkKind::Resend => ("resend-email", "Email for a new link", "Send a new link"),
    };
    view! {
        <form class="send-link-form" on:submit=on_submit>
            <TextField id=id label=label kind="email" autocomplete="email" value=email
                error=Signal::derive(move || problems.with(|p| p.email.clone()))/>
            {move || problems.get().form.map(|problem| view! { <FormAlert problem=problem/> })}
            {answer}
            <button type="submit" class="button-primary" disabled=move || pending.get()>
                {move || if pending.get() { "Sending…" } else { button }}
            </button>
        </form>
    }
}
