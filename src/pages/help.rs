//! `/help/…`: the help center, as customers see it.

use leptos::prelude::*;

use crate::session::Session;

/// The help center's home for the signed-in person.
#[component]
pub fn HelpCenterPage() -> impl IntoView {
    let session = Session::use_session();
    move || {
        let me = session.me()?;
        Some(view! {
            <h1>"Help center"</h1>
            <p>{format!("Welcome, {}.", me.display_name)}</p>
        })
    }
}
