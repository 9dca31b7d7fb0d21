//! The two entry points: pasted text and JSON arrays.

use std::collections::hash_map::{Entry, HashMap};
use std::hash::{Hash, Hasher};
use std::ops::Range;

use super::rows::{is_email_heading, read_line, Columns, Line};

use super::scan::{scan, Atom, AtomKind, Form, Mode, RawEntry};
use super::{Email, EntryStatus, InvalidReason, ParseLimits, ParsedEntry, TooManyEntries};

/// Parses pasted text (from a mail client, a spreadsheet or a chat) into entries, in order.
///
/// See the [module documentation](super) for how the text is split. Each entry's `start..end`
/// is its byte range in `text`, and `index` its 0-based position among the entries; blank
/// entries (consecutive separators) are skipped and not counted.
///
/// Never panics, whatever the text.
///
/// # Errors
/// [`TooManyEntries`] when the text has more than `limits.max_entries` entries.
pub fn parse_text(text: &str, limits: &ParseLimits) -> Result<Vec<ParsedEntry>, TooManyEntries> {
    let mut list = Collector {
        entries: Vec::new(),
        found: 0,
        max: limits.max_entries,
    };
    // Text not yet split: it starts here.
    let mut pending = 0;
    let mut columns: Option<Columns> = None;
    let mut first_line = true;
    for (start, end) in lines(text) {
        let line = &text[start..end];
        if line.trim().is_empty() {
            continue;
        }
        let first = std::mem::replace(&mut first_line, false);
        if !line.contains('\t') {
            if first && is_email_heading(line) {
                pending = end;
            }
            continue;
        }
        match read_line(line, columns.as_ref()) {
            Line::Text => continue,
            Line::Header(named) => columns = Some(named),
            Line::Row { address, name } => {
                list.scan(text, pending..start);
                list.push(|index| row_entry(index, text, start..end, address, name));
            }
        }
        pending = end;
    }
    list.scan(text, pending..text.len());
    check_count(list.found, limits)?;
    let mut entries = list.entries;
    mark_duplicates(&mut entries);
    Ok(entries)
}

/// The entries found so far, and how many there are (past the limit, only counted).
struct Collector {
    entries: Vec<ParsedEntry>,
    found: usize,
    max: usize,
}

impl Collector {
    fn push(&mut self, make: impl FnOnce(usize) -> ParsedEntry) {
        // Past the limit, only count: the list is refused anyway.
        if self.found < self.max {
            self.entries.push(make(self.found));
        }
        self.found += 1;
    }

    /// Splits `text[range]` as pasted text.
    fn scan(&mut self, text: &str, range: Range<usize>) {
        let Some(part) = text.get(range.clone()).filter(|p| !p.trim().is_empty()) else {
            return;
        };
        scan(part, Mode::List, |atoms, raw| {
            self.push(|index| {
                let mut e = entry(index, part, atoms, &raw);
                e.start += range.start;
                e.end += range.start;
                e
            });
        });
    }
}

/// The byte ranges of the lines of `text`, without their line breaks.
fn lines(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = 0;
    let mut breaks = text
        .char_indices()
        .filter(|(_, c)| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'))
        .map(|(i, c)| (i, i + c.len_utf8()))
        .chain(std::iter::once((text.len(), text.len())));
    std::iter::from_fn(move || {
        let (end, next) = breaks.next()?;
        let line = (start, end);
        start = next;
        Some(line)
    })
}

/// The entry of the spreadsheet row `text[line]` whose address cell is `address` (relative
/// to the line): the whole row is its input; the address is read from its cell (which may
/// carry a name of its own), and the row's name cell, when there is one, is its name.
fn row_entry(
    index: usize,
    text: &str,
    line: Range<usize>,
    address: Range<usize>,
    name: Option<String>,
) -> ParsedEntry {
    let line_start = line.start;
    let line = &text[line];
    let lead = line.len() - line.trim_start().len();
    let start = line_start + lead;
    let end = start + line.trim().len();
    let cell = line.get(address).unwrap_or_default();
    let mut parsed = None;
    scan(cell, Mode::Single, |atoms, raw| {
        parsed.get_or_insert_with(|| entry(index, cell, atoms, &raw));
    });
    let (email, status, cell_name) = match parsed {
        Some(p) if !cell.is_empty() => (p.email, p.status, p.display_name),
        _ => (
            None,
            EntryStatus::Invalid {
                reason: InvalidReason::Empty,
            },
            None,
        ),
    };
    ParsedEntry {
        index,
        input: text[start..end].to_string(),
        start,
        end,
        email,
        display_name: name.or(cell_name),
        status,
    }
}

/// Parses a list that arrived as a JSON array: each element is exactly one entry, never split
/// again (so `"a@x.org, b@y.org"` is one invalid entry).
///
/// An element may still be written in any of the forms of pasted text (`Jane Doe <jane@x.org>`,
/// `"Doe, Jane" <jane@x.org>`, `mailto:jane@x.org`, ...). `index` is the element's position in
/// the array, and `start..end` the byte range of the entry within the element once surrounding
/// white space is left out (`0..len` for an element without any). A blank element is reported
/// as [`InvalidReason::Empty`] rather than skipped, so that indexes match the array.
///
/// Never panics, whatever the elements.
///
/// # Errors
/// [`TooManyEntries`] when there are more than `limits.max_entries` elements.
pub fn parse_items<S: AsRef<str>>(
    items: &[S],
    limits: &ParseLimits,
) -> Result<Vec<ParsedEntry>, TooManyEntries> {
    check_count(items.len(), limits)?;
    let mut entries: Vec<ParsedEntry> = items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let item = item.as_ref();
            let mut parsed = None;
            scan(item, Mode::Single, |atoms, raw| {
                parsed.get_or_insert_with(|| entry(index, item, atoms, &raw));
            });
            match parsed {
                Some(parsed) => parsed,
                None => entry(
                    index,
                    item,
                    &[],
                    &RawEntry {
                        start: 0,
                        end: 0,
                        form: Form::Phrase { atoms: 0..0 },
                    },
                ),
            }
        })
        .collect();
    mark_duplicates(&mut entries);
    Ok(entries)
}

fn check_count(found: usize, limits: &ParseLimits) -> Result<(), TooManyEntries> {
    if found > limits.max_entries {
        Err(TooManyEntries {
            max: limits.max_entries,
            found,
        })
    } else {
        Ok(())
    }
}

/// Reads one entry: valid or invalid (duplicates are marked afterwards).
fn entry(index: usize, text: &str, atoms: &[Atom], raw: &RawEntry) -> ParsedEntry {
    let (address, display_name) = read(text, atoms, raw);
    let (email, status) = match address {
        Ok(email) => (Some(email), EntryStatus::Valid),
        Err(reason) => (None, EntryStatus::Invalid { reason }),
    };
    ParsedEntry {
        index,
        input: text.get(raw.start..raw.end).unwrap_or_default().to_string(),
        start: raw.start,
        end: raw.end,
        email,
        display_name,
        status,
    }
}

/// Marks each valid entry whose address (ignoring case) an earlier valid entry has as a
/// duplicate of that entry. `entries[i].index` must be `i`.
fn mark_duplicates(entries: &mut [ParsedEntry]) {
    let mut first: HashMap<IgnoringCase<'_>, usize> = HashMap::with_capacity(entries.len());
    let mut duplicates = Vec::new();
    for e in entries.iter() {
        if let (Some(email), EntryStatus::Valid) = (&e.email, e.status) {
            match first.entry(IgnoringCase(email.as_str())) {
                Entry::Occupied(earlier) => duplicates.push((e.index, *earlier.get())),
                Entry::Vacant(slot) => {
                    slot.insert(e.index);
                }
            }
        }
    }
    drop(first);
    for (index, of) in duplicates {
        if let Some(e) = entries.get_mut(index) {
            e.status = EntryStatus::Duplicate { of };
        }
    }
}

/// An address compared ignoring ASCII case (valid addresses are ASCII), the same as comparing
/// [`Email::key`]s, without building the keys.
struct IgnoringCase<'a>(&'a str);

impl PartialEq for IgnoringCase<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for IgnoringCase<'_> {}

impl Hash for IgnoringCase<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut buffer = [0u8; 64];
        for chunk in self.0.as_bytes().chunks(buffer.len()) {
            let lower = &mut buffer[..chunk.len()];
            lower.copy_from_slice(chunk);
            lower.make_ascii_lowercase();
            state.write(lower);
        }
        state.write_usize(self.0.len());
    }
}

/// The address (or why there is none) and the display name of an entry.
fn read(text: &str, atoms: &[Atom], raw: &RawEntry) -> (Result<Email, InvalidReason>, Option<String>) {
    match &raw.form {
        Form::Bare => (
            parse_candidate(text.get(raw.start..raw.end).unwrap_or_default()),
            None,
        ),
        Form::Phrase { atoms: range } => {
            let joined = join(text, atoms.get(range.clone()).unwrap_or_default());
            (parse_candidate(&joined), None)
        }
        Form::Angle { name, angle } => {
            let inner = atoms.get(*angle).map_or("", |a| {
                let end = match a.kind {
                    AtomKind::Angle { closed: true } => a.end - 1,
                    _ => a.end,
                };
                text.get(a.start + 1..end).unwrap_or_default()
            });
            let name = join(text, atoms.get(name.clone()).unwrap_or_default());
            (parse_candidate(inner), Some(name).filter(|n| !n.is_empty()))
        }
    }
}

/// Parses an address once white space and any `mailto:` (with its `?query`) are removed.
fn parse_candidate(candidate: &str) -> Result<Email, InvalidReason> {
    Email::parse(strip_mailto(candidate.trim()))
}

fn strip_mailto(s: &str) -> &str {
    match (s.get(..7), s.get(7..)) {
        (Some(scheme), Some(rest)) if scheme.eq_ignore_ascii_case("mailto:") => {
            rest.find('?').map_or(rest, |q| &rest[..q]).trim()
        }
        _ => s,
    }
}

/// The text of words and quoted strings, quotes removed, backslash escapes inside quotes
/// resolved, white space between atoms made one space, and the ends trimmed.
fn join(text: &str, atoms: &[Atom]) -> String {
    let mut out = String::new();
    for (k, atom) in atoms.iter().enumerate() {
        if k > 0 && atom.space_before {
            out.push(' ');
        }
        match atom.kind {
            AtomKind::Quoted => {
                let inner = text.get(atom.start + 1..atom.end - 1).unwrap_or_default();
                let mut chars = inner.chars();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => out.extend(chars.next()),
                        c => out.push(c),
                    }
                }
            }
            _ => out.push_str(text.get(atom.start..atom.end).unwrap_or_default()),
        }
    }
    let trimmed = out.trim();
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignoring_case_hashes_and_compares_like_the_key() {
        use std::hash::BuildHasher;
        let state = std::collections::hash_map::RandomState::new();
        let long = format!("{}@Example.COM", "Ab".repeat(50));
        let lower = long.to_ascii_lowercase();
        assert_eq!(
            state.hash_one(IgnoringCase(&long)),
            state.hash_one(IgnoringCase(&lower))
        );
        assert!(IgnoringCase(&long) == IgnoringCase(&lower));
        assert!(IgnoringCase("a@x.org") != IgnoringCase("a@x.org.uk"));
    }

    #[test]
    fn mailto_is_stripped_in_any_case() {
        assert_eq!(strip_mailto("mailto:a@x.org"), "a@x.org");
        assert_eq!(strip_mailto("MailTo:a@x.org?subject=Hi"), "a@x.org");
        assert_eq!(strip_mailto("mailto:"), "");
        assert_eq!(strip_mailto("mailto"), "mailto");
        assert_eq!(strip_mailto("mailtoé:a@x.org"), "mailtoé:a@x.org");
        assert_eq!(strip_mailto("a@x.org?x"), "a@x.org?x");
    }
}
