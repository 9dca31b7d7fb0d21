//! Who may do what with a request: raise one, see it, comment, take a transition, change its
//! participants or the organization it is shared with.
//!
//! Staff of the request's service project (agents, project admins, site admins) see and work
//! on all its requests. A customer sees a request only while they can use its service project
//! and they reported it, participate in it, or belong to the organization it is shared with;
//! any other request is, to them, not found. Of the customers who see a request, only its
//! reporter resolves or reopens it, and changes its participants and sharing.

use super::denials;
use super::{Decision, Role};
use crate::request::Transition;

/// Where the actor stands towards one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestStanding {
    /// The actor's role in the request's service project ([`Role::Customer`] for anyone
    /// signed in without a role there).
    pub role: Role,
    /// Whether the actor can use the service project as a customer: added to it directly or by
    /// public sign-up, or a member of an organization attached to it.
    pub uses_project: bool,
    /// Whether the actor reported the request.
    pub reporter: bool,
    /// Whether the actor is one of its participants.
    pub participant: bool,
    /// Whether the request is shared with an organization the actor belongs to.
    pub in_shared_organization: bool,
}

/// Something one does to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestAction {
    /// See it and its public conversation.
    View,
    /// Add a public comment.
    Comment,
    /// Add an internal note, or read them (staff only).
    InternalNote,
    /// Take a transition.
    Transition(Transition),
    /// Add or remove participants.
    ManageParticipants,
    /// Share it with an organization, or stop sharing it.
    Share,
}

impl RequestStanding {
    fn staff(&self) -> bool {
        self.role.at_least(Role::Agent)
    }

    fn sees(&self) -> bool {
        self.staff()
            || (self.uses_project && (self.reporter || self.participant || self.in_shared_organization))
    }
}

/// Whether the actor may do `action` to a request they stand towards as `standing`. A request
/// the actor may not see is refused with [`Reason::NotFound`](super::Reason::NotFound) whatever
/// the action, so that the refusal does not reveal it exists. Whether a transition exists from
/// the request's status is [`Transition::applies_from`]'s question, not this one.
pub fn decide_on_request(action: RequestAction, standing: &RequestStanding) -> Decision {
    if standing.role == Role::Anonymous {
        return denials::not_signed_in("see requests");
    }
    if !standing.sees() {
        return denials::request_not_found();
    }
    if standing.staff() {
        return Decision::Allowed;
    }
    match action {
        RequestAction::View | RequestAction::Comment => Decision::Allowed,
        RequestAction::InternalNote => denials::customers_cannot("see or add internal notes", Role::Agent),
        RequestAction::Transition(Transition::Resolve | Transition::Reopen)
        | RequestAction::ManageParticipants
        | RequestAction::Share
            if standing.reporter =>
        {
            Decision::Allowed
        }
        RequestAction::Transition(Transition::Resolve) => denials::reporter_only("resolve it"),
        RequestAction::Transition(Transition::Reopen) => denials::reporter_only("reopen it"),
        RequestAction::ManageParticipants => denials::reporter_only("change who participates in it"),
        RequestAction::Share => denials::reporter_only("change the organization it is shared with"),
        RequestAction::Transition(_) => denials::customers_cannot("change a request's status", Role::Agent),
    }
}

/// Whether the actor, with `role` in a service project, may raise a request there for
/// themselves: staff always; a customer while they can use the project. Raising on behalf of
/// someone else is [`Action::WorkOnRequests`](super::Action::WorkOnRequests), decided by
/// [`decide`](super::decide).
pub fn decide_raise(role: Role, uses_project: bool) -> Decision {
    match role {
        Role::Anonymous => denials::not_signed_in("raise requests"),
        Role::Customer if !uses_project => denials::not_a_customer_of_project(),
        _ => Decision::Allowed,
    }
}
