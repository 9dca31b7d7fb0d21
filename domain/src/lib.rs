//! Clientele's domain: the rules that are the product, shared by the browser app and the server.
//!
//! Pure Rust with no I/O; builds for `wasm32-unknown-unknown` and native targets.
//! - [`account`]: where an account stands ([`account::AccountStatus`]).
//! - [`email`]: parsing what people paste into "Add customers".
//! - [`names`]: the names people type (display, organization, help center, token label).
//! - `openapi` (feature `openapi`): the OpenAPI schemas the derives cannot write.
//! - [`policy`]: who may do what, with a reason and who can change it when refused.
//! - [`request`]: requests' statuses, transitions and text.
//! - [`reason`]: every stable code a refusal or failure carries, as one enum.
//! - [`url`]: the one percent-encoder for query values and path segments.
//! - [`wire`]: the JSON types of the HTTP API, shared so they cannot drift.

pub mod account;
pub mod email;
mod idn;
pub mod names;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod password;
pub mod policy;
pub mod reason;
pub mod request;
pub mod url;
pub mod wire;
