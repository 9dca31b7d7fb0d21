//! Times as people read them: in their own time zone and language.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = "export function clientele_local_time(ms) { \
    return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }); }")]
extern "C" {
    fn clientele_local_time(ms: f64) -> String;
}

/// A moment given in milliseconds since the epoch, as a short local date and time
/// ("23 Nov 2026, 13:25" or "Nov 23, 2026, 1:25 PM", by the browser's language).
pub fn local_time(epoch_millis: i64) -> String {
    clientele_local_time(epoch_millis as f64)
}
