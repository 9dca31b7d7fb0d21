//! JSM paging: `start` and `limit` in, a page object with `_links` out.
//!
//! A list handler takes [`Paging`] as an extractor (a wrong `start` or `limit` is refused with
//! the API's 400 before the handler runs), asks the store for `limit + 1` rows from `start`,
//! and hands what it presents to [`Paging::at`]'s builder, which adds the links:
//!
//! ```text
//! let rows = state.store.project_customers(project.id, query, paging.start, paging.limit).await?;
//! let values = present::customers_with_organizations(&state, &rows).await?;
//! Ok(Json(paging.at(&state, path).with("query", query).page(values)))
//! ```

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use clientele_domain::reason::Reason;
use clientele_domain::url::encode_component;
use clientele_domain::wire::{Page, PageLinks};
use serde::Deserialize;

use super::error::ApiError;
use super::extract::ApiQuery;
use crate::AppState;

/// The default page size.
pub const DEFAULT_LIMIT: i64 = 50;
/// The largest page size; larger requests are clamped to it.
pub const MAX_LIMIT: i64 = 100;

/// `start` and `limit` from the query string. An empty value (`start=&limit=`) is the same as
/// none, as in Jira.
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
        Ok(Paging { start, limit })
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
        }
    }
}

/// Builds one page: the rows and the links to it and its neighbours, which repeat the filters.
pub struct PageBuilder<'a> {
    paging: Paging,
    base_url: &'a str,
    path: String,
    query: String,
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

    /// The page, from rows fetched with `limit + 1` (the extra row means "there is more").
    pub fn page<T>(self, rows: Vec<T>) -> Page<T> {
        let paging = self.paging;
        let (rows, is_last_page) = paging.split(rows);
        let link = |start: i64| {
            format!(
                "{}{}?start={start}&limit={}{}",
                self.base_url, self.path, paging.limit, self.query
            )
        };
        Page {
            size: rows.len(),
            start: paging.start as usize,
            limit: paging.limit as usize,
            is_last_page,
            values: rows,
            expands: Vec::new(),
            links: PageLinks {
                base: format!("{}{}", self.base_url, api_base(&self.path)),
                context: String::new(),
                self_link: link(paging.start),
                next: (!is_last_page).then(|| link(paging.start + paging.limit)),
                prev: (paging.start > 0).then(|| link((paging.start - paging.limit).max(0))),
            },
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
