//! JSM paging: `start` and `limit` in, a page object with `_links` out.

use clientele_domain::reason::Reason;
use clientele_domain::wire::{Page, PageLinks};
use serde::Deserialize;

use super::error::ApiError;

/// The default page size.
pub const DEFAULT_LIMIT: i64 = 50;
/// The largest page size; larger requests are clamped to it.
pub const MAX_LIMIT: i64 = 100;

/// `start` and `limit` from the query string.
#[derive(Debug, Default, Deserialize)]
pub struct PageParams {
    pub start: Option<i64>,
    pub limit: Option<i64>,
}

/// Validated paging: `start` ≥ 0 and 1 ≤ `limit` ≤ 100.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub start: i64,
    pub limit: i64,
}

impl PageParams {
    /// Checks the parameters. A negative `start` or `limit` is refused; `limit` 0 means the
    /// default and anything above the maximum is clamped, as JSM does.
    pub fn paging(&self) -> Result<Paging, ApiError> {
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
        Ok(Paging { start, limit })
    }
}

impl Paging {
    /// Builds the page from rows fetched with `limit + 1` (the extra row means "there is more").
    /// `path` is the resource path without query string; `extra_query` carries other filters.
    pub fn page<T>(&self, mut rows: Vec<T>, base_url: &str, path: &str, extra_query: &str) -> Page<T> {
        let is_last_page = rows.len() as i64 <= self.limit;
        rows.truncate(self.limit as usize);
        let link = |start: i64| format!("{base_url}{path}?start={start}&limit={}{extra_query}", self.limit);
        Page {
            size: rows.len(),
            start: self.start as usize,
            limit: self.limit as usize,
            is_last_page,
            values: rows,
            links: PageLinks {
                base: base_url.to_string(),
                context: String::new(),
                self_link: link(self.start),
                next: (!is_last_page).then(|| link(self.start + self.limit)),
                prev: (self.start > 0).then(|| link((self.start - self.limit).max(0))),
            },
        }
    }
}
