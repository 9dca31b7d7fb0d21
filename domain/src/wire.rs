//! The JSON types of the HTTP API (see `docs/api.md`), shared by the browser app and the
//! server so that the two cannot drift. Field names follow the JSM REST API: camelCase, ids as
//! strings.

use serde::{Deserialize, Serialize};

use crate::account::AccountStatus;
use crate::policy::{GlobalSettings, Permissions, Plan, ProjectSettings, WhoCanChange};
use crate::reason::Reason;

pub mod audit;
pub mod import;
pub mod request;

/// Links attached to a page of results, as JSM sends them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PageLinks {
    /// The API's base URL, as JSM sends it: `https://SITE/rest/servicedeskapi` (or
    /// `…/rest/clientele/1` for Clientele's own lists).
    pub base: String,
    /// The context path (always empty here).
    pub context: String,
    /// This page.
    #[serde(rename = "self")]
    pub self_link: String,
    /// The next page, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// The previous page, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
}

/// A page of results in JSM's paging shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    /// Number of values on this page.
    pub size: usize,
    /// Index of the first value on this page within the whole list.
    pub start: usize,
    /// The page size that was applied (after clamping).
    pub limit: usize,
    /// Whether this page is the last one.
    pub is_last_page: bool,
    /// The values.
    pub values: Vec<T>,
    /// Links to this, the next and the previous page.
    #[serde(rename = "_links", default)]
    pub links: PageLinks,
    /// JSM's expandable parts of the page: none here, always `[]`.
    #[serde(rename = "_expands", default)]
    pub expands: Vec<String>,
    /// Clientele's addition: pass as `cursor` for the next page (absent on the last page).
    /// Opaque; a page by cursor costs the same anywhere in the list, and rows added or removed
    /// meanwhile are neither repeated nor skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// The self link of a single resource.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfLink {
    /// The resource's own URL.
    #[serde(rename = "self")]
    pub self_link: String,
}

/// A service desk (service project) as JSM describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ServiceDesk {
    /// The service desk id.
    pub id: String,
    /// The project id (equal to the service desk id here).
    pub project_id: String,
    /// The project's name, e.g. "IT Help".
    pub project_name: String,
    /// The project's key, e.g. "ITH".
    pub project_key: String,
    /// Link to this service desk.
    #[serde(rename = "_links", default)]
    pub links: SelfLink,
}

/// The error body of every refusal, JSM's shape plus Clientele's `reason` and `whoCanChange`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// A sentence a person can act on.
    pub error_message: String,
    /// JSM's translation key and parameters.
    pub i18n_error_message: I18nMessage,
    /// A stable machine-readable code, e.g. `badCredentials`.
    #[serde(default)]
    pub reason: Reason,
    /// For permission refusals: who can change the decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub who_can_change: Option<WhoCanChange>,
}

/// JSM's translatable error message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct I18nMessage {
    /// The translation key.
    pub i18n_key: String,
    /// Values substituted into the message.
    #[serde(default)]
    pub parameters: Vec<String>,
}

/// `POST /rest/auth/1/session`: sign in with an email and a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInRequest {
    /// The email address (Jira calls it the username).
    pub username: String,
    /// The password.
    pub password: String,
}

/// The signed-in person, as `GET /rest/auth/1/session` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    /// Link to the session resource.
    #[serde(rename = "self")]
    pub self_link: String,
    /// The display name (Jira's `name`).
    pub name: String,
    /// The account id.
    pub account_id: String,
    /// The email address.
    pub email_address: String,
}

/// A person's role in one service project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum ProjectRole {
    /// Project admin: everything an agent does, plus removing customers and access settings.
    ProjectAdmin,
    /// Agent: works on requests, adds customers.
    Agent,
}

impl ProjectRole {
    /// The stored and wire name: `projectAdmin` or `agent`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectRole::ProjectAdmin => "projectAdmin",
            ProjectRole::Agent => "agent",
        }
    }

    /// The role named `name` (as [`ProjectRole::as_str`] writes it), if any.
    pub fn parse(name: &str) -> Option<ProjectRole> {
        match name {
            "projectAdmin" => Some(ProjectRole::ProjectAdmin),
            "agent" => Some(ProjectRole::Agent),
            _ => None,
        }
    }
}

impl From<ProjectRole> for crate::policy::Role {
    fn from(role: ProjectRole) -> Self {
        match role {
            ProjectRole::ProjectAdmin => crate::policy::Role::ProjectAdmin,
            ProjectRole::Agent => crate::policy::Role::Agent,
        }
    }
}

/// One service project as seen by the signed-in person in `myself`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MyProject {
    /// The service desk id.
    pub id: String,
    /// The project key, e.g. "ITH".
    pub key: String,
    /// The project name.
    pub name: String,
    /// `companyManaged` or `teamManaged`.
    pub project_type: String,
    /// The person's role there; `None` for a site admin without a project role.
    #[serde(default)]
    pub role: Option<ProjectRole>,
    /// The project's access settings (public sign-up, "Customer invited" notification).
    #[serde(default)]
    pub settings: ProjectSettings,
    /// The effective decision for every action in this project, from the domain policy.
    #[serde(default)]
    pub permissions: Permissions,
}

/// `GET /rest/clientele/1/myself`: who is signed in and what they may use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Myself {
    /// The account id.
    pub account_id: String,
    /// The email address.
    pub email_address: String,
    /// The display name.
    pub display_name: String,
    /// Whether this person is a site admin.
    pub site_admin: bool,
    /// The service projects this person works on (all of them for a site admin).
    pub projects: Vec<MyProject>,
    /// The site's settings the policy reads (switches, plan, managed domains).
    #[serde(default)]
    pub settings: GlobalSettings,
    /// The effective decision for every site-wide action (outside any project).
    #[serde(default)]
    pub permissions: Permissions,
    /// The help centers of the site.
    #[serde(default)]
    pub help_centers: Vec<HelpCenter>,
    /// The server's limits on one bulk add (how many entries), so that the app's preview
    /// refuses exactly what the server would.
    #[serde(default)]
    pub bulk_limits: crate::email::ParseLimits,
}

/// A help center: where customers sign up and sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HelpCenter {
    /// Its id.
    pub id: String,
    /// The path segment in `/help/{slug}`.
    pub slug: String,
    /// Its name, shown to customers.
    pub name: String,
    /// Whether `/help` opens this one.
    pub is_default: bool,
}

/// JSM's date shape (`created` on organizations).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct JsmDate {
    /// ISO 8601 with offset.
    pub iso8601: String,
    /// Jira's format.
    pub jira: String,
    /// For people.
    pub friendly: String,
    /// Milliseconds since the epoch.
    pub epoch_millis: i64,
}

/// An organization: a site-wide group of customers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    /// Its id.
    pub id: String,
    /// Its name, unique ignoring case.
    pub name: String,
    /// When it was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<JsmDate>,
    /// Clientele: how many members it has (in lists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_count: Option<u64>,
    /// Clientele: the keys of the service projects it is attached to (in lists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_keys: Option<Vec<String>>,
    /// Link to it.
    #[serde(rename = "_links", default)]
    pub links: SelfLink,
}

/// Links of a user, as JSM sends them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserLinks {
    /// The user resource.
    #[serde(rename = "self")]
    pub self_link: String,
    /// Jira's user resource.
    pub jira_rest: String,
    /// Avatar images by size (empty here).
    #[serde(default)]
    pub avatar_urls: std::collections::BTreeMap<String, String>,
}

/// A customer (JSM's user shape, plus Clientele's `status`, `accountType` and organizations).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    /// The account id.
    pub account_id: String,
    /// The email address.
    pub email_address: String,
    /// The display name.
    pub display_name: String,
    /// False once access is revoked.
    pub active: bool,
    /// The time zone.
    pub time_zone: String,
    /// `customer` (portal-only) or `atlassian` (full account), as JSM names them.
    pub account_type: String,
    /// Clientele: `invited`, `active` or `revoked`.
    pub status: AccountStatus,
    /// Clientele: organizations the customer belongs to (in lists that show them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizations: Option<Vec<OrganizationRef>>,
    /// Clientele: the last invitation or verification message queued for them (in lists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation: Option<InvitationInfo>,
    /// Clientele: their open and closed requests in the service project (in a project's
    /// customer list, and in member lists given `serviceDeskId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests: Option<request::RequestCounts>,
    /// Links.
    #[serde(rename = "_links", default)]
    pub links: UserLinks,
}

/// A short reference to an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationRef {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// An id that clients may send as a number or a string (`"organizationId": 7` or `"7"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum FlexibleId {
    /// A number.
    Number(i64),
    /// A string.
    Text(String),
}

/// As the client sent it: `7` or `"abc"` both read `7` / `abc`, never Rust's `Number(7)`.
impl std::fmt::Display for FlexibleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FlexibleId::Number(n) => write!(f, "{n}"),
            FlexibleId::Text(s) => f.write_str(s),
        }
    }
}

impl FlexibleId {
    /// The numeric id, if it is one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            FlexibleId::Number(n) => Some(*n),
            FlexibleId::Text(s) => s.trim().parse().ok(),
        }
    }
}

/// `POST /rest/clientele/1/servicedesk/{id}/customer/bulk` and
/// `POST /rest/clientele/1/organization/{id}/user/bulk`: add many people by email.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BulkAddRequest {
    /// Pasted text, split by the email-list parser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Addresses, one entry each (not split again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emails: Option<Vec<String>>,
    /// On a project: add to this organization (attached to the project) instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<FlexibleId>,
    /// The help center an invitation points at (Premium).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help_center_id: Option<FlexibleId>,
    /// Validate and report without writing.
    #[serde(default)]
    pub dry_run: bool,
}

/// What happened to one entry of a bulk add.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum BulkOutcome {
    /// Now a customer of the project.
    Added,
    /// Was already a customer (or member) there: nothing changed.
    AlreadyCustomer,
    /// Now a member of the organization.
    AddedToOrganization,
    /// Not a valid address.
    Invalid,
    /// The same address appeared earlier in the list.
    Duplicate,
    /// Not allowed (managed domain, revoked account…).
    Refused,
}

/// The result for one entry, in input order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BulkResult {
    /// The entry as typed.
    pub input: String,
    /// The normalized address, when there is one.
    #[serde(default)]
    pub email: Option<String>,
    /// The display name given with it, or the account's.
    #[serde(default)]
    pub display_name: Option<String>,
    /// What happened.
    pub outcome: BulkOutcome,
    /// Why, for `invalid`, `duplicate` and `refused`.
    #[serde(default)]
    pub reason: Option<String>,
    /// A stable code for the reason (`noAt`, `managedDomain`, …).
    #[serde(default)]
    pub reason_code: Option<Reason>,
    /// The account, for added and existing ones.
    #[serde(default)]
    pub account_id: Option<String>,
    /// Whether a new account was created for this address (status invited).
    #[serde(default)]
    pub new_account: bool,
}

/// Counts per outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BulkSummary {
    /// Entries in the request.
    pub total: usize,
    /// `added`.
    pub added: usize,
    /// `alreadyCustomer`.
    pub already_customer: usize,
    /// `addedToOrganization`.
    pub added_to_organization: usize,
    /// `invalid`.
    pub invalid: usize,
    /// `duplicate`.
    pub duplicate: usize,
    /// `refused`.
    pub refused: usize,
    /// New accounts created.
    pub new_accounts: usize,
    /// Whether this was a dry run (nothing written).
    pub dry_run: bool,
}

/// The answer of a bulk add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BulkAddResponse {
    /// One result per entry, in input order.
    pub results: Vec<BulkResult>,
    /// Counts.
    pub summary: BulkSummary,
    /// The recorded bulk change, which can be undone for 24 hours (absent for a dry run and
    /// when nothing was written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bulk_change_id: Option<String>,
}

/// `GET`/`PUT /rest/clientele/1/settings`: the global switches. `PUT` takes any subset.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SiteSettings {
    /// "Yes, agents can add and remove organizations from projects, and add and remove customers
    /// from organizations."
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agents_can_manage_organizations: Option<bool>,
    /// Customer service management (Premium).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_service_management: Option<bool>,
    /// The plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
    /// How many days the audit trail keeps its events (1 to 3650; 365 by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_retention_days: Option<u32>,
}

/// `GET`/`PUT /rest/clientele/1/servicedesk/{id}/access`: a project's access settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProjectAccess {
    /// Anyone may sign up through the help center.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_signup: Option<bool>,
    /// New customers get an invitation (on) or an email-verification message (off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_invited_notification: Option<bool>,
}

/// A plain list: `{"values": [...]}` (managed domains, help centers, API tokens).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValueList<T> {
    /// The items.
    pub values: Vec<T>,
}

/// A service project referenced from a customer's account page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProjectRef {
    /// The project key.
    pub key: String,
    /// The project name.
    pub name: String,
}

/// `GET /rest/clientele/1/customer/{accountId}`: an account with where it belongs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CustomerDetail {
    /// The account.
    pub customer: Customer,
    /// Projects it is a customer of directly.
    pub projects: Vec<ProjectRef>,
    /// Organizations it belongs to.
    pub organizations: Vec<OrganizationRef>,
}

/// An API token as its owner sees it; `token` is present only in the answer that creates it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApiToken {
    /// Its id.
    pub id: String,
    /// What the owner called it.
    pub label: String,
    /// When it was created (milliseconds since the epoch).
    pub created: i64,
    /// The secret, shown once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// The last invitation or email-verification message of a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct InvitationInfo {
    /// `invitation` or `verification`.
    pub kind: String,
    /// When it was queued (milliseconds since the epoch).
    pub queued_at: i64,
    /// `queued` (not delivered yet, or no mail server) or `sent`.
    pub state: String,
}
