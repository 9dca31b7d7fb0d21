//! Decisions about accounts rather than roles: whether the help center takes sign-ups at all,
//! and what a revoked account may no longer do or have done to it.

use super::denials;
use super::Decision;
use crate::account::AccountStatus;

/// Whether the help center's sign-up form takes sign-ups at all: only while at least one service
/// project allows public sign-up (each address is then decided by
/// [`decide_public_signup`](super::decide_public_signup)). Refused with
/// [`Reason::SignupClosed`](super::Reason::SignupClosed).
pub fn decide_signup_anywhere(any_project_allows_signup: bool) -> Decision {
    if any_project_allows_signup {
        Decision::Allowed
    } else {
        denials::signup_closed()
    }
}

/// Whether the holder of an account may use it (follow one of its links, set its password):
/// not once a site admin revoked its access ([`Reason::AccessRevoked`](super::Reason::AccessRevoked)).
pub fn decide_account_use(status: AccountStatus) -> Decision {
    if status == AccountStatus::Revoked {
        denials::access_revoked_use()
    } else {
        Decision::Allowed
    }
}

/// Whether an existing account may be added to a service project or an organization: not while
/// its access is revoked ([`Reason::AccessRevoked`](super::Reason::AccessRevoked)); a site admin
/// restores it first. New addresses are decided by
/// [`decide_add_address`](super::decide_add_address) alone.
pub fn decide_add_existing_account(status: AccountStatus) -> Decision {
    if status == AccountStatus::Revoked {
        denials::access_revoked_add()
    } else {
        Decision::Allowed
    }
}
