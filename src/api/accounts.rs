//! Customer accounts, site-wide (site admins): the list of every account, one account with
//! where it belongs, and the account actions of product settings.

use clientele_domain::wire::{Customer, CustomerDetail, Page};
use serde::Serialize;

use super::http::{self, segment, Abort};
use super::{ApiError, ListParams};

/// Which accounts the list shows besides the search: by status and by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountFilter {
    /// `invited`, `active` or `revoked`; empty for any.
    pub status: String,
    /// `portal` (portal-only) or `full` (full account); empty for any.
    pub kind: String,
}

fn account_path(account_id: &str) -> String {
    format!("/rest/clientele/1/customer/{}", segment(account_id))
}

/// `GET /rest/clientele/1/customer`: one page of every account on the site, searchable by name
/// or email and filtered by status and kind.
pub async fn list(
    params: &ListParams,
    filter: &AccountFilter,
    abort: Option<&Abort>,
) -> Result<Page<Customer>, ApiError> {
    let mut query = params.to_query();
    for (name, value) in [("status", &filter.status), ("kind", &filter.kind)] {
        if !value.is_empty() {
            query.push((name, value.clone()));
        }
    }
    http::get_json_query("/rest/clientele/1/customer", &query, abort).await
}

/// `GET /rest/clientele/1/customer/{accountId}`: the account, its projects and organizations.
pub async fn detail(account_id: &str) -> Result<CustomerDetail, ApiError> {
    http::get_json(&account_path(account_id)).await
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DisplayName<'a> {
    display_name: &'a str,
}

#[derive(Serialize)]
struct NewPassword<'a> {
    password: &'a str,
}

/// An empty JSON object: the body of the account actions that take none.
#[derive(Serialize)]
struct Nothing {}

/// `PUT /rest/clientele/1/customer/{accountId}`: changes the display name.
pub async fn edit_name(account_id: &str, display_name: &str) -> Result<Customer, ApiError> {
    http::put_json(&account_path(account_id), &DisplayName { display_name }).await
}

/// `PUT /rest/clientele/1/customer/{accountId}/password`: sets a portal-only account's
/// password (an invited account becomes active).
pub async fn set_password(account_id: &str, password: &str) -> Result<(), ApiError> {
    let path = format!("{}/password", account_path(account_id));
    http::put_no_content(&path, &NewPassword { password }).await
}

/// `POST /rest/clientele/1/customer/{accountId}/migrate`: portal-only → full account.
pub async fn migrate(account_id: &str) -> Result<Customer, ApiError> {
    http::post_json(&format!("{}/migrate", account_path(account_id)), &Nothing {}).await
}

/// `POST /rest/clientele/1/customer/{accountId}/revoke`: no sign-in, token or Basic auth works
/// any more; sessions end at once.
pub async fn revoke(account_id: &str) -> Result<Customer, ApiError> {
    http::post_json(&format!("{}/revoke", account_path(account_id)), &Nothing {}).await
}

/// `POST /rest/clientele/1/customer/{accountId}/restore`: access again.
pub async fn restore(account_id: &str) -> Result<Customer, ApiError> {
    http::post_json(&format!("{}/restore", account_path(account_id)), &Nothing {}).await
}

/// `DELETE /rest/clientele/1/customer/{accountId}`: the account goes, with its memberships;
/// the address is free.
pub async fn delete_account(account_id: &str) -> Result<(), ApiError> {
    http::delete(&account_path(account_id)).await
}
