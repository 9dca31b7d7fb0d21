//! The settings the policy reads: the site's global switches and one project's access settings.

use serde::{Deserialize, Serialize};

use super::domains::{normalize_domain, same_domain};

/// The site's plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum Plan {
    /// One help center, no customer service management. Serialized `standard`. The default.
    #[default]
    Standard,
    /// Several help centers (and choosing one per invitation), customer service management.
    /// Serialized `premium`.
    Premium,
}

/// How a service project is run. No rule of the policy depends on it today: the table applies
/// to both kinds; it is carried so that callers pass a project whole.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum ProjectType {
    /// Configured by site admins. Serialized `companyManaged`. The default.
    #[default]
    CompanyManaged,
    /// Configured by the project's own admins. Serialized `teamManaged`.
    TeamManaged,
}

/// The site-wide settings that change the rules. Missing fields deserialize to their defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct GlobalSettings {
    /// "Agents can manage organizations": agents may create organizations, attach and detach
    /// them, and add and remove their customers. Off by default.
    pub agents_can_manage_organizations: bool,
    /// "Customer service management" as set. It only takes effect on the Premium plan; read
    /// [`GlobalSettings::customer_service_management_active`] for the effective value.
    pub customer_service_management: bool,
    /// The site's plan; Standard by default.
    pub plan: Plan,
    /// Managed domains, e.g. `staff.example.com`: addresses there can only be added by site
    /// admins, and cannot sign up themselves. Matched exactly, ignoring case (see
    /// [`GlobalSettings::managed_domain_for`]).
    pub managed_domains: Vec<String>,
}

impl GlobalSettings {
    /// Whether customer service management is effectively on: switched on, on the Premium plan.
    pub fn customer_service_management_active(&self) -> bool {
        self.customer_service_management && self.plan == Plan::Premium
    }

    /// The managed domain, as configured, that an address (or a bare domain) falls in.
    ///
    /// The domain is what follows the last `@`. Matching is exact and ignores case, a trailing
    /// dot and surrounding spaces; internationalized names match their `xn--` form. Subdomains
    /// are not covered: managing `example.com` does not manage `eu.example.com` (each domain is
    /// listed, as each is verified, on its own).
    pub fn managed_domain_for(&self, address_or_domain: &str) -> Option<&str> {
        let domain = normalize_domain(address_or_domain)?;
        self.managed_domains
            .iter()
            .find(|managed| same_domain(&domain, managed))
            .map(|managed| managed.trim())
    }
}

/// One service project's access settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ProjectSettings {
    /// Company-managed or team-managed.
    pub project_type: ProjectType,
    /// Public sign-up: anyone may sign up through the help center. Off by default: only people
    /// who were added or invited, or who belong to an attached organization, get in.
    pub public_signup: bool,
    /// The "Customer invited" notification; on by default. See
    /// [`ProjectSettings::email_for_new_customer`].
    pub customer_invited_notification: bool,
}

impl Default for ProjectSettings {
    fn default() -> Self {
        ProjectSettings {
            project_type: ProjectType::CompanyManaged,
            public_signup: false,
            customer_invited_notification: true,
        }
    }
}

/// The email a newly added customer receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum NewCustomerEmail {
    /// An invitation with a sign-up link. Serialized `invitation`.
    Invitation,
    /// A message asking them to verify their address. Serialized `emailVerification`.
    EmailVerification,
}

impl ProjectSettings {
    /// Which email a customer newly added to this project receives: an invitation while the
    /// "Customer invited" notification is on, an email-verification message while it is off.
    pub fn email_for_new_customer(&self) -> NewCustomerEmail {
        if self.customer_invited_notification {
            NewCustomerEmail::Invitation
        } else {
            NewCustomerEmail::EmailVerification
        }
    }
}
