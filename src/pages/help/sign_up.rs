//! `/help/{hc}/signup`: public sign-up. The account waits for its address to be verified; the
//! page answers honestly when sign-up is closed (accounts by invitation) or the address is in a
//! managed domain.

use clientele_domain::reason::Reason;
use clientele_domain::wire::HelpCenter;
use leptos::prelude::*;
use leptos_router::components::A;

use super::fields::{FormAlert, Problems, TextField};
use super::forgot::{SendLinkForm, SendLinkKind};
use super::{help_path, use_help_center};
use crate::api;
use crate::components::password_field::{password_problem, NewPasswordField};

/// The sign-up page.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let hc = use_help_center();
    move || hc.current.get().map(|hc| view! { <SignUpForm help_center=hc/> })
}

#[component]
fn SignUpForm(help_center: HelpCenter) -> impl IntoView {
    let slug = help_center.slug.clone();
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let problems = RwSignal::new(Problems::default());
    let done = RwSignal::new(None::<String>);
    let sign_up = {
        let slug = slug.clone();
        Action::new_local(move |_: &()| {
            let slug = slug.clone();
            let (email, name, pass) = (
                email.get_untracked(),
                name.get_untracked(),
                password.get_untracked(),
            );
            async move { api::help_center::sign_up(&slug, email.trim(), name.trim(), &pass).await }
        })
    };
    Effect::new(move |_| match sign_up.value().get() {
        Some(Ok(accepted)) => {
            problems.set(Problems::default());
            password.set(String::new());
            done.set(Some(accepted.message));
        }
        Some(Err(e)) => {
            password.set(String::new());
            problems.set(Problems::from_error(&e));
        }
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The shape rules the server applies too: said at once; its list of common passwords is
        // checked on the server when the form is sent (the field shows its answer as one types).
        if let Some(problem) = password.with_untracked(|p| password_problem(p)) {
            problems.set(Problems {
                password: Some(problem.into()),
                ..Problems::default()
            });
            return;
        }
        sign_up.dispatch(());
    };
    let pending = sign_up.pending();
    let hc_name = help_center.name.clone();
    let form = {
        let slug = slug.clone();
        move || {
            let slug = slug.clone();
            view! {
                <form class="card help-card" on:submit=on_submit novalidate>
                    <h1>{format!("Sign up for {hc_name}")}</h1>
                    <p class="muted">"Create an account to raise and follow requests."</p>
                    <TextField id="signup-email" label="Email" kind="email" autocomplete="email" value=email
                        error=Signal::derive(move || problems.with(|p| p.email.clone()))/>
                    <TextField id="signup-name" label="Display name" autocomplete="name" value=name
                        maxlength=clientele_domain::names::DisplayName::MAX
                        error=Signal::derive(move || problems.with(|p| p.name.clone()))/>
                    <NewPasswordField id="signup-password" label="Password" value=password
                        error=Signal::derive(move || problems.with(|p| p.password.clone()))/>
                    {move || problems.get().form.map(|problem| {
                        let taken = problem.reason == Reason::EmailTaken;
                        let slug = slug.clone();
                        view! {
                            <FormAlert problem=problem>
                                {taken.then(|| view! {
                                    <p class="help-links">
                                        <A href=help_path(&slug, "login")>"Sign in"</A>
                                        <A href=help_path(&slug, "forgot")>"Forgot password, or never finished signing up?"</A>
                                    </p>
                                })}
                            </FormAlert>
                        }
                    })}
                    <button type="submit" class="button-primary" disabled=move || pending.get()>
                        {move || if pending.get() { "Signing up…" } else { "Sign up" }}
                    </button>
                </form>
            }
        }
    };
    let sent = {
        let slug = slug.clone();
        move |message: String| {
            view! {
                <div class="card help-card">
                    <h1>"Check your email"</h1>
                    <p class="notice" role="status">{message}</p>
                    <p>"After you verify your address, sign in to see the service projects you can use."</p>
                    <h2 class="help-subtitle">"No message?"</h2>
                    <SendLinkForm slug=slug.clone() kind=SendLinkKind::Resend email=email.get_untracked()/>
                </div>
            }
        }
    };
    view! {
        {move || match done.get() {
            Some(message) => sent.clone()(message).into_any(),
            None => form.clone()().into_any(),
        }}
        <p class="help-links">
            "Already have an account? " <A href=help_path(&slug, "login")>"Sign in"</A>
        </p>
    }
}
