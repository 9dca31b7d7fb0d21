//! Parsing what people paste into "Add customers": lists of email addresses copied from mail
//! clients, spreadsheets and chat.
//!
//! Two entry points:
//! - [`parse_text`] splits pasted text into entries and parses each one;
//! - [`parse_items`] parses each string of a JSON array as exactly one entry (never split again).
//!
//! Both return one [`ParsedEntry`] per entry, in input order, each either valid, invalid with a
//! reason a person understands, or a duplicate of an earlier entry; or [`TooManyEntries`] when the
//! list is longer than [`ParseLimits::max_entries`] (nothing is ever silently dropped).
//!
//! # How pasted text is split
//! - **Separators** are commas, semicolons and line breaks (`\n`, `\r`, U+0085, U+2028, U+2029),
//!   which always end an entry, and whitespace (spaces, tabs, any Unicode white space such as a
//!   non-breaking space), which separates addresses.
//! - Nothing between two separators (`a@x.org,,b@y.org`, a trailing comma, blank lines) is
//!   skipped, not reported.
//! - **Quoted strings** (`"Doe, Jane"`) hide separators; a backslash escapes the next character.
//!   A quote that is not closed on the same line is an ordinary character.
//! - **Angle addresses**: `<...>` holds an address, and the words and quoted strings just before
//!   it (on the same entry, with no address of their own) are its display name:
//!   `Jane Doe <jane@example.com>` is one entry. A `<` that is never closed runs to the next
//!   comma, semicolon, line break, `<`, or the first white space after its address.
//! - A word with an `@` outside quotes is an address on its own: `a@x.org b@y.org` is two entries.
//! - Words with no `@` that are not followed by an angle address stay together as one entry
//!   (so `Jane Doe, bob@x.org` reports `Jane Doe` once, as having no `@`), except that a quoted
//!   string containing an `@` is an entry on its own, so a CSV field `"jane@example.com"` is
//!   read as the address it holds.
//! - `mailto:` (any case) is removed in front of an address, also inside angle brackets, along
//!   with a `?subject=...` query after it.
//! - An entry with nothing left once quotes, brackets and `mailto:` are removed (`<>`, `"" <>`,
//!   `""`, `mailto:`) is reported as [`InvalidReason::Empty`].
//!
//! # Spreadsheet rows
//! A line with a tab is a row copied from a spreadsheet when it holds exactly one address cell
//! (an `@`, no white space) and another cell without an `@`: one entry, its input the whole
//! row, its address the address cell and its display name the first other non-empty cell, in
//! either order (`Jane Doe<TAB>jane@example.com`, `jane@example.com<TAB>Jane Doe<TAB>Acme`). A
//! tab-separated line with an email heading and no `@` (`Name<TAB>Email`) is a header row: it is
//! skipped, and the rows after it take their address from its email column and their name
//! from its `Name` column (or `First name` and `Last name`); a row whose email cell is empty is
//! reported as [`InvalidReason::Empty`]. A first line that is only an email heading is skipped.
//! Other lines are split as above. See [`heading`] for the headings recognised.
//!
//! # Duplicates
//! Two entries are duplicates when their normalized addresses are equal ignoring case. The later
//! one is [`EntryStatus::Duplicate`] of the earlier valid one; only the first counts as valid.

mod address;
mod lex;
mod list;
mod rows;
mod scan;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use address::{Email, MAX_ADDRESS_LEN, MAX_LABEL_LEN, MAX_LOCAL_PART_LEN};
pub use list::{parse_items, parse_text};
pub use rows::{heading, Heading};

/// The default for [`ParseLimits::max_entries`].
pub const DEFAULT_MAX_ENTRIES: usize = 10_000;

/// Why an address is not valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum InvalidReason {
    /// There is no address at all (for example `<>`, `""` or a bare `mailto:`).
    Empty,
    /// There is no `@`.
    NoAt,
    /// The part before the `@` is empty or has a character that is not allowed.
    InvalidLocalPart,
    /// The part after the `@` is not a domain name.
    InvalidDomain,
    /// The domain has no dot (as in `jane@localhost`).
    NoDotInDomain,
    /// More than 64 octets before the `@`, more than 63 in a domain label, or more than 254 in all.
    TooLong,
}

impl InvalidReason {
    /// A sentence explaining the problem to the person who typed the address.
    pub fn message(&self) -> &'static str {
        match self {
            InvalidReason::Empty => "There is no address here.",
            InvalidReason::NoAt => "An email address needs an @, as in jane@example.com.",
            InvalidReason::InvalidLocalPart => {
                "The part before the @ is missing or has characters that are not allowed."
            }
            InvalidReason::InvalidDomain => {
                "The part after the @ is not a valid domain name, as in example.com."
            }
            InvalidReason::NoDotInDomain => "The domain needs a dot, as in example.com.",
            InvalidReason::TooLong => {
                "The address is too long: at most 64 characters before the @, \
                 63 between two dots of the domain, and 254 in all."
            }
        }
    }
}

impl fmt::Display for InvalidReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for InvalidReason {}

/// What became of one entry. Serialized with a `kind` tag, e.g. `{"kind":"valid"}`,
/// `{"kind":"invalid","reason":"noAt"}`, `{"kind":"duplicate","of":0}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum EntryStatus {
    /// A valid address seen for the first time: this one would be added.
    Valid,
    /// Not a valid address.
    Invalid {
        /// Why not.
        reason: InvalidReason,
    },
    /// The same address (ignoring case) as an earlier valid entry.
    Duplicate {
        /// The 0-based [`ParsedEntry::index`] of the earlier entry.
        of: usize,
    },
}

impl EntryStatus {
    /// A sentence for the person, or `None` when the entry is valid. Entries are numbered from 1
    /// here, as a person counts: `Duplicate { of: 1 }` says "Duplicate of entry 2."
    pub fn message(&self) -> Option<String> {
        match self {
            EntryStatus::Valid => None,
            EntryStatus::Invalid { reason } => Some(reason.message().to_string()),
            EntryStatus::Duplicate { of } => Some(format!("Duplicate of entry {}.", of + 1)),
        }
    }
}

/// One entry of a parsed list, in input order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParsedEntry {
    /// 0-based position among the entries (for [`parse_items`], the position in the array).
    pub index: usize,
    /// The entry's text as found in the input, without surrounding white space.
    pub input: String,
    /// Byte offset where [`input`](Self::input) starts (in the pasted text for [`parse_text`],
    /// in the item for [`parse_items`]).
    pub start: usize,
    /// Byte offset just past the end of [`input`](Self::input); `source[start..end] == input`.
    pub end: usize,
    /// The normalized address, when it is valid (also set for duplicates).
    pub email: Option<Email>,
    /// The display name, unquoted and trimmed (`Jane Doe` in `"Jane Doe" <jane@example.com>`).
    pub display_name: Option<String>,
    /// Valid, invalid (and why) or a duplicate.
    pub status: EntryStatus,
}

impl ParsedEntry {
    /// Whether this entry is a new valid address (not a duplicate).
    pub fn is_valid(&self) -> bool {
        self.status == EntryStatus::Valid
    }
}

/// Limits applied to one request. Deserializing fills in missing fields from the default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ParseLimits {
    /// The most entries a list may have; a longer list is refused with [`TooManyEntries`].
    pub max_entries: usize,
}

impl Default for ParseLimits {
    fn default() -> Self {
        ParseLimits {
            max_entries: DEFAULT_MAX_ENTRIES,
        }
    }
}

/// The list has more entries than allowed; nothing was parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TooManyEntries {
    /// The most entries allowed.
    pub max: usize,
    /// How many entries the list has.
    pub found: usize,
}

impl TooManyEntries {
    /// A sentence for the person, e.g. "The list has 10,001 entries; at most 10,000 can be
    /// added at once."
    pub fn message(&self) -> String {
        format!(
            "The list has {} entries; at most {} can be added at once.",
            group_thousands(self.found),
            group_thousands(self.max)
        )
    }
}

impl fmt::Display for TooManyEntries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for TooManyEntries {}

/// Counts of a parsed list's entries by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParseSummary {
    /// All entries.
    pub total: usize,
    /// New valid addresses.
    pub valid: usize,
    /// Invalid entries.
    pub invalid: usize,
    /// Duplicates of earlier entries.
    pub duplicates: usize,
}

impl ParseSummary {
    /// Counts `entries` by status.
    pub fn of(entries: &[ParsedEntry]) -> ParseSummary {
        let mut summary = ParseSummary {
            total: entries.len(),
            ..ParseSummary::default()
        };
        for entry in entries {
            match entry.status {
                EntryStatus::Valid => summary.valid += 1,
                EntryStatus::Invalid { .. } => summary.invalid += 1,
                EntryStatus::Duplicate { .. } => summary.duplicates += 1,
            }
        }
        summary
    }
}

/// `10000` → `10,000`.
fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(10_001), "10,001");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn too_many_message() {
        let e = TooManyEntries {
            max: 10_000,
            found: 10_001,
        };
        assert_eq!(
            e.message(),
            "The list has 10,001 entries; at most 10,000 can be added at once."
        );
    }

    #[test]
    fn duplicate_message_counts_from_one() {
        assert_eq!(
            EntryStatus::Duplicate { of: 1 }.message().as_deref(),
            Some("Duplicate of entry 2.")
        );
        assert_eq!(EntryStatus::Valid.message(), None);
    }
}
