//! Properties of the email-list parser that must hold for every input.

use clientele_domain::email::{parse_items, parse_text, Email, EntryStatus, ParseLimits, ParsedEntry};
use proptest::prelude::*;

fn unlimited() -> ParseLimits {
    ParseLimits {
        max_entries: usize::MAX,
    }
}

/// Text made mostly of the characters that matter to the parser, so that odd combinations of
/// quotes, brackets and separators come up often.
fn tricky_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => "[a-zA-Z0-9.@]{1,6}",
            1 => Just("\"".to_string()),
            1 => Just("\\".to_string()),
            1 => Just("<".to_string()),
            1 => Just(">".to_string()),
            1 => "[,; \t\n\r]{1,3}",
            1 => Just("mailto:".to_string()),
            1 => Just("MAILTO:".to_string()),
            1 => Just("?".to_string()),
            1 => "[\u{a0}\u{85}\u{2028}\u{3000}éüß例\u{301}\u{200b}\u{feff}]",
            1 => any::<char>().prop_map(String::from),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), tricky_text()]
}

/// Checks what must hold of any result of `parse_text(text)`.
fn check_entries(text: &str, entries: &[ParsedEntry]) -> Result<(), TestCaseError> {
    let mut previous_end = 0;
    for (i, e) in entries.iter().enumerate() {
        prop_assert_eq!(e.index, i);
        prop_assert!(e.start < e.end, "empty range in {:?}", e);
        prop_assert!(e.end <= text.len());
        prop_assert!(previous_end <= e.start, "ranges out of order at {:?}", e);
        prop_assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
        prop_assert_eq!(&text[e.start..e.end], e.input.as_str());
        prop_assert_eq!(e.input.trim(), e.input.as_str());
        check_entry(entries, e)?;
        previous_end = e.end;
    }
    Ok(())
}

/// Checks one entry's status against its address.
fn check_entry(entries: &[ParsedEntry], e: &ParsedEntry) -> Result<(), TestCaseError> {
    match e.status {
        EntryStatus::Valid => {
            let email = e.email.as_ref().expect("a valid entry has an address");
            prop_assert_eq!(Email::parse(email.as_str()), Ok(email.clone()));
            prop_assert!(entries[..e.index]
                .iter()
                .all(|earlier| !earlier.is_valid()
                    || earlier.email.as_ref().map(Email::key) != Some(email.key())));
        }
        EntryStatus::Duplicate { of } => {
            prop_assert!(of < e.index);
            prop_assert_eq!(entries[of].status, EntryStatus::Valid);
            prop_assert_eq!(
                entries[of].email.as_ref().map(Email::key),
                e.email.as_ref().map(Email::key)
            );
        }
        EntryStatus::Invalid { .. } => prop_assert!(e.email.is_none()),
    }
    if let Some(name) = &e.display_name {
        prop_assert!(!name.is_empty());
        prop_assert_eq!(name.trim(), name.as_str());
    }
    Ok(())
}

/// An address the HTML standard accepts, as typed, and how it must come out.
#[derive(Clone, Debug)]
struct Address {
    typed: String,
    normalized: String,
}

fn address() -> impl Strategy<Value = Address> {
    let local = "[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]{1,20}";
    let label = "[a-zA-Z0-9]([a-zA-Z0-9-]{0,8}[a-zA-Z0-9])?";
    let ascii_domain = proptest::collection::vec(label, 2..4).prop_map(|labels| {
        let typed = labels.join(".");
        (typed.clone(), typed.to_ascii_lowercase())
    });
    let idn_domain = prop::sample::select(vec![
        ("bücher.example", "xn--bcher-kva.example"),
        ("MÜNCHEN.de", "xn--mnchen-3ya.de"),
        ("例え.テスト", "xn--r8jz45g.xn--zckzah"),
    ])
    .prop_map(|(t, n)| (t.to_string(), n.to_string()));
    (local, prop_oneof![4 => ascii_domain, 1 => idn_domain]).prop_map(|(local, (typed, norm))| Address {
        typed: format!("{local}@{typed}"),
        normalized: format!("{local}@{norm}"),
    })
}

/// How an address is written in a list, and the display name expected from it.
fn written(address: Address) -> impl Strategy<Value = (String, Address, Option<String>)> {
    let plain_name = "[A-Z][a-z]{0,8}( [A-Z][a-z]{0,8}){0,2}";
    let quoted_name = "[A-Za-z ,;@<>\"\\\\]{0,12}";
    let mailto = !address.typed.contains('?');
    let a = address.clone();
    prop_oneof![
        Just((a.typed.clone(), None)),
        Just((format!("<{}>", a.typed), None)),
        plain_name.prop_map(move |name| (format!("{name} <{}>", a.typed), Some(name))),
        {
            let a = address.clone();
            quoted_name.prop_map(move |name: String| {
                let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
                let expected = Some(name.trim().to_string()).filter(|n| !n.is_empty());
                (format!("\"{escaped}\" <{}>", a.typed), expected)
            })
        },
        {
            let a = address.clone();
            prop::bool::ANY.prop_map(move |upper| {
                let scheme = if upper { "MAILTO:" } else { "mailto:" };
                if mailto {
                    (format!("{scheme}{}", a.typed), None)
                } else {
                    (a.typed.clone(), None)
                }
            })
        },
    ]
    .prop_map(move |(text, name)| (text, address.clone(), name))
}

fn separator() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        ",", ";", "\n", "\t", " ", ", ", "; ", "\r\n", "  ", ",,", " ,\n ", "\u{a0}",
    ])
    .prop_map(String::from)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn parse_text_never_panics_and_ranges_are_sound(text in any_text()) {
        let entries = parse_text(&text, &unlimited()).unwrap();
        check_entries(&text, &entries)?;
    }

    #[test]
    fn limit_is_reported_never_truncated(text in tricky_text(), max in 0usize..6) {
        let all = parse_text(&text, &unlimited()).unwrap();
        match parse_text(&text, &ParseLimits { max_entries: max }) {
            Ok(entries) => prop_assert_eq!(entries, all),
            Err(e) => {
                prop_assert_eq!(e.max, max);
                prop_assert_eq!(e.found, all.len());
                prop_assert!(all.len() > max);
            }
        }
    }

    #[test]
    fn parse_items_never_panics_and_never_splits(items in proptest::collection::vec(any_text(), 0..8)) {
        let entries = parse_items(&items, &unlimited()).unwrap();
        prop_assert_eq!(entries.len(), items.len());
        for (e, item) in entries.iter().zip(&items) {
            prop_assert!(e.start <= e.end && e.end <= item.len());
            prop_assert!(item.is_char_boundary(e.start) && item.is_char_boundary(e.end));
            prop_assert_eq!(&item[e.start..e.end], e.input.as_str());
            prop_assert_eq!(item.trim(), e.input.as_str());
            check_entry(&entries, e)?;
        }
    }

    #[test]
    fn generated_lists_round_trip(
        list in proptest::collection::vec(address().prop_flat_map(written), 1..20),
        seps in proptest::collection::vec(separator(), 20),
        lead in separator(),
    ) {
        let mut text = lead;
        for (k, (entry, _, _)) in list.iter().enumerate() {
            if k > 0 {
                text.push_str(&seps[k]);
            }
            text.push_str(entry);
        }
        let entries = parse_text(&text, &unlimited()).unwrap();
        check_entries(&text, &entries)?;
        let got: Vec<_> = entries.iter().map(|e| e.email.as_ref().map(Email::as_str)).collect();
        let want: Vec<_> = list.iter().map(|(_, a, _)| Some(a.normalized.as_str())).collect();
        prop_assert_eq!(got, want, "text: {:?}", text);
        for (e, (written, _, name)) in entries.iter().zip(&list) {
            prop_assert_eq!(&e.input, written);
            prop_assert_eq!(&e.display_name, name);
            let first = list
                .iter()
                .position(|(_, a, _)| a.normalized.eq_ignore_ascii_case(&e.email.as_ref().unwrap().key()))
                .unwrap();
            let want = if first == e.index { EntryStatus::Valid } else { EntryStatus::Duplicate { of: first } };
            prop_assert_eq!(e.status, want);
        }

        // The same entries sent as a JSON array come out the same (ranges aside).
        let items: Vec<&str> = list.iter().map(|(w, _, _)| w.as_str()).collect();
        let from_items = parse_items(&items, &unlimited()).unwrap();
        for (a, b) in entries.iter().zip(&from_items) {
            prop_assert_eq!((&a.email, &a.display_name, a.status), (&b.email, &b.display_name, b.status));
        }
    }

    #[test]
    fn valid_addresses_parse_to_their_normal_form(a in address()) {
        let email = Email::parse(&a.typed).unwrap();
        prop_assert_eq!(email.as_str(), a.normalized.as_str());
        prop_assert_eq!(Email::parse(email.as_str()), Ok(email));
    }
}

/// Lines of tab-separated cells made of the characters that matter, with an `@` often.
fn tabbed_text() -> impl Strategy<Value = String> {
    let cell = prop_oneof![
        3 => "[a-zA-Z .]{0,8}",
        3 => "[a-z]{1,5}@[a-z]{1,5}\\.org",
        1 => tricky_text(),
        1 => Just("Email".to_string()),
        1 => Just("Name".to_string()),
        1 => Just("\"Doe, \"\"J\"\"\"".to_string()),
    ];
    let line = proptest::collection::vec(cell, 1..5).prop_map(|cells| cells.join("\t"));
    (
        proptest::collection::vec(line, 0..8),
        prop::sample::select(vec!["\n", "\r\n", "\r"]),
    )
        .prop_map(|(lines, brk)| lines.join(brk))
}

/// A spreadsheet row: (address, name, extra cells, address first).
fn sheet_row() -> impl Strategy<Value = (Address, String, Vec<String>, bool)> {
    (
        address(),
        "[A-Z][a-z]{0,8}( [A-Z][a-z]{0,8}){0,2}",
        proptest::collection::vec("[A-Za-z0-9 ,.+()-]{0,10}", 0..3),
        any::<bool>(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn tabbed_text_never_panics_and_ranges_are_sound(text in tabbed_text()) {
        let entries = parse_text(&text, &unlimited()).unwrap();
        check_entries(&text, &entries)?;
    }

    #[test]
    fn spreadsheet_rows_give_one_entry_each_with_its_name(
        rows in proptest::collection::vec(sheet_row(), 1..12),
        header in any::<bool>(),
        crlf in any::<bool>(),
    ) {
        let mut lines = Vec::new();
        // With a header, every row follows the header's column order (the first row's).
        let address_first = rows[0].3;
        if header {
            let extras = rows.iter().map(|r| r.2.len()).max().unwrap_or(0);
            let mut cells: Vec<String> = if address_first {
                vec!["E-mail".into(), "Full name".into()]
            } else {
                vec!["Name".into(), "Email address".into()]
            };
            cells.extend((0..extras).map(|k| format!("Column {k}")));
            lines.push(cells.join("\t"));
        }
        for (address, name, extra, first) in &rows {
            let first = if header { address_first } else { *first };
            let mut cells = if first {
                vec![address.typed.clone(), name.clone()]
            } else {
                vec![name.clone(), address.typed.clone()]
            };
            cells.extend(extra.iter().cloned());
            lines.push(cells.join("\t"));
        }
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        let entries = parse_text(&text, &unlimited()).unwrap();
        check_entries(&text, &entries)?;
        prop_assert_eq!(entries.len(), rows.len(), "text: {:?}", text);
        for (e, (address, name, _, _)) in entries.iter().zip(&rows) {
            prop_assert_eq!(e.email.as_ref().map(Email::as_str), Some(address.normalized.as_str()));
            prop_assert_eq!(e.display_name.as_deref(), Some(name.as_str()));
        }
    }

    #[test]
    fn text_without_tabs_reads_as_before_a_header(text in tricky_text().prop_filter("no tabs", |t| !t.contains('\t'))) {
        // A first line that is only an email heading is skipped; nothing else changes.
        let with = format!("Email\n{text}");
        let plain = parse_text(&text, &unlimited()).unwrap();
        let skipped = parse_text(&with, &unlimited()).unwrap();
        prop_assert_eq!(plain.len(), skipped.len());
        for (a, b) in plain.iter().zip(&skipped) {
            prop_assert_eq!((&a.email, &a.display_name, a.status, a.start + 6), (&b.email, &b.display_name, b.status, b.start));
        }
    }
}
