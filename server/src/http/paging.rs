//! Paging: JSM's `start` and `limit`, or Clientele's `cursor`, in; a page object with `_links`
//! (and `nextCursor` when there is a next page) out.
//!
//! A cursor is opaque to clients: base64url of `1:START:ID` or `1:START:ID:NAME`, the key of the
//! last row of the page it follows in the list's order (`ID`, and `NAME` for lists ordered by
//! name) and the index of the next row when it was made (`START`, what the next page reports
//! as its `start`). The store continues *after that key*, through the list's index, so a page
//! costs the same anywhere in the list, and rows added or removed meanwhile neither repeat
//! nor skip any other row.
//!
//! A list handler takes [`Paging`] as an extractor (a wrong `start` or `limit` is refused with
//! the API's 400 before the handler runs), asks the store for `limit + 1` rows from `start`,
//! and hands what it presents to [`Paging::at`]'s builder, which adds the links:
//!
//! ```text
//! let rows = state.store.project_customers(project.id, query, &paging.seek()?, paging.limit).await?;
//! let next = paging.next_key(&rows, |row| Key::id(row.id));
//! let values = present::customers_with_organizations(&state, &rows).await?;
//! Ok(Json(paging.at(&state, path).with("query", query).next(next).page(values)))
//! ```

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use clientele_domain::reason::Reason;
use clientele_domain::url::encode_component;
use clientele_domain::wire::{Page, PageLinks};
use serde::Deserialize;

use super::error::ApiError;
use super::extract::ApiQuery;
use crate::store::{Key, Seek};
use crate::AppState;

/// The default page size.
pub const DEFAULT_LIMIT: i64 = 50;
/// The largest page size; larger requests are clamped to it.
pub const MAX_LIMIT: i64 = 100;

/// `start`, `limit` and `cursor` from the query string. An empty value (`start=&limit=`) is the
/// same as none, as in Jira.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Index of the first value (default 0).
    #[serde(default, deserialize_with = "super::extract::empty_as_none")]
    #[param(value_type = Option<i64>, minimum = 0)]
    start: Option<i64>,
    /// Page size (default 50; 0 means the default; above 100 is clamped to 100).
    #[serde(default, deserialize_with = "super::extract::empty_as_none")]
    #[param(value_type = Option<i64>, minimum = 0)]
    limit: Option<i64>,
    /// Continue after the page that gave this `nextCursor` (instead of `start`): any page costs
    /// the same, and rows added or removed meanwhile are neither repeated nor skipped.
    #[serde(default, deserialize_with = "super::extract::empty_as_none")]
    cursor: Option<String>,
}

/// Validated paging: `start` ≥ 0 and 1 ≤ `limit` ≤ 100, or a cursor (with the `start` it
/// recorded).
#[derive(Debug, Clone)]
pub struct Paging {
    pub start: i64,
    pub limit: i64,
    /// The key to continue after, from a cursor.
    pub after: Option<Key>,
}

/// The 400 for a cursor this API did not give out (or a list it was not given out for).
fn bad_cursor() -> ApiError {
    ApiError::bad_request(
        Reason::InvalidParameter,
        "cursor is not one this list gave out: pass a page's nextCursor as it is, or leave cursor out to start from the first page.",
    )
}

/// The cursor text for the page starting at index `start`, after the row `key`.
fn encode_cursor(start: i64, key: &Key) -> String {
    let text = match &key.name {
        None => format!("1:{start}:{}", key.id),
        Some(name) => format!("1:{start}:{}:{name}", key.id),
    };
    URL_SAFE_NO_PAD.encode(text)
}

/// The start index and key of a cursor, or the 400.
fn decode_cursor(cursor: &str) -> Result<(i64, Key), ApiError> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor.trim()).map_err(|_| bad_cursor())?;
    let text = String::from_utf8(bytes).map_err(|_| bad_cursor())?;
    let mut parts = text.splitn(4, ':');
    if parts.next() != Some("1") {
        return Err(bad_cursor());
    }
    let number = |part: Option<&str>| -> Result<i64, ApiError> {
        part.and_then(|p| p.parse::<i64>().ok())
            .filter(|n| *n >= 0)
            .ok_or_else(bad_cursor)
    };
    let start = number(parts.next())?;
    let id = number(parts.next())?;
    let name = parts.next().map(str::to_owned);
    Ok((start, Key { id, name }))
}

impl PageParams {
    /// Checks the parameters. A negative `start` or `limit` is refused; `limit` 0 means the
    /// default and anything above the maximum is clamped, as JSM does.
    fn paging(&self) -> Result<Paging, ApiError> {
        let start = self.start.unwrap_or(0);
        if start < 0 {
            return Err(ApiError::bad_request(
                Reason::InvalidParameter,
                "start must be 0 or more.",
            ));
        }
        let limit = match self.limit.unwrap_or(DEFAULT_LIMIT) {
            l if l < 0 => {
                return Err(ApiError::bad_request(
                    Reason::InvalidParameter,
                    "limit must be 0 or more.",
                ));
            }
            0 => DEFAULT_LIMIT,
            l => l.min(MAX_LIMIT),
        };
        match self.cursor.as_deref() {
            None => Ok(Paging {
                start,
                limit,
                after: None,
            }),
            Some(_) if self.start.is_some() => Err(ApiError::bad_request(
                Reason::InvalidParameter,
                "Give start or cursor, not both.",
            )),
            Some(cursor) => {
                let (start, key) = decode_cursor(cursor)?;
                Ok(Paging {
                    start,
                    limit,
                    after: Some(key),
                })
            }
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Paging {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let ApiQuery(params) = ApiQuery::<PageParams>::from_request_parts(parts, state).await?;
        params.paging()
    }
}

impl Paging {
    /// The first page of `limit` rows.
    pub fn first(limit: i64) -> Paging {
        Paging {
            start: 0,
            limit,
            after: None,
        }
    }

    /// Where the page begins, in a list ordered by id: after the cursor's key, or at `start`.
    /// A cursor of a list ordered by name is refused.
    pub fn seek(&self) -> Result<Seek, ApiError> {
        match &self.after {
            None => Ok(Seek::Offset(self.start)),
            Some(key) if key.name.is_none() => Ok(Seek::After(key.clone())),
            Some(_) => Err(bad_cursor()),
        }
    }

    /// Where the page begins, in a list ordered by name then id (the organizations). A cursor
    /// of a list ordered by id is refused.
    pub fn seek_by_name(&self) -> Result<Seek, ApiError> {
        match &self.after {
            None => Ok(Seek::Offset(self.start)),
            Some(key) if key.name.is_some() => Ok(Seek::After(key.clone())),
            Some(_) => Err(bad_cursor()),
        }
    }

    /// In a list computed in memory (a handful of items), the number of items before the page:
    /// a cursor's key is the position of the next item.
    pub fn position(&self) -> Result<usize, ApiError> {
        match &self.after {
            None => Ok(self.start as usize),
            Some(key) if key.name.is_none() => Ok(key.id as usize),
            Some(_) => Err(bad_cursor()),
        }
    }

    /// The key a next page continues after: that of the page's last row, when rows fetched
    /// with `limit + 1` show there is a next page.
    pub fn next_key<T>(&self, rows: &[T], key: impl Fn(&T) -> Key) -> Option<Key> {
        (rows.len() as i64 > self.limit).then(|| key(&rows[self.limit as usize - 1]))
    }

    /// The cursor of the page after this one, which holds `size` rows and ends with `key`.
    pub fn cursor_after(&self, size: usize, key: &Key) -> String {
        encode_cursor(self.start + size as i64, key)
    }

    /// Splits rows fetched with `limit + 1` into this page's rows and whether it is the last.
    pub fn split<T>(&self, mut rows: Vec<T>) -> (Vec<T>, bool) {
        let is_last_page = rows.len() as i64 <= self.limit;
        rows.truncate(self.limit as usize);
        (rows, is_last_page)
    }

    /// A builder for the page of the resource at `path` (without query string).
    pub fn at(self, state: &AppState, path: impl Into<String>) -> PageBuilder<'_> {
        PageBuilder {
            paging: self,
            base_url: &state.base_url,
            path: path.into(),
            query: String::new(),
            next: None,
        }
    }
}

/// Builds one page: the rows and the links to it and its neighbours, which repeat the filters.
pub struct PageBuilder<'a> {
    paging: Paging,
    base_url: &'a str,
    path: String,
    query: String,
    next: Option<Key>,
}

impl PageBuilder<'_> {
    /// A filter the links repeat (`&name=value`, percent-encoded), when there is one (an empty
    /// value is none).
    pub fn with(mut self, name: &str, value: Option<&str>) -> Self {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            self.query
                .push_str(&format!("&{name}={}", encode_component(value)));
        }
        self
    }

    /// The key the next page continues after ([`Paging::next_key`]), for its `nextCursor`.
    pub fn next(mut self, key: Option<Key>) -> Self {
        self.next = key;
        self
    }

    /// The page, from rows fetched with `limit + 1` (the extra row means "there is more").
    /// Asked for by cursor, its links go on by cursor too; there is no `prev` then (a cursor
    /// leads forward; a client keeps the cursors it used to go back).
    pub fn page<T>(self, rows: Vec<T>) -> Page<T> {
        let paging = self.paging;
        let (rows, is_last_page) = paging.split(rows);
        let link = |start: i64| {
            format!(
                "{}{}?start={start}&limit={}{}",
                self.base_url, self.path, paging.limit, self.query
            )
        };
        let cursor_link = |cursor: &str| {
            format!(
                "{}{}?cursor={cursor}&limit={}{}",
                self.base_url, self.path, paging.limit, self.query
            )
        };
        let next_start = paging.start + rows.len() as i64;
        let next_cursor = match (&self.next, is_last_page) {
            (Some(key), false) => Some(encode_cursor(next_start, key)),
            _ => None,
        };
        let links = match &paging.after {
            None => PageLinks {
                base: format!("{}{}", self.base_url, api_base(&self.path)),
                context: String::new(),
                self_link: link(paging.start),
                next: (!is_last_page).then(|| link(paging.start + paging.limit)),
                prev: (paging.start > 0).then(|| link((paging.start - paging.limit).max(0))),
            },
            Some(after) => PageLinks {
                base: format!("{}{}", self.base_url, api_base(&self.path)),
                context: String::new(),
                self_link: cursor_link(&encode_cursor(paging.start, after)),
                next: next_cursor.as_deref().map(cursor_link),
                prev: None,
            },
        };
        Page {
            size: rows.len(),
            start: paging.start as usize,
            limit: paging.limit as usize,
            is_last_page,
            values: rows,
            expands: Vec::new(),
            links,
            next_cursor,
        }
    }
}

/// The API a list belongs to, as JSM's `_links.base` names it: `/rest/servicedeskapi` for the
/// JSM dialect, `/rest/clientele/1` for Clientele's own lists.
fn api_base(path: &str) -> &str {
    ["/rest/servicedeskapi", "/rest/clientele/1"]
        .into_iter()
        .find(|base| path.starts_with(base))
        .unwrap_or("")
}
