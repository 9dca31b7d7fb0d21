//! What a refusal means for a help-center form: which field to fix, or a sentence for the whole
//! form and who can help. Plain Rust: the signed-out pages (`crate::signed_out`) draw it.

use clientele_domain::reason::Reason;

use crate::api::ApiError;
use crate::components::why_not::who_can_help;

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
