//! Mail: what each message says ([`compose`]) and how queued messages leave ([`sender`]).

pub mod compose;
pub mod sender;
