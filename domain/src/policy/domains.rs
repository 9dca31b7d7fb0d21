//! Comparing email domains, for managed domains.

/// The comparable form of the domain of an address (or of a bare domain): what follows the last
/// `@`, trimmed, without a trailing dot, in lower-case ASCII (`xn--` for internationalized
/// names). `None` when nothing is left.
pub(crate) fn normalize_domain(address_or_domain: &str) -> Option<String> {
    let after_at = match address_or_domain.rfind('@') {
        Some(at) => &address_or_domain[at + 1..],
        None => address_or_domain,
    };
    let domain = after_at.trim().trim_end_matches('.');
    if domain.is_empty() {
        return None;
    }
    if domain.is_ascii() {
        // The fast path: lists of thousands of addresses are checked one by one.
        return Some(domain.to_ascii_lowercase());
    }
    // Not a valid name: compare it as written, ignoring case, rather than match nothing.
    Some(crate::idn::domain_to_ascii(domain).unwrap_or_else(|()| domain.to_lowercase()))
}

/// Whether a normalized domain is the configured managed domain `managed`.
pub(crate) fn same_domain(normalized: &str, managed: &str) -> bool {
    normalize_domain(managed).is_some_and(|managed| managed == normalized)
}

#[cfg(test)]
mod tests {
    use super::normalize_domain;

    #[test]
    fn domain_is_what_follows_the_last_at() {
        assert_eq!(
            normalize_domain("jane@Staff.Example.COM").as_deref(),
            Some("staff.example.com")
        );
        assert_eq!(
            normalize_domain("jane@Staff.Example.COM.").as_deref(),
            Some("staff.example.com")
        );
        assert_eq!(
            normalize_domain(" @staff.example.com ").as_deref(),
            Some("staff.example.com")
        );
    }

    #[test]
    fn empty_domain_is_none() {
        assert_eq!(normalize_domain("jane@"), None);
        assert_eq!(normalize_domain("  "), None);
    }

    #[test]
    fn internationalized_domain_matches_its_ascii_form() {
        assert_eq!(
            normalize_domain("jörg@Bücher.example").as_deref(),
            Some("xn--bcher-kva.example")
        );
    }
}
