//! The main navigation bar: the places this person may go, who they are, and sign-out.

use clientele_domain::wire::Myself;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::dialog_state::write_action;
use super::feedback::Feedback;
use crate::api;
use crate::navigation::nav_links;
use crate::session::{Session, SessionState};

/// The top bar with one link per allowed place.
#[component]
pub fn MainNav(me: Myself) -> impl IntoView {
    let session = Session::use_session();
    let navigate = use_navigate();
    let error = RwSignal::new(None::<String>);
    let sign_out = write_action(
        |_: &()| api::sign_out(),
        move |_, outcome| match outcome {
            Ok(()) => {
                session.state.set(SessionState::SignedOut);
                navigate("/login", Default::default());
            }
            Err(e) => error.set(Some(format!("Could not sign out: {}", e.message))),
        },
    );
    let links = nav_links(&me)
        .into_iter()
        .map(|link| view! { <li><A href=link.href>{link.label}</A></li> })
        .collect_view();
    view! {
        <header class="topbar">
            <a class="brand" href="/">"Clientele"</a>
            <nav aria-label="Main">
                <ul class="nav-links">{links}</ul>
            </nav>
            <div class="whoami">
                <span class="whoami-name" title=me.email_address.clone()>{me.display_name.clone()}</span>
                <button class="button-quiet" on:click=move |_| { sign_out.dispatch_local(()); }>"Sign out"</button>
            </div>
            <Feedback error=error/>
        </header>
    }
}
