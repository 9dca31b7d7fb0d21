//! Requests in JSM's dialect (`/rest/servicedeskapi/request…`, `…/servicedesk/{id}/requesttype`),
//! with Clientele's few additions marked as such.

use serde::{Deserialize, Serialize};

use super::{Customer, FlexibleId, JsmDate, OrganizationRef, SelfLink};
use crate::request::RequestStatus;

/// A request type of a service project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RequestType {
    /// Its id (never reused).
    pub id: String,
    /// Its name, e.g. "Get IT help".
    pub name: String,
    /// What it is for, shown under the name.
    pub description: String,
    /// JSM's help text (the description again).
    #[serde(default)]
    pub help_text: String,
    /// The service desk it belongs to.
    pub service_desk_id: String,
    /// JSM's request type groups (none here).
    #[serde(default)]
    pub group_ids: Vec<String>,
    /// Clientele: the help center it shows in; `None` for the default one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help_center_id: Option<String>,
    /// Link to it.
    #[serde(rename = "_links", default)]
    pub links: SelfLink,
}

/// Clientele's `POST`/`PUT /rest/clientele/1/servicedesk/{id}/requesttype[/{typeId}]`: add or
/// change a request type. `PUT` takes any subset.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RequestTypeInput {
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What it is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The help center it shows in; `null` or absent for the default one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help_center_id: Option<FlexibleId>,
}

/// The fields a request is raised with (JSM's `requestFieldValues`). Other fields are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestFields {
    /// One line saying what it is about; required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Plain text, up to 32 KiB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `POST /rest/servicedeskapi/request`: raise a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateRequest {
    /// The service desk.
    pub service_desk_id: FlexibleId,
    /// One of its request types.
    pub request_type_id: FlexibleId,
    /// Summary and description.
    #[serde(default)]
    pub request_field_values: RequestFields,
    /// Staff: the customer it is raised for, by account id or email address. An address that
    /// is not a customer of the project yet is added as one, when the actor may add customers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raise_on_behalf_of: Option<String>,
    /// Customers who follow it too (account ids or email addresses of the project's customers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_participants: Option<Vec<String>>,
    /// Clientele: share it with this organization of the reporter's (attached to the project).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<FlexibleId>,
}

/// One field of a request as JSM shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RequestFieldValue {
    /// `summary` or `description`.
    pub field_id: String,
    /// "Summary" or "Description".
    pub label: String,
    /// The text.
    pub value: String,
}

/// Where a request stands, as JSM shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CurrentStatus {
    /// "Waiting for support", "Waiting for customer" or "Resolved".
    pub status: String,
    /// `NEW`, `INDETERMINATE` or `DONE`.
    pub status_category: String,
    /// Since when.
    pub status_date: JsmDate,
}

/// Links of a request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RequestLinks {
    /// The request resource.
    #[serde(rename = "self")]
    pub self_link: String,
    /// Its page in the help center.
    pub web: String,
    /// Jira's issue resource (the same request here).
    pub jira_rest: String,
    /// Clientele: its page for agents.
    #[serde(default)]
    pub agent: String,
}

/// A request (JSM's `CustomerRequest`), plus Clientele's fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CustomerRequest {
    /// Its id (never reused).
    pub issue_id: String,
    /// Its key, e.g. `ITH-12`.
    pub issue_key: String,
    /// Its request type.
    pub request_type_id: String,
    /// Its service desk.
    pub service_desk_id: String,
    /// When it was raised.
    pub created_date: JsmDate,
    /// Who it is for. A deleted account shows as "Former customer" with an empty account id.
    pub reporter: Customer,
    /// Summary and description.
    pub request_field_values: Vec<RequestFieldValue>,
    /// Where it stands.
    pub current_status: CurrentStatus,
    /// Links.
    #[serde(rename = "_links", default)]
    pub links: RequestLinks,
    /// Clientele: the status as a code, `statusCode` on the wire (JSM's `status` is the expanded
    /// status history).
    #[serde(rename = "statusCode")]
    pub status: RequestStatus,
    /// Clientele: the request type's name.
    pub request_type_name: String,
    /// Clientele: the service project's key.
    pub project_key: String,
    /// Clientele: false once the reporter is no longer a customer of the project (removed, access
    /// revoked, or account deleted): lists say "former customer".
    pub reporter_is_customer: bool,
    /// Clientele: who raised it, when an agent raised it on the reporter's behalf.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raised_by: Option<Customer>,
    /// Clientele: the organization it is shared with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrganizationRef>,
    /// Clientele: when it last changed.
    pub updated_date: JsmDate,
    /// Clientele: when it was resolved, while it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_date: Option<JsmDate>,
}

impl CustomerRequest {
    /// The value of one of its fields (`summary`, `description`), empty when absent.
    pub fn field(&self, field_id: &str) -> &str {
        self.request_field_values
            .iter()
            .find(|f| f.field_id == field_id)
            .map_or("", |f| f.value.as_str())
    }
}

/// A comment on a request: a public reply, or an internal note (staff only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RequestComment {
    /// Its id.
    pub id: String,
    /// The text.
    pub body: String,
    /// Whether customers see it.
    pub public: bool,
    /// Who wrote it ("Former customer" once their account is deleted).
    pub author: Customer,
    /// When.
    pub created: JsmDate,
    /// Link to it.
    #[serde(rename = "_links", default)]
    pub links: SelfLink,
}

/// `POST /rest/servicedeskapi/request/{key}/comment`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentInput {
    /// The text.
    pub body: String,
    /// Whether customers see it; `true` when absent. Only staff may send `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public: Option<bool>,
}

/// A transition one may take now (`GET request/{key}/transition`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestTransition {
    /// Its id, to send back.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// The comment sent with a transition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdditionalComment {
    /// The text (public).
    pub body: String,
}

/// `POST /rest/servicedeskapi/request/{key}/transition`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TransitionInput {
    /// The transition's id.
    pub id: FlexibleId,
    /// A public comment to add with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_comment: Option<AdditionalComment>,
}

/// A status a request had (`GET request/{key}/status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StatusChange {
    /// The status name.
    pub status: String,
    /// Its category.
    pub status_category: String,
    /// Since when.
    pub status_date: JsmDate,
}

/// `POST`/`DELETE /rest/servicedeskapi/request/{key}/participant`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ParticipantsInput {
    /// Account ids (or email addresses) of the project's customers.
    #[serde(default)]
    pub account_ids: Vec<String>,
    /// JSM's older field, also accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usernames: Option<Vec<String>>,
}

/// Clientele's `PUT /rest/clientele/1/request/{key}/organization`: share with one of the
/// reporter's organizations attached to the project, or (`null`) stop sharing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SharingInput {
    /// The organization, or `None` to stop sharing.
    #[serde(default)]
    pub organization_id: Option<FlexibleId>,
}

/// A customer's open and closed requests in one service project (lists of customers and
/// members, when a project is given).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestCounts {
    /// Not resolved.
    pub open: u64,
    /// Resolved.
    pub closed: u64,
}

/// Clientele's `GET /rest/clientele/1/helpcenter/{slug}/requesttypes`: what a signed-in customer
/// may raise through this help center, by service project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PortalProject {
    /// The service desk id.
    pub service_desk_id: String,
    /// Its key.
    pub project_key: String,
    /// Its name.
    pub project_name: String,
    /// Its request types shown in this help center.
    pub request_types: Vec<RequestType>,
    /// The customer's organizations attached to it, to share requests with.
    pub organizations: Vec<OrganizationRef>,
}
