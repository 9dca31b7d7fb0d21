//! The parts of the help center's forms: a labelled field with its problem, and what a refusal
//! means for the form (which field to fix, or a sentence for the whole form and who can help).

use leptos::prelude::*;

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

/// A labelled text field that keeps what was typed, with its problem under it.
#[component]
pub fn TextField(
    /// The input's id.
    #[prop(into)]
    id: String,
    /// The label.
    #[prop(into)]
    label: String,
    /// What is typed.
    value: RwSignal<String>,
    /// `text` or `email`.
    #[prop(default = "text")]
    kind: &'static str,
    /// The browser's autocomplete hint.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// What to fix, if anything.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The most characters the server accepts, when it has a limit (a name's `MAX`).
    #[prop(optional)]
    maxlength: Option<usize>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described_by = {
        let error_id = error_id.clone();
        move || error.get().map(|_| error_id.clone())
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type=kind autocomplete=autocomplete required bind:value=value maxlength=maxlength.map(|n| n.to_string())
                aria-invalid=move || error.get().is_some().to_string() aria-describedby=described_by/>
            {move || error.get().map(|e| view! { <p id=error_id.clone() class="field-error" role="alert">{e}</p> })}
        </div>
    }
}

/// A refusal about the whole form: what happened and who can help. `children` adds what the
/// person can do next (links).
#[component]
pub fn FormAlert(problem: FormProblem, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    view! {
        <div class=format!("form-problem problem-{}", problem.reason) role="alert">
            <p>{problem.message}</p>
            {problem.who_can_help.map(|who| view! { <p class="muted">{format!("Who can help: {who}.")}</p> })}
            {children.map(|c| c())}
        </div>
    }
}
