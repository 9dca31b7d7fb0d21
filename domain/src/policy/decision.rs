//! The answer: allowed, or denied with a reason, a sentence, and who can change it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::action::Action;
use crate::reason::Reason;

/// The policy's answer. Serialized with a `decision` tag: `{"decision": "allowed"}` or
/// `{"decision": "denied", "reason": …, "message": …, "whoCanChange": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    pub fn reason(&self) -> Option<Reason> {
        self.denial().map(|denial| denial.reason)
    }
}

/// Why an action was refused, in words and in a stable code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Denial {
    /// The stable machine code.
    pub reason: Reason,
    /// A sentence a person can act on, naming who can change the outcome.
    pub message: String,
    /// Whom to ask.
    pub who_can_change: WhoCanChange,
    /// For [`Reason::ManagedDomain`]: the managed domain, as configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
}

/// Whom to ask to change the outcome: the least powerful person who can either change the
/// setting that refused it or do the action on the actor's behalf. Serialized in camelCase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
