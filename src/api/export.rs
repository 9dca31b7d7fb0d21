//! CSV exports (`GET …/customer/export`, `…/organization/export`,
//! `…/servicedesk/{key}/customer/export`): the file is read as it arrives, its lines counted
//! against the number of rows the server sends ahead (`X-Total-Count`), and handed to the
//! browser as a download when whole.

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::http::{self, broken_download, Query};
use super::ApiError;

/// How far a download is: rows received, of how many.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub rows: u64,
    pub total: Option<u64>,
}

/// The export of Settings → Customers (`GET /rest/clientele/1/customer/export`).
pub const CUSTOMERS: &str = "/rest/clientele/1/customer/export";
/// The export of Settings → Organizations (`GET /rest/clientele/1/organization/export`).
pub const ORGANIZATIONS: &str = "/rest/clientele/1/organization/export";

/// The export of a project's Customers page
/// (`GET /rest/clientele/1/servicedesk/{key}/customer/export`).
pub fn project_customers(key: &str) -> String {
    format!(
        "/rest/clientele/1/servicedesk/{}/customer/export",
        http::segment(key)
    )
}

fn js_error(what: &str) -> impl Fn(JsValue) -> ApiError + '_ {
    move |_| broken_download(what)
}

/// Downloads `path?query` as the file `file_name`, calling `progress` as rows arrive; answers
/// the number of rows.
pub async fn download_csv(
    path: &str,
    query: Query<'_>,
    file_name: &str,
    progress: impl Fn(Progress),
) -> Result<u64, ApiError> {
    let response = http::get_raw(path, query).await?;
    let total = response
        .headers()
        .get("x-total-count")
        .and_then(|v| v.parse::<u64>().ok());
    let mut seen = Progress { rows: 0, total };
    progress(seen);
    let body = response.body().ok_or_else(|| broken_download("no body"))?;
    let reader: web_sys::ReadableStreamDefaultReader = body
        .get_reader()
        .dyn_into()
        .map_err(|_| broken_download("no reader"))?;
    let parts = Array::new();
    let mut lines: u64 = 0;
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(js_error("connection lost"))?;
        let done = Reflect::get(&chunk, &JsValue::from_str("done"))
            .map_err(js_error("unreadable"))?
            .as_bool()
            .unwrap_or(true);
        if done {
            break;
        }
        let value: Uint8Array = Reflect::get(&chunk, &JsValue::from_str("value"))
            .map_err(js_error("unreadable"))?
            .dyn_into()
            .map_err(js_error("unreadable"))?;
        // Every record is one line, the header included.
        lines += value.to_vec().iter().filter(|b| **b == b'\n').count() as u64;
        parts.push(&value);
        seen.rows = lines.saturating_sub(1);
        progress(seen);
    }
    save(&parts, file_name).map_err(js_error("the browser refused the file"))?;
    Ok(seen.rows)
}

/// Hands the parts to the browser as a file to save.
fn save(parts: &Array, file_name: &str) -> Result<(), JsValue> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}
