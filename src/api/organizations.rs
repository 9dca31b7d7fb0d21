//! Organizations: the site's list, one organization and its members, and the organizations
//! attached to a service project.

use clientele_domain::wire::{BulkAddRequest, BulkAddResponse, Customer, FlexibleId, Organization, Page};
use serde::Serialize;

use super::customers::AccountIds;
use super::http::{self, segment, Abort};
use super::{ApiError, ListParams};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OrganizationId {
    organization_id: FlexibleId,
}

impl OrganizationId {
    fn of(id: &str) -> OrganizationId {
        OrganizationId {
            organization_id: id
                .parse()
                .map(FlexibleId::Number)
                .unwrap_or_else(|_| FlexibleId::Text(id.to_string())),
        }
    }
}

#[derive(Serialize)]
struct NewOrganization<'a> {
    name: &'a str,
}

fn project_path(project_key: &str) -> String {
    format!(
        "/rest/servicedeskapi/servicedesk/{}/organization",
        segment(project_key)
    )
}

fn organization_path(id: &str) -> String {
    format!("/rest/servicedeskapi/organization/{}", segment(id))
}

/// `GET /rest/servicedeskapi/servicedesk/{key}/organization`: one page of the organizations
/// attached to the project.
pub async fn list_organizations(
    project_key: &str,
    params: &ListParams,
    abort: Option<&Abort>,
) -> Result<Page<Organization>, ApiError> {
    http::get_json_query(&project_path(project_key), &params.to_query(), abort).await
}

/// `POST /rest/servicedeskapi/servicedesk/{key}/organization`: attaches an organization.
pub async fn attach_organization(project_key: &str, organization_id: &str) -> Result<(), ApiError> {
    http::post_no_content(&project_path(project_key), &OrganizationId::of(organization_id)).await
}

/// `DELETE /rest/servicedeskapi/servicedesk/{key}/organization`: detaches an organization (it
/// and its members stay).
pub async fn detach_organization(project_key: &str, organization_id: &str) -> Result<(), ApiError> {
    http::delete_json(&project_path(project_key), &OrganizationId::of(organization_id)).await
}

/// `GET /rest/servicedeskapi/organization?query=`: one page of all organizations on the site,
/// filtered by a name substring.
pub async fn list(params: &ListParams, abort: Option<&Abort>) -> Result<Page<Organization>, ApiError> {
    http::get_json_query("/rest/servicedeskapi/organization", &params.to_query(), abort).await
}

/// `POST /rest/servicedeskapi/organization`: creates an organization. A name already taken
/// (ignoring case) fails with status 409 and reason `organizationNameTaken`.
pub async fn create(name: &str) -> Result<Organization, ApiError> {
    http::post_json("/rest/servicedeskapi/organization", &NewOrganization { name }).await
}

/// `GET /rest/servicedeskapi/organization/{id}`: one organization.
pub async fn one(id: &str) -> Result<Organization, ApiError> {
    http::get_json(&organization_path(id)).await
}

/// `GET /rest/servicedeskapi/organization/{id}/user`: one page of its members.
pub async fn users(id: &str, params: &ListParams, abort: Option<&Abort>) -> Result<Page<Customer>, ApiError> {
    http::get_json_query(
        &format!("{}/user", organization_path(id)),
        &params.to_query(),
        abort,
    )
    .await
}

/// `GET /rest/servicedeskapi/organization/{id}/user?serviceDeskId=`: one page of its members,
/// each with their open and closed requests in that service project.
pub async fn users_in_project(
    id: &str,
    service_desk_id: &str,
    params: &ListParams,
    abort: Option<&Abort>,
) -> Result<Page<Customer>, ApiError> {
    let mut query = params.to_query();
    query.push(("serviceDeskId", service_desk_id.to_string()));
    http::get_json_query(&format!("{}/user", organization_path(id)), &query, abort).await
}

/// `POST /rest/clientele/1/organization/{id}/user/bulk`: adds many people to the organization
/// in one request.
pub async fn bulk_add_users(id: &str, request: &BulkAddRequest) -> Result<BulkAddResponse, ApiError> {
    let path = format!("/rest/clientele/1/organization/{}/user/bulk", segment(id));
    http::post_json(&path, request).await
}

/// `DELETE /rest/servicedeskapi/organization/{id}/user`: removes members (their accounts stay).
pub async fn remove_users(id: &str, account_ids: &[String]) -> Result<(), ApiError> {
    http::delete_json(
        &format!("{}/user", organization_path(id)),
        &AccountIds { account_ids },
    )
    .await
}

/// `PUT /rest/clientele/1/organization/{id}`: renames an organization (site admins). A name
/// already taken (ignoring case) fails with status 409 and reason `organizationNameTaken`.
pub async fn rename(id: &str, name: &str) -> Result<Organization, ApiError> {
    let path = format!("/rest/clientele/1/organization/{}", segment(id));
    http::put_json(&path, &NewOrganization { name }).await
}

/// `DELETE /rest/servicedeskapi/organization/{id}`: deletes an organization site-wide (site
/// admins). Its members keep their accounts; the projects it was attached to lose access
/// through it.
pub async fn delete(id: &str) -> Result<(), ApiError> {
    http::delete(&organization_path(id)).await
}
