//! Every route of the help center, in one place. The help-center build (`help.html`, entry
//! `src/bin/help.rs`) is these routes and nothing else; the agent build leaves `/help…` to it.
//! A page added here is in the help-center build, and only there.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::{path, MatchNestedRoutes};

use super::{
    DefaultHelpCenter, ForgotPasswordPage, HelpCenterHome, HelpCenterLayout, HelpCenterPageNotFound,
    HelpCenterSignIn, HelpRequestPage, LinkPage, MyRequestsPage, RaiseRequestPage, SignUpPage,
};

/// The first path segment every help-center page starts with. The server serves the
/// help-center build for it (`/help` and `/help/…`), and the agent build for every other page.
pub const HELP_CENTER_PREFIX: &str = "/help";

/// `/help` and everything below it. The help center works for people who are not signed in:
/// no signed-in layout around it.
#[component(transparent)]
pub fn HelpCenterRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/help") view=Outlet>
            <Route path=path!("") view=DefaultHelpCenter/>
            <ParentRoute path=path!(":hc") view=HelpCenterLayout>
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
        </ParentRoute>
    }
    .into_inner()
}
