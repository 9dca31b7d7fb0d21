//! Who is asking: the actor's effective role for the target of an action.

use serde::{Deserialize, Serialize};

/// The actor's effective role for the target of an action (a service project, or the site).
///
/// One person can hold several roles at once, e.g. a site admin who is also an agent of a
/// project; the policy only needs the most powerful one, which [`Role::effective`] picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    /// A site admin ("Jira admin"): may do everything, on every project. Serialized `siteAdmin`.
    SiteAdmin,
    /// An admin of the target service project. Serialized `projectAdmin`.
    ProjectAdmin,
    /// An agent of the target service project. Serialized `agent`.
    Agent,
    /// A signed-in customer (portal-only or full account) without a role in the project.
    /// Serialized `customer`.
    Customer,
    /// Not signed in. Serialized `anonymous`.
    Anonymous,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: &'static [Role] = &[
        Role::SiteAdmin,
        Role::ProjectAdmin,
        Role::Agent,
        Role::Customer,
        Role::Anonymous,
    ];

    /// The effective role of a person for one target: the most powerful of what they hold.
    ///
    /// `project_role` is the person's role in the target service project (normally
    /// [`Role::ProjectAdmin`] or [`Role::Agent`]); any role is accepted and the strongest wins,
    /// so a site admin is always [`Role::SiteAdmin`], and anyone signed in is at least a
    /// [`Role::Customer`].
    pub fn effective(signed_in: bool, site_admin: bool, project_role: Option<Role>) -> Role {
        let from_account = match (signed_in, site_admin) {
            (false, _) => Role::Anonymous,
            (true, true) => Role::SiteAdmin,
            (true, false) => Role::Customer,
        };
        match project_role {
            // A project role without a session grants nothing: the request is anonymous.
            Some(role) if signed_in && role.outranks(from_account) => role,
            _ => from_account,
        }
    }

    /// Whether this role has every power that `other` has, and more.
    pub fn outranks(self, other: Role) -> bool {
        self.rank() > other.rank()
    }

    /// Whether this role has at least the powers of `other`.
    pub(crate) fn at_least(self, other: Role) -> bool {
        self.rank() >= other.rank()
    }

    fn rank(self) -> u8 {
        match self {
            Role::Anonymous => 0,
            Role::Customer => 1,
            Role::Agent => 2,
            Role::ProjectAdmin => 3,
            Role::SiteAdmin => 4,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Role;

    #[test]
    fn site_admin_wins_over_a_project_role() {
        assert_eq!(Role::effective(true, true, Some(Role::Agent)), Role::SiteAdmin);
    }

    #[test]
    fn project_role_wins_over_customer() {
        assert_eq!(
            Role::effective(true, false, Some(Role::ProjectAdmin)),
            Role::ProjectAdmin
        );
        assert_eq!(Role::effective(true, false, None), Role::Customer);
    }

    #[test]
    fn nobody_signed_in_is_anonymous_whatever_the_roles() {
        assert_eq!(
            Role::effective(false, true, Some(Role::ProjectAdmin)),
            Role::Anonymous
        );
    }
}
