//! What the actor wants to do: one variant per row of the "Who may do what" table, plus the
//! Premium features that the table's settings switch on.

use serde::{Deserialize, Serialize};

use super::role::Role;

/// Something a person may or may not do. Serialized in camelCase, e.g. `addCustomersToProject`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    /// See a service project's customers and organizations.
    ViewProjectCustomers,
    /// Add customers to a service project. Each address is then checked on its own with
    /// [`decide_add_address`](super::decide_add_address) (managed domains).
    AddCustomersToProject,
    /// Remove a customer from a service project.
    RemoveCustomerFromProject,
    /// Create an organization (from a service project or from product settings).
    CreateOrganization,
    /// Attach an organization to, or detach it from, a service project.
    AttachOrganization,
    /// Add customers to, or remove them from, an organization, and change its properties. On
    /// one organization, decided with [`decide_for_organization`](super::decide_for_organization).
    ManageOrganizationMembers,
    /// Delete an organization site-wide (its customers keep their accounts).
    DeleteOrganization,
    /// Product settings → Organizations: every organization on the site.
    ViewAllOrganizations,
    /// Edit a customer's name, change a portal-only customer's password, migrate to a full
    /// account, revoke or restore access, delete an account.
    AdministerCustomerAccounts,
    /// Global settings, managed domains and help centers.
    ManageGlobalSettings,
    /// A project's access settings: public sign-up and the "Customer invited" notification.
    ManageProjectAccess,
    /// Choose the help center an invitation points at (Premium), when adding customers to a
    /// service project or to an organization.
    ChooseHelpCenter,
    /// Use the service project's Organizations page. It exists only while customer service
    /// management is effectively on (the setting on and the Premium plan); otherwise
    /// organizations, and adding customers to them, live on the Customers page.
    UseOrganizationsPage,
    /// Add a help center beside the default one (Premium).
    AddHelpCenter,
    /// See an organization's members and properties. On one organization, decided with
    /// [`decide_for_organization`](super::decide_for_organization), like
    /// [`Action::ManageOrganizationMembers`].
    ViewOrganizationMembers,
    /// Create a customer account outside any project (JSM's `POST /customer`).
    CreateCustomer,
    /// See organizations one does not belong to. Refused, a person sees only their own.
    ViewAnyOrganization,
    /// A service project's queue: see and work on all its requests (reply, internal notes,
    /// status, participants, sharing), and raise requests on behalf of its customers. Raising on
    /// behalf of a new address also needs [`Action::AddCustomersToProject`].
    WorkOnRequests,
    /// Project settings → Request types: add, rename and remove a project's request types.
    ManageRequestTypes,
    /// Settings → Audit log: every recorded change, and undoing anyone's bulk change.
    ViewAuditLog,
}

/// The least role an action needs, read from the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Needs {
    /// Agents and above.
    Agent,
    /// Agents when "Agents can manage organizations" is on; project admins and above always.
    AgentIfAgentsManageOrganizations,
    /// Project admins and site admins.
    ProjectAdmin,
    /// Site admins only.
    SiteAdmin,
}

/// A feature that must be on for the action to exist at all, whoever asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Feature {
    /// Nothing beyond the role.
    None,
    /// The Premium plan.
    Premium,
    /// Customer service management, effectively on (the setting and the Premium plan).
    CustomerServiceManagement,
}

impl Action {
    /// Every action, in declaration order (the order of [`Permissions`](super::Permissions)).
    pub const ALL: &'static [Action] = &[
        Action::ViewProjectCustomers,
        Action::AddCustomersToProject,
        Action::RemoveCustomerFromProject,
        Action::CreateOrganization,
        Action::AttachOrganization,
        Action::ManageOrganizationMembers,
        Action::DeleteOrganization,
        Action::ViewAllOrganizations,
        Action::AdministerCustomerAccounts,
        Action::ManageGlobalSettings,
        Action::ManageProjectAccess,
        Action::ChooseHelpCenter,
        Action::UseOrganizationsPage,
        Action::AddHelpCenter,
        Action::ViewOrganizationMembers,
        Action::CreateCustomer,
        Action::ViewAnyOrganization,
        Action::WorkOnRequests,
        Action::ManageRequestTypes,
        Action::ViewAuditLog,
    ];

    /// Whether the action is about one service project, so it cannot be decided without one.
    /// Organization actions are not: site admins do them from product settings. Nor is
    /// choosing a help center: invitations to an organization are tied to no project.
    pub fn needs_project(self) -> bool {
        matches!(
            self,
            Action::ViewProjectCustomers
                | Action::AddCustomersToProject
                | Action::RemoveCustomerFromProject
                | Action::AttachOrganization
                | Action::ManageProjectAccess
                | Action::UseOrganizationsPage
                | Action::WorkOnRequests
                | Action::ManageRequestTypes
        )
    }

    /// What the action is, as the end of "Only site admins can …": lower case, no full stop.
    pub fn phrase(self) -> &'static str {
        match self {
            Action::ViewProjectCustomers => "see a service project's customers and organizations",
            Action::AddCustomersToProject => "add customers to a service project",
            Action::RemoveCustomerFromProject => "remove customers from a service project",
            Action::CreateOrganization => "create organizations",
            Action::AttachOrganization => "attach organizations to or detach them from a service project",
            Action::ManageOrganizationMembers => "add customers to or remove them from organizations",
            Action::DeleteOrganization => "delete organizations",
            Action::ViewAllOrganizations => "see all organizations in product settings",
            Action::AdministerCustomerAccounts => {
                "edit customer accounts (name, password, migration, access, deletion)"
            }
            Action::ManageGlobalSettings => "change global settings, managed domains and help centers",
            Action::ManageProjectAccess => "change a service project's access settings",
            Action::ChooseHelpCenter => "choose a help center for an invitation",
            Action::UseOrganizationsPage => "use a service project's Organizations page",
            Action::AddHelpCenter => "add help centers",
            Action::ViewOrganizationMembers => "see organizations' members and properties",
            Action::CreateCustomer => "create customers",
            Action::ViewAnyOrganization => "see organizations you don't belong to",
            Action::WorkOnRequests => "work on a service project's requests",
            Action::ManageRequestTypes => "manage a service project's request types",
            Action::ViewAuditLog => "see the audit log",
        }
    }

    pub(crate) fn needs(self) -> Needs {
        match self {
            Action::ViewProjectCustomers
            | Action::AddCustomersToProject
            | Action::ChooseHelpCenter
            | Action::UseOrganizationsPage
            | Action::ViewOrganizationMembers
            | Action::CreateCustomer
            | Action::ViewAnyOrganization
            | Action::WorkOnRequests => Needs::Agent,
            Action::CreateOrganization | Action::AttachOrganization | Action::ManageOrganizationMembers => {
                Needs::AgentIfAgentsManageOrganizations
            }
            Action::RemoveCustomerFromProject | Action::ManageProjectAccess | Action::ManageRequestTypes => {
                Needs::ProjectAdmin
            }
            Action::DeleteOrganization
            | Action::ViewAllOrganizations
            | Action::AdministerCustomerAccounts
            | Action::ManageGlobalSettings
            | Action::ViewAuditLog
            | Action::AddHelpCenter => Needs::SiteAdmin,
        }
    }

    pub(crate) fn feature(self) -> Feature {
        match self {
            Action::ChooseHelpCenter | Action::AddHelpCenter => Feature::Premium,
            Action::UseOrganizationsPage => Feature::CustomerServiceManagement,
            _ => Feature::None,
        }
    }
}

impl Needs {
    /// The least role allowed, given whether agents can manage organizations.
    pub(crate) fn least_role(self, agents_can_manage_organizations: bool) -> Role {
        match self {
            Needs::Agent => Role::Agent,
            Needs::AgentIfAgentsManageOrganizations if agents_can_manage_organizations => Role::Agent,
            Needs::AgentIfAgentsManageOrganizations | Needs::ProjectAdmin => Role::ProjectAdmin,
            Needs::SiteAdmin => Role::SiteAdmin,
        }
    }
}
