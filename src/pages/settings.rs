//! `/settings/…`: the product settings panel, for site admins.

use leptos::prelude::*;

use crate::session::Session;

/// The settings panel, or a refusal that says why and who can help.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let session = Session::use_session();
    move || {
        let me = session.me()?;
        Some(if me.site_admin {
            view! {
                <h1>"Settings"</h1>
                <p class="muted">"Organizations, customer accounts and global switches for this site."</p>
            }
            .into_any()
        } else {
            view! {
                <h1>"You can't open Settings"</h1>
                <p>"Only site admins can use the product settings panel. Ask a site admin if you need something changed."</p>
            }
            .into_any()
        })
    }
}
