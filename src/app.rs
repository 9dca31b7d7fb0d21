//! The router, the layout, and the session context: every route of the app is declared here.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::nav::MainNav;
use crate::navigation::home_path;
use crate::pages::help::{
    DefaultHelpCenter, ForgotPasswordPage, HelpCenterHome, HelpCenterLayout, HelpCenterPageNotFound,
    HelpCenterSignIn, HelpRequestPage, LinkPage, MyRequestsPage, RaiseRequestPage, SignUpPage,
};
use crate::pages::login::LoginPage;
use crate::pages::mail::MailPage;
use crate::pages::not_found::NotFound;
use crate::pages::project::{
    AgentRequestPage, CustomersPage, OrganizationPage, OrganizationsPage, ProjectAccessPage, ProjectHome,
    ProjectLayout, ProjectSectionNotFound, QueuePage, RequestTypesPage,
};
use crate::pages::settings::{
    AccountPage, GeneralSettingsPage, HelpCentersPage, ManagedDomainsPage, SettingsCustomersPage,
    SettingsHome, SettingsLayout, SettingsOrganizationPage, SettingsOrganizationsPage,
    SettingsSectionNotFound,
};
use crate::session::{Session, SessionState};

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    Session::provide();
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/login") view=LoginPage/>
                // The help center works for people who are not signed in: outside the signed-in layout.
                <Route path=path!("/help") view=DefaultHelpCenter/>
                <ParentRoute path=path!("/help/:hc") view=HelpCenterLayout>
                    <Route path=path!("") view=HelpCenterHome/>
                    <Route path=path!("login") view=HelpCenterSignIn/>
                    <Route path=path!("signup") view=SignUpPage/>
                    <Route path=path!("forgot") view=ForgotPasswordPage/>
                    <Route path=path!("invite/:token") view=LinkPage/>
                    <Route path=path!("verify/:token") view=LinkPage/>
                    <Route path=path!("reset/:token") view=LinkPage/>
                    <Route path=path!("raise") view=RaiseRequestPage/>
                    <Route path=path!("requests") view=MyRequestsPage/>
                    <Route path=path!("requests/:key") view=HelpRequestPage/>
                    <Route path=path!("*any") view=HelpCenterPageNotFound/>
                </ParentRoute>
                <ParentRoute path=path!("") view=SignedInLayout>
                    <Route path=path!("/") view=Home/>
                    <ParentRoute path=path!("/projects/:key") view=ProjectLayout>
                        <Route path=path!("") view=ProjectHome/>
                        <Route path=path!("customers") view=CustomersPage/>
                        <Route path=path!("organizations") view=OrganizationsPage/>
                        <Route path=path!("organizations/:id") view=OrganizationPage/>
                        <Route path=path!("settings/access") view=ProjectAccessPage/>
                        <Route path=path!("settings/request-types") view=RequestTypesPage/>
                        <Route path=path!("queue") view=QueuePage/>
                        <Route path=path!("requests/:reqkey") view=AgentRequestPage/>
                        <Route path=path!("*any") view=ProjectSectionNotFound/>
                    </ParentRoute>
                    <ParentRoute path=path!("/settings") view=SettingsLayout>
                        <Route path=path!("") view=SettingsHome/>
                        <Route path=path!("organizations") view=SettingsOrganizationsPage/>
                        <Route path=path!("organizations/:id") view=SettingsOrganizationPage/>
                        <Route path=path!("customers") view=SettingsCustomersPage/>
                        <Route path=path!("customers/:id") view=AccountPage/>
                        <Route path=path!("general") view=GeneralSettingsPage/>
                        <Route path=path!("managed-domains") view=ManagedDomainsPage/>
                        <Route path=path!("help-centers") view=HelpCentersPage/>
                        <Route path=path!("mail") view=MailPage/>
                        <Route path=path!("*any") view=SettingsSectionNotFound/>
                    </ParentRoute>
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
