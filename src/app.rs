//! The router, the layout, and the session context: every route of the app is declared here.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::nav::MainNav;
use crate::navigation::home_path;
use crate::pages::help::HelpCenterPage;
use crate::pages::login::LoginPage;
use crate::pages::not_found::NotFound;
use crate::pages::project::{
    CustomersPage, OrganizationPage, OrganizationsPage, ProjectHome, ProjectLayout, ProjectSectionNotFound,
};
use crate::pages::settings::SettingsPage;
use crate::session::{Session, SessionState};

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    Session::provide();
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/login") view=LoginPage/>
                <ParentRoute path=path!("") view=SignedInLayout>
                    <Route path=path!("/") view=Home/>
                    <ParentRoute path=path!("/projects/:key") view=ProjectLayout>
                        <Route path=path!("") view=ProjectHome/>
                        <Route path=path!("customers") view=CustomersPage/>
                        <Route path=path!("organizations") view=OrganizationsPage/>
                        <Route path=path!("organizations/:id") view=OrganizationPage/>
                        <Route path=path!("*any") view=ProjectSectionNotFound/>
                    </ParentRoute>
                    <Route path=path!("/settings") view=SettingsPage/>
                    <Route path=path!("/settings/*section") view=SettingsPage/>
                    <Route path=path!("/help") view=HelpCenterPage/>
                    <Route path=path!("/help/*section") view=HelpCenterPage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
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
