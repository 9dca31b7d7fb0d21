//! Which places of the app the signed-in person may go to: the navigation they see.

use clientele_domain::policy::{Action, Decision, Denial};
use clientele_domain::wire::Myself;

/// One entry of the main navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavLink {
    /// What the link says.
    pub label: String,
    /// Where it goes.
    pub href: String,
}

/// The navigation for this person: a link per service project they work on, **Settings** for
/// site admins, and the help center for everyone.
pub fn nav_links(me: &Myself) -> Vec<NavLink> {
    let mut links: Vec<NavLink> = me
        .projects
        .iter()
        .map(|p| NavLink {
            label: p.name.clone(),
            href: format!("/projects/{}/customers", p.key),
        })
        .collect();
    if me.site_admin {
        links.push(NavLink {
            label: "Settings".into(),
            href: "/settings/organizations".into(),
        });
    }
    links.push(NavLink {
        label: "Help center".into(),
        href: "/help".into(),
    });
    links
}

/// Where a person lands after signing in: their first project, else settings, else the help
/// center.
pub fn home_path(me: &Myself) -> String {
    nav_links(me)
        .into_iter()
        .next()
        .map(|l| l.href)
        .unwrap_or_else(|| "/help".into())
}

/// One page of the product settings panel, and the policy action that opens it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingsSection {
    /// What the sidebar says.
    pub label: &'static str,
    /// The path segment after `/settings/`.
    pub slug: &'static str,
    /// The action the policy must allow.
    pub action: Action,
}

/// The settings panel's pages, in sidebar order.
pub const SETTINGS_SECTIONS: [SettingsSection; 7] = [
    SettingsSection {
        label: "Organizations",
        slug: "organizations",
        action: Action::ViewAllOrganizations,
    },
    SettingsSection {
        label: "Customers",
        slug: "customers",
        action: Action::AdministerCustomerAccounts,
    },
    SettingsSection {
        label: "General",
        slug: "general",
        action: Action::ManageGlobalSettings,
    },
    SettingsSection {
        label: "Managed domains",
        slug: "managed-domains",
        action: Action::ManageGlobalSettings,
    },
    SettingsSection {
        label: "Help centers",
        slug: "help-centers",
        action: Action::ManageGlobalSettings,
    },
    SettingsSection {
        label: "Mail",
        slug: "mail",
        action: Action::ManageGlobalSettings,
    },
    SettingsSection {
        label: "Audit log",
        slug: "audit-log",
        action: Action::ViewAuditLog,
    },
];

/// The action that opens the settings page at `path` (`/settings/organizations/7` →
/// [`Action::ViewAllOrganizations`]); pages the panel does not know need
/// [`Action::ManageGlobalSettings`], like the panel as a whole.
pub fn settings_action(path: &str) -> Action {
    let slug = path
        .trim_start_matches("/settings")
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default();
    SETTINGS_SECTIONS
        .iter()
        .find(|s| s.slug == slug)
        .map_or(Action::ManageGlobalSettings, |s| s.action)
}

/// Why this person may not open a settings page that needs `action`: `None` when allowed.
/// When the server sent no decision, the refusal is the policy's for a site-admin-only action.
pub fn settings_refusal(me: &Myself, action: Action) -> Option<Denial> {
    match me.permissions.decision(action) {
        Some(Decision::Allowed) => None,
        Some(Decision::Denied(denial)) => Some(denial.clone()),
        None => clientele_domain::policy::decide(
            clientele_domain::policy::Role::Customer,
            action,
            &me.settings,
            None,
        )
        .denial()
        .cloned(),
    }
}

/// The settings pages this person may open, for the sidebar.
pub fn settings_links(me: &Myself) -> Vec<NavLink> {
    SETTINGS_SECTIONS
        .iter()
        .filter(|s| me.permissions.can(s.action))
        .map(|s| NavLink {
            label: s.label.into(),
            href: format!("/settings/{}", s.slug),
        })
        .collect()
}
