//! Requests: what customers raise in the help center and agents work on. Their statuses, the
//! transitions between them, and the free text they carry (descriptions and comments).
//!
//! The workflow is JSM's default for a service project, cut to its three statuses:
//!
//! | from \ to | Waiting for support | Waiting for customer | Resolved |
//! | --- | --- | --- | --- |
//! | Waiting for support | | [`Transition::RespondToCustomer`] (staff) | [`Transition::Resolve`] |
//! | Waiting for customer | [`Transition::RespondToSupport`] (staff) | | [`Transition::Resolve`] |
//! | Resolved | [`Transition::Reopen`] | | |
//!
//! Staff (agents and admins of the project) may take any of them; of the customers, only the
//! reporter, and only [`Transition::Resolve`] and [`Transition::Reopen`] (see
//! [`crate::policy::decide_on_request`]). Besides the transitions, a comment moves a request
//! along the way JSM's default automation does: a public reply by staff to a request waiting for
//! support leaves it waiting for the customer ([`RequestStatus::after_comment`]), and a comment
//! by a customer on one waiting for them hands it back to support.

use serde::{Deserialize, Serialize};

/// Where a request stands. Serialized in camelCase (`waitingForSupport`) in Clientele's own
/// fields; JSM's fields use [`RequestStatus::name`] and [`RequestStatus::category`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum RequestStatus {
    /// Raised or reopened, or answered by the customer: the service desk's turn.
    WaitingForSupport,
    /// The service desk answered: the customer's turn.
    WaitingForCustomer,
    /// Done. Counts as closed.
    Resolved,
}

/// JSM's status categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusCategory {
    /// Not started.
    New,
    /// In progress.
    Indeterminate,
    /// Finished.
    Done,
}

impl StatusCategory {
    /// As JSM sends it: `NEW`, `INDETERMINATE`, `DONE`.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusCategory::New => "NEW",
            StatusCategory::Indeterminate => "INDETERMINATE",
            StatusCategory::Done => "DONE",
        }
    }
}

impl RequestStatus {
    /// Every status, in workflow order.
    pub const ALL: [RequestStatus; 3] = [
        RequestStatus::WaitingForSupport,
        RequestStatus::WaitingForCustomer,
        RequestStatus::Resolved,
    ];

    /// The stored and wire code, e.g. `waitingForSupport`.
    pub fn code(self) -> &'static str {
        match self {
            RequestStatus::WaitingForSupport => "waitingForSupport",
            RequestStatus::WaitingForCustomer => "waitingForCustomer",
            RequestStatus::Resolved => "resolved",
        }
    }

    /// The status for a stored or wire code.
    pub fn from_code(code: &str) -> Option<RequestStatus> {
        RequestStatus::ALL
            .into_iter()
            .find(|status| status.code() == code)
    }

    /// The name people read, as JSM's `currentStatus.status`: "Waiting for support".
    pub fn name(self) -> &'static str {
        match self {
            RequestStatus::WaitingForSupport => "Waiting for support",
            RequestStatus::WaitingForCustomer => "Waiting for customer",
            RequestStatus::Resolved => "Resolved",
        }
    }

    /// JSM's status category.
    pub fn category(self) -> StatusCategory {
        match self {
            RequestStatus::WaitingForSupport => StatusCategory::New,
            RequestStatus::WaitingForCustomer => StatusCategory::Indeterminate,
            RequestStatus::Resolved => StatusCategory::Done,
        }
    }

    /// Whether the request counts as open (JSM's OPEN_REQUESTS); resolved ones are closed.
    pub fn is_open(self) -> bool {
        self != RequestStatus::Resolved
    }

    /// The transitions that exist from this status, for anyone (the policy then says who may
    /// take each).
    pub fn transitions(self) -> &'static [Transition] {
        match self {
            RequestStatus::WaitingForSupport => &[Transition::RespondToCustomer, Transition::Resolve],
            RequestStatus::WaitingForCustomer => &[Transition::RespondToSupport, Transition::Resolve],
            RequestStatus::Resolved => &[Transition::Reopen],
        }
    }

    /// Where a comment leaves a request in this status: a public reply by staff to a request
    /// waiting for support makes it wait for the customer; a comment by a customer on one
    /// waiting for them hands it back to support. Internal notes and comments on resolved
    /// requests change nothing.
    pub fn after_comment(self, by_staff: bool, public: bool) -> RequestStatus {
        match (self, by_staff, public) {
            (RequestStatus::WaitingForSupport, true, true) => RequestStatus::WaitingForCustomer,
            (RequestStatus::WaitingForCustomer, false, _) => RequestStatus::WaitingForSupport,
            (status, _, _) => status,
        }
    }
}

/// A move from one status to another, as JSM's transitions (`GET request/{key}/transition`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Transition {
    /// To Resolved.
    Resolve,
    /// From Resolved back to Waiting for support.
    Reopen,
    /// To Waiting for customer (staff).
    RespondToCustomer,
    /// To Waiting for support (staff).
    RespondToSupport,
}

impl Transition {
    /// Every transition.
    pub const ALL: [Transition; 4] = [
        Transition::Resolve,
        Transition::Reopen,
        Transition::RespondToCustomer,
        Transition::RespondToSupport,
    ];

    /// The id JSM clients send (`POST request/{key}/transition` `{"id": "…"}`).
    pub fn id(self) -> &'static str {
        match self {
            Transition::Resolve => "11",
            Transition::Reopen => "21",
            Transition::RespondToCustomer => "31",
            Transition::RespondToSupport => "41",
        }
    }

    /// The transition with this id.
    pub fn from_id(id: &str) -> Option<Transition> {
        Transition::ALL.into_iter().find(|t| t.id() == id.trim())
    }

    /// Its name, as a button says it.
    pub fn name(self) -> &'static str {
        match self {
            Transition::Resolve => "Resolve this request",
            Transition::Reopen => "Reopen",
            Transition::RespondToCustomer => "Waiting for customer",
            Transition::RespondToSupport => "Waiting for support",
        }
    }

    /// The status it leads to.
    pub fn target(self) -> RequestStatus {
        match self {
            Transition::Resolve => RequestStatus::Resolved,
            Transition::Reopen | Transition::RespondToSupport => RequestStatus::WaitingForSupport,
            Transition::RespondToCustomer => RequestStatus::WaitingForCustomer,
        }
    }

    /// Whether it exists from `status`.
    pub fn applies_from(self, status: RequestStatus) -> bool {
        status.transitions().contains(&self)
    }
}

/// The most bytes a description or a comment may have (UTF-8): 32 KiB.
pub const MAX_TEXT_BYTES: usize = 32 * 1024;

/// What is wrong with a description or comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    /// Nothing but white space (comments only; a description may be empty).
    Empty,
    /// More than [`MAX_TEXT_BYTES`].
    TooLong,
    /// A NUL or other control character that is not a line break or tab.
    ControlCharacter,
}

impl TextProblem {
    /// A sentence for the person who wrote the text; `what` starts it ("A comment").
    pub fn message(self, what: &str) -> String {
        match self {
            TextProblem::Empty => format!("{what} can't be empty."),
            TextProblem::TooLong => format!("{what} can have at most {} KiB of text.", MAX_TEXT_BYTES / 1024),
            TextProblem::ControlCharacter => {
                format!("{what} can't contain control characters other than line breaks and tabs.")
            }
        }
    }
}

/// Parses the plain text of a description (`required: false`) or a comment (`required: true`):
/// line breaks are normalized to `\n`, surrounding white space trimmed, and text over
/// [`MAX_TEXT_BYTES`] or holding control characters other than line breaks and tabs refused.
///
/// # Errors
/// The [`TextProblem`].
pub fn parse_text(text: &str, required: bool) -> Result<String, TextProblem> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim();
    if text.is_empty() && required {
        return Err(TextProblem::Empty);
    }
    if text.len() > MAX_TEXT_BYTES {
        return Err(TextProblem::TooLong);
    }
    if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(TextProblem::ControlCharacter);
    }
    Ok(text.to_owned())
}

/// A request's key, `ITH-12`: the project's key and its number in that project.
pub fn request_key(project_key: &str, number: i64) -> String {
    format!("{project_key}-{number}")
}

/// Splits a key into the project key and the number (`"ith-12"` → `("ith", 12)`); `None` when it
/// is not one.
pub fn split_request_key(key: &str) -> Option<(&str, i64)> {
    let (project, number) = key.rsplit_once('-')?;
    let number: i64 = number.parse().ok().filter(|n| *n > 0)?;
    (!project.is_empty()).then_some((project, number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_a_way_on_and_codes_round_trip() {
        for status in RequestStatus::ALL {
            assert_eq!(RequestStatus::from_code(status.code()), Some(status));
            assert!(!status.transitions().is_empty());
            for t in status.transitions() {
                assert_ne!(t.target(), status, "{t:?} from {status:?} goes nowhere");
            }
        }
    }

    #[test]
    fn transitions_exist_only_from_their_statuses() {
        assert!(Transition::Resolve.applies_from(RequestStatus::WaitingForSupport));
        assert!(!Transition::Resolve.applies_from(RequestStatus::Resolved));
        assert!(Transition::Reopen.applies_from(RequestStatus::Resolved));
        assert!(!Transition::Reopen.applies_from(RequestStatus::WaitingForCustomer));
        assert_eq!(Transition::from_id(" 21 "), Some(Transition::Reopen));
        assert_eq!(Transition::from_id("99"), None);
    }

    #[test]
    fn comments_move_the_request_like_jsm_automation() {
        use RequestStatus::*;
        assert_eq!(WaitingForSupport.after_comment(true, true), WaitingForCustomer);
        assert_eq!(WaitingForSupport.after_comment(true, false), WaitingForSupport);
        assert_eq!(WaitingForCustomer.after_comment(false, true), WaitingForSupport);
        assert_eq!(WaitingForCustomer.after_comment(true, true), WaitingForCustomer);
        assert_eq!(Resolved.after_comment(false, true), Resolved);
    }

    #[test]
    fn text_is_trimmed_limited_and_clean() {
        assert_eq!(parse_text(" a\r\nb ", true).unwrap(), "a\nb");
        assert_eq!(parse_text("   ", true), Err(TextProblem::Empty));
        assert_eq!(parse_text("   ", false).unwrap(), "");
        assert_eq!(
            parse_text(&"x".repeat(MAX_TEXT_BYTES), true).unwrap().len(),
            MAX_TEXT_BYTES
        );
        assert_eq!(
            parse_text(&"x".repeat(MAX_TEXT_BYTES + 1), true),
            Err(TextProblem::TooLong)
        );
        assert_eq!(parse_text("a\u{0}b", true), Err(TextProblem::ControlCharacter));
        assert_eq!(parse_text("a\tb", true).unwrap(), "a\tb");
    }

    #[test]
    fn keys_split_at_the_last_dash() {
        assert_eq!(split_request_key("ITH-12"), Some(("ITH", 12)));
        assert_eq!(split_request_key("MY-DESK-3"), Some(("MY-DESK", 3)));
        assert_eq!(split_request_key("ITH-0"), None);
        assert_eq!(split_request_key("ITH"), None);
        assert_eq!(split_request_key("-3"), None);
        assert_eq!(request_key("FAC", 7), "FAC-7");
    }
}
