//! The names people type: display names, organization names, help center names and token
//! labels, each parsed by the same rule with its own length.

use clientele_domain::names::{
    is_refused_in_name, DisplayName, HelpCenterName, NameError, NameProblem, OrganizationName, TokenLabel,
};
use proptest::prelude::*;

/// Every kind of name, as (MAX, parse giving the trimmed text or the error).
type Parse = fn(&str) -> Result<String, NameError>;

const KINDS: [(&str, usize, Parse); 4] = [
    ("display name", DisplayName::MAX, |t| {
        DisplayName::parse(t).map(DisplayName::into_string)
    }),
    ("organization name", OrganizationName::MAX, |t| {
        OrganizationName::parse(t).map(OrganizationName::into_string)
    }),
    ("help center name", HelpCenterName::MAX, |t| {
        HelpCenterName::parse(t).map(HelpCenterName::into_string)
    }),
    ("token label", TokenLabel::MAX, |t| {
        TokenLabel::parse(t).map(TokenLabel::into_string)
    }),
];

/// Characters a name may never hold, one of each family.
const REFUSED: [char; 14] = [
    '\n', '\r', '\t', '\0', '\u{7}', '\u{7f}', '\u{85}', '\u{9b}', '\u{2028}', '\u{2029}', '\u{202a}',
    '\u{202e}', '\u{2066}', '\u{2069}',
];

fn problem(result: Result<String, NameError>) -> Option<NameProblem> {
    result.err().map(|e| e.problem())
}

#[test]
fn the_limits_are_todays() {
    assert_eq!(DisplayName::MAX, 255);
    assert_eq!(OrganizationName::MAX, 200);
    assert_eq!(HelpCenterName::MAX, 100);
    assert_eq!(TokenLabel::MAX, 100);
}

#[test]
fn a_mail_header_smuggled_in_a_name_is_refused_by_every_kind() {
    for (kind, _, parse) in KINDS {
        assert_eq!(
            problem(parse("Eve\r\nBcc: x@evil.test")),
            Some(NameProblem::ControlCharacter),
            "{kind}"
        );
    }
}

#[test]
fn every_refused_character_is_refused_inside_a_name() {
    for c in REFUSED {
        assert!(is_refused_in_name(c), "{c:?}");
        for (kind, _, parse) in KINDS {
            let name = format!("Eve{c}Smith");
            assert_eq!(
                problem(parse(&name)),
                Some(NameProblem::ControlCharacter),
                "{kind} {c:?}"
            );
        }
    }
}

#[test]
fn ordinary_letters_marks_and_joiners_are_kept() {
    for name in [
        "Jane Doe",
        "O'Brien, Pat",
        "Jörg Müller",
        "José Ñúñez",
        "山田 太郎",
        "محمد علي",
        "👩‍💻 Dev",
        "Acme (EU) – Support & Sales",
    ] {
        for (kind, _, parse) in KINDS {
            assert_eq!(parse(name).as_deref(), Ok(name), "{kind}");
        }
    }
}

#[test]
fn surrounding_white_space_and_line_breaks_are_trimmed() {
    for (kind, _, parse) in KINDS {
        assert_eq!(parse(" \t Jane Doe \r\n").as_deref(), Ok("Jane Doe"), "{kind}");
        assert_eq!(parse("\u{2028}Jane\u{85}").as_deref(), Ok("Jane"), "{kind}");
    }
}

#[test]
fn blank_is_empty() {
    for (kind, _, parse) in KINDS {
        for blank in ["", "   ", "\n\t", "\u{a0}"] {
            assert_eq!(
                problem(parse(blank)),
                Some(NameProblem::Empty),
                "{kind} {blank:?}"
            );
        }
    }
}

#[test]
fn length_counts_characters_not_bytes() {
    for (kind, max, parse) in KINDS {
        let at_max = "é".repeat(max);
        assert_eq!(parse(&at_max).as_deref(), Ok(at_max.as_str()), "{kind}");
        let over = "é".repeat(max + 1);
        assert_eq!(problem(parse(&over)), Some(NameProblem::TooLong), "{kind}");
        // White space around does not count.
        assert!(parse(&format!("  {at_max}  ")).is_ok(), "{kind}");
    }
}

#[test]
fn messages_name_the_kind_and_the_problem() {
    let error = DisplayName::parse("Eve\nBcc").unwrap_err();
    assert_eq!(
        error.message(),
        "A name can't contain line breaks or other control characters."
    );
    assert_eq!(error.to_string(), error.message());
    assert_eq!(
        OrganizationName::parse("").unwrap_err().message(),
        "An organization name can't be empty."
    );
    assert_eq!(
        TokenLabel::parse(&"x".repeat(101)).unwrap_err().message(),
        "A token label can have at most 100 characters."
    );
    assert_eq!(
        HelpCenterName::parse("a\u{202e}b").unwrap_err().message(),
        "A help center name can't contain line breaks or other control characters."
    );
}

#[test]
fn serializes_as_a_string_and_deserializing_parses() {
    let name = OrganizationName::parse(" Acme ").unwrap();
    assert_eq!(serde_json::to_string(&name).unwrap(), "\"Acme\"");
    let back: OrganizationName = serde_json::from_str("\"  Acme  \"").unwrap();
    assert_eq!(back, name);
    assert!(serde_json::from_str::<DisplayName>("\"Eve\\nBcc\"").is_err());
}

/// Any text: mostly letters and spaces, with every refused character and some white space.
fn text() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        6 => any::<char>(),
        3 => prop::sample::select(vec!['a', 'Z', 'é', ' ', '山']),
        1 => prop::sample::select(REFUSED.to_vec()),
        1 => prop::sample::select(vec![' ', '\u{a0}', '\u{3000}', '\n']),
    ];
    prop::collection::vec(c, 0..300).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #[test]
    fn an_accepted_name_is_trimmed_bounded_and_clean(text in text()) {
        for (kind, max, parse) in KINDS {
            match parse(&text) {
                Ok(name) => {
                    prop_assert_eq!(name.as_str(), text.trim(), "{}", kind);
                    prop_assert!(!name.is_empty());
                    prop_assert!(name.chars().count() <= max);
                    prop_assert!(!name.chars().any(is_refused_in_name));
                    // Parsing what was accepted gives it back.
                    prop_assert_eq!(parse(&name), Ok(name.clone()));
                }
                Err(error) => {
                    let trimmed = text.trim();
                    let want = if trimmed.is_empty() {
                        NameProblem::Empty
                    } else if trimmed.chars().count() > max {
                        NameProblem::TooLong
                    } else {
                        NameProblem::ControlCharacter
                    };
                    prop_assert_eq!(error.problem(), want, "{}", kind);
                    prop_assert!(!error.message().is_empty());
                }
            }
        }
    }

    #[test]
    fn a_refused_character_anywhere_inside_is_refused(
        before in "[a-zA-Z ]{0,20}",
        c in prop::sample::select(REFUSED.to_vec()),
        after in "[a-zA-Z ]{0,20}",
    ) {
        let text = format!("x{before}{c}{after}x");
        for (kind, _, parse) in KINDS {
            prop_assert_eq!(problem(parse(&text)), Some(NameProblem::ControlCharacter), "{}", kind);
        }
    }
}
