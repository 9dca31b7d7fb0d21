//! CSV exports of customers (Settings → Customers, Settings → Organizations, a project's
//! Customers page): RFC 4180, UTF-8 with a byte-order mark, formula-looking cells neutralised
//! (see [`crate::csv`]).
//!
//! The file is streamed: a task reads the rows in batches inside one read transaction (one
//! snapshot) and hands each batch, written as CSV, to the response body through a small
//! bounded channel, so the server holds a few batches at most whatever the size of the list,
//! and a slow client slows the reading rather than filling memory. The number of rows is sent
//! ahead in `X-Total-Count`, so that a page can show how far the download is (every record is
//! one line: no exported value holds a line break).

use axum::body::Body;
use axum::http::{header, HeaderValue};
use axum::response::Response;
use bytes::Bytes;
use tokio_stream::wrappers::ReceiverStream;

use super::error::ApiResult;
use super::present::date;
use crate::csv::{write_record, BOM};
use crate::store::export::{export_batch, export_count, ExportCursor, ExportPerson, ExportRow, ExportScope};
use crate::AppState;

/// The columns of every export, in order.
pub const COLUMNS: [&str; 8] = [
    "email",
    "display name",
    "status",
    "kind",
    "organizations",
    "projects",
    "created",
    "last invitation",
];

/// The columns the organizations export has before [`COLUMNS`].
pub const ORGANIZATION_COLUMNS: [&str; 2] = ["organization", "organization projects"];

/// How several values share one cell (organization names, project keys).
pub const LIST_SEPARATOR: &str = "; ";

/// The header carrying the number of rows.
pub const TOTAL_HEADER: &str = "x-total-count";

/// A time as `2026-11-29T17:35:52Z` (UTC).
fn timestamp(millis: i64) -> String {
    let iso = date(millis).iso8601;
    format!("{}Z", iso.trim_end_matches("+0000"))
}

fn person_fields(person: Option<&ExportPerson>) -> [String; 8] {
    let Some(p) = person else {
        return Default::default();
    };
    [
        p.user.email.clone(),
        p.user.display_name.clone(),
        p.user.status.as_str().to_string(),
        p.user.kind.clone(),
        p.organizations.join(LIST_SEPARATOR),
        p.projects.join(LIST_SEPARATOR),
        timestamp(p.created_at),
        p.last_invitation.map(timestamp).unwrap_or_default(),
    ]
}

fn write_row(out: &mut String, row: &ExportRow) {
    let person = person_fields(row.person.as_ref());
    match &row.organization {
        None => write_record(out, &person),
        Some((name, projects)) => {
            let mut fields = vec![name.clone(), projects.join(LIST_SEPARATOR)];
            fields.extend(person);
            write_record(out, &fields);
        }
    }
}

/// The CSV file of `scope` as a streamed response, named `name`.
pub async fn csv_response(state: &AppState, scope: ExportScope, name: &str) -> ApiResult<Response> {
    let store = state.store.clone();
    let backend = store.backend();
    let mut tx = store.begin().await?;
    let total = export_count(&mut tx, backend, &scope).await?;
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let mut head = String::from(BOM);
    if matches!(scope, ExportScope::Organizations { .. }) {
        let mut columns: Vec<&str> = ORGANIZATION_COLUMNS.to_vec();
        columns.extend(COLUMNS);
        write_record(&mut head, &columns);
    } else {
        write_record(&mut head, &COLUMNS);
    }
    tokio::spawn(async move {
        if sender.send(Ok(Bytes::from(head))).await.is_err() {
            return;
        }
        let mut cursor = ExportCursor::default();
        loop {
            match export_batch(&mut tx, backend, &scope, cursor).await {
                Ok((rows, next)) => {
                    let mut out = String::with_capacity(rows.len() * 120);
                    for row in &rows {
                        write_row(&mut out, row);
                    }
                    if !out.is_empty() && sender.send(Ok(Bytes::from(out))).await.is_err() {
                        // The client went away.
                        return;
                    }
                    match next {
                        Some(next) => cursor = next,
                        None => break,
                    }
                }
                Err(error) => {
                    tracing::error!(%error, "an export failed half-way");
                    // The client sees the download fail rather than a file that looks whole.
                    let _ = sender.send(Err(std::io::Error::other("the export failed"))).await;
                    return;
                }
            }
        }
        let _ = tx.rollback().await;
    });
    let disposition = format!("attachment; filename=\"{name}.csv\"");
    let mut response = Response::new(Body::from_stream(ReceiverStream::new(receiver)));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(TOTAL_HEADER, HeaderValue::from(total));
    Ok(response)
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_utc_with_a_z() {
        assert_eq!(super::timestamp(1_700_000_000_123), "2023-11-14T22:13:20Z");
    }
}
