//! Requests: raising them, the lists (a customer's own, a project's queue), one request with its
//! conversation, status, participants and sharing; a project's request types; and what a
//! customer may raise through a help center.

use clientele_domain::wire::request::{
    CommentInput, CreateRequest, CustomerRequest, ParticipantsInput, PortalProject, RequestComment,
    RequestTransition, RequestType, RequestTypeInput, SharingInput, TransitionInput,
};
use clientele_domain::wire::{Customer, FlexibleId, Page, ValueList};

use super::http::{self, segment, Abort};
use super::ApiError;

/// Which requests a list asks for (`GET /rest/servicedeskapi/request`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestQuery {
    /// `OPEN_REQUESTS`, `CLOSED_REQUESTS`; `None` for all.
    pub request_status: Option<&'static str>,
    /// A status code (`waitingForCustomer`), Clientele's finer filter.
    pub status: Option<&'static str>,
    /// Only this service desk's (a project's queue).
    pub service_desk_id: Option<String>,
    /// Only those reported by this account.
    pub reporter: Option<String>,
    /// A summary or key to look for.
    pub search_term: String,
    /// Index of the first item.
    pub start: usize,
    /// Page size.
    pub limit: usize,
    /// The previous page's `nextCursor` (sent instead of `start`).
    pub cursor: Option<String>,
}

impl RequestQuery {
    fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut query = super::paging_query(self.start, self.cursor.as_deref(), self.limit);
        if let Some(s) = self.request_status {
            query.push(("requestStatus", s.to_string()));
        }
        if let Some(s) = self.status {
            query.push(("status", s.to_string()));
        }
        if let Some(id) = &self.service_desk_id {
            query.push(("serviceDeskId", id.clone()));
        }
        if let Some(id) = &self.reporter {
            query.push(("reporter", id.clone()));
        }
        if !self.search_term.trim().is_empty() {
            query.push(("searchTerm", self.search_term.trim().to_string()));
        }
        query
    }
}

/// An id as the API takes it in a body: a number when it is one.
pub fn flexible_id(id: &str) -> FlexibleId {
    id.trim()
        .parse()
        .map(FlexibleId::Number)
        .unwrap_or_else(|_| FlexibleId::Text(id.to_string()))
}

fn request_path(key: &str) -> String {
    format!("/rest/servicedeskapi/request/{}", segment(key))
}

fn paging(start: usize, limit: usize) -> Vec<(&'static str, String)> {
    vec![("start", start.to_string()), ("limit", limit.to_string())]
}

/// `GET /rest/servicedeskapi/request`: one page of the requests the caller may see, newest
/// first, filtered by `query`.
pub async fn list_requests(
    query: &RequestQuery,
    abort: Option<&Abort>,
) -> Result<Page<CustomerRequest>, ApiError> {
    http::get_json_query("/rest/servicedeskapi/request", &query.to_query(), abort).await
}

/// `POST /rest/servicedeskapi/request`: raises a request (for oneself, or, for staff, on behalf
/// of a customer or a new address).
pub async fn create_request(request: &CreateRequest) -> Result<CustomerRequest, ApiError> {
    http::post_json("/rest/servicedeskapi/request", request).await
}

/// `GET /rest/servicedeskapi/request/{key}`: one request.
pub async fn get_request(key: &str) -> Result<CustomerRequest, ApiError> {
    http::get_json(&request_path(key)).await
}

/// `GET /rest/servicedeskapi/request/{key}/comment`: its conversation, oldest first (the first
/// 100 comments); internal notes too when `internal` (staff).
pub async fn list_comments(key: &str, internal: bool) -> Result<Page<RequestComment>, ApiError> {
    let mut query = paging(0, 100);
    query.push(("internal", internal.to_string()));
    http::get_json_query(&format!("{}/comment", request_path(key)), &query, None).await
}

/// `POST /rest/servicedeskapi/request/{key}/comment`: a public reply or an internal note.
pub async fn add_comment(key: &str, comment: &CommentInput) -> Result<RequestComment, ApiError> {
    http::post_json(&format!("{}/comment", request_path(key)), comment).await
}

/// `GET /rest/servicedeskapi/request/{key}/participant`: who follows it besides the reporter
/// (the first 100).
pub async fn list_participants(key: &str) -> Result<Page<Customer>, ApiError> {
    http::get_json_query(
        &format!("{}/participant", request_path(key)),
        &paging(0, 100),
        None,
    )
    .await
}

/// `POST /rest/servicedeskapi/request/{key}/participant`: adds participants (account ids or
/// email addresses of the project's customers); answers the participants now.
pub async fn add_participants(key: &str, people: &ParticipantsInput) -> Result<Page<Customer>, ApiError> {
    http::post_json(&format!("{}/participant", request_path(key)), people).await
}

/// `DELETE /rest/servicedeskapi/request/{key}/participant`: removes participants.
pub async fn remove_participants(key: &str, people: &ParticipantsInput) -> Result<(), ApiError> {
    http::delete_json(&format!("{}/participant", request_path(key)), people).await
}

/// `GET /rest/servicedeskapi/request/{key}/transition`: the transitions the caller may take now.
pub async fn list_transitions(key: &str) -> Result<Page<RequestTransition>, ApiError> {
    http::get_json_query(&format!("{}/transition", request_path(key)), &paging(0, 50), None).await
}

/// `POST /rest/servicedeskapi/request/{key}/transition`: takes a transition.
pub async fn transition(key: &str, input: &TransitionInput) -> Result<(), ApiError> {
    http::post_no_content(&format!("{}/transition", request_path(key)), input).await
}

/// `PUT /rest/clientele/1/request/{key}/organization`: shares the request with one of the
/// reporter's organizations, or stops sharing it.
pub async fn share_request(key: &str, sharing: &SharingInput) -> Result<CustomerRequest, ApiError> {
    let path = format!("/rest/clientele/1/request/{}/organization", segment(key));
    http::put_json(&path, sharing).await
}

/// `GET /rest/servicedeskapi/servicedesk/{key}/requesttype`: the project's request types (the
/// first 100).
pub async fn list_request_types(project: &str) -> Result<Page<RequestType>, ApiError> {
    let path = format!(
        "/rest/servicedeskapi/servicedesk/{}/requesttype",
        segment(project)
    );
    http::get_json_query(&path, &paging(0, 100), None).await
}

fn request_type_path(project: &str) -> String {
    format!("/rest/clientele/1/servicedesk/{}/requesttype", segment(project))
}

/// `POST /rest/clientele/1/servicedesk/{key}/requesttype`: adds a request type.
pub async fn create_request_type(project: &str, input: &RequestTypeInput) -> Result<RequestType, ApiError> {
    http::post_json(&request_type_path(project), input).await
}

/// `PUT /rest/clientele/1/servicedesk/{key}/requesttype/{id}`: changes a request type.
pub async fn update_request_type(
    project: &str,
    id: &str,
    input: &RequestTypeInput,
) -> Result<RequestType, ApiError> {
    let path = format!("{}/{}", request_type_path(project), segment(id));
    http::put_json(&path, input).await
}

/// `DELETE /rest/clientele/1/servicedesk/{key}/requesttype/{id}`: removes a request type from
/// the help center and from new requests (existing requests keep it).
pub async fn delete_request_type(project: &str, id: &str) -> Result<(), ApiError> {
    http::delete(&format!("{}/{}", request_type_path(project), segment(id))).await
}

/// `GET /rest/clientele/1/helpcenter/{slug}/portal`: the projects the signed-in person can use
/// as a customer, with the request types shown in this help center and their organizations
/// attached to each.
pub async fn portal(slug: &str) -> Result<Vec<PortalProject>, ApiError> {
    let path = format!("/rest/clientele/1/helpcenter/{}/portal", segment(slug));
    let list: ValueList<PortalProject> = http::get_json(&path).await?;
    Ok(list.values)
}
