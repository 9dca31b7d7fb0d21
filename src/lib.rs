//! Clientele's browser app: a Leptos single-page app that talks to the JSON API.
//!
//! Data flows one way: page → [`api`] client → HTTP → server, and back.

pub mod api;
pub mod app;
pub mod components;
pub mod navigation;
pub mod pages;
pub mod project_scope;
pub mod session;
pub mod signed_out;

/// Mounts the agent app on the page's body.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}

/// Mounts the settings panel on the page's body.
pub fn start_settings() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::SettingsApp);
}

/// Mounts the help-center app on the page's body.
pub fn start_help_center() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::HelpCenterApp);
}

/// Shows the help center's signed-out pages (sign in, sign up, forgot password, one-time
/// links) in the page's body: the small build a customer's first visit loads, plain DOM
/// without Leptos ([`signed_out`]).
pub fn start_help_sign_in() {
    signed_out::start();
}
