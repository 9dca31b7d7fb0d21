//! Examples of what people paste into "Add customers", and what each must become.
//!
//! - `forms`: the ways of writing an entry, and the separators;
//! - `validity`: each reason an address is refused, lengths, normalization;
//! - `lists`: duplicates, the entry limit, JSON arrays, serialization.

mod forms;
mod lists;
mod validity;

use clientele_domain::email::{parse_text, Email, EntryStatus, InvalidReason, ParseLimits, ParsedEntry};

pub(crate) fn parse(text: &str) -> Vec<ParsedEntry> {
    parse_text(text, &ParseLimits::default()).expect("within the limit")
}

/// `(input, address, display name, status)` of each entry, and checks `input == text[start..end]`
/// and that indexes count from 0.
pub(crate) fn rows(text: &str) -> Vec<(String, Option<String>, Option<String>, EntryStatus)> {
    let entries = parse(text);
    for (i, e) in entries.iter().enumerate() {
        assert_eq!(e.index, i);
        assert_eq!(&text[e.start..e.end], e.input, "range of {e:?}");
    }
    entries
        .into_iter()
        .map(|e| (e.input, e.email.map(Email::into_string), e.display_name, e.status))
        .collect()
}

pub(crate) fn addresses(text: &str) -> Vec<String> {
    parse(text)
        .into_iter()
        .map(|e| match e.email {
            Some(email) => email.into_string(),
            None => format!("<{:?}: {}>", e.status, e.input),
        })
        .collect()
}

pub(crate) fn reason(address: &str) -> Option<InvalidReason> {
    Email::parse(address).err()
}

pub(crate) fn invalid(reason: InvalidReason) -> EntryStatus {
    EntryStatus::Invalid { reason }
}

pub(crate) fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

pub(crate) const VALID: EntryStatus = EntryStatus::Valid;
