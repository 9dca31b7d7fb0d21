//! `/settings/…`: the product settings panel, for site admins. The layout shows the sidebar and
//! the page, or — for anyone the policy does not allow there — a page that says why and who
//! can help, never a half-loaded panel.

mod account;
mod account_dialogs;
mod audit;
mod customers;
mod general;
mod help_centers;
mod import;
mod managed_domains;
mod organization;
mod organizations;
mod routes;

pub use account::{AccountBackend, AccountChange, AccountPage, AccountView};
pub use audit::AuditLogPage;
pub use customers::SettingsCustomersPage;
pub use general::GeneralSettingsPage;
pub use help_centers::HelpCentersPage;
pub use import::{ImportJobPage, ImportPage};
pub use managed_domains::ManagedDomainsPage;
pub use organization::SettingsOrganizationPage;
pub use organizations::SettingsOrganizationsPage;
pub use routes::SettingsRoutes;

use clientele_domain::policy::Denial;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect, A};
use leptos_router::hooks::use_location;

use crate::components::why_not::who_can_change;
use crate::navigation::{settings_action, settings_links, settings_refusal};
use crate::session::Session;

/// A sentence to show on the next settings page opened (after a deletion sends the admin back
/// to a list).
#[derive(Debug, Clone, Copy)]
pub struct SettingsFlash(pub RwSignal<Option<String>>);

impl SettingsFlash {
    /// The flash of the settings panel (a fresh one outside it, e.g. in tests).
    pub fn use_flash() -> SettingsFlash {
        use_context::<SettingsFlash>().unwrap_or_else(|| SettingsFlash(RwSignal::new(None)))
    }

    /// Leaves a sentence for the next page.
    pub fn set(self, text: String) {
        self.0.set(Some(text));
    }

    /// Takes the sentence left for this page, if any.
    pub fn take(self) -> Option<String> {
        self.0.try_update(Option::take).flatten()
    }
}

/// The settings panel's frame: sidebar and page, or the refusal.
#[component]
pub fn SettingsLayout() -> impl IntoView {
    let session = Session::use_session();
    let location = use_location();
    provide_context(SettingsFlash(RwSignal::new(None)));
    // Only a change of the decision re-renders the frame, not every navigation inside it.
    let refusal = Memo::new(move |_| {
        let me = session.me()?;
        settings_refusal(&me, settings_action(&location.pathname.get()))
    });
    view! {
        <Show when=move || refusal.with(Option::is_none)
            fallback=move || refusal.get().map(|denial| view! { <CannotOpenSettings denial=denial/> })>
            <div class="settings-layout">
                {move || session.me().map(|me| view! { <SettingsNav links=settings_links(&me)/> })}
                <div class="settings-content">
                    <Outlet/>
                </div>
            </div>
        </Show>
    }
}

/// The settings sidebar.
#[component]
fn SettingsNav(links: Vec<crate::navigation::NavLink>) -> impl IntoView {
    let links = links
        .into_iter()
        .map(|link| view! { <li><A href=link.href>{link.label}</A></li> })
        .collect_view();
    view! {
        <aside class="settings-sidebar">
            <p class="settings-kind muted">"Product settings"</p>
            <nav aria-label="Settings">
                <ul class="side-links">{links}</ul>
            </nav>
        </aside>
    }
}

/// The page for someone the policy keeps out: the reason, and who can help.
#[component]
pub fn CannotOpenSettings(denial: Denial) -> impl IntoView {
    view! {
        <div class="cannot-open">
            <h1>"You can't open Settings"</h1>
            <p>{denial.message}</p>
            <p class="muted">"Who can help: " {who_can_change(denial.who_can_change)} "."</p>
            <p><a href="/">"Go to your start page"</a></p>
        </div>
    }
}

/// `/settings`: the first page.
#[component]
pub fn SettingsHome() -> impl IntoView {
    view! { <Redirect path="/settings/organizations"/> }
}

/// A settings page that does not exist (yet).
#[component]
pub fn SettingsSectionNotFound() -> impl IntoView {
    view! {
        <h2>"This settings page doesn't exist"</h2>
        <p>"Choose a page from the list, or go to " <A href="/settings/organizations">"Organizations"</A> "."</p>
    }
}
