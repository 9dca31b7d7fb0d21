//! The help center's pages for signed-in people (raise a request, My requests, a request):
//! visitors who are not signed in are sent to the help center's sign-in, which brings them back
//! (`?next=`).

use clientele_domain::policy::Denial;
use clientele_domain::wire::{HelpCenter, Myself};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::{help_path, use_help_center};
use crate::app::RedirectToOtherBuild;
use crate::components::why_not::who_can_help;
use crate::session::{Session, SessionState};

/// The sign-in page of help center `slug`, coming back to `path` afterwards.
pub fn sign_in_path(slug: &str, path: &str) -> String {
    format!(
        "{}?next={}",
        help_path(slug, "login"),
        clientele_domain::url::encode_component(path)
    )
}

/// Renders `page` with the help center and the signed-in person; sends anyone else to sign in.
pub fn signed_in_page<V: IntoView + 'static>(
    page: impl Fn(HelpCenter, Myself) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let hc = use_help_center();
    let session = Session::use_session();
    let location = use_location();
    move || {
        let help_center = hc.current.get()?;
        Some(match session.state.get() {
            SessionState::Loading => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
            SessionState::SignedOut => {
                let here = format!(
                    "{}{}",
                    location.pathname.get_untracked(),
                    location.search.get_untracked()
                );
                // The sign-in page is the sign-in build's.
                view! { <RedirectToOtherBuild path=sign_in_path(&help_center.slug, &here)/> }.into_any()
            }
            SessionState::Failed(e) => view! {
                <p class="error" role="alert">{e.message}</p>
                <button type="button" on:click=move |_| session.reload()>"Try again"</button>
            }
            .into_any(),
            SessionState::SignedIn(me) => page(help_center, me).into_any(),
        })
    }
}

/// "Why can't I …?" in a customer's words: the policy's reason, and who can help.
#[component]
pub fn CustomerWhyNot(#[prop(into)] question: String, denial: Denial) -> impl IntoView {
    view! {
        <details class="why-not">
            <summary>{question}</summary>
            <p>{denial.message}</p>
            {who_can_help(denial.who_can_change).map(|who| view! { <p class="muted">{format!("Who can help: {who}.")}</p> })}
        </details>
    }
}
