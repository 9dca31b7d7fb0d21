//! One address on its own: [`Email`] and the rules that make an address valid.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize, Serializer};

use super::InvalidReason;

/// The most octets allowed before the `@`.
pub const MAX_LOCAL_PART_LEN: usize = 64;
/// The most octets allowed in a whole address (after the domain is put in ASCII form).
pub const MAX_ADDRESS_LEN: usize = 254;
/// The most octets allowed in one label of the domain (the text between two dots).
pub const MAX_LABEL_LEN: usize = 63;
/// A non-ASCII domain longer than this (in UTF-8 octets) is reported as too long without being
/// converted, so that absurd input cannot make the IDNA conversion slow.
const MAX_IDN_INPUT_LEN: usize = 1024;

/// A valid, normalized email address (domain lowercased and in ASCII). Can only be built by parsing.
///
/// Valid means: a "valid e-mail address" as the HTML standard defines it for
/// `<input type=email>`, whose domain also has at least one dot, whose local part is at most
/// [`MAX_LOCAL_PART_LEN`] octets and whose whole text is at most [`MAX_ADDRESS_LEN`] octets.
/// An internationalized domain is accepted and stored in its ASCII (punycode) form.
/// The local part is kept as typed; use [`Email::key`] to compare addresses ignoring case.
///
/// Serializes as a plain string; deserializing parses (and normalizes) the string and fails
/// on an invalid address.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct Email(String);

impl Email {
    /// Parses one bare address such as `jane@Example.COM` (no display name, no angle brackets,
    /// no `mailto:`, no surrounding whitespace) and normalizes its domain.
    ///
    /// The checks run in this order, and the first that fails gives the reason: blank text
    /// ([`InvalidReason::Empty`]), no `@` ([`InvalidReason::NoAt`]), the local part (before the
    /// last `@`) is empty or has a character outside ``a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-``
    /// ([`InvalidReason::InvalidLocalPart`]), the domain cannot be converted to ASCII or is not
    /// dot-separated labels of letters, digits and inner hyphens
    /// ([`InvalidReason::InvalidDomain`]), the domain has no dot
    /// ([`InvalidReason::NoDotInDomain`]), and finally the lengths: local part, any domain
    /// label, or the whole address too long ([`InvalidReason::TooLong`]).
    ///
    /// # Errors
    /// The [`InvalidReason`] of the first check that fails.
    pub fn parse(s: &str) -> Result<Email, InvalidReason> {
        if s.trim().is_empty() {
            return Err(InvalidReason::Empty);
        }
        let at = s.rfind('@').ok_or(InvalidReason::NoAt)?;
        let (local, domain) = (&s[..at], &s[at + 1..]);
        if local.is_empty() || !local.bytes().all(is_local_byte) {
            return Err(InvalidReason::InvalidLocalPart);
        }
        let mut text = String::with_capacity(s.len() + 8);
        text.push_str(local);
        text.push('@');
        if domain.is_ascii() {
            check_domain(domain)?;
            text.push_str(domain);
            text[at + 1..].make_ascii_lowercase();
        } else {
            text.push_str(&idn_to_ascii(domain)?);
        }
        if local.len() > MAX_LOCAL_PART_LEN || text.len() > MAX_ADDRESS_LEN {
            return Err(InvalidReason::TooLong);
        }
        Ok(Email(text))
    }

    /// The whole normalized address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`, as typed.
    pub fn local_part(&self) -> &str {
        match self.0.rfind('@') {
            Some(at) => &self.0[..at],
            None => "",
        }
    }

    /// The part after the `@`: lowercase ASCII (punycode for an internationalized domain).
    pub fn domain(&self) -> &str {
        match self.0.rfind('@') {
            Some(at) => &self.0[at + 1..],
            None => "",
        }
    }

    /// The address in lowercase: two addresses are the same customer when their keys are equal.
    pub fn key(&self) -> String {
        self.0.to_ascii_lowercase()
    }

    /// Gives back the normalized address as a `String`.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for Email {
    type Err = InvalidReason;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Email::parse(s)
    }
}

impl TryFrom<String> for Email {
    type Error = InvalidReason;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Email::parse(&s)
    }
}

impl TryFrom<&str> for Email {
    type Error = InvalidReason;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Email::parse(s)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> String {
        email.0
    }
}

impl Serialize for Email {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Whether `b` may appear in a local part (the HTML standard's list).
fn is_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&b)
}

/// Converts an internationalized domain to its lowercase ASCII form, and checks that.
fn idn_to_ascii(domain: &str) -> Result<String, InvalidReason> {
    if domain.len() > MAX_IDN_INPUT_LEN {
        return Err(InvalidReason::TooLong);
    }
    let mut ascii = crate::idn::domain_to_ascii(domain).map_err(|()| InvalidReason::InvalidDomain)?;
    ascii.make_ascii_lowercase();
    check_domain(&ascii)?;
    Ok(ascii)
}

/// Checks an ASCII domain (in any case): a bad label makes it invalid, then it needs a dot,
/// then no label may be too long.
fn check_domain(domain: &str) -> Result<(), InvalidReason> {
    let mut labels = 0;
    let mut too_long = false;
    for label in domain.split('.') {
        if !is_label(label) {
            return Err(InvalidReason::InvalidDomain);
        }
        too_long |= label.len() > MAX_LABEL_LEN;
        labels += 1;
    }
    if labels < 2 {
        Err(InvalidReason::NoDotInDomain)
    } else if too_long {
        Err(InvalidReason::TooLong)
    } else {
        Ok(())
    }
}

/// A label of letters, digits and hyphens that neither starts nor ends with a hyphen.
/// (Its length is checked separately, to report it as "too long".)
fn is_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_bytes_are_the_html_set() {
        let allowed: Vec<u8> = (0u8..=127).filter(|b| is_local_byte(*b)).collect();
        let mut expected: Vec<u8> = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            .iter()
            .chain(b".!#$%&'*+/=?^_`{|}~-")
            .copied()
            .collect();
        expected.sort_unstable();
        assert_eq!(allowed, expected);
    }

    #[test]
    fn labels() {
        assert!(is_label("a"));
        assert!(is_label("a-b"));
        assert!(is_label("xn--bcher-kva"));
        assert!(!is_label(""));
        assert!(!is_label("-a"));
        assert!(!is_label("a-"));
        assert!(!is_label("a_b"));
    }
}
