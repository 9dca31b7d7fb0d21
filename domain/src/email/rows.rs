//! Rows copied from a spreadsheet: tab-separated cells, one row per line.
//!
//! A line with a tab is read as a row when it holds exactly one address cell (a cell with an
//! `@` and no white space) and at least one other cell without an `@`: the address cell is the
//! entry's address, the first other non-empty cell its display name, whichever order the
//! columns come in. A tab-separated line without any `@` that has an email heading (`Email`,
//! `E-mail`, `Email address`, …) is a header row: it is skipped, and it names the columns of the
//! rows after it (the email column, and a name column — `Name`, `Full name`, `Display name` — or
//! `First name` and `Last name`, joined). After a header every tab-separated line is a row,
//! its address taken from the email column. A first line that is only an email heading (a
//! single column copied with its header) is skipped too. Any other line is read as before.

use std::ops::Range;

/// What a column heading names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Heading {
    /// The email address.
    Email,
    /// The whole name.
    Name,
    /// The given name.
    FirstName,
    /// The family name.
    LastName,
    /// Organizations (a list).
    Organizations,
    /// Projects (a list of project keys).
    Projects,
}

/// What `cell` names as a column heading, if anything: compared ignoring case, spaces,
/// hyphens and underscores (`E-mail`, `email_address`, `Display Name`).
pub fn heading(cell: &str) -> Option<Heading> {
    let key: String = cell
        .trim()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    Some(match key.as_str() {
        "email" | "emails" | "emailaddress" | "mail" | "mailaddress" | "emailid" => Heading::Email,
        "name" | "fullname" | "displayname" | "customername" | "contactname" | "customer" | "contact" => {
            Heading::Name
        }
        "firstname" | "givenname" | "forename" | "first" => Heading::FirstName,
        "lastname" | "surname" | "familyname" | "last" => Heading::LastName,
        "organizations" | "organisations" | "organization" | "organisation" | "orgs" | "org" => {
            Heading::Organizations
        }
        "projects" | "project" | "projectkeys" | "projectkey" | "servicedesks" | "servicedesk" => {
            Heading::Projects
        }
        _ => return None,
    })
}

/// The columns a header row names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Columns {
    email: usize,
    name: Option<usize>,
    first: Option<usize>,
    last: Option<usize>,
}

/// How a line reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Line {
    /// Not a spreadsheet row: split as any pasted text.
    Text,
    /// A header row: skipped; it names the columns of the rows after it.
    Header(Columns),
    /// A row: its address cell (a byte range of the line, maybe empty) and its name.
    Row {
        address: Range<usize>,
        name: Option<String>,
    },
}

/// The cells of a tab-separated line: byte ranges of the line, white space trimmed.
fn cells(line: &str) -> Vec<Range<usize>> {
    let mut cells = Vec::new();
    let mut start = 0;
    for piece in line.split('\t') {
        let end = start + piece.len();
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        cells.push(start + lead..start + lead + trimmed.len());
        start = end + 1;
    }
    cells
}

/// A cell's text, with a spreadsheet's quoting removed (`"Doe ""JD"" Jane"` → `Doe "JD" Jane`).
fn unquote(cell: &str) -> String {
    let inner = cell
        .strip_prefix('"')
        .and_then(|c| c.strip_suffix('"'))
        .filter(|_| cell.len() >= 2);
    match inner {
        Some(inner) => inner.replace("\"\"", "\"").trim().to_string(),
        None => cell.to_string(),
    }
}

/// Reads one line (without its line break) that has a tab, given the columns of the last
/// header row, if any.
pub(super) fn read_line(line: &str, columns: Option<&Columns>) -> Line {
    let cells = cells(line);
    let text = |r: &Range<usize>| &line[r.clone()];
    let has_at = |r: &Range<usize>| text(r).contains('@');
    if !cells.iter().any(has_at) {
        let headings: Vec<Option<Heading>> = cells.iter().map(|r| heading(text(r))).collect();
        let Some(email) = headings.iter().position(|h| *h == Some(Heading::Email)) else {
            return match columns {
                // A row of the table whose email cell is empty.
                Some(columns) => row(line, &cells, columns),
                None => Line::Text,
            };
        };
        let find = |h: Heading| headings.iter().position(|x| *x == Some(h));
        return Line::Header(Columns {
            email,
            name: find(Heading::Name),
            first: find(Heading::FirstName),
            last: find(Heading::LastName),
        });
    }
    if let Some(columns) = columns {
        let in_column = cells.get(columns.email).is_some_and(has_at);
        if in_column {
            return row(line, &cells, columns);
        }
        // The address is in another column: read the row as if there were no header.
        return match read_line(line, None) {
            Line::Text => row(line, &cells, columns),
            found => found,
        };
    }
    let mut addresses = cells.iter().filter(|r| has_at(r));
    let (Some(address), None) = (addresses.next(), addresses.next()) else {
        return Line::Text;
    };
    if text(address).contains(char::is_whitespace) {
        return Line::Text;
    }
    let name = cells
        .iter()
        .filter(|r| *r != address && !r.is_empty())
        .map(|r| unquote(text(r)))
        .find(|n| !n.is_empty());
    match name {
        Some(name) => Line::Row {
            address: address.clone(),
            name: Some(name),
        },
        None => Line::Text,
    }
}

/// A row read by the header's columns.
fn row(line: &str, cells: &[Range<usize>], columns: &Columns) -> Line {
    let cell = |i: Option<usize>| {
        i.and_then(|i| cells.get(i))
            .map(|r| unquote(&line[r.clone()]))
            .filter(|c| !c.is_empty())
    };
    let name = cell(columns.name).or_else(|| {
        let parts: Vec<String> = [cell(columns.first), cell(columns.last)]
            .into_iter()
            .flatten()
            .collect();
        Some(parts.join(" ")).filter(|n| !n.is_empty())
    });
    let address = cells
        .get(columns.email)
        .cloned()
        .unwrap_or(line.len()..line.len());
    Line::Row { address, name }
}

/// Whether a line alone is a heading of the email column (a single column copied with its
/// header).
pub(super) fn is_email_heading(line: &str) -> bool {
    !line.contains('@') && heading(line) == Some(Heading::Email)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_of(line: &str) -> Option<String> {
        match read_line(line, None) {
            Line::Row { name, .. } => name,
            other => panic!("not a row: {other:?}"),
        }
    }

    #[test]
    fn headings_ignore_case_and_punctuation() {
        assert_eq!(heading(" E-Mail "), Some(Heading::Email));
        assert_eq!(heading("email_address"), Some(Heading::Email));
        assert_eq!(heading("Display Name"), Some(Heading::Name));
        assert_eq!(heading("Last name"), Some(Heading::LastName));
        assert_eq!(heading("Phone"), None);
    }

    #[test]
    fn rows_take_the_address_and_a_name_in_either_order() {
        assert_eq!(name_of("Jane Doe\tjane@x.org").as_deref(), Some("Jane Doe"));
        assert_eq!(name_of("jane@x.org\tJane Doe\tAcme").as_deref(), Some("Jane Doe"));
        assert_eq!(
            name_of("\tjane@x.org\t\"Doe, \"\"JD\"\"\"").as_deref(),
            Some("Doe, \"JD\"")
        );
        assert_eq!(read_line("a@x.org\tb@x.org", None), Line::Text);
        assert_eq!(read_line("Dr.\tMD <jane@x.org>", None), Line::Text);
        assert_eq!(read_line("jane@x.org\t", None), Line::Text);
    }

    #[test]
    fn a_header_names_the_columns() {
        let Line::Header(columns) = read_line("First name\tLast name\tCompany\tEmail", None) else {
            panic!("not a header");
        };
        assert_eq!(
            read_line("Jane\tDoe\tAcme\tjane@x.org", Some(&columns)),
            Line::Row {
                address: 14..24,
                name: Some("Jane Doe".into())
            }
        );
        assert_eq!(
            read_line("Jane\tDoe\tAcme", Some(&columns)),
            Line::Row {
                address: 13..13,
                name: Some("Jane Doe".into())
            }
        );
    }
}
