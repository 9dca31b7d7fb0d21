//! The parts of the signed-out forms, as the help center's other pages draw them: a labelled
//! field with its problem under it, the new-password field with its live hint, a refusal about
//! the whole form. What a refusal means ([`Problems`]) and what the hint says
//! ([`password_hint`]) are the same Rust the Leptos pages use.

use std::cell::RefCell;
use std::rc::Rc;

use clientele_domain::password::check_password_strength;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use super::api;
use super::dom::{Slot, E};
use crate::hint::{password_hint, ServerAnswer, CHECK_DELAY};
use crate::{FormProblem, Problems};

/// A labelled input and the place of its problem.
#[derive(Clone)]
pub struct Field {
    /// The `div.field` around it.
    pub wrapper: E,
    /// The input.
    pub input: HtmlInputElement,
    id: String,
    /// The hint's id (the password field's), always described by.
    hint_id: Option<String>,
    /// What comes after the problem (the "Show password" switch), if anything.
    after: Option<E>,
    /// Says the hint anew (the password field's).
    refresh: Option<Rc<dyn Fn()>>,
}

impl Field {
    /// What is typed.
    pub fn value(&self) -> String {
        self.input.value()
    }

    /// Shows `problem` under the field (or none), as `aria-invalid` and `aria-describedby` say.
    pub fn set_error(&self, problem: Option<&str>) {
        let error_id = format!("{}-error", self.id);
        if let Some(old) = self.wrapper.0.query_selector(".field-error").ok().flatten() {
            old.remove();
        }
        let invalid = if problem.is_some() { "true" } else { "false" };
        let _ = self.input.set_attribute("aria-invalid", invalid);
        let described = match (&self.hint_id, problem.is_some()) {
            (Some(hint), true) => Some(format!("{hint} {error_id}")),
            (Some(hint), false) => Some(hint.clone()),
            (None, true) => Some(error_id.clone()),
            (None, false) => None,
        };
        match described {
            Some(ids) => drop(self.input.set_attribute("aria-describedby", &ids)),
            None => drop(self.input.remove_attribute("aria-describedby")),
        }
        if let Some(problem) = problem {
            let p = E::with_class("p", "field-error")
                .attr("id", &error_id)
                .attr("role", "alert")
                .text(problem);
            match &self.after {
                Some(after) => drop(self.wrapper.0.insert_before(&p.0, Some(&after.0))),
                None => drop(self.wrapper.0.append_child(&p.0)),
            }
        }
    }
}

/// A labelled text field (`kind` `text` or `email`).
pub fn text_field(id: &str, label: &str, kind: &str, autocomplete: &str, maxlength: Option<usize>) -> Field {
    let input = E::new("input")
        .attr("id", id)
        .attr("type", kind)
        .attr("autocomplete", autocomplete)
        .attr("required", "")
        .attr("aria-invalid", "false");
    let input = match maxlength {
        Some(n) => input.attr("maxlength", &n.to_string()),
        None => input,
    };
    let wrapper = E::with_class("div", "field")
        .child(&E::new("label").attr("for", id).text(label))
        .child(&input);
    Field {
        wrapper,
        input: input.input(),
        id: id.into(),
        hint_id: None,
        after: None,
        refresh: None,
    }
}

/// What the password field knows: the latest server answer and the typing it is about.
#[derive(Default)]
struct Checks {
    /// Bumped on every change: a timer or an answer that finds it moved on was superseded.
    asked: u64,
    /// The password the latest answer is about, with the answer.
    answered: Option<(String, ServerAnswer)>,
}

/// A new-password field with its live hint (the shape rules at once; the server's list of
/// common passwords once typing pauses) and a "Show password" switch.
pub fn new_password_field(id: &str, label: &str) -> Field {
    let hint_id = format!("{id}-hint");
    let show_id = format!("{id}-show");
    let input = E::new("input")
        .attr("id", id)
        .attr("type", "password")
        .attr("autocomplete", "new-password")
        .attr("required", "")
        .attr("aria-describedby", &hint_id)
        .attr("aria-invalid", "false");
    let hint = E::new("p").attr("id", &hint_id).attr("aria-live", "polite");
    let show = E::new("input").attr("id", &show_id).attr("type", "checkbox");
    let show_label = E::with_class("label", "checkbox")
        .attr("for", &show_id)
        .child(&show)
        .text("Show password");
    let wrapper = E::with_class("div", "field password-field")
        .child(&E::new("label").attr("for", id).text(label))
        .child(&input)
        .child(&hint)
        .child(&show_label);
    let mut field = Field {
        wrapper,
        input: input.input(),
        id: id.into(),
        hint_id: Some(hint_id),
        after: Some(show_label),
        refresh: None,
    };
    {
        let (password, checkbox) = (field.input.clone(), show.input());
        let _ = show.on("change", move |_| {
            let show = &checkbox;
            let kind = if show.checked() { "text" } else { "password" };
            let _ = password.set_attribute("type", kind);
        });
    }
    let checks = Rc::new(RefCell::new(Checks::default()));
    let update = {
        let (input, hint, checks) = (field.input.clone(), hint.clone(), checks.clone());
        Rc::new(move || {
            let typed = input.value();
            let server = match &checks.borrow().answered {
                Some((about, answer)) if *about == typed => answer.clone(),
                _ => ServerAnswer::Pending,
            };
            let (tone, sentence) = password_hint(&typed, &server);
            hint.0.set_class_name(tone.class());
            hint.0.set_text_content(Some(&sentence));
        })
    };
    update();
    {
        let (input, update) = (field.input.clone(), update.clone());
        let _ = E(field.input.clone().into()).on("input", move |_| {
            let typed = input.value();
            let this = {
                let mut checks = checks.borrow_mut();
                checks.asked += 1;
                checks.asked
            };
            update();
            let known = checks
                .borrow()
                .answered
                .as_ref()
                .is_some_and(|(p, _)| *p == typed);
            if typed.is_empty() || check_password_strength(&typed).is_err() || known {
                return;
            }
            let (checks, update) = (checks.clone(), update.clone());
            let ask = Closure::once_into_js(move || {
                if checks.borrow().asked != this {
                    return;
                }
                wasm_bindgen_futures::spawn_local(async move {
                    let body = api::object(&[("password", Some(&typed))]);
                    let answer = match api::call("POST", "/rest/clientele/1/password/check", Some(&body))
                        .answer()
                        .await
                    {
                        Ok(json) => match api::text(&json, "message") {
                            Some(message) => {
                                ServerAnswer::Checked(clientele_domain::password::PasswordCheck {
                                    acceptable: api::flag(&json, "acceptable"),
                                    message,
                                    problem: None,
                                })
                            }
                            None => ServerAnswer::Unavailable,
                        },
                        Err(_) => ServerAnswer::Unavailable,
                    };
                    let mut known = checks.borrow_mut();
                    if known.asked == this {
                        known.answered = Some((typed, answer));
                        drop(known);
                        update();
                    }
                });
            });
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                    ask.unchecked_ref(),
                    CHECK_DELAY.as_millis() as i32,
                );
            }
        });
    }
    field.refresh = Some(update);
    field
}

/// Empties a password field (after a refusal); its hint goes back to the rule.
pub fn clear_password(field: &Field) {
    field.input.set_value("");
    if let Some(refresh) = &field.refresh {
        refresh();
    }
}

/// A refusal about the whole form: what happened, who can help, and `extra` (links).
pub fn form_alert(problem: &FormProblem, extra: Option<&E>) -> E {
    let mut class = String::from("form-problem problem-");
    class.push_str(problem.reason.as_str());
    let alert = E::with_class("div", &class)
        .attr("role", "alert")
        .child(&E::new("p").text(&problem.message));
    let alert = match problem.who_can_help {
        Some(who) => alert.child(&E::with_class("p", "muted").text(&format!("Who can help: {who}."))),
        None => alert,
    };
    alert.child_opt(extra)
}

/// Where a form shows `problems`: each field's under it, the form's in `slot`.
pub struct FormProblems {
    /// The email field, if the form has one.
    pub email: Option<Field>,
    /// The name field.
    pub name: Option<Field>,
    /// The password field.
    pub password: Option<Field>,
    /// Before the submit button.
    pub slot: Slot,
}

impl FormProblems {
    /// Shows `problems` (and clears what was shown); `extra` adds links to a form refusal.
    pub fn show(&mut self, problems: &Problems, extra: impl Fn(&FormProblem) -> Option<E>) {
        for (field, problem) in [
            (&self.email, &problems.email),
            (&self.name, &problems.name),
            (&self.password, &problems.password),
        ] {
            if let Some(field) = field {
                field.set_error(problem.as_deref());
            }
        }
        self.slot
            .show(problems.form.as_ref().map(|p| form_alert(p, extra(p).as_ref())));
    }

    /// Shows why a new password is refused before anything is sent (the shape rules the server
    /// applies too), on the password field alone.
    pub fn refuse_password(&mut self, problem: &str) {
        self.show(
            &Problems {
                password: Some(problem.into()),
                ..Problems::default()
            },
            |_| None,
        );
    }
}

/// A submit button that says when its form is under way.
#[derive(Clone)]
pub struct Submit {
    /// The button.
    pub button: E,
    idle: &'static str,
    busy: &'static str,
}

impl Submit {
    /// `<button type=submit class=button-primary>idle</button>`.
    pub fn new(idle: &'static str, busy: &'static str) -> Submit {
        let button = E::with_class("button", "button-primary")
            .attr("type", "submit")
            .text(idle);
        Submit { button, idle, busy }
    }

    /// Marks the form under way (or not).
    pub fn pending(&self, pending: bool) {
        let button: &web_sys::HtmlButtonElement = self.button.0.unchecked_ref();
        button.set_disabled(pending);
        button.set_text_content(Some(if pending { self.busy } else { self.idle }));
    }
}
