//! Integration tests: the real server on a random port with a temporary SQLite file.

mod bad_input;
mod helpers;
mod servicedesk;
mod session;
mod static_app;
