//! One module per page.

pub mod help;
pub mod login;
pub mod mail;
pub mod not_found;
pub mod project;
pub mod settings;
