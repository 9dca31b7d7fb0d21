//! The Customers page's dialogs, loaded on demand: built by Trunk from `dialogs.html` into
//! `agent-dialogs/`, never a page of its own. The agent app imports this module's script the
//! first time one of them opens and calls the function for it, which mounts the dialog on an
//! element of the page (`clientele::components::on_demand`). Each returns the mounted dialog;
//! `free()` unmounts it.

use clientele::components::on_demand;
use wasm_bindgen::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
}

/// A mounted dialog: `free()` unmounts it.
#[wasm_bindgen]
pub struct Mounted(#[allow(dead_code)] on_demand::Mounted);

fn mounted(result: Result<on_demand::Mounted, String>) -> Result<Mounted, JsError> {
    result.map(Mounted).map_err(|why| JsError::new(&why))
}

/// Add customers, to the project `key`, or to the organization `organization_id` named
/// `organization_name` when given.
#[wasm_bindgen]
pub fn add_customers(
    host: web_sys::HtmlElement,
    myself: &str,
    key: &str,
    organization_id: Option<String>,
    organization_name: Option<String>,
    on_close: js_sys::Function,
    on_added: js_sys::Function,
) -> Result<Mounted, JsError> {
    let organization = organization_id.zip(organization_name);
    mounted(on_demand::mount_add_customers(
        host,
        myself,
        key,
        organization,
        on_close,
        on_added,
    ))
}

/// Add organization, to the project `key`; `on_added(sentence)`.
#[wasm_bindgen]
pub fn add_organization(
    host: web_sys::HtmlElement,
    myself: &str,
    key: &str,
    on_close: js_sys::Function,
    on_added: js_sys::Function,
) -> Result<Mounted, JsError> {
    mounted(on_demand::mount_add_organization(
        host, myself, key, on_close, on_added,
    ))
}

/// Raise request, in the project `key`, for `customer` (a customer's JSON);
/// `on_raised(issue_key, who, invited)`.
#[wasm_bindgen]
pub fn raise_request(
    host: web_sys::HtmlElement,
    myself: &str,
    key: &str,
    customer: &str,
    on_close: js_sys::Function,
    on_raised: js_sys::Function,
) -> Result<Mounted, JsError> {
    mounted(on_demand::mount_raise_request(
        host, myself, key, customer, on_close, on_raised,
    ))
}
