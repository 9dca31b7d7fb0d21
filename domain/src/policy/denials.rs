//! Every refusal the policy gives, worded in one place. Each sentence says what is refused and
//! whom to ask, so that a person can act on it.

use super::action::Action;
use super::decision::{Decision, Denial, WhoCanChange};
use super::role::Role;
use crate::reason::Reason;

fn denied(reason: Reason, who_can_change: WhoCanChange, message: String) -> Decision {
    Decision::Denied(Denial {
        reason,
        message,
        who_can_change,
        domain: None,
    })
}

fn denied_for_managed_domain(domain: &str, message: String) -> Decision {
    Decision::Denied(Denial {
        reason: Reason::ManagedDomain,
        message,
        who_can_change: WhoCanChange::SiteAdmin,
        domain: Some(domain.to_owned()),
    })
}

fn ask(who: WhoCanChange) -> &'static str {
    match who {
        WhoCanChange::SiteAdmin => "Ask a site admin.",
        WhoCanChange::ProjectAdmin => "Ask a project admin of the service project.",
        WhoCanChange::Agent => "Ask an agent of the service project.",
        WhoCanChange::Yourself => "",
    }
}

pub(crate) fn not_signed_in(what: &str) -> Decision {
    denied(
        Reason::NotSignedIn,
        WhoCanChange::Yourself,
        format!("Sign in to {what}."),
    )
}

/// A customer asking for agent work; `least_role` is the least role that may do it now.
pub(crate) fn customers_cannot(what: &str, least_role: Role) -> Decision {
    let who = if least_role == Role::Agent {
        WhoCanChange::Agent
    } else {
        WhoCanChange::ProjectAdmin
    };
    denied(
        Reason::CustomersCannot,
        who,
        format!("Customers can't {what}. {}", ask(who)),
    )
}

pub(crate) fn project_admin_only(action: Action) -> Decision {
    denied(
        Reason::ProjectAdminOnly,
        WhoCanChange::ProjectAdmin,
        format!(
            "Only project admins and site admins can {}. {}",
            action.phrase(),
            ask(WhoCanChange::ProjectAdmin)
        ),
    )
}

pub(crate) fn site_admin_only(action: Action) -> Decision {
    denied(
        Reason::SiteAdminOnly,
        WhoCanChange::SiteAdmin,
        format!(
            "Only site admins can {}. {}",
            action.phrase(),
            ask(WhoCanChange::SiteAdmin)
        ),
    )
}

pub(crate) fn agents_cannot_manage_organizations(action: Action) -> Decision {
    denied(
        Reason::AgentsCannotManageOrganizations,
        WhoCanChange::SiteAdmin,
        format!(
            "Agents can't {} on this site. A site admin can turn on \"Agents can manage \
             organizations\" in Settings → General; until then, a project admin can do it.",
            action.phrase()
        ),
    )
}

pub(crate) fn premium_only(action: Action) -> Decision {
    let (feature, meanwhile) = match action {
        Action::ChooseHelpCenter => ("Choosing a help center for an invitation", ""),
        Action::AddHelpCenter => ("More than one help center", ""),
        _ => (
            "Customer service management",
            " Until then, manage organizations from the Customers page.",
        ),
    };
    denied(
        Reason::PremiumOnly,
        WhoCanChange::SiteAdmin,
        format!(
            "{feature} is a Premium feature. A site admin can change the plan in Settings → \
             General.{meanwhile}"
        ),
    )
}

pub(crate) fn customer_service_management_off() -> Decision {
    denied(
        Reason::CustomerServiceManagementOff,
        WhoCanChange::SiteAdmin,
        "The Organizations page appears when customer service management is on; until then, \
         manage organizations from the Customers page. A site admin can turn on \"Customer \
         service management\" in Settings → General."
            .to_owned(),
    )
}

pub(crate) fn project_required(action: Action) -> Decision {
    denied(
        Reason::ProjectRequired,
        WhoCanChange::Yourself,
        format!("Open a service project to {}.", action.phrase()),
    )
}

/// Someone other than a site admin adding an address in a managed domain.
pub(crate) fn managed_domain_add(domain: &str) -> Decision {
    denied_for_managed_domain(
        domain,
        format!("Only site admins can add people from {domain}. Ask a site admin."),
    )
}

/// Someone from a managed domain trying to sign up by themselves.
pub(crate) fn managed_domain_signup(domain: &str) -> Decision {
    denied_for_managed_domain(
        domain,
        format!(
            "People from {domain} can't sign up by themselves: a site admin adds them. \
             Ask a site admin."
        ),
    )
}

pub(crate) fn public_signup_off() -> Decision {
    denied(
        Reason::PublicSignupOff,
        WhoCanChange::ProjectAdmin,
        "This service project doesn't allow public sign-up. Ask the service project's team to \
         add you; a project admin can turn on public sign-up in the project's access settings."
            .to_owned(),
    )
}

/// An organization attached to no service project: the site admin's alone.
pub(crate) fn unattached_organization() -> Decision {
    denied(
        Reason::UnattachedOrganization,
        WhoCanChange::SiteAdmin,
        "This organization isn't attached to any service project, so only site admins can see or \
         change its customers and properties. Ask a site admin, or attach it to a service project \
         you manage first."
            .to_owned(),
    )
}

/// An organization attached only to service projects the actor does not work on.
pub(crate) fn organization_outside_your_projects() -> Decision {
    denied(
        Reason::OrganizationOutsideYourProjects,
        WhoCanChange::ProjectAdmin,
        "This organization is attached only to service projects you don't work on, so you can't \
         see or change its customers and properties. Ask a project admin of one of those \
         projects, or a site admin."
            .to_owned(),
    )
}

/// Signing up through a help center while no service project allows public sign-up.
pub(crate) fn signup_closed() -> Decision {
    denied(
        Reason::SignupClosed,
        WhoCanChange::ProjectAdmin,
        "Accounts here are by invitation. Ask the service desk to add you as a customer.".to_owned(),
    )
}

/// Using an account (its link, its session) whose access a site admin revoked.
pub(crate) fn access_revoked_use() -> Decision {
    denied(
        Reason::AccessRevoked,
        WhoCanChange::SiteAdmin,
        "This account's access is revoked. Contact the service desk.".to_owned(),
    )
}

/// Adding an existing account whose access a site admin revoked.
pub(crate) fn access_revoked_add() -> Decision {
    denied(
        Reason::AccessRevoked,
        WhoCanChange::SiteAdmin,
        "This account's access is revoked. A site admin can restore it in Settings → Customers.".to_owned(),
    )
}

/// A customer asking about a request they may not see: worded as "not found", so that the
/// answer does not reveal that it exists.
pub(crate) fn request_not_found() -> Decision {
    denied(
        Reason::NotFound,
        WhoCanChange::Yourself,
        "There is no such request, or you can't see it.".to_owned(),
    )
}

/// A customer other than the reporter doing what only the reporter may.
pub(crate) fn reporter_only(what: &str) -> Decision {
    denied(
        Reason::ReporterOnly,
        WhoCanChange::Agent,
        format!("Only the customer who raised this request can {what}. Ask them, or an agent of the service project."),
    )
}

/// A customer raising a request in a service project they are not a customer of.
pub(crate) fn not_a_customer_of_project() -> Decision {
    denied(
        Reason::NotACustomer,
        WhoCanChange::Agent,
        "You aren't a customer of this service project, so you can't raise requests in it. Ask \
         an agent of the service project to add you."
            .to_owned(),
    )
}
