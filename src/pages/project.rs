//! `/projects/{KEY}/…`: a service project's pages, for people who work on it.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::session::Session;

/// A service project: its name and, for now, where its Customers page will be.
#[component]
pub fn ProjectPage() -> impl IntoView {
    let session = Session::use_session();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default().to_uppercase();
    move || {
        let me = session.me()?;
        let key = key();
        Some(match me.projects.iter().find(|p| p.key == key).cloned() {
            Some(project) => view! {
                <h1>{project.name.clone()}</h1>
                <p class="muted">{format!("Service project {} · Customers", project.key)}</p>
            }
            .into_any(),
            None => view! {
                <h1>"You can't open this project"</h1>
                <p>{format!(
                    "You don't work on a service project with the key {key}. A project admin of that project can add you as an agent."
                )}</p>
            }
            .into_any(),
        })
    }
}
