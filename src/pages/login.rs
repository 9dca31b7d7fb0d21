//! `/login`: sign in with email and password.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::navigation::home_path;
use crate::session::{Session, SessionState};

/// The sign-in form. On failure it says why and keeps the email.
#[component]
pub fn LoginPage() -> impl IntoView {
    let session = Session::use_session();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let sign_in = Action::new_local(move |_: &()| {
        let (email, pass) = (email.get_untracked(), password.get_untracked());
        async move {
            api::sign_in(&email, &pass).await?;
            api::myself().await
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(Some(me))) = sign_in.value().get() {
            let target = home_path(&me);
            session.state.set(SessionState::SignedIn(me));
            navigate(&target, Default::default());
        }
    });
    let error = move || match sign_in.value().get() {
        Some(Err(e)) => Some(e.message),
        Some(Ok(None)) => Some("Signed in, but the session was not kept. Are cookies blocked?".to_string()),
        _ => None,
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sign_in.dispatch(());
    };
    view! {
        <main class="login">
            <form class="card login-card" on:submit=on_submit>
                <h1>"Sign in to Clientele"</h1>
                <label for="login-email">"Email"</label>
                <input id="login-email" type="email" autocomplete="username" required
                    bind:value=email/>
                <label for="login-password">"Password"</label>
                <input id="login-password" type="password" autocomplete="current-password" required
                    bind:value=password/>
                {move || error().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                <button type="submit" class="button-primary" disabled=move || sign_in.pending().get()>
                    {move || if sign_in.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
        </main>
    }
}
