//! CSV as RFC 4180 writes it: fields separated by commas, records ended by CRLF, a field quoted
//! when it holds a comma, a quote or a line break (its quotes doubled). Files are UTF-8 with a
//! byte-order mark, so that spreadsheet applications read them as UTF-8.
//!
//! **Formula neutralisation.** A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@`
//! (and some also a tab or carriage return) as a formula. Every such field is written with a
//! `'` in front, which spreadsheets show as text; [`read`] takes that `'` off again, so that a
//! file exported and imported keeps its values.
//!
//! Reading is strict where a spreadsheet would guess: a quote left open, text after a closing
//! quote, a record longer than [`MAX_RECORD_BYTES`], or bytes that are not UTF-8 are each an
//! error naming the line, and nothing of the file is used.

/// The UTF-8 byte-order mark that starts every file written.
pub const BOM: &str = "\u{feff}";

/// The longest record read (64 KiB): a longer one is refused, whatever its content.
pub const MAX_RECORD_BYTES: usize = 64 * 1024;

/// Whether a spreadsheet would read `field` as a formula.
fn looks_like_formula(field: &str) -> bool {
    matches!(
        field.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// Appends one record (with its CRLF) to `out`.
pub fn write_record<S: AsRef<str>>(out: &mut String, fields: &[S]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let field = field.as_ref();
        let neutral = looks_like_formula(field);
        let quoted = field.contains([',', '"', '\n', '\r']);
        if quoted {
            out.push('"');
        }
        if neutral {
            out.push('\'');
        }
        if quoted {
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvError {
    /// Not UTF-8: the byte offset of the first bad byte, and its line.
    Encoding { line: usize },
    /// A quoted field still open at the end of the file: the line it opened on.
    UnclosedQuote { line: usize },
    /// Text right after a closing quote (`"a"b`): the line.
    TextAfterQuote { line: usize },
    /// A record longer than [`MAX_RECORD_BYTES`]: the line it starts on.
    RecordTooLong { line: usize },
}

impl CsvError {
    /// A sentence for the person who sent the file.
    pub fn message(&self) -> String {
        match self {
            CsvError::Encoding { line } => format!(
                "The file is not UTF-8 text (line {line} has bytes that are not UTF-8). \
                 Save it as \"CSV UTF-8\" and try again."
            ),
            CsvError::UnclosedQuote { line } => format!(
                "A quoted field opened on line {line} is never closed: the quotes in the file are unbalanced."
            ),
            CsvError::TextAfterQuote { line } => format!(
                "Line {line} has text right after a closing quote; a quote inside a quoted field is written twice (\"\")."
            ),
            CsvError::RecordTooLong { line } => format!(
                "The record starting on line {line} is longer than {} KiB; no customer row is that long.",
                MAX_RECORD_BYTES / 1024
            ),
        }
    }
}

/// One record read: its fields, and the line it starts on (from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// Reads a whole file: a byte-order mark is skipped, records end at CRLF or LF (or CR), blank
/// lines are skipped, and a neutralised field (`'` before `=`, `+`, `-`, `@`) is restored.
pub fn read(bytes: &[u8]) -> Result<Vec<Record>, CsvError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count();
            return Err(CsvError::Encoding { line });
        }
    };
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let bytes = text.as_bytes();
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut record_start = 0;
    let mut i = 0;
    // Whether the current field was quoted (it then keeps its text exactly).
    let mut was_quoted = false;
    let finish_field = |field: &mut String, fields: &mut Vec<String>, was_quoted: &mut bool| {
        let value = std::mem::take(field);
        fields.push(restore(value, *was_quoted));
        *was_quoted = false;
    };
    while i < bytes.len() {
        if i - record_start > MAX_RECORD_BYTES {
            return Err(CsvError::RecordTooLong { line: record_line });
        }
        match bytes[i] {
            b'"' if field.is_empty() && !was_quoted => {
                // A quoted field: up to the closing quote, doubled quotes standing for one.
                let open_line = line;
                i += 1;
                let mut start = i;
                loop {
                    let Some(offset) = bytes[i..].iter().position(|b| *b == b'"') else {
                        return Err(CsvError::UnclosedQuote { line: open_line });
                    };
                    let quote = i + offset;
                    line += bytes[i..quote].iter().filter(|b| **b == b'\n').count();
                    if quote - record_start > MAX_RECORD_BYTES {
                        return Err(CsvError::RecordTooLong { line: record_line });
                    }
                    if bytes.get(quote + 1) == Some(&b'"') {
                        // A doubled quote: one quote of the value.
                        field.push_str(&text[start..quote + 1]);
                        i = quote + 2;
                        start = i;
                        continue;
                    }
                    field.push_str(&text[start..quote]);
                    i = quote + 1;
                    break;
                }
                was_quoted = true;
                match bytes.get(i) {
                    None | Some(b',' | b'\n' | b'\r') => {}
                    Some(_) => return Err(CsvError::TextAfterQuote { line }),
                }
            }
            b',' => {
                finish_field(&mut field, &mut fields, &mut was_quoted);
                i += 1;
            }
            b'\n' | b'\r' => {
                let crlf = bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n');
                finish_field(&mut field, &mut fields, &mut was_quoted);
                let blank = fields.len() == 1 && fields[0].is_empty();
                if !blank {
                    records.push(Record {
                        line: record_line,
                        fields: std::mem::take(&mut fields),
                    });
                }
                fields.clear();
                i += if crlf { 2 } else { 1 };
                line += 1;
                record_line = line;
                record_start = i;
            }
            _ => {
                if was_quoted {
                    return Err(CsvError::TextAfterQuote { line });
                }
                // Up to the next structural byte (all ASCII, so a char boundary).
                let end = bytes[i..]
                    .iter()
                    .position(|b| matches!(b, b',' | b'\n' | b'\r' | b'"'))
                    .map_or(bytes.len(), |o| i + o);
                let end = if end == i { i + 1 } else { end };
                if end - record_start > MAX_RECORD_BYTES {
                    return Err(CsvError::RecordTooLong { line: record_line });
                }
                field.push_str(&text[i..end]);
                i = end;
            }
        }
    }
    if !field.is_empty() || was_quoted || !fields.is_empty() {
        finish_field(&mut field, &mut fields, &mut was_quoted);
        records.push(Record {
            line: record_line,
            fields,
        });
    }
    Ok(records)
}

/// A field's value: unquoted fields are trimmed; a `'` put before a formula-looking value by
/// [`write_record`] is taken off.
fn restore(value: String, quoted: bool) -> String {
    let value = if quoted { value } else { value.trim().to_string() };
    match value.strip_prefix('\'') {
        Some(rest) if looks_like_formula(rest) => rest.to_string(),
        _ => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<Vec<String>> {
        read(text.as_bytes())
            .unwrap()
            .into_iter()
            .map(|r| r.fields)
            .collect()
    }

    #[test]
    fn written_records_read_back_the_same() {
        let rows = [
            vec![
                "a@x.org",
                "Doe, \"JD\" Jane",
                "=1+2",
                "-5",
                "+x",
                "@home",
                "plain",
            ],
            vec!["", "multi\nline", "tab\tinside", "'quoted already", "", "", ""],
        ];
        let mut out = String::from(BOM);
        for row in &rows {
            write_record(&mut out, row);
        }
        assert!(out.contains("'=1+2,'-5,'+x,'@home"), "{out}");
        let back = fields(&out);
        assert_eq!(
            back,
            rows.map(|r| r.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        );
    }

    #[test]
    fn records_end_at_any_line_break_and_blank_lines_are_skipped() {
        assert_eq!(
            fields("a,b\r\n\r\nc,d\ne\rf"),
            [vec!["a", "b"], vec!["c", "d"], vec!["e"], vec!["f"]]
        );
        assert_eq!(read(b"a,b\n").unwrap()[0].line, 1);
        assert_eq!(read(b"\n\na\n").unwrap()[0].line, 3);
    }

    #[test]
    fn bad_files_are_refused_with_the_line() {
        assert_eq!(read(b"a\n\"open,b\nc"), Err(CsvError::UnclosedQuote { line: 2 }));
        assert_eq!(read(b"a\n\"x\"y"), Err(CsvError::TextAfterQuote { line: 2 }));
        assert_eq!(read(b"ok\n\xff\xfe"), Err(CsvError::Encoding { line: 2 }));
        let long = "x".repeat(MAX_RECORD_BYTES + 10);
        assert_eq!(
            read(format!("a\n{long}").as_bytes()),
            Err(CsvError::RecordTooLong { line: 2 })
        );
        let quoted = format!("a\n\"{long}\"");
        assert_eq!(read(quoted.as_bytes()), Err(CsvError::RecordTooLong { line: 2 }));
    }
}
