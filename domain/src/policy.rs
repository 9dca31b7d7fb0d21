//! Who may do what: the product's permission table (`docs/product.md`, "Who may do what") as
//! pure functions, evaluated the same way by the browser (to decide what to show) and by the
//! server (to decide what to allow).
//!
//! - [`decide`]: may this role do this action, under these settings, on this project?
//! - [`decide_add_address`]: may this role add this particular address (managed domains)?
//! - [`decide_public_signup`]: may this address sign up by itself to this project?
//! - [`decide_for_organization`]: may this person see or change one organization's members and
//!   properties, given the projects it is attached to?
//! - [`decide_signup_anywhere`], [`decide_account_use`], [`decide_add_existing_account`]: the
//!   help center's sign-up form as a whole, and what a revoked account may no longer do.
//! - [`decide_on_request`], [`decide_raise`]: what one may do with one request, and whether one
//!   may raise requests in a service project.
//! - [`permissions`]: the decision for every action, for the app's `myself`.
//!
//! A refusal always carries a stable [`Reason`], a sentence a person can act on, and
//! [`WhoCanChange`] the outcome.
//!
//! Decisions are checked in this order, so the first refusal is the most useful one: signed
//! in; the role the table asks for (given "Agents can manage organizations"); the plan and
//! customer service management; and last, for a project's actions, that a project was given.

mod accounts;
mod action;
mod decision;
mod denials;
mod domains;
mod organization;
mod requests;
mod role;
mod settings;

pub use crate::reason::Reason;
pub use accounts::{decide_account_use, decide_add_existing_account, decide_signup_anywhere};
pub use action::Action;
pub use decision::{Decision, Denial, Permissions, WhoCanChange};
pub use organization::{decide_for_organization, OrganizationStanding};
pub use requests::{decide_on_request, decide_raise, RequestAction, RequestStanding};
pub use role::Role;
pub use settings::{GlobalSettings, NewCustomerEmail, Plan, ProjectSettings, ProjectType};

use action::{Feature, Needs};

/// Whether `role` may do `action` under the site's `settings`, on `project` (the target service
/// project; `None` for the site as a whole, e.g. product settings).
///
/// [`Action::AddCustomersToProject`] is decided for the action as a whole; each address is then
/// checked with [`decide_add_address`]. Actions that [need a project](Action::needs_project)
/// are refused with [`Reason::ProjectRequired`] when `project` is `None` (and only when
/// nothing else refuses them first).
pub fn decide(
    role: Role,
    action: Action,
    settings: &GlobalSettings,
    project: Option<&ProjectSettings>,
) -> Decision {
    if role == Role::Anonymous {
        return denials::not_signed_in(action.phrase());
    }
    let needs = action.needs();
    let least_role = needs.least_role(settings.agents_can_manage_organizations);
    if !role.at_least(least_role) {
        return match (role, needs) {
            (Role::Customer, Needs::Agent | Needs::AgentIfAgentsManageOrganizations) => {
                denials::customers_cannot(action.phrase(), least_role)
            }
            (Role::Agent, Needs::AgentIfAgentsManageOrganizations) => {
                denials::agents_cannot_manage_organizations(action)
            }
            (_, Needs::SiteAdmin) => denials::site_admin_only(action),
            _ => denials::project_admin_only(action),
        };
    }
    let premium = settings.plan == Plan::Premium;
    match action.feature() {
        Feature::Premium | Feature::CustomerServiceManagement if !premium => {
            return denials::premium_only(action);
        }
        Feature::CustomerServiceManagement if !settings.customer_service_management => {
            return denials::customer_service_management_off();
        }
        _ => {}
    }
    if action.needs_project() && project.is_none() {
        return denials::project_required(action);
    }
    Decision::Allowed
}

/// Whether `role` may add the address (or bare domain) `address_or_domain`, wherever they add
/// customers: to a service project or to an organization.
///
/// Addresses in a managed domain can only be added by site admins; project admins and agents get
/// [`Reason::ManagedDomain`] naming the domain. Domains match exactly, ignoring case (see
/// [`GlobalSettings::managed_domain_for`]). Customers and anonymous people are refused whatever
/// the address. This checks the address only: whether the role may add customers *there* at
/// all is [`decide`]'s answer for [`Action::AddCustomersToProject`] or
/// [`Action::ManageOrganizationMembers`].
pub fn decide_add_address(role: Role, address_or_domain: &str, settings: &GlobalSettings) -> Decision {
    match role {
        Role::Anonymous => denials::not_signed_in("add customers"),
        Role::Customer => denials::customers_cannot("add customers", Role::Agent),
        Role::SiteAdmin => Decision::Allowed,
        Role::ProjectAdmin | Role::Agent => match settings.managed_domain_for(address_or_domain) {
            Some(domain) => denials::managed_domain_add(domain),
            None => Decision::Allowed,
        },
    }
}

/// Whether someone not signed in may sign up by themselves, with the address (or bare domain)
/// `address_or_domain`, through the help center of `project`.
///
/// Only while the project allows public sign-up, and never for an address in a managed domain
/// (a site admin adds those). People who were added or invited sign up through their invitation
/// instead, which this does not decide.
pub fn decide_public_signup(
    project: &ProjectSettings,
    address_or_domain: &str,
    settings: &GlobalSettings,
) -> Decision {
    if !project.public_signup {
        return denials::public_signup_off();
    }
    match settings.managed_domain_for(address_or_domain) {
        Some(domain) => denials::managed_domain_signup(domain),
        None => Decision::Allowed,
    }
}

/// The decision for every action in [`Action::ALL`], as [`decide`] gives it.
pub fn permissions(role: Role, settings: &GlobalSettings, project: Option<&ProjectSettings>) -> Permissions {
    Action::ALL
        .iter()
        .map(|&action| (action, decide(role, action, settings, project)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn premium_with_customer_service_management() -> GlobalSettings {
        GlobalSettings {
            customer_service_management: true,
            plan: Plan::Premium,
            ..GlobalSettings::default()
        }
    }

    #[test]
    fn customer_service_management_on_a_standard_plan_is_off() {
        let settings = GlobalSettings {
            plan: Plan::Standard,
            ..premium_with_customer_service_management()
        };
        assert!(!settings.customer_service_management_active());
        let project = ProjectSettings::default();
        let decision = decide(
            Role::SiteAdmin,
            Action::UseOrganizationsPage,
            &settings,
            Some(&project),
        );
        assert_eq!(decision.reason(), Some(Reason::PremiumOnly));
    }

    #[test]
    fn organizations_page_exists_with_customer_service_management_on_premium() {
        let settings = premium_with_customer_service_management();
        let project = ProjectSettings::default();
        assert!(decide(
            Role::Agent,
            Action::UseOrganizationsPage,
            &settings,
            Some(&project)
        )
        .is_allowed());
    }

    #[test]
    fn customer_is_told_who_can_do_it_now() {
        let settings = GlobalSettings::default();
        let decision = decide(Role::Customer, Action::CreateOrganization, &settings, None);
        let denial = decision.denial().expect("customers cannot create organizations");
        assert_eq!(denial.who_can_change, WhoCanChange::ProjectAdmin);
    }

    #[test]
    fn invitation_follows_the_customer_invited_notification() {
        let mut project = ProjectSettings::default();
        assert_eq!(project.email_for_new_customer(), NewCustomerEmail::Invitation);
        project.customer_invited_notification = false;
        assert_eq!(
            project.email_for_new_customer(),
            NewCustomerEmail::EmailVerification
        );
    }
}
