//! The lines that say how a change went: the notice after it worked (`role=status`), and the
//! error line with the server's reason when it did not (`role=alert`). Every page and dialog
//! shows them through [`Feedback`], so they read and announce alike everywhere.

use leptos::prelude::*;

use super::why_not::who_can_change_sentence;
use crate::api::ApiError;

/// The notice and the error line; each shows only while it has something to say.
#[component]
pub fn Feedback(
    /// What worked, e.g. "Removed Jane Doe from IT Help.".
    #[prop(optional, into)]
    notice: MaybeProp<String>,
    /// What failed and why.
    #[prop(optional, into)]
    error: MaybeProp<String>,
) -> impl IntoView {
    view! {
        {move || notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
    }
}

/// A refusal or failure from the server, in a sentence: what failed, why, and who can change it.
pub fn failed(what: &str, e: &ApiError) -> String {
    format!("{what}: {}{}", e.message, who_can_change_sentence(e))
}
