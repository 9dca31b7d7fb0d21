//! Names people type, each parsed once where it enters: a person's [`DisplayName`], an
//! [`OrganizationName`], a [`HelpCenterName`], an API [`TokenLabel`], a [`RequestSummary`] and a
//! [`RequestTypeName`].
//!
//! These names end up in places the person who typed them does not control: the greeting of a
//! message sent to someone else, a list other people read, a log line. So every one of them is
//! parsed the same way:
//! - surrounding white space is trimmed (Unicode white space, which includes line breaks);
//! - nothing left is refused ([`NameProblem::Empty`]);
//! - more than the type's `MAX` characters (Unicode scalar values) is refused
//!   ([`NameProblem::TooLong`]);
//! - any [refused character](is_refused_in_name) left inside is refused
//!   ([`NameProblem::ControlCharacter`]): a line break could start a new line of a message,
//!   and a bidirectional override could make a name read as something else.
//!
//! A value of one of these types can only be built by parsing, so a function that holds one
//! knows it is valid. The browser and the server call the same `parse` and read the same `MAX`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What is wrong with a typed name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameProblem {
    /// Nothing is left once surrounding white space is trimmed.
    Empty,
    /// More characters than the kind of name allows.
    TooLong,
    /// A line break, tab or other control character, or a bidirectional control, inside the
    /// name (see [`is_refused_in_name`]).
    ControlCharacter,
}

/// A typed name was refused: what is wrong, and which kind of name it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NameError {
    problem: NameProblem,
    /// The kind of name, as the start of a sentence: "A name", "An organization name", ….
    what: &'static str,
    max: usize,
}

impl NameError {
    /// What is wrong.
    pub fn problem(&self) -> NameProblem {
        self.problem
    }

    /// A sentence for the person who typed the name, e.g. "A name can't contain line breaks or
    /// other control characters."
    pub fn message(&self) -> String {
        let what = self.what;
        match self.problem {
            NameProblem::Empty => format!("{what} can't be empty."),
            NameProblem::TooLong => format!("{what} can have at most {} characters.", self.max),
            NameProblem::ControlCharacter => {
                format!("{what} can't contain line breaks or other control characters.")
            }
        }
    }
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for NameError {}

/// Whether `c` may not appear inside a name: a control character (C0, DEL and C1, so also
/// line feed, carriage return, tab and U+0085 NEXT LINE), U+2028 LINE SEPARATOR, U+2029
/// PARAGRAPH SEPARATOR, and the bidirectional embeddings, overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069).
pub fn is_refused_in_name(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The one rule of this module: trim, then refuse empty, too long, and refused characters.
fn parse_name(text: &str, what: &'static str, max: usize) -> Result<String, NameError> {
    let error = |problem| NameError { problem, what, max };
    let name = text.trim();
    if name.is_empty() {
        return Err(error(NameProblem::Empty));
    }
    if name.chars().count() > max {
        return Err(error(NameProblem::TooLong));
    }
    if name.chars().any(is_refused_in_name) {
        return Err(error(NameProblem::ControlCharacter));
    }
    Ok(name.to_owned())
}

macro_rules! name_type {
    ($(#[$doc:meta])* $name:ident, what: $what:literal, max: $max:literal) => {
        $(#[$doc])*
        ///
        /// Serializes as a plain string; deserializing parses the string and fails on an
        /// invalid name.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            #[doc = concat!("The most characters (Unicode scalar values) allowed: ", $max, ".")]
            pub const MAX: usize = $max;

            /// Parses typed text: trims it, then refuses it when empty, longer than
            /// [`Self::MAX`] characters, or holding a character [`is_refused_in_name`] refuses.
            ///
            /// # Errors
            /// A [`NameError`] saying which of those it was.
            pub fn parse(text: &str) -> Result<Self, NameError> {
                parse_name(text, $what, Self::MAX).map($name)
            }

            /// The name, trimmed.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Gives back the name as a `String`.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = NameError;

            fn try_from(text: String) -> Result<Self, Self::Error> {
                $name::parse(&text)
            }
        }

        impl From<$name> for String {
            fn from(name: $name) -> String {
                name.0
            }
        }
    };
}

name_type!(
    /// A person's display name: how messages greet them and how lists show them.
    DisplayName, what: "A name", max: 255
);

name_type!(
    /// An organization's name. Unique on the site ignoring case (the store checks that).
    OrganizationName, what: "An organization name", max: 200
);

name_type!(
    /// A help center's name, shown to customers at the top of its pages and in messages.
    HelpCenterName, what: "A help center name", max: 100
);

name_type!(
    /// The label a person gives one of their API tokens, to tell them apart.
    TokenLabel, what: "A token label", max: 100
);

name_type!(
    /// A request's summary: one line saying what the request is about.
    RequestSummary, what: "A summary", max: 255
);

name_type!(
    /// A request type's name, as customers choose it in the help center.
    RequestTypeName, what: "A request type name", max: 100
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_trimmed() {
        assert_eq!(DisplayName::parse("  Jane Doe \n").unwrap().as_str(), "Jane Doe");
    }

    #[test]
    fn a_line_break_inside_is_refused_with_a_sentence() {
        let error = DisplayName::parse("Eve\r\nBcc: x@evil.test").unwrap_err();
        assert_eq!(error.problem(), NameProblem::ControlCharacter);
        assert_eq!(
            error.message(),
            "A name can't contain line breaks or other control characters."
        );
    }
}
