//! A service project's customers: list, add in bulk, remove.

use clientele_domain::wire::{BulkAddRequest, BulkAddResponse, Customer, InvitationInfo, Page};
use serde::Serialize;

use super::http::{self, segment, Abort};
use super::{ApiError, ListParams};

/// `{"accountIds": [...]}`, the body of every removal.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AccountIds<'a> {
    pub account_ids: &'a [String],
}

/// `GET /rest/servicedeskapi/servicedesk/{key}/customer`: one page of the customers added to the
/// project directly, searchable by name or email, each with their organizations.
pub async fn list_customers(
    project_key: &str,
    params: &ListParams,
    abort: Option<&Abort>,
) -> Result<Page<Customer>, ApiError> {
    let path = format!(
        "/rest/servicedeskapi/servicedesk/{}/customer",
        segment(project_key)
    );
    http::get_json_query(&path, &params.to_query(), abort).await
}

/// `POST /rest/clientele/1/servicedesk/{key}/customer/bulk`: adds many people to the project
/// (or, with `organizationId`, to one of its organizations) in one request.
pub async fn bulk_add_customers(
    project_key: &str,
    request: &BulkAddRequest,
) -> Result<BulkAddResponse, ApiError> {
    let path = format!(
        "/rest/clientele/1/servicedesk/{}/customer/bulk",
        segment(project_key)
    );
    http::post_json(&path, request).await
}

/// `DELETE /rest/servicedeskapi/servicedesk/{key}/customer`: removes customers from the project
/// (their accounts stay).
pub async fn remove_customers(project_key: &str, account_ids: &[String]) -> Result<(), ApiError> {
    let path = format!(
        "/rest/servicedeskapi/servicedesk/{}/customer",
        segment(project_key)
    );
    http::delete_json(&path, &AccountIds { account_ids }).await
}

/// `POST /rest/clientele/1/servicedesk/{key}/customer/{accountId}/invitation`: sends a customer
/// who has not signed up yet a new invitation (or verification) link.
pub async fn resend_invitation(project_key: &str, account_id: &str) -> Result<InvitationInfo, ApiError> {
    let path = format!(
        "/rest/clientele/1/servicedesk/{}/customer/{}/invitation",
        segment(project_key),
        segment(account_id)
    );
    http::post_json(&path, &serde_json::json!({})).await
}
