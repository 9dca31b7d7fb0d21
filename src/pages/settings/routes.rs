//! Every route of the product settings panel, in one place. The settings build
//! (`settings.html`, entry `src/settings_main.rs`) is these routes inside the signed-in layout;
//! the agent build leaves `/settings…` to it. A page added here is in the settings build, and
//! only there.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route};
use leptos_router::path;

use super::{
    AccountPage, AuditLogPage, GeneralSettingsPage, HelpCentersPage, ImportJobPage, ImportPage,
    ManagedDomainsPage, SettingsCustomersPage, SettingsHome, SettingsLayout, SettingsOrganizationPage,
    SettingsOrganizationsPage, SettingsSectionNotFound,
};
use crate::pages::mail::MailPage;

/// `/settings` and everything below it.
#[component(transparent)]
pub fn SettingsRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/settings") view=SettingsLayout>
            <Route path=path!("") view=SettingsHome/>
            <Route path=path!("organizations") view=SettingsOrganizationsPage/>
            <Route path=path!("organizations/:id") view=SettingsOrganizationPage/>
            <Route path=path!("customers") view=SettingsCustomersPage/>
            <Route path=path!("customers/import") view=ImportPage/>
            <Route path=path!("customers/import/:id") view=ImportJobPage/>
            <Route path=path!("customers/:id") view=AccountPage/>
            <Route path=path!("general") view=GeneralSettingsPage/>
            <Route path=path!("managed-domains") view=ManagedDomainsPage/>
            <Route path=path!("help-centers") view=HelpCentersPage/>
            <Route path=path!("mail") view=MailPage/>
            <Route path=path!("audit-log") view=AuditLogPage/>
            <Route path=path!("*any") view=SettingsSectionNotFound/>
        </ParentRoute>
    }
    .into_inner()
}
