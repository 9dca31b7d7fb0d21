//! The service project a page is about, and what the signed-in person may do there: every
//! control of the project pages asks this, which answers from `myself` (the server's policy
//! decisions), never by comparing role names.

use clientele_domain::email::ParseLimits;
use clientele_domain::policy::{Action, Decision, Denial, GlobalSettings, Role};
use clientele_domain::wire::{HelpCenter, MyProject, Myself};
use leptos::prelude::*;

/// The signed-in person and one service project they work on.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectScope {
    /// Who is signed in, with the site's settings and help centers.
    pub me: Myself,
    /// The project, with this person's role and permissions there.
    pub project: MyProject,
}

impl ProjectScope {
    /// The scope for the project with this key (any case), if this person works on it.
    pub fn find(me: &Myself, key: &str) -> Option<ProjectScope> {
        let project = me
            .projects
            .iter()
            .find(|p| p.key.eq_ignore_ascii_case(key))?
            .clone();
        Some(ProjectScope {
            me: me.clone(),
            project,
        })
    }

    /// The project key, e.g. `ITH`.
    pub fn key(&self) -> &str {
        &self.project.key
    }

    /// Where a section of this project lives: `path("customers")` is `/projects/ITH/customers`.
    pub fn path(&self, section: &str) -> String {
        format!("/projects/{}/{section}", self.project.key)
    }

    /// The role the policy reads for this person here (for per-address checks).
    pub fn role(&self) -> Role {
        Role::effective(true, self.me.site_admin, self.project.role.map(Role::from))
    }

    /// The site's settings (switches, plan, managed domains).
    pub fn settings(&self) -> &GlobalSettings {
        &self.me.settings
    }

    /// The server's limits on one bulk add (how many entries), as `myself` publishes them.
    pub fn bulk_limits(&self) -> ParseLimits {
        self.me.bulk_limits
    }

    /// The site's help centers.
    pub fn help_centers(&self) -> &[HelpCenter] {
        &self.me.help_centers
    }

    /// Whether this person may do `action` in this project.
    pub fn can(&self, action: Action) -> bool {
        self.project.permissions.can(action)
    }

    /// Why this person may not do `action` here, when the policy says no. `None` when allowed,
    /// or when the server sent no decision (then there is nothing true to say).
    pub fn why_not(&self, action: Action) -> Option<Denial> {
        match self.project.permissions.decision(action) {
            Some(Decision::Denied(denial)) => Some(denial.clone()),
            _ => None,
        }
    }

    /// Whether organizations have their own page in this project (customer service
    /// management); otherwise they are managed from the Customers page.
    pub fn has_organizations_page(&self) -> bool {
        self.can(Action::UseOrganizationsPage)
    }

    /// Whether the "Add organization" button is offered: creating or attaching.
    pub fn can_add_organization(&self) -> bool {
        self.can(Action::CreateOrganization) || self.can(Action::AttachOrganization)
    }
}

/// The current project scope, provided by the project layout.
#[derive(Debug, Clone, Copy)]
pub struct CurrentProject(pub Memo<Option<ProjectScope>>);

/// The project scope of the page being shown.
pub fn use_project() -> Memo<Option<ProjectScope>> {
    expect_context::<CurrentProject>().0
}
