//! Each reason an address is refused, the length limits, and normalization.

use clientele_domain::email::{Email, EntryStatus, InvalidReason};

use crate::{addresses, invalid, reason, rows};

// ---- reasons -------------------------------------------------------------------------------

#[test]
fn each_invalid_reason() {
    assert_eq!(reason(""), Some(InvalidReason::Empty));
    assert_eq!(reason("  "), Some(InvalidReason::Empty));
    assert_eq!(reason("jane.example.com"), Some(InvalidReason::NoAt));
    assert_eq!(reason("@example.com"), Some(InvalidReason::InvalidLocalPart));
    assert_eq!(reason("ja ne@example.com"), Some(InvalidReason::InvalidLocalPart));
    assert_eq!(reason("jané@example.com"), Some(InvalidReason::InvalidLocalPart));
    assert_eq!(reason("a@b@example.com"), Some(InvalidReason::InvalidLocalPart));
    assert_eq!(reason("jane@"), Some(InvalidReason::InvalidDomain));
    assert_eq!(reason("jane@-example.com"), Some(InvalidReason::InvalidDomain));
    assert_eq!(reason("jane@example-.com"), Some(InvalidReason::InvalidDomain));
    assert_eq!(reason("jane@exa_mple.com"), Some(InvalidReason::InvalidDomain));
    assert_eq!(reason("jane@example..com"), Some(InvalidReason::InvalidDomain));
    assert_eq!(reason("jane@example.com."), Some(InvalidReason::InvalidDomain));
    assert_eq!(reason("jane@.example.com"), Some(InvalidReason::InvalidDomain));
    assert_eq!(reason("jane@[127.0.0.1]"), Some(InvalidReason::InvalidDomain));
    assert_eq!(reason("jane@localhost"), Some(InvalidReason::NoDotInDomain));
    assert_eq!(
        reason(&format!("{}@x.org", "a".repeat(65))),
        Some(InvalidReason::TooLong)
    );
    assert_eq!(
        reason(&format!("a@{}.org", "b".repeat(64))),
        Some(InvalidReason::TooLong)
    );
}

#[test]
fn html_standard_allows_these() {
    for ok in [
        "a@b.c",
        "first.last@example.com",
        ".dot..dots.@example.com",
        "x!#$%&'*+/=?^_`{|}~-@example.com",
        "UPPER@EXAMPLE.COM",
        "1@2.3",
        "a@a-b--c.example",
        "a@xn--bcher-kva.example",
    ] {
        assert_eq!(reason(ok), None, "{ok}");
    }
}

#[test]
fn reasons_in_lists() {
    assert_eq!(
        rows("<>, \"\"  <>, mailto:, \"\", a@, jane, j@localhost"),
        [
            ("<>".into(), None, None, invalid(InvalidReason::Empty)),
            ("\"\"  <>".into(), None, None, invalid(InvalidReason::Empty)),
            ("mailto:".into(), None, None, invalid(InvalidReason::Empty)),
            ("\"\"".into(), None, None, invalid(InvalidReason::Empty)),
            ("a@".into(), None, None, invalid(InvalidReason::InvalidDomain)),
            ("jane".into(), None, None, invalid(InvalidReason::NoAt)),
            (
                "j@localhost".into(),
                None,
                None,
                invalid(InvalidReason::NoDotInDomain)
            ),
        ]
    );
}

#[test]
fn messages_are_sentences() {
    assert_eq!(
        InvalidReason::NoDotInDomain.message(),
        "The domain needs a dot, as in example.com."
    );
    for r in [
        InvalidReason::Empty,
        InvalidReason::NoAt,
        InvalidReason::InvalidLocalPart,
        InvalidReason::InvalidDomain,
        InvalidReason::NoDotInDomain,
        InvalidReason::TooLong,
    ] {
        let m = r.message();
        assert!(
            m.ends_with('.') && m.chars().next().is_some_and(char::is_uppercase),
            "{m}"
        );
        assert_eq!(EntryStatus::Invalid { reason: r }.message().as_deref(), Some(m));
    }
}

// ---- lengths -------------------------------------------------------------------------------

#[test]
fn local_part_of_64_octets_is_fine_65_is_too_long() {
    let ok = format!("{}@example.com", "a".repeat(64));
    assert_eq!(Email::parse(&ok).map(|e| e.local_part().len()), Ok(64));
    let long = format!("{}@example.com", "a".repeat(65));
    assert_eq!(Email::parse(&long), Err(InvalidReason::TooLong));
}

#[test]
fn whole_address_of_254_octets_is_fine_255_is_too_long() {
    // 64 + 1 + 189 = 254; the domain is three labels of 63 separated by dots (63*3+2 = 191)
    // trimmed to the right size.
    let domain = |len: usize| {
        let labels = ["a".repeat(63), "b".repeat(63), "c".repeat(63)].join(".");
        format!("{}.org", &labels[..len - 4])
    };
    let ok = format!("{}@{}", "l".repeat(64), domain(189));
    assert_eq!(ok.len(), 254);
    assert_eq!(Email::parse(&ok).map(|e| e.as_str().len()), Ok(254));
    let long = format!("{}@{}", "l".repeat(64), domain(190));
    assert_eq!(long.len(), 255);
    assert_eq!(Email::parse(&long), Err(InvalidReason::TooLong));
}

#[test]
fn label_of_63_is_fine() {
    assert!(Email::parse(&format!("a@{}.org", "b".repeat(63))).is_ok());
}

#[test]
fn length_counts_the_ascii_form_of_the_domain() {
    // This label is 60 octets in UTF-8, but more than 63 as punycode.
    let label = "ôαfεъkhеùòàzþuεoξμсβyψwχюwаеìoικшièj";
    assert_eq!(label.len(), 60);
    assert!(idna::domain_to_ascii(label).unwrap().len() > 63);
    assert_eq!(
        Email::parse(&format!("a@{label}.example")),
        Err(InvalidReason::TooLong)
    );
    // And the punycode form of a shorter one is what is checked and kept.
    assert_eq!(
        Email::parse("a@абв.example").map(Email::into_string),
        Ok(format!("a@{}.example", idna::domain_to_ascii("абв").unwrap()))
    );
}

// ---- normalization ---------------------------------------------------------------------------

#[test]
fn internationalized_domain_becomes_punycode() {
    let email = Email::parse("user@bücher.example").unwrap();
    assert_eq!(email.as_str(), "user@xn--bcher-kva.example");
    assert_eq!(email.domain(), "xn--bcher-kva.example");
    assert_eq!(
        addresses("Ünal <user@BÜCHER.example>"),
        ["user@xn--bcher-kva.example"]
    );
    // Ideographic full stop is a dot in IDNA.
    assert_eq!(
        Email::parse("a@例え。テスト").map(|e| e.into_string()),
        Ok("a@xn--r8jz45g.xn--zckzah".to_string())
    );
    assert_eq!(
        Email::parse("a@bü_cher.example"),
        Err(InvalidReason::InvalidDomain)
    );
    assert_eq!(Email::parse("a@bücher"), Err(InvalidReason::NoDotInDomain));
}

#[test]
fn domain_is_lowercased_local_part_kept() {
    let email = Email::parse("Jane.Doe@Example.COM").unwrap();
    assert_eq!(email.as_str(), "Jane.Doe@example.com");
    assert_eq!(email.local_part(), "Jane.Doe");
    assert_eq!(email.domain(), "example.com");
    assert_eq!(email.key(), "jane.doe@example.com");
    assert_eq!(email.to_string(), "Jane.Doe@example.com");
}

#[test]
fn email_parse_takes_a_bare_address_only() {
    assert_eq!(reason(" jane@example.com"), Some(InvalidReason::InvalidLocalPart));
    assert_eq!(reason("jane@example.com "), Some(InvalidReason::InvalidDomain));
    assert_eq!(
        reason("<jane@example.com>"),
        Some(InvalidReason::InvalidLocalPart)
    );
    assert_eq!(
        reason("mailto:jane@example.com"),
        Some(InvalidReason::InvalidLocalPart)
    );
}
