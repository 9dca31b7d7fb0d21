//! `/help/{hc}`: the signed-in customer's home: the service projects they can use and how
//! (added as a customer, through an organization, or open to everyone who signs up), and the
//! organizations they belong to. People not signed in are sent to the help center's sign-in.

use clientele_domain::wire::{HelpCenter, Myself};
use leptos::prelude::*;

use super::portal::PortalSection;
use super::{help_path, use_help_center};
use crate::api;
use crate::api::help_center::{CustomerHome, Via};
use crate::app::RedirectToOtherBuild;
use crate::session::{Session, SessionState};

/// How a customer may use a project, in words.
pub fn via_label(via: Via) -> &'static str {
    match via {
        Via::Customer => "You're a customer of this project",
        Via::Organization => "Through your organization",
        Via::PublicSignup => "Open to everyone who signs up",
    }
}

/// The home page.
#[component]
pub fn HelpCenterHome() -> impl IntoView {
    let hc = use_help_center();
    let session = Session::use_session();
    move || {
        let hc = hc.current.get()?;
        Some(match session.state.get() {
            SessionState::Loading => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
            // The sign-in page is the sign-in build's.
            SessionState::SignedOut => {
                view! { <RedirectToOtherBuild path=help_path(&hc.slug, "login")/> }.into_any()
            }
            SessionState::Failed(e) => view! {
                <p class="error" role="alert">{e.message}</p>
                <button type="button" on:click=move |_| session.reload()>"Try again"</button>
            }
            .into_any(),
            SessionState::SignedIn(me) => view! { <SignedInHome help_center=hc me=me/> }.into_any(),
        })
    }
}

#[component]
fn SignedInHome(help_center: HelpCenter, me: Myself) -> impl IntoView {
    let session = Session::use_session();
    let notice = use_help_center().notice;
    // Shown once: leaving the page clears it.
    let shown_notice = notice.get_untracked();
    on_cleanup(move || {
        notice.try_set(None);
    });
    let slug = help_center.slug.clone();
    let home = LocalResource::new(move || {
        let slug = slug.clone();
        async move { api::help_center::home(&slug).await }
    });
    // The session ended meanwhile (signed out in another tab): back to signing in.
    Effect::new(move |_| {
        if home.with(|h| matches!(h, Some(Err(e)) if e.status == 401)) {
            session.state.set(SessionState::SignedOut);
        }
    });
    let body = move || match home.get() {
        None => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
        Some(Err(e)) if e.status == 401 => ().into_any(),
        Some(Err(e)) => view! {
            <p class="error" role="alert">{format!("Couldn't load your help center: {}", e.message)}</p>
            <button type="button" on:click=move |_| home.refetch()>"Try again"</button>
        }
        .into_any(),
        Some(Ok(home)) => view! { <HomeLists home=home/> }.into_any(),
    };
    view! {
        {shown_notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <h1>{format!("Welcome, {}", me.display_name)}</h1>
        <p class="muted">{format!("Signed in to {} as {}.", help_center.name, me.email_address)}</p>
        <PortalSection slug=help_center.slug.clone()/>
        {body}
    }
}

/// The projects and organizations of a customer's home.
#[component]
pub fn HomeLists(home: CustomerHome) -> impl IntoView {
    let projects = if home.projects.is_empty() {
        view! {
            <p class="empty-state">
                "You can't raise requests in any service project yet. Ask the service desk to add you as a customer."
            </p>
        }
        .into_any()
    } else {
        let items = home
            .projects
            .into_iter()
            .map(|p| {
                view! {
                    <li class="help-project">
                        <span class="help-project-name">{p.name}</span>
                        <span class="muted">{format!(" ({}) · {}", p.key, via_label(p.via))}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="help-list">{items}</ul> }.into_any()
    };
    let organizations = if home.organizations.is_empty() {
        view! { <p class="muted">"You don't belong to any organization."</p> }.into_any()
    } else {
        let items = home
            .organizations
            .into_iter()
            .map(|o| view! { <li>{o.name}</li> })
            .collect_view();
        view! { <ul class="help-list">{items}</ul> }.into_any()
    };
    view! {
        <section class="section" aria-labelledby="help-projects-title">
            <h2 id="help-projects-title">"Your service projects"</h2>
            {projects}
        </section>
        <section class="section" aria-labelledby="help-organizations-title">
            <h2 id="help-organizations-title">"Your organizations"</h2>
            {organizations}
        </section>
    }
}
