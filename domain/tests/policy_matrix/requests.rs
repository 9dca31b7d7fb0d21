//! Requests: who sees one, and what each may do to it (issue 14's "Who may do what"), cell by
//! cell: every role × how a customer is involved × every action.

use clientele_domain::policy::{
    decide_on_request, decide_raise, Reason, RequestAction, RequestStanding, Role,
};
use clientele_domain::request::Transition;

use Reason::*;

/// How a signed-in person without a role in the project may stand towards a request.
#[derive(Debug, Clone, Copy)]
enum Involvement {
    Reporter,
    Participant,
    SharedOrganization,
    Uninvolved,
}

const ACTIONS: [RequestAction; 8] = [
    RequestAction::View,
    RequestAction::Comment,
    RequestAction::InternalNote,
    RequestAction::Transition(Transition::Resolve),
    RequestAction::Transition(Transition::Reopen),
    RequestAction::Transition(Transition::RespondToCustomer),
    RequestAction::ManageParticipants,
    RequestAction::Share,
];

/// The table for a customer who can use the project, one row per involvement; columns in the
/// order of [`ACTIONS`]. `None` is allowed.
#[rustfmt::skip]
const CUSTOMER: &[(Involvement, [Option<Reason>; 8])] = &[
    //                               view      comment   note                   resolve             reopen              to customer            participants        share
    (Involvement::Reporter,           [None,     None,     Some(CustomersCannot), None,               None,               Some(CustomersCannot), None,               None]),
    (Involvement::Participant,        [None,     None,     Some(CustomersCannot), Some(ReporterOnly), Some(ReporterOnly), Some(CustomersCannot), Some(ReporterOnly), Some(ReporterOnly)]),
    (Involvement::SharedOrganization, [None,     None,     Some(CustomersCannot), Some(ReporterOnly), Some(ReporterOnly), Some(CustomersCannot), Some(ReporterOnly), Some(ReporterOnly)]),
    (Involvement::Uninvolved,         [Some(NotFound), Some(NotFound), Some(NotFound), Some(NotFound), Some(NotFound), Some(NotFound), Some(NotFound), Some(NotFound)]),
];

fn standing(role: Role, uses_project: bool, involvement: Involvement) -> RequestStanding {
    RequestStanding {
        role,
        uses_project,
        reporter: matches!(involvement, Involvement::Reporter),
        participant: matches!(involvement, Involvement::Participant),
        in_shared_organization: matches!(involvement, Involvement::SharedOrganization),
    }
}

fn outcome(action: RequestAction, standing: &RequestStanding) -> Option<Reason> {
    decide_on_request(action, standing).reason()
}

#[test]
fn a_customer_who_uses_the_project_gets_the_table() {
    for (involvement, row) in CUSTOMER {
        let standing = standing(Role::Customer, true, *involvement);
        for (action, cell) in ACTIONS.iter().zip(row) {
            assert_eq!(outcome(*action, &standing), *cell, "{involvement:?} × {action:?}");
        }
    }
}

#[test]
fn a_customer_who_no_longer_uses_the_project_sees_none_of_its_requests() {
    for (involvement, _) in CUSTOMER {
        let standing = standing(Role::Customer, false, *involvement);
        for action in ACTIONS {
            assert_eq!(
                outcome(action, &standing),
                Some(NotFound),
                "{involvement:?} × {action:?}"
            );
        }
    }
}

#[test]
fn staff_see_and_work_on_every_request_of_their_project() {
    for role in [Role::SiteAdmin, Role::ProjectAdmin, Role::Agent] {
        for (involvement, _) in CUSTOMER {
            for uses_project in [false, true] {
                let standing = standing(role, uses_project, *involvement);
                for action in ACTIONS {
                    assert_eq!(
                        outcome(action, &standing),
                        None,
                        "{role:?} {involvement:?} × {action:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn nobody_signed_out_sees_a_request() {
    for (involvement, _) in CUSTOMER {
        let standing = standing(Role::Anonymous, true, *involvement);
        for action in ACTIONS {
            assert_eq!(outcome(action, &standing), Some(NotSignedIn));
        }
    }
}

#[test]
fn a_refusal_about_a_request_one_cannot_see_does_not_say_it_exists() {
    let denial = decide_on_request(
        RequestAction::Comment,
        &standing(Role::Customer, true, Involvement::Uninvolved),
    );
    let message = denial.denial().expect("refused").message.clone();
    assert_eq!(message, "There is no such request, or you can't see it.");
}

#[test]
fn customers_raise_requests_only_where_they_are_customers() {
    assert_eq!(decide_raise(Role::Customer, true).reason(), None);
    assert_eq!(decide_raise(Role::Customer, false).reason(), Some(NotACustomer));
    assert_eq!(decide_raise(Role::Anonymous, true).reason(), Some(NotSignedIn));
    for staff in [Role::SiteAdmin, Role::ProjectAdmin, Role::Agent] {
        assert_eq!(decide_raise(staff, false).reason(), None);
    }
}
