//! Duplicates, the entry limit, JSON arrays, and serialization.

use clientele_domain::email::{
    parse_items, parse_text, Email, EntryStatus, InvalidReason, ParseLimits, ParseSummary, ParsedEntry,
    TooManyEntries, DEFAULT_MAX_ENTRIES,
};

use crate::{invalid, parse, VALID};

// ---- duplicates ------------------------------------------------------------------------------

#[test]
fn duplicates_ignore_case_and_point_to_the_earlier_entry() {
    let entries = parse("x, jane@example.com, Jane <JANE@EXAMPLE.COM>, bob@x.org, jane@Example.com");
    let statuses: Vec<_> = entries.iter().map(|e| e.status).collect();
    assert_eq!(
        statuses,
        [
            invalid(InvalidReason::NoAt),
            VALID,
            EntryStatus::Duplicate { of: 1 },
            VALID,
            EntryStatus::Duplicate { of: 1 },
        ]
    );
    assert_eq!(
        entries[2].email.as_ref().map(Email::as_str),
        Some("JANE@example.com")
    );
    assert_eq!(
        entries[2].status.message().as_deref(),
        Some("Duplicate of entry 2.")
    );
    assert_eq!(
        ParseSummary::of(&entries),
        ParseSummary {
            total: 5,
            valid: 2,
            invalid: 1,
            duplicates: 2
        }
    );
}

#[test]
fn idn_and_punycode_spellings_are_duplicates() {
    let entries = parse("user@bücher.example user@XN--BCHER-KVA.example");
    assert_eq!(entries[1].status, EntryStatus::Duplicate { of: 0 });
}

// ---- limits --------------------------------------------------------------------------------

#[test]
fn too_many_entries_is_an_error_not_a_truncation() {
    let limits = ParseLimits { max_entries: 3 };
    assert!(parse_text("a@x.org b@x.org c@x.org", &limits).is_ok());
    assert_eq!(
        parse_text("a@x.org b@x.org c@x.org ,,, d@x.org e", &limits),
        Err(TooManyEntries { max: 3, found: 5 })
    );
    assert_eq!(
        parse_items(&["a@x.org", "", "", "b@x.org"], &limits),
        Err(TooManyEntries { max: 3, found: 4 })
    );
}

#[test]
fn default_limit_is_ten_thousand() {
    assert_eq!(DEFAULT_MAX_ENTRIES, 10_000);
    assert_eq!(ParseLimits::default().max_entries, 10_000);
    let text: String = (0..10_000).map(|i| format!("u{i}@x.org\n")).collect();
    assert_eq!(parse(&text).len(), 10_000);
    let text = format!("{text}one@more.org");
    assert_eq!(
        parse_text(&text, &ParseLimits::default()),
        Err(TooManyEntries {
            max: 10_000,
            found: 10_001
        })
    );
}

// ---- JSON arrays -----------------------------------------------------------------------------

#[test]
fn array_elements_are_not_split_again() {
    let entries = parse_items(&["a@x.org, b@y.org"], &ParseLimits::default()).unwrap();
    assert_eq!(entries.len(), 1);
    assert!(matches!(entries[0].status, EntryStatus::Invalid { .. }));
    assert_eq!(entries[0].input, "a@x.org, b@y.org");
    let entries = parse_items(&["a@x.org b@y.org"], &ParseLimits::default()).unwrap();
    assert_eq!(entries.len(), 1);
    assert!(matches!(entries[0].status, EntryStatus::Invalid { .. }));
}

#[test]
fn array_elements_accept_every_form() {
    let items: Vec<String> = [
        "jane@example.com",
        " \"Doe, Jane\" <JANE@example.com> ",
        "mailto:bob@x.org",
        "",
        "Carl <carl@x.org",
        "\"dee@x.org\"",
    ]
    .map(String::from)
    .to_vec();
    let entries = parse_items(&items, &ParseLimits::default()).unwrap();
    let got: Vec<_> = entries
        .iter()
        .map(|e| (e.index, e.start, e.end, e.display_name.as_deref(), e.status))
        .collect();
    assert_eq!(
        got,
        [
            (0, 0, 16, None, VALID),
            (1, 1, 31, Some("Doe, Jane"), EntryStatus::Duplicate { of: 0 }),
            (2, 0, 16, None, VALID),
            (3, 0, 0, None, invalid(InvalidReason::Empty)),
            (4, 0, 16, Some("Carl"), VALID),
            (5, 0, 11, None, VALID),
        ]
    );
    assert_eq!(entries[1].input, "\"Doe, Jane\" <JANE@example.com>");
}

// ---- serde -----------------------------------------------------------------------------------

#[test]
fn entries_serialize_in_camel_case() {
    let entries = parse("\"Doe, Jane\" <jane@Example.com>, jane@example.com, nope");
    let json = serde_json::to_value(&entries).unwrap();
    assert_eq!(
        json,
        serde_json::json!([
            {"index": 0, "input": "\"Doe, Jane\" <jane@Example.com>", "start": 0, "end": 30,
             "email": "jane@example.com", "displayName": "Doe, Jane", "status": {"kind": "valid"}},
            {"index": 1, "input": "jane@example.com", "start": 32, "end": 48,
             "email": "jane@example.com", "displayName": null,
             "status": {"kind": "duplicate", "of": 0}},
            {"index": 2, "input": "nope", "start": 50, "end": 54, "email": null,
             "displayName": null, "status": {"kind": "invalid", "reason": "noAt"}},
        ])
    );
    let back: Vec<ParsedEntry> = serde_json::from_value(json).unwrap();
    assert_eq!(back, entries);
}

#[test]
fn email_serde_parses_and_normalizes() {
    let email: Email = serde_json::from_str("\"Jane@Bücher.Example\"").unwrap();
    assert_eq!(email.as_str(), "Jane@xn--bcher-kva.example");
    assert_eq!(
        serde_json::to_string(&email).unwrap(),
        "\"Jane@xn--bcher-kva.example\""
    );
    assert!(serde_json::from_str::<Email>("\"jane@localhost\"").is_err());
    assert_eq!(
        serde_json::to_string(&InvalidReason::NoDotInDomain).unwrap(),
        "\"noDotInDomain\""
    );
    assert_eq!(
        serde_json::to_string(&TooManyEntries { max: 1, found: 2 }).unwrap(),
        r#"{"max":1,"found":2}"#
    );
    assert_eq!(
        serde_json::from_str::<ParseLimits>(r#"{"maxEntries":5}"#).unwrap(),
        ParseLimits { max_entries: 5 }
    );
    assert_eq!(
        serde_json::from_str::<ParseLimits>("{}").unwrap(),
        ParseLimits::default()
    );
}
