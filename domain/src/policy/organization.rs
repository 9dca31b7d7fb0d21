//! Decisions on one organization's members and properties.
//!
//! An organization is site-wide, but being a member of one gives access to every service
//! project it is attached to. So seeing or changing an organization's members and properties
//! is decided by the actor's role *in the projects the organization is attached to*, not by
//! their role anywhere on the site: a project admin of one project must not be able to let
//! people into another project through an organization that only the other project uses. An
//! organization attached to no project belongs to the site admins.

use super::denials;
use super::{decide, Action, Decision, GlobalSettings, Role};

/// Where the actor stands toward one organization: what [`decide_for_organization`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OrganizationStanding {
    /// The actor's role on the site: [`Role::SiteAdmin`], else the strongest role they hold in
    /// any service project, else [`Role::Customer`] (or [`Role::Anonymous`]).
    pub site_role: Role,
    /// Whether the organization is attached to at least one service project.
    pub attached: bool,
    /// The strongest role the actor holds in a service project the organization is attached
    /// to ([`Role::ProjectAdmin`] or [`Role::Agent`]); `None` when they hold none there.
    pub role_where_attached: Option<Role>,
}

/// Whether the actor may do `action` on one organization's members or properties:
/// [`Action::ViewOrganizationMembers`] (see members and properties) or
/// [`Action::ManageOrganizationMembers`] (add and remove members, change properties).
///
/// In this order: the product table for the actor's site role (so customers, agents while
/// "Agents can manage organizations" is off, and anonymous people get the table's refusals);
/// site admins may; an organization attached to no project is refused with
/// [`Reason::UnattachedOrganization`](super::Reason::UnattachedOrganization); with
/// no role in any project it is attached to, [`Reason::OrganizationOutsideYourProjects`](super::Reason::OrganizationOutsideYourProjects);
/// otherwise the table again, for the role held where it is attached (an agent there while
/// the setting is off is refused as an agent).
pub fn decide_for_organization(
    action: Action,
    settings: &GlobalSettings,
    standing: &OrganizationStanding,
) -> Decision {
    let on_site = decide(standing.site_role, action, settings, None);
    if !on_site.is_allowed() || standing.site_role == Role::SiteAdmin {
        return on_site;
    }
    if !standing.attached {
        return denials::unattached_organization();
    }
    match standing.role_where_attached {
        Some(role) if role.at_least(Role::Agent) => decide(role, action, settings, None),
        _ => denials::organization_outside_your_projects(),
    }
}
