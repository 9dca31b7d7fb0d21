//! `/help/…`: the help center, where customers accept invitations, sign up, verify their
//! address, sign in and see the service projects they can use. Every page here works for
//! people who are not signed in; only the home asks them to sign in, on the help center's own
//! sign-in page. Staff who open it see it as a customer would, with a way back.

mod home;
mod my_requests;
mod portal;
mod raise;
mod request;
mod routes;
mod signed_in;

pub use clientele_sign_in::paths::{help_path, return_path, NOTICE_KEY};
pub use clientele_sign_in::{FormProblem, Problems};
pub use home::{via_label, HelpCenterHome, HomeLists};
pub use my_requests::MyRequestsPage;
pub use portal::{raise_path, PortalProjects, PortalSection};
pub use raise::{RaiseForm, RaiseRequestPage};
pub use request::{CustomerTransitions, HelpRequestPage};
pub use routes::{is_signed_out_page, HelpCenterRoutes, HELP_CENTER_PREFIX};
pub use signed_in::{sign_in_path, CustomerWhyNot};

use clientele_domain::wire::{HelpCenter, Myself};
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect, A};
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::app::{load_from_server, ServedByTheOtherBuild};
use crate::components::dialog_state::write_action;
use crate::components::feedback::Feedback;
use crate::navigation::home_path;
use crate::session::{Session, SessionState};

/// The help center the pages below the layout are about, and a sentence for the next page
/// (after accepting an invitation: "You're signed in").
#[derive(Debug, Clone, Copy)]
pub struct HelpCenterContext {
    /// The help center in the address, once known.
    pub current: Signal<Option<HelpCenter>>,
    /// A sentence the next page shows once.
    pub notice: RwSignal<Option<String>>,
}

impl HelpCenterContext {
    /// The sentence a page of the build loaded before left for this one (taken: said once).
    fn take_stored_notice() -> Option<String> {
        let storage = session_storage()?;
        let sentence = storage.get_item(NOTICE_KEY).ok()??;
        let _ = storage.remove_item(NOTICE_KEY);
        Some(sentence)
    }

    /// A context for one known help center (for tests and previews).
    pub fn provide_known(help_center: HelpCenter) -> HelpCenterContext {
        let context = HelpCenterContext {
            current: Signal::stored(Some(help_center)),
            notice: RwSignal::new(None),
        };
        provide_context(context);
        context
    }
}

/// The help center in context (a fresh, empty one outside the layout).
pub fn use_help_center() -> HelpCenterContext {
    use_context::<HelpCenterContext>().unwrap_or_else(|| HelpCenterContext {
        current: Signal::stored(None),
        notice: RwSignal::new(None),
    })
}

/// Whether this person works on the site (agent, project admin, site admin) rather than being
/// only a customer.
fn is_staff(me: &Myself) -> bool {
    me.site_admin || !me.projects.is_empty()
}

fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok()?
}

/// `/help`: opens the default help center.
#[component]
pub fn DefaultHelpCenter() -> impl IntoView {
    let all = LocalResource::new(api::help_center::help_centers);
    move || match all.get() {
        None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
        Some(Err(e)) => view! {
            <main class="page" id="main">
                <p class="error" role="alert">{format!("Couldn't open the help center: {}", e.message)}</p>
                <button type="button" on:click=move |_| all.refetch()>"Try again"</button>
            </main>
        }
        .into_any(),
        Some(Ok(list)) => match list.iter().find(|h| h.is_default).or(list.first()) {
            Some(hc) => view! { <Redirect path=help_path(&hc.slug, "")/> }.into_any(),
            None => view! {
                <main class="page" id="main">
                    <h1>"There is no help center yet"</h1>
                    <p>"A site admin can create one in Settings → Help centers."</p>
                </main>
            }
            .into_any(),
        },
    }
}

/// The frame of every help center page: the site's help centers (this one marked), who is
/// signed in (or a Sign in link), and the page.
#[component]
pub fn HelpCenterLayout() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("hc").unwrap_or_default());
    let all = LocalResource::new(api::help_center::help_centers);
    let current = Memo::new(move |_| {
        let list = all.get()?.ok()?;
        let slug = slug.get();
        list.into_iter().find(|h| h.slug == slug)
    });
    provide_context(HelpCenterContext {
        current: current.into(),
        notice: RwSignal::new(HelpCenterContext::take_stored_notice()),
    });
    let missing = move || match all.get() {
        None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
        Some(Err(e)) => view! {
            <main class="page" id="main">
                <p class="error" role="alert">{format!("Couldn't open the help center: {}", e.message)}</p>
                <button type="button" on:click=move |_| all.refetch()>"Try again"</button>
            </main>
        }
        .into_any(),
        Some(Ok(list)) => {
            let links = list
                .into_iter()
                .map(|hc| view! { <li><a href=help_path(&hc.slug, "")>{hc.name}</a></li> })
                .collect_view();
            view! {
                <main class="page" id="main">
                    <h1>"There is no help center here"</h1>
                    <p>{format!("Nothing is at /help/{}. Check the link, or open one of these:", slug.get())}</p>
                    <ul>{links}</ul>
                </main>
            }
            .into_any()
        }
    };
    let help_centers = move || {
        all.get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|hc| view! { <li><A href=help_path(&hc.slug, "")>{hc.name}</A></li> })
            .collect_view()
    };
    view! {
        <Show when=move || current.with(Option::is_some) fallback=missing>
            <header class="topbar help-topbar">
                // The help centers of the site; the one open is marked current (it is the "brand").
                <nav aria-label="Main">
                    <ul class="nav-links">{help_centers}</ul>
                </nav>
                <WhoIsHere slug=slug/>
            </header>
            <StaffBanner name=Signal::derive(move || current.get().map(|hc| hc.name).unwrap_or_default())/>
            <main class="page help-page" id="main">
                <Outlet/>
            </main>
        </Show>
    }
}

/// Who is signed in and Sign out, or a Sign in link.
#[component]
fn WhoIsHere(slug: Memo<String>) -> impl IntoView {
    let session = Session::use_session();
    let error = RwSignal::new(None::<String>);
    let sign_out = write_action(
        |_: &()| api::sign_out(),
        move |_, outcome| match outcome {
            // The sign-in page is the sign-in build's. The session is left as it is until the
            // page goes: signed out here, the page would route to sign-in first, then load it.
            Ok(()) => {
                load_from_server(&help_path(&slug.get_untracked(), "login"));
            }
            Err(e) => error.set(Some(format!("Could not sign out: {}", e.message))),
        },
    );
    view! {
        <div class="whoami">
            {move || match session.state.get() {
                SessionState::SignedIn(me) => view! {
                    <span class="whoami-name" title=me.email_address.clone()>{me.display_name.clone()}</span>
                    <button type="button" class="button-quiet" on:click=move |_| { sign_out.dispatch_local(()); }>"Sign out"</button>
                }
                .into_any(),
                SessionState::Loading => ().into_any(),
                _ => view! { <A href=move || help_path(&slug.get(), "login")>"Sign in"</A> }.into_any(),
            }}
        </div>
        <Feedback error=error/>
    }
}

/// For agents and admins: they see the help center as a customer would, and the way back.
#[component]
fn StaffBanner(#[prop(into)] name: Signal<String>) -> impl IntoView {
    let session = Session::use_session();
    move || {
        let me = session.me().filter(is_staff)?;
        Some(view! {
            <p class="staff-banner" role="note">
                {move || format!("You're seeing {} as a customer would. ", name.get())}
                <a href=home_path(&me)>"Back to Clientele"</a>
            </p>
        })
    }
}

/// An unknown page inside a help center; a signed-out page (sign in, an invitation…), which is
/// the sign-in build's, reached by a link inside this build: loads it from the server.
#[component]
pub fn HelpCenterPageNotFound() -> impl IntoView {
    let hc = use_help_center();
    let params = use_params_map();
    move || {
        if params.with(|p| p.get("any").is_some_and(|page| is_signed_out_page(&page))) {
            return Some(view! { <ServedByTheOtherBuild/> }.into_any());
        }
        hc.current.get().map(|hc| {
            view! {
                <h1>"This page doesn't exist"</h1>
                <p>"Go to the " <a href=help_path(&hc.slug, "")>{hc.name}</a> " home page."</p>
            }
            .into_any()
        })
    }
}
