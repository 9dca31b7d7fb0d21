//! `/projects/{KEY}/…`: a service project's pages, for the people who work on it. The layout
//! finds the project in `myself`, provides it to the pages, and shows the sidebar.

mod access;
mod customers;
mod organization;
mod organizations;
mod queue;
mod raise_request;
mod request;
mod request_types;

pub use access::ProjectAccessPage;
pub use customers::{CustomersActions, CustomersPage};
pub use organization::{OrganizationActions, OrganizationPage};
pub use organizations::OrganizationsPage;
pub use queue::{queue_href, QueueFilter, QueuePage};
pub use raise_request::{RaiseRequestDialog, Raised, RaisedNotice};
pub use request::AgentRequestPage;
pub use request_types::{help_center_name, RequestTypesPage};

use std::cell::Cell;

use clientele_domain::policy::{Action, Reason};
use clientele_domain::wire::{Myself, OrganizationRef};
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError, ListParams};
use crate::components::project_nav::ProjectNav;
use crate::project_scope::{use_project, CurrentProject, ProjectScope};
use crate::session::Session;

thread_local! {
    /// Project pages opened since the app started.
    static PAGES_OPENED: Cell<u32> = const { Cell::new(0) };
}

/// Called by each project page as it opens. The first uses the `myself` the app loaded at
/// start; every later one reads it again, since a site admin may have changed a setting
/// meanwhile (the session changes, and so the controls, only if the answer differs).
pub(crate) fn reread_myself_on_navigation() {
    let opened = PAGES_OPENED.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    if opened > 1 {
        if let Some(session) = use_context::<Session>() {
            session.refresh();
        }
    }
}

/// The frame of every project page: sidebar and the page.
#[component]
pub fn ProjectLayout() -> impl IntoView {
    let session = Session::use_session();
    let params = use_params_map();
    let key = Memo::new(move |_| params.read().get("key").unwrap_or_default());
    let scope = Memo::new(move |_| session.me().and_then(|me| ProjectScope::find(&me, &key.get())));
    provide_context(CurrentProject(scope));
    view! {
        <Show when=move || scope.with(Option::is_some)
            fallback=move || view! { <CannotOpen me=session.me() key=key.get()/> }>
            <div class="project-layout">
                {move || scope.get().map(|scope| view! { <ProjectNav scope=scope/> })}
                <div class="project-content">
                    <h1 class="project-title">{move || scope.get().map(|s| s.project.name)}</h1>
                    <Outlet/>
                </div>
            </div>
        </Show>
    }
}

/// `/projects/{KEY}`: the Customers page.
#[component]
pub fn ProjectHome() -> impl IntoView {
    let scope = use_project();
    move || {
        scope
            .get()
            .map(|scope| view! { <Redirect path=scope.path("customers")/> })
    }
}

/// An unknown page inside a project.
#[component]
pub fn ProjectSectionNotFound() -> impl IntoView {
    let scope = use_project();
    move || {
        scope.get().map(|scope| {
            view! {
                <h2>"This page doesn't exist"</h2>
                <p>"Go to the " <a href=scope.path("customers")>"Customers"</a> " page of this project."</p>
            }
        })
    }
}

/// Why this person cannot open the project.
#[component]
fn CannotOpen(me: Option<Myself>, key: String) -> impl IntoView {
    let customer_denial = me.as_ref().and_then(|me| {
        me.permissions
            .decision(Action::ViewProjectCustomers)
            .and_then(|d| d.denial())
            .filter(|d| d.reason == Reason::CustomersCannot)
            .map(|d| d.message.clone())
    });
    let reason = customer_denial.unwrap_or_else(|| {
        format!(
            "You don't work on a service project with the key {}. A project admin of that project can add you as an agent.",
            key.to_uppercase()
        )
    });
    view! {
        <h1>"You can't open this project"</h1>
        <p>{reason}</p>
        <p><a href="/">"Go to your start page"</a></p>
    }
}

/// What detaching an organization from `project` means, for the confirmation.
pub(crate) fn detach_warning(project: &str) -> String {
    format!(
        "Its members can no longer raise requests in {project}, unless they were added to it directly. \
         The organization and its members stay."
    )
}

/// Every organization attached to a project, for the Organization select (pages of 100; a
/// project with more than 1,000 attached organizations lists the first 1,000).
pub(crate) async fn attached_organizations(project_key: &str) -> Result<Vec<OrganizationRef>, ApiError> {
    let mut all = Vec::new();
    let mut params = ListParams {
        query: String::new(),
        start: 0,
        limit: 100,
        cursor: None,
    };
    for _ in 0..10 {
        let page = api::organizations::list_organizations(project_key, &params, None).await?;
        all.extend(page.values.iter().map(|o| OrganizationRef {
            id: o.id.clone(),
            name: o.name.clone(),
        }));
        if page.is_last_page || page.values.is_empty() {
            break;
        }
        params.start += page.size;
        params.cursor = page.next_cursor.clone();
    }
    Ok(all)
}
