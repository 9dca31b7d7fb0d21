//! What went wrong, in words a person can act on: the API client's error ([`ApiError`], the
//! Leptos app's too), what a refusal means for a help-center form ([`Problems`]), and who can
//! help a customer ([`who_can_help`]).

use clientele_domain::policy::WhoCanChange;
use clientele_domain::reason::Reason;

/// Why a call failed, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status, or 0 when the server could not be reached.
    pub status: u16,
    /// The server's stable reason code ([`Reason::Network`] when it could not be reached).
    pub reason: Reason,
    /// A sentence for people.
    pub message: String,
    /// For refusals: who can change the decision.
    pub who_can_change: Option<WhoCanChange>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// A successful answer whose body is not what was expected, or a refusal without the
    /// server's error body.
    pub fn unreadable(status: u16) -> ApiError {
        ApiError {
            status,
            reason: Reason::UnreadableResponse,
            message: format!("The server answered with status {status} and a body this app cannot read."),
            who_can_change: None,
        }
    }
}

/// Who can help, in a customer's words; `None` when it is the customer themselves.
pub fn who_can_help(who: WhoCanChange) -> Option<&'static str> {
    match who {
        WhoCanChange::SiteAdmin => Some("an administrator of this site"),
        WhoCanChange::ProjectAdmin | WhoCanChange::Agent => Some("the service desk team"),
        WhoCanChange::Yourself => None,
    }
}

/// A refusal that is about the whole form, not one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormProblem {
    /// The server's reason code, e.g. [`Reason::SignupClosed`].
    pub reason: Reason,
    /// What happened and what to do.
    pub message: String,
    /// Who can help, in words, when someone else can.
    pub who_can_help: Option<&'static str>,
}

/// What to fix after a refusal: a field, or the form as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems {
    /// The email address.
    pub email: Option<String>,
    /// The display name.
    pub name: Option<String>,
    /// The password.
    pub password: Option<String>,
    /// Anything else.
    pub form: Option<FormProblem>,
}

impl Problems {
    /// Sorts a refusal to the field it is about.
    pub fn from_error(error: &ApiError) -> Problems {
        let message = Some(error.message.clone());
        match error.reason {
            Reason::InvalidEmail => Problems {
                email: message,
                ..Problems::default()
            },
            Reason::InvalidName => Problems {
                name: message,
                ..Problems::default()
            },
            Reason::WeakPassword => Problems {
                password: message,
                ..Problems::default()
            },
            _ => Problems {
                form: Some(FormProblem {
                    reason: error.reason,
                    message: error.message.clone(),
                    who_can_help: error.who_can_change.and_then(who_can_help),
                }),
                ..Problems::default()
            },
        }
    }
}
