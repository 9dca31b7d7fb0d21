//! The answer: allowed, or denied with a reason, a sentence, and who can change it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::action::Action;

/// The policy's answer. Serialized with a `decision` tag: `{"decision": "allowed"}` or
/// `{"decision": "denied", "reason": …, "message": …, "whoCanChange": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "camelCase")]
pub enum Decision {
    /// The actor may do it.
    Allowed,
    /// The actor may not, and here is why.
    Denied(Denial),
}

impl Decision {
    /// Whether the action is allowed.
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allowed)
    }

    /// The refusal, when denied.
    pub fn denial(&self) -> Option<&Denial> {
        match self {
            Decision::Allowed => None,
            Decision::Denied(denial) => Some(denial),
        }
    }

    /// The refusal's machine code, when denied.
    pub fn reason(&self) -> Option<DenialReason> {
        self.denial().map(|denial| denial.reason)
    }
}

/// Why an action was refused, in words and in a stable code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Denial {
    /// The stable machine code.
    pub reason: DenialReason,
    /// A sentence a person can act on, naming who can change the outcome.
    pub message: String,
    /// Whom to ask.
    pub who_can_change: WhoCanChange,
    /// For [`DenialReason::ManagedDomain`]: the managed domain, as configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
}

/// The stable machine code of a refusal. Serialized in camelCase, e.g. `siteAdminOnly`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DenialReason {
    /// Nobody is signed in. `notSignedIn`.
    NotSignedIn,
    /// Customers never do this; agents (or admins) do. `customersCannot`.
    CustomersCannot,
    /// Only project admins and site admins do this. `projectAdminOnly`.
    ProjectAdminOnly,
    /// Only site admins do this. `siteAdminOnly`.
    SiteAdminOnly,
    /// Agents may do this only while "Agents can manage organizations" is on.
    /// `agentsCannotManageOrganizations`.
    AgentsCannotManageOrganizations,
    /// The address is in a managed domain: only site admins add it. `managedDomain`.
    ManagedDomain,
    /// The site is on the Standard plan and this is a Premium feature. `premiumOnly`.
    PremiumOnly,
    /// Premium, but customer service management is switched off.
    /// `customerServiceManagementOff`.
    CustomerServiceManagementOff,
    /// The service project does not allow public sign-up. `publicSignupOff`.
    PublicSignupOff,
    /// The action is about one service project and none was given. `projectRequired`.
    ProjectRequired,
    /// The organization is attached to no service project, so only site admins see or change
    /// its members and properties. `unattachedOrganization`.
    UnattachedOrganization,
    /// The organization is attached only to service projects the actor has no role in (or none
    /// strong enough). `organizationOutsideYourProjects`.
    OrganizationOutsideYourProjects,
}

/// Whom to ask to change the outcome: the least powerful person who can either change the
/// setting that refused it or do the action on the actor's behalf. Serialized in camelCase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum WhoCanChange {
    /// A site admin. `siteAdmin`.
    SiteAdmin,
    /// An admin of the service project (or a site admin). `projectAdmin`.
    ProjectAdmin,
    /// An agent of the service project (or an admin). `agent`.
    Agent,
    /// The actor: sign in, or open a service project. `yourself`.
    Yourself,
}

/// The decision for every [`Action`], as the app's `myself` carries it: a JSON object keyed by
/// the action's serialized name, e.g. `{"addCustomersToProject": {"decision": "allowed"}, …}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Permissions {
    decisions: BTreeMap<Action, Decision>,
}

impl Permissions {
    /// Whether the action is allowed. An action missing from the map (say, from an older
    /// server) is not allowed.
    pub fn can(&self, action: Action) -> bool {
        self.decision(action).is_some_and(Decision::is_allowed)
    }

    /// The decision for one action, when present.
    pub fn decision(&self, action: Action) -> Option<&Decision> {
        self.decisions.get(&action)
    }

    /// Every action with its decision, in the order of [`Action::ALL`].
    pub fn iter(&self) -> impl Iterator<Item = (Action, &Decision)> {
        self.decisions
            .iter()
            .map(|(action, decision)| (*action, decision))
    }

    /// How many actions are decided.
    pub fn len(&self) -> usize {
        self.decisions.len()
    }

    /// Whether no action is decided.
    pub fn is_empty(&self) -> bool {
        self.decisions.is_empty()
    }
}

impl FromIterator<(Action, Decision)> for Permissions {
    fn from_iter<I: IntoIterator<Item = (Action, Decision)>>(iter: I) -> Self {
        Permissions {
            decisions: iter.into_iter().collect(),
        }
    }
}
