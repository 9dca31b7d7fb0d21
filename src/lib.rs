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

/// Mounts a service project's request pages and settings (Queue, a request, Request types,
/// Access) on the page's body.
pub fn start_requests() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::RequestsApp);
}

/// Mounts the help-center app on the page's body.
pub fn start_help_center() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::HelpCenterApp);
}

/// The help center's signed-out pages (sign in, sign up, forgot password, one-time links),
/// plain DOM without Leptos: the crate `clientele-sign-in` (`signin/`), its own Trunk build
/// (`help-sign-in.html`), and the plain Rust this app shares with it.
pub use clientele_sign_in as signed_out;
