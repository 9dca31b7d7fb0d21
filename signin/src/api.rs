//! The JSON API as the signed-out pages call it: `fetch` with the browser's own JSON (no
//! serde_json in this build), the answers read field by field, and the server's refusals as the
//! app's [`ApiError`] (same reasons, same sentences).

use clientele_domain::policy::WhoCanChange;
use clientele_domain::reason::Reason;
use js_sys::{Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue, UnwrapThrowExt};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

use crate::ApiError;

/// A request under way (started when made, so that two can run at once).
pub struct Call(JsFuture);

/// `method path`, with `body` as JSON (then also the header that marks a change made by
/// script, as the app's client sends it).
pub fn call(method: &str, path: &str, body: Option<&JsValue>) -> Call {
    let init = RequestInit::new();
    init.set_method(method);
    if method != "GET" {
        let headers = Object::new();
        set(&headers, "X-Atlassian-Token", &"no-check".into());
        if let Some(body) = body {
            set(&headers, "Content-Type", &"application/json".into());
            if let Ok(text) = JSON::stringify(body) {
                init.set_body(&text);
            }
        }
        init.set_headers(&headers);
    }
    let window = web_sys::window().unwrap_throw();
    Call(JsFuture::from(window.fetch_with_str_and_init(path, &init)))
}

/// `GET path`.
pub fn get(path: &str) -> Call {
    call("GET", path, None)
}

impl Call {
    /// The answer's JSON (`null` when it had no body), or why the call failed.
    pub async fn answer(self) -> Result<JsValue, ApiError> {
        let response: Response = match self.0.await {
            Ok(response) => response.unchecked_into(),
            Err(error) => {
                let detail = Reflect::get(&error, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string())
                    .unwrap_or_default();
                return Err(ApiError {
                    status: 0,
                    reason: Reason::Network,
                    message: "Could not reach the server (".to_string()
                        + &detail
                        + "). Check your connection and try again.",
                    who_can_change: None,
                });
            }
        };
        let status = response.status();
        let json = match response.json() {
            Ok(promise) => JsFuture::from(promise).await.ok(),
            Err(_) => None,
        };
        if response.ok() {
            return Ok(json.unwrap_or(JsValue::NULL));
        }
        let Some(body) = json.filter(|b| b.is_object()) else {
            return Err(ApiError::unreadable(status));
        };
        let Some(message) = text(&body, "errorMessage") else {
            return Err(ApiError::unreadable(status));
        };
        Err(ApiError {
            status,
            reason: text(&body, "reason").map_or(Reason::Unknown, |r| Reason::from_code(&r)),
            message,
            who_can_change: text(&body, "whoCanChange").and_then(|w| match w.as_str() {
                "siteAdmin" => Some(WhoCanChange::SiteAdmin),
                "projectAdmin" => Some(WhoCanChange::ProjectAdmin),
                "agent" => Some(WhoCanChange::Agent),
                "yourself" => Some(WhoCanChange::Yourself),
                _ => None,
            }),
        })
    }
}

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &key.into(), value);
}

/// A JSON object of string fields; a `None` field is left out.
pub fn object(fields: &[(&str, Option<&str>)]) -> JsValue {
    let object = Object::new();
    for (key, value) in fields {
        if let Some(value) = value {
            set(&object, key, &(*value).into());
        }
    }
    object.into()
}

/// A field of a JSON object, when it is a string.
pub fn text(value: &JsValue, key: &str) -> Option<String> {
    Reflect::get(value, &key.into()).ok()?.as_string()
}

/// A field of a JSON object, when it is `true`.
pub fn flag(value: &JsValue, key: &str) -> bool {
    Reflect::get(value, &key.into())
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// A field of a JSON object, when it is an array.
pub fn list(value: &JsValue, key: &str) -> Vec<JsValue> {
    Reflect::get(value, &key.into())
        .ok()
        .filter(js_sys::Array::is_array)
        .map(|v| js_sys::Array::from(&v).to_vec())
        .unwrap_or_default()
}

/// Encodes one path segment.
pub fn segment(value: &str) -> String {
    clientele_domain::url::encode_component(value)
}
