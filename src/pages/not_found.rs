//! Any path the app does not know.

use leptos::prelude::*;

/// Says the page does not exist and offers a way home.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="page">
            <h1>"This page doesn't exist"</h1>
            <p>"Check the address, or go back to " <a href="/">"your start page"</a> "."</p>
        </main>
    }
}
