//! Every route of the help center, in one place, in two builds. The signed-out pages — sign
//! in, sign up, forgot password and the one-time links — are a small build of their own
//! without Leptos (`help-sign-in.html`, `crate::signed_out`, its `PAGES`): the first load of a
//! customer opening an invitation or the sign-in page. Every other help-center page is the
//! help-center build (`help.html`, [`HelpCenterRoutes`]). Going from one to the other (signing in, following a
//! Sign in link) loads the other build from the server. The agent build leaves `/help…` to
//! them.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::path;

pub use clientele_sign_in::paths::is_signed_out_page;

use super::{
    DefaultHelpCenter, HelpCenterHome, HelpCenterLayout, HelpCenterPageNotFound, HelpRequestPage,
    MyRequestsPage, RaiseRequestPage,
};

/// The first path segment every help-center page starts with. The server serves the
/// help-center builds for it (`/help` and `/help/…`), and the agent build for every other page.
pub const HELP_CENTER_PREFIX: &str = "/help";

/// `/help` and everything below it but the signed-out pages. The help center works for people
/// who are not signed in: no signed-in layout around it.
#[component(transparent)]
pub fn HelpCenterRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/help") view=Outlet>
            <Route path=path!("") view=DefaultHelpCenter/>
            <ParentRoute path=path!(":hc") view=HelpCenterLayout>
                <Route path=path!("") view=HelpCenterHome/>
                <Route path=path!("raise") view=RaiseRequestPage/>
                <Route path=path!("requests") view=MyRequestsPage/>
                <Route path=path!("requests/:key") view=HelpRequestPage/>
                // The signed-out pages too: they are the sign-in build's (HelpCenterPageNotFound).
                <Route path=path!("*any") view=HelpCenterPageNotFound/>
            </ParentRoute>
        </ParentRoute>
    }
    .into_inner()
}
