//! The router, the layout, and the session context: every route of the app is declared here.
//!
//! Four builds share this crate, each a Trunk entry point with a few routes of its own, so
//! that a first load carries only the pages of one part of the product:
//! - the help center's signed-out pages (`help-sign-in.html`): sign in, sign up, forgot
//!   password, the one-time links — plain DOM without Leptos, not here ([`crate::signed_out`]);
//! - the help center ([`HelpCenterApp`], `help.html`): the routes of [`HelpCenterRoutes`],
//!   every other page of `/help` and `/help/…`, for customers;
//! - the settings panel ([`SettingsApp`], `settings.html`): the routes of [`SettingsRoutes`],
//!   `/settings` and `/settings/…`, for site admins;
//! - a service project's request pages, settings and organizations ([`RequestsApp`],
//!   `requests.html`): the Queue, a request's page, Request types, Access, Organizations and
//!   an organization's page, for agents;
//! - the agent app ([`App`], `index.html`): sign-in and a service project's Customers page —
//!   every other page; its dialogs are a module loaded on demand
//!   ([`crate::components::on_demand`], `dialogs.html`).
//!
//! The server sends each page address the `index.html` of the build that has it (the same
//! prefixes and pages, `server/src/http/web_app.rs`). Following a link or a redirect to another build's
//! page loads that page from the server ([`ServedByTheOtherBuild`]).

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::components::nav::MainNav;
use crate::navigation::home_path;
use crate::pages::help::HelpCenterRoutes;
use crate::pages::login::LoginPage;
use crate::pages::not_found::NotFound;
use crate::pages::project::{
    AgentRequestPage, CustomersPage, OrganizationPage, OrganizationsPage, ProjectAccessPage, ProjectHome,
    ProjectLayout, ProjectSectionNotFound, QueuePage, RequestTypesPage,
};
use crate::pages::settings::SettingsRoutes;
use crate::session::{Session, SessionState};

/// The agent app: sign-in and the service projects.
#[component]
pub fn App() -> impl IntoView {
    Session::provide();
    remember_first_page();
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/login") view=LoginPage/>
                // The help center and the settings panel are builds of their own.
                <Route path=path!("/help") view=ServedByTheOtherBuild/>
                <Route path=path!("/help/*any") view=ServedByTheOtherBuild/>
                <Route path=path!("/settings") view=ServedByTheOtherBuild/>
                <Route path=path!("/settings/*any") view=ServedByTheOtherBuild/>
                // So are a project's request pages and settings.
                <Route path=path!("/projects/:key/queue") view=ServedByTheOtherBuild/>
                <Route path=path!("/projects/:key/requests/:reqkey") view=ServedByTheOtherBuild/>
                <Route path=path!("/projects/:key/settings/request-types") view=ServedByTheOtherBuild/>
                <Route path=path!("/projects/:key/settings/access") view=ServedByTheOtherBuild/>
                // And its Organizations and an organization's page.
                <Route path=path!("/projects/:key/organizations") view=ServedByTheOtherBuild/>
                <Route path=path!("/projects/:key/organizations/:id") view=ServedByTheOtherBuild/>
                <ParentRoute path=path!("") view=SignedInLayout>
                    <Route path=path!("/") view=Home/>
                    <ParentRoute path=path!("/projects/:key") view=ProjectLayout>
                        <Route path=path!("") view=ProjectHome/>
                        <Route path=path!("customers") view=CustomersPage/>
                        <Route path=path!("*any") view=ProjectSectionNotFound/>
                    </ParentRoute>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// A service project's request pages, settings and organizations, in the project's layout:
/// the Queue, a request's page, Request types, Access, Organizations and an organization's
/// page. Any other page, the project's Customers included, is another build's.
#[component]
pub fn RequestsApp() -> impl IntoView {
    Session::provide();
    remember_first_page();
    view! {
        <Router>
            <Routes fallback=|| view! { <ServedByTheOtherBuild/> }>
                <ParentRoute path=path!("") view=SignedInLayout>
                    <ParentRoute path=path!("/projects/:key") view=ProjectLayout>
                        <Route path=path!("queue") view=QueuePage/>
                        <Route path=path!("requests/:reqkey") view=AgentRequestPage/>
                        <Route path=path!("settings/request-types") view=RequestTypesPage/>
                        <Route path=path!("settings/access") view=ProjectAccessPage/>
                        <Route path=path!("organizations") view=OrganizationsPage/>
                        <Route path=path!("organizations/:id") view=OrganizationPage/>
                    </ParentRoute>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The help center: its pages, for customers who are not signed in or are signed in as
/// customers. Any other page is another build's.
#[component]
pub fn HelpCenterApp() -> impl IntoView {
    Session::provide();
    remember_first_page();
    view! {
        <Router>
            <Routes fallback=|| view! { <ServedByTheOtherBuild/> }>
                <HelpCenterRoutes/>
            </Routes>
        </Router>
    }
}

/// The settings panel: its pages inside the signed-in layout. Any other page is another
/// build's.
#[component]
pub fn SettingsApp() -> impl IntoView {
    Session::provide();
    remember_first_page();
    view! {
        <Router>
            <Routes fallback=|| view! { <ServedByTheOtherBuild/> }>
                <ParentRoute path=path!("") view=SignedInLayout>
                    <SettingsRoutes/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The path of the page this build was loaded for.
static FIRST_PAGE: std::sync::OnceLock<String> = std::sync::OnceLock::new();

fn remember_first_page() {
    FIRST_PAGE.get_or_init(|| window().location().pathname().unwrap_or_default());
}

/// A page of another build, reached by a link or a redirect inside this one: loads it from the
/// server, which sends the build that has it. When the server sent this build for this very
/// page (it has no other), there is nothing better to load: the page does not exist here.
#[component]
pub fn ServedByTheOtherBuild() -> impl IntoView {
    let location = use_location();
    let path = location.pathname.get_untracked();
    if FIRST_PAGE.get().is_some_and(|first| *first == path) {
        return view! { <NotFound/> }.into_any();
    }
    let search = location.search.get_untracked();
    let question_mark = if search.is_empty() { "" } else { "?" };
    let target = format!("{path}{question_mark}{search}{}", location.hash.get_untracked());
    // The router renders the new route before it writes the address to the browser's history
    // (after a link click, once the route is ready): load the page once it has, so that Back
    // leads to the page the link was on.
    set_timeout(
        move || {
            let browser = window().location();
            if browser.pathname().ok().as_deref() == Some(path.as_str()) {
                let _ = browser.reload();
            } else {
                let _ = browser.assign(&target);
            }
        },
        std::time::Duration::ZERO,
    );
    view! { <p class="loading" role="status">"Loading…"</p> }.into_any()
}

/// Goes to `path`, a page of another build, by loading it from the server at once (rather than
/// routing to it here first, then reloading: [`ServedByTheOtherBuild`]).
pub fn load_from_server(path: &str) {
    let _ = window().location().assign(path);
}

/// Redirects to `path`, a page of another build: the browser loads it from the server in place
/// of this page, as `<Redirect>` would route to it (without routing here first, then reloading).
#[component]
pub fn RedirectToOtherBuild(#[prop(into)] path: String) -> impl IntoView {
    let _ = window().location().replace(&path);
    view! { <p class="loading" role="status">"Loading…"</p> }
}

/// The frame around every signed-in page: navigation and the page below it. Sends people who
/// are not signed in to the sign-in page.
#[component]
fn SignedInLayout() -> impl IntoView {
    let session = Session::use_session();
    move || match session.state.get() {
        SessionState::Loading => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
        SessionState::SignedOut => view! { <Redirect path="/login"/> }.into_any(),
        SessionState::Failed(error) => view! {
            <div class="page">
                <p class="error" role="alert">{error.message}</p>
                <button on:click=move |_| session.reload()>"Try again"</button>
            </div>
        }
        .into_any(),
        SessionState::SignedIn(me) => view! {
            <MainNav me=me/>
            <main class="page" id="main">
                <Outlet/>
            </main>
        }
        .into_any(),
    }
}

/// `/`: goes to the first place this person works in.
#[component]
fn Home() -> impl IntoView {
    let session = Session::use_session();
    move || session.me().map(|me| view! { <Redirect path=home_path(&me)/> })
}
