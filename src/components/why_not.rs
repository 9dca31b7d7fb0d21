//! "Why can't I …?": a quiet disclosure that says why a control is missing and who can change it.
//!
//! Also the one place a [`WhoCanChange`] becomes words: [`who_can_change`] for staff,
//! [`who_can_help`] for customers in the help center (who know no roles, only "the service desk
//! team").

use clientele_domain::policy::{Denial, WhoCanChange};
pub use clientele_sign_in::who_can_help;
use leptos::prelude::*;

use crate::api::ApiError;

/// Who to ask, in words, e.g. "a site admin".
pub fn who_can_change(who: WhoCanChange) -> &'static str {
    match who {
        WhoCanChange::SiteAdmin => "a site admin",
        WhoCanChange::ProjectAdmin => "a project admin of this service project, or a site admin",
        WhoCanChange::Agent => "an agent of this service project",
        WhoCanChange::Yourself => "you",
    }
}

/// " Who can change this: a site admin." for a refusal someone else can lift; empty otherwise.
pub fn who_can_change_sentence(e: &ApiError) -> String {
    match e.who_can_change {
        Some(WhoCanChange::Yourself) | None => String::new(),
        Some(who) => format!(" Who can change this: {}.", who_can_change(who)),
    }
}

/// A closed disclosure: the question, and when opened, the policy's reason and whom to ask.
#[component]
pub fn WhyNot(
    /// The question, e.g. "Why can't I remove customers?".
    #[prop(into)]
    question: String,
    /// The policy's refusal.
    denial: Denial,
) -> impl IntoView {
    view! {
        <details class="why-not">
            <summary>{question}</summary>
            <p>{denial.message}</p>
            <p class="muted">"Who can change this: " {who_can_change(denial.who_can_change)} "."</p>
        </details>
    }
}

/// The same, when there may be nothing to explain.
#[component]
pub fn MaybeWhyNot(#[prop(into)] question: String, denial: Option<Denial>) -> impl IntoView {
    denial.map(|denial| view! { <WhyNot question=question denial=denial/> })
}
