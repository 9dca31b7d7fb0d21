//! The ways of writing an entry, and the separators between entries.

use clientele_domain::email::InvalidReason;

use crate::{addresses, invalid, parse, rows, s, VALID};

// ---- forms ------------------------------------------------------------------------------

#[test]
fn bare_address() {
    assert_eq!(
        rows("jane@example.com"),
        [("jane@example.com".into(), s("jane@example.com"), None, VALID)]
    );
}

#[test]
fn display_name_and_angle_address_are_one_entry() {
    assert_eq!(
        rows("Jane Doe <jane@example.com>"),
        [(
            "Jane Doe <jane@example.com>".into(),
            s("jane@example.com"),
            s("Jane Doe"),
            VALID
        )]
    );
}

#[test]
fn quoted_display_name_keeps_its_comma() {
    assert_eq!(
        rows("\"Doe, Jane\" <jane@example.com>; bob@x.org"),
        [
            (
                "\"Doe, Jane\" <jane@example.com>".into(),
                s("jane@example.com"),
                s("Doe, Jane"),
                VALID
            ),
            ("bob@x.org".into(), s("bob@x.org"), None, VALID),
        ]
    );
}

#[test]
fn quoted_display_name_escapes_and_trimming() {
    let entries = parse(r#""  O\"Brien, \\Pat  " <pat@example.com>"#);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].display_name.as_deref(), Some("O\"Brien, \\Pat"));
    assert_eq!(entries[0].status, VALID);
}

#[test]
fn quoted_and_plain_words_make_one_name() {
    let entries = parse("Dr.  \"Doe, Jane\"\tMD <jane@example.com>");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].display_name.as_deref(), Some("Dr. Doe, Jane MD"));
}

#[test]
fn name_without_space_before_angle() {
    let entries = parse("Jane<jane@example.com>,\"Doe, J\"<j@example.com>");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].display_name.as_deref(), Some("Jane"));
    assert_eq!(entries[1].display_name.as_deref(), Some("Doe, J"));
}

#[test]
fn angle_address_alone() {
    assert_eq!(
        rows("<jane@example.com>"),
        [("<jane@example.com>".into(), s("jane@example.com"), None, VALID)]
    );
    assert_eq!(addresses("< jane@example.com >"), ["jane@example.com"]);
}

#[test]
fn mailto_in_any_case_and_inside_brackets() {
    assert_eq!(
        addresses("mailto:a@x.org MAILTO:b@x.org, <mailto:c@x.org>; Carl <MailTo:d@x.org>"),
        ["a@x.org", "b@x.org", "c@x.org", "d@x.org"]
    );
    assert_eq!(addresses("mailto:a@x.org?subject=Hello"), ["a@x.org"]);
}

#[test]
fn csv_quoted_addresses_are_read() {
    assert_eq!(
        addresses("\"a@x.org\",\"b@y.org\"\n\"c@z.org\""),
        ["a@x.org", "b@y.org", "c@z.org"]
    );
}

#[test]
fn outlook_style_name_that_is_the_address() {
    let entries = parse("'jane@example.com' <jane@example.com>; \"bob@x.org\" <bob@x.org>");
    // An unquoted word with an @ is an address of its own; a quoted one is a name.
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0].status, invalid(InvalidReason::InvalidDomain));
    assert_eq!(entries[1].input, "<jane@example.com>");
    assert_eq!(entries[2].display_name.as_deref(), Some("bob@x.org"));
    assert_eq!(entries[2].status, VALID);
}

#[test]
fn unclosed_angle_bracket_is_forgiven() {
    assert_eq!(
        rows("Jane <jane@example.com bob@x.org"),
        [
            (
                "Jane <jane@example.com".into(),
                s("jane@example.com"),
                s("Jane"),
                VALID
            ),
            ("bob@x.org".into(), s("bob@x.org"), None, VALID),
        ]
    );
    assert_eq!(addresses("<a@x.org, <b@x.org>"), ["a@x.org", "b@x.org"]);
}

#[test]
fn unclosed_quote_is_an_ordinary_character() {
    assert_eq!(
        rows("\"Jane, jane@example.com"),
        [
            ("\"Jane".into(), None, None, invalid(InvalidReason::NoAt)),
            ("jane@example.com".into(), s("jane@example.com"), None, VALID),
        ]
    );
    // A quote cannot run past the end of its line.
    assert_eq!(
        addresses("\"a@x.org\nb@y.org\""),
        [
            "<Invalid { reason: InvalidLocalPart }: \"a@x.org>",
            "<Invalid { reason: InvalidDomain }: b@y.org\">"
        ]
    );
}

// ---- separators ---------------------------------------------------------------------------

#[test]
fn every_separator() {
    let text = "a@x.org,b@x.org;c@x.org\nd@x.org\r\ne@x.org\tf@x.org   g@x.org \u{a0}h@x.org\u{2028}i@x.org";
    assert_eq!(
        addresses(text),
        ["a", "b", "c", "d", "e", "f", "g", "h", "i"].map(|l| format!("{l}@x.org"))
    );
}

#[test]
fn spaces_separate_bare_addresses() {
    assert_eq!(addresses("a@x.org b@y.org"), ["a@x.org", "b@y.org"]);
}

#[test]
fn empty_entries_between_separators_are_skipped() {
    let entries = parse(",, a@x.org,,\n\n;b@y.org , ;\n");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].input, "a@x.org");
    assert_eq!(entries[1].input, "b@y.org");
    assert_eq!(entries[1].index, 1);
    assert!(parse("").is_empty());
    assert!(parse(" \n\t, ;").is_empty());
}

#[test]
fn byte_ranges_point_into_the_text() {
    let text = "  Zoë <zoe@example.com> ,  bücher@x.org";
    let entries = parse(text);
    assert_eq!((entries[0].start, entries[0].end), (2, 24));
    assert_eq!(entries[0].input, "Zoë <zoe@example.com>");
    assert_eq!(&text[entries[1].start..entries[1].end], "bücher@x.org");
}

#[test]
fn words_without_address_are_one_entry() {
    assert_eq!(
        rows("Jane Doe, bob@x.org"),
        [
            ("Jane Doe".into(), None, None, invalid(InvalidReason::NoAt)),
            ("bob@x.org".into(), s("bob@x.org"), None, VALID),
        ]
    );
    // Unquoted names with a comma are split at the comma: only quotes protect it.
    let entries = parse("Doe, Jane <jane@example.com>");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1].display_name.as_deref(), Some("Jane"));
}

// ---- spreadsheet rows --------------------------------------------------------------------

#[test]
fn spreadsheet_rows_keep_names_in_either_column_order() {
    let text = "Name\tEmail\tCompany\nJane Doe\tjane@example.com\tAcme\r\nbob@example.org\tBob Roe\n\tcarol@example.net\t";
    let got: Vec<_> = parse(text)
        .into_iter()
        .map(|e| (e.email.map(|m| m.into_string()), e.display_name, e.status))
        .collect();
    assert_eq!(
        got,
        [
            (s("jane@example.com"), s("Jane Doe"), VALID),
            (s("bob@example.org"), s("Bob Roe"), VALID),
            (s("carol@example.net"), None, VALID),
        ]
    );
}

#[test]
fn spreadsheet_rows_without_a_header_and_bad_cells() {
    let entries = parse("Jane Doe\tjane@example.com\t+1 555 0100\nBob\tbob@\nEmail\ta@x.org\tb@x.org");
    let got: Vec<_> = entries
        .iter()
        .map(|e| (e.input.as_str(), e.display_name.as_deref(), e.status))
        .collect();
    assert_eq!(
        got,
        [
            ("Jane Doe\tjane@example.com\t+1 555 0100", Some("Jane Doe"), VALID),
            ("Bob\tbob@", Some("Bob"), invalid(InvalidReason::InvalidDomain)),
            // Two addresses on a line: read as before, one entry per word.
            ("Email", None, invalid(InvalidReason::NoAt)),
            ("a@x.org", None, VALID),
            ("b@x.org", None, VALID),
        ]
    );
}

#[test]
fn first_and_last_name_columns_are_joined_and_a_missing_address_is_reported() {
    let entries = parse("First name\tLast name\tE-mail\nJane\tDoe\tjane@example.com\nBob\tRoe\t\n");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].display_name.as_deref(), Some("Jane Doe"));
    assert_eq!(entries[1].input, "Bob\tRoe");
    assert_eq!(entries[1].status, invalid(InvalidReason::Empty));
}

#[test]
fn a_single_column_with_its_heading() {
    assert_eq!(
        addresses("E-mail address\njane@example.com\nbob@example.org"),
        ["jane@example.com", "bob@example.org"]
    );
}
