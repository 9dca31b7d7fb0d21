//! The characters that matter when splitting: separators, white space, quotes and angle
//! brackets. All are found by looking at single bytes where possible, and every offset
//! returned is on a character boundary.

use super::scan::Mode;

/// How one character takes part in splitting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Class {
    /// Ends the entry: `,` `;` and line breaks (list mode only).
    Hard,
    /// White space.
    Space,
    /// `"`
    Quote,
    /// `<`
    Open,
    /// Anything else: part of a word.
    Other,
}

/// The class of the character at `i` (a character boundary) and its length in bytes.
pub(super) fn classify(text: &str, i: usize, mode: Mode) -> (Class, usize) {
    let b = text.as_bytes()[i];
    let list = mode == Mode::List;
    if b < 0x80 {
        let class = match b {
            b',' | b';' if list => Class::Hard,
            b'\n' | b'\r' if list => Class::Hard,
            b'\n' | b'\r' | b' ' | b'\t' | 0x0B | 0x0C => Class::Space,
            b'"' => Class::Quote,
            b'<' => Class::Open,
            _ => Class::Other,
        };
        return (class, 1);
    }
    let c = text
        .get(i..)
        .and_then(|rest| rest.chars().next())
        .unwrap_or(char::REPLACEMENT_CHARACTER);
    let class = if list && is_line_break(c) {
        Class::Hard
    } else if c.is_whitespace() {
        Class::Space
    } else {
        Class::Other
    };
    (class, c.len_utf8())
}

/// An ASCII byte that is part of a word in both modes.
pub(super) fn is_plain(b: u8) -> bool {
    b < 0x80
        && !matches!(
            b,
            b',' | b';' | b'\n' | b'\r' | b' ' | b'\t' | 0x0B | 0x0C | b'"' | b'<'
        )
}

/// Line breaks besides `\n` and `\r`.
fn is_line_break(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// For the `"` at `i`: `Ok(end)` just past the closing quote, or `Err(line_end)` when the line
/// (or the text) ends first. A backslash escapes the next character, but not a line break.
pub(super) fn quote_end(bytes: &[u8], i: usize) -> Result<usize, usize> {
    let mut j = i + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'"' => return Ok(j + 1),
            b'\n' | b'\r' => return Err(j),
            b'\\' if j + 1 < bytes.len() && !matches!(bytes[j + 1], b'\n' | b'\r') => j += 2,
            _ => j += 1,
        }
    }
    Err(bytes.len())
}

/// For the `<` at `i`: the end of the angle address and whether a `>` closed it. An angle
/// address not closed before a `<` or (in list mode) a separator ends there, or at the first
/// white space after its address, whichever comes first.
pub(super) fn angle_end(text: &str, i: usize, mode: Mode) -> (usize, bool) {
    let bytes = text.as_bytes();
    let list = mode == Mode::List;
    let mut j = i + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'>' => return (j + 1, true),
            b'<' => break,
            b',' | b';' | b'\n' | b'\r' if list => break,
            0xC2 if list && bytes.get(j + 1) == Some(&0x85) => break,
            0xE2 if list
                && bytes.get(j + 1) == Some(&0x80)
                && matches!(bytes.get(j + 2), Some(0xA8 | 0xA9)) =>
            {
                break
            }
            _ => j += 1,
        }
    }
    let region = text.get(i + 1..j).unwrap_or("");
    let mut seen_address = false;
    for (k, c) in region.char_indices() {
        if !c.is_whitespace() {
            seen_address = true;
        } else if seen_address {
            return (i + 1 + k, false);
        }
    }
    (if seen_address { j } else { i + 1 }, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_must_close_on_their_line() {
        assert_eq!(quote_end(b"\"a\" x", 0), Ok(3));
        assert_eq!(quote_end(b"\"a\\\"b\" x", 0), Ok(6));
        assert_eq!(quote_end(b"\"a\nb\"", 0), Err(2));
        assert_eq!(quote_end(b"\"a\\", 0), Err(3));
        assert_eq!(quote_end(b"\"a\\\n\"", 0), Err(3));
    }

    #[test]
    fn unclosed_angles() {
        assert_eq!(angle_end("<a@x.org>", 0, Mode::List), (9, true));
        assert_eq!(angle_end("<a@x.org b", 0, Mode::List), (8, false));
        assert_eq!(angle_end("<a@x.org,b", 0, Mode::List), (8, false));
        assert_eq!(angle_end("<a@x.org,b", 0, Mode::Single), (10, false));
        assert_eq!(angle_end("<  ,", 0, Mode::List), (1, false));
        assert_eq!(angle_end("<a\u{2028}b>", 0, Mode::List), (2, false));
    }
}
