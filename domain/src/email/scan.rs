//! Splitting text into entries, without judging the addresses.
//!
//! The text is read once, left to right, into *atoms*: words, quoted strings and angle
//! addresses. Atoms between two hard separators (comma, semicolon, line break) form a
//! *segment*; within a segment, atoms not separated by white space form a *chunk*; chunks are
//! then grouped into entries (see the module documentation of `email` for the rules), which
//! are handed to a sink together with the segment's atoms. Only one segment's atoms are kept
//! at a time.
//! Every structural character is ASCII, so byte offsets found by looking at single bytes are
//! always on character boundaries.

use std::ops::Range;

use super::lex::{angle_end, classify, is_plain, quote_end, Class};

/// Whether the text is a pasted list or a single entry (an element of a JSON array).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    /// Split at separators.
    List,
    /// The whole text is one entry: commas and semicolons are ordinary characters and line
    /// breaks are white space.
    Single,
}

/// What an atom is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum AtomKind {
    /// A run of ordinary characters.
    Word,
    /// `"..."`, closed on the same line; the span includes both quotes.
    Quoted,
    /// `<...>`; the span includes the `<`, and the `>` when `closed`.
    Angle {
        /// Whether a `>` closed it.
        closed: bool,
    },
}

/// A word, quoted string or angle address, as a byte range of the text.
#[derive(Clone, Copy, Debug)]
pub(super) struct Atom {
    pub start: usize,
    pub end: usize,
    pub kind: AtomKind,
    /// Whether white space (or the start of a segment) comes just before it.
    pub space_before: bool,
}

/// How an entry's address and display name are to be read from its atoms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Form {
    /// `name <address>`: the atoms in `name` (maybe none) are the display name; the atom at
    /// `angle` holds the address. (Atom indexes are into the slice handed to the sink.)
    Angle { name: Range<usize>, angle: usize },
    /// An address written as is (it has an `@` outside quotes): the entry's text is the address.
    Bare,
    /// Words and quoted strings without an angle address: the address is their text with the
    /// quotes removed (so `"jane@example.com"` is an address, `Jane Doe` has no `@`).
    Phrase { atoms: Range<usize> },
}

/// One entry: its byte range in the text and how to read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct RawEntry {
    pub start: usize,
    pub end: usize,
    pub form: Form,
}

/// Reads `text` and hands each entry, in order, to `sink` with the atoms its [`Form`] refers
/// to. In [`Mode::Single`] there is always exactly one entry (with `start == end == 0` and no
/// atoms when the text is blank).
pub(super) fn scan<F: FnMut(&[Atom], RawEntry)>(text: &str, mode: Mode, sink: F) {
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        mode,
        atoms: Vec::new(),
        chunks: Vec::new(),
        space: true,
        literal_quotes_until: 0,
        sink,
    };
    scanner.run();
}

/// A group of atoms with no white space between them (an angle address is always alone).
#[derive(Clone, Copy, Debug)]
struct Chunk {
    first: usize,
    end: usize,
    angle: bool,
    /// An `@` in a word of the chunk: it is an address.
    at_outside: bool,
    /// An `@` inside a quoted string of the chunk.
    at_inside: bool,
}

struct Scanner<'a, F> {
    text: &'a str,
    bytes: &'a [u8],
    mode: Mode,
    /// The atoms of the current segment.
    atoms: Vec<Atom>,
    /// Reused buffer for the chunks of the current segment.
    chunks: Vec<Chunk>,
    /// White space (or a segment start) since the last atom.
    space: bool,
    /// Quotes before this offset are ordinary characters: one of them was found not to close
    /// before the end of its line, and looking again for every later quote on that line could
    /// take quadratic time.
    literal_quotes_until: usize,
    sink: F,
}

impl<F: FnMut(&[Atom], RawEntry)> Scanner<'_, F> {
    fn run(&mut self) {
        let n = self.bytes.len();
        let mut i = 0;
        while i < n {
            let (class, len) = classify(self.text, i, self.mode);
            match class {
                Class::Hard => {
                    self.end_segment();
                    self.space = true;
                    i += len;
                }
                Class::Space => {
                    self.space = true;
                    i += len;
                }
                Class::Quote if i >= self.literal_quotes_until => match quote_end(self.bytes, i) {
                    Ok(end) => {
                        self.push(i, end, AtomKind::Quoted);
                        i = end;
                    }
                    Err(line_end) => {
                        self.literal_quotes_until = line_end;
                        self.word(i, i + len);
                        i += len;
                    }
                },
                Class::Open => {
                    let (end, closed) = angle_end(self.text, i, self.mode);
                    self.push(i, end, AtomKind::Angle { closed });
                    i = end;
                }
                Class::Quote | Class::Other => {
                    let mut end = i + len;
                    while end < n && is_plain(self.bytes[end]) {
                        end += 1;
                    }
                    self.word(i, end);
                    i = end;
                }
            }
        }
        match self.mode {
            Mode::List => self.end_segment(),
            Mode::Single => self.single_entry(),
        }
    }

    /// Adds an atom.
    fn push(&mut self, start: usize, end: usize, kind: AtomKind) {
        self.atoms.push(Atom {
            start,
            end,
            kind,
            space_before: self.space,
        });
        self.space = false;
    }

    /// Adds `start..end` to the word just before it, or starts a new word.
    fn word(&mut self, start: usize, end: usize) {
        if !self.space {
            if let Some(last) = self.atoms.last_mut() {
                if last.kind == AtomKind::Word && last.end == start {
                    last.end = end;
                    return;
                }
            }
        }
        self.push(start, end, AtomKind::Word);
    }

    fn has_at(&self, atom: &Atom) -> bool {
        self.bytes[atom.start..atom.end].contains(&b'@')
    }

    /// Adds an entry spanning the atoms `atoms` (not empty).
    fn emit(&mut self, atoms: Range<usize>, form: Form) {
        let start = self.atoms[atoms.start].start;
        let end = self.atoms[atoms.end - 1].end;
        (self.sink)(&self.atoms, RawEntry { start, end, form });
    }

    /// Turns the atoms of the segment that just ended into entries.
    fn end_segment(&mut self) {
        if self.atoms.is_empty() {
            return;
        }
        let mut chunks = std::mem::take(&mut self.chunks);
        chunks.clear();
        for k in 0..self.atoms.len() {
            let atom = self.atoms[k];
            let angle = matches!(atom.kind, AtomKind::Angle { .. });
            let (at_outside, at_inside) = match atom.kind {
                AtomKind::Word => (self.has_at(&atom), false),
                AtomKind::Quoted => (false, self.has_at(&atom)),
                AtomKind::Angle { .. } => (false, false),
            };
            match chunks.last_mut() {
                Some(chunk) if !chunk.angle && !angle && !atom.space_before => {
                    chunk.end = k + 1;
                    chunk.at_outside |= at_outside;
                    chunk.at_inside |= at_inside;
                }
                _ => chunks.push(Chunk {
                    first: k,
                    end: k + 1,
                    angle,
                    at_outside,
                    at_inside,
                }),
            }
        }

        // `pending` is the first chunk of a run of words and quoted strings that may yet turn
        // out to be the display name of an angle address.
        let mut pending: Option<usize> = None;
        for (ci, chunk) in chunks.iter().enumerate() {
            if chunk.angle {
                let name_first = pending.take().map_or(chunk.first, |p| chunks[p].first);
                self.emit(
                    name_first..chunk.end,
                    Form::Angle {
                        name: name_first..chunk.first,
                        angle: chunk.first,
                    },
                );
            } else if chunk.at_outside {
                if let Some(p) = pending.take() {
                    self.flush_phrase(&chunks[p..ci]);
                }
                self.emit(chunk.first..chunk.end, Form::Bare);
            } else if pending.is_none() {
                pending = Some(ci);
            }
        }
        if let Some(p) = pending {
            self.flush_phrase(&chunks[p..]);
        }
        self.chunks = chunks;
        self.atoms.clear();
    }

    /// Makes entries of words and quoted strings that no angle address followed: runs of
    /// chunks without an `@` stay together, a chunk with an `@` in quotes stands alone.
    fn flush_phrase(&mut self, chunks: &[Chunk]) {
        let mut run: Option<usize> = None;
        for chunk in chunks {
            if chunk.at_inside {
                if let Some(first) = run.take() {
                    self.emit(
                        first..chunk.first,
                        Form::Phrase {
                            atoms: first..chunk.first,
                        },
                    );
                }
                let atoms = chunk.first..chunk.end;
                self.emit(atoms.clone(), Form::Phrase { atoms });
            } else if run.is_none() {
                run = Some(chunk.first);
            }
        }
        if let (Some(first), Some(last)) = (run, chunks.last()) {
            let atoms = first..last.end;
            self.emit(atoms.clone(), Form::Phrase { atoms });
        }
    }

    /// Makes the one entry of [`Mode::Single`].
    fn single_entry(&mut self) {
        let all = 0..self.atoms.len();
        let Some(last) = self.atoms.last().copied() else {
            let raw = RawEntry {
                start: 0,
                end: 0,
                form: Form::Phrase { atoms: 0..0 },
            };
            (self.sink)(&[], raw);
            return;
        };
        let form = if matches!(last.kind, AtomKind::Angle { .. }) {
            Form::Angle {
                name: 0..all.end - 1,
                angle: all.end - 1,
            }
        } else if self
            .atoms
            .iter()
            .any(|a| a.kind != AtomKind::Quoted && self.has_at(a))
        {
            Form::Bare
        } else {
            Form::Phrase { atoms: all.clone() }
        };
        self.emit(all, form);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<&str> {
        let mut spans = Vec::new();
        scan(text, Mode::List, |_, e| spans.push(&text[e.start..e.end]));
        spans
    }

    #[test]
    fn entry_spans() {
        assert_eq!(
            spans("Jane Doe <j@x.org>, \"Doe, J\" <d@x.org>;a@x.org  b@y.org"),
            ["Jane Doe <j@x.org>", "\"Doe, J\" <d@x.org>", "a@x.org", "b@y.org"]
        );
        assert_eq!(spans(" ,, ;\n\n"), Vec::<&str>::new());
        assert_eq!(spans("Jane Doe, bob@x.org"), ["Jane Doe", "bob@x.org"]);
        assert_eq!(spans("Jane a@x.org <b@y.org>"), ["Jane", "a@x.org", "<b@y.org>"]);
        assert_eq!(
            spans("\"a@x.org\" \"b@y.org\" c"),
            ["\"a@x.org\"", "\"b@y.org\"", "c"]
        );
        assert_eq!(spans("x\"a, b\"y z"), ["x\"a, b\"y z"]);
        assert_eq!(spans("\"a, b"), ["\"a", "b"]);
    }
}
