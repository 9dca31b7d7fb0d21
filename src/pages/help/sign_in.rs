//! `/help/{hc}/login`: signing in to the help center. Anyone with an active account may; the
//! home then shows what they can use.

use clientele_domain::reason::Reason;
use clientele_domain::wire::HelpCenter;
use leptos::prelude::*;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_query_map;

use super::fields::{FormAlert, Problems, TextField};
use super::signed_in::return_path;
use super::{help_path, use_help_center};
use crate::api;
use crate::app::load_from_server;
use crate::session::{Session, SessionState};

/// The help center's sign-in page; people already signed in go to the home.
#[component]
pub fn HelpCenterSignIn() -> impl IntoView {
    let hc = use_help_center();
    let session = Session::use_session();
    let query = use_query_map();
    move || {
        let hc = hc.current.get()?;
        // Back to the page that sent here, if it is one of this help center's.
        let next = return_path(query.read_untracked().get("next").as_deref(), &hc.slug)
            .unwrap_or_else(|| help_path(&hc.slug, ""));
        Some(match session.state.get() {
            SessionState::Loading => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
            SessionState::SignedIn(_) => view! { <Redirect path=next/> }.into_any(),
            _ => view! { <SignInForm help_center=hc/> }.into_any(),
        })
    }
}

#[component]
fn SignInForm(help_center: HelpCenter) -> impl IntoView {
    let query = use_query_map();
    let slug = help_center.slug.clone();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let problems = RwSignal::new(Problems::default());
    let sign_in = Action::new_local(move |_: &()| {
        let (email, pass) = (email.get_untracked(), password.get_untracked());
        async move {
            api::sign_in(email.trim(), &pass).await?;
            api::myself().await
        }
    });
    {
        let slug = slug.clone();
        Effect::new(move |_| match sign_in.value().get() {
            Some(Ok(Some(_))) => {
                problems.set(Problems::default());
                let next = return_path(query.read_untracked().get("next").as_deref(), &slug)
                    .unwrap_or_else(|| help_path(&slug, ""));
                // Every page after signing in is the help center build's, which reads the
                // session anew (setting it here would redirect first, then load: two
                // navigations).
                load_from_server(&next);
            }
            Some(Ok(None)) => problems.set(Problems {
                form: Some(super::FormProblem {
                    reason: Reason::SessionNotKept,
                    message: "Signed in, but the session was not kept. Are cookies blocked?".into(),
                    who_can_help: None,
                }),
                ..Problems::default()
            }),
            Some(Err(e)) => {
                password.set(String::new());
                problems.set(Problems::from_error(&e));
            }
            None => {}
        });
    }
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sign_in.dispatch(());
    };
    let pending = sign_in.pending();
    view! {
        <form class="card help-card" on:submit=on_submit>
            <h1>{format!("Sign in to {}", help_center.name)}</h1>
            <TextField id="hc-login-email" label="Email" kind="email" autocomplete="username" value=email
                error=Signal::derive(move || problems.with(|p| p.email.clone()))/>
            <div class="field">
                <label for="hc-login-password">"Password"</label>
                <input id="hc-login-password" type="password" autocomplete="current-password" required
                    bind:value=password/>
            </div>
            {move || problems.get().form.map(|problem| view! { <FormAlert problem=problem/> })}
            <button type="submit" class="button-primary" disabled=move || pending.get()>
                {move || if pending.get() { "Signing in…" } else { "Sign in" }}
            </button>
            <p class="help-links">
                <A href=help_path(&slug, "forgot")>"Forgot password?"</A>
                <A href=help_path(&slug, "signup")>"Sign up"</A>
            </p>
        </form>
    }
}
