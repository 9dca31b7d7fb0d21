//! The JSON types of the HTTP API (see `docs/api.md`), shared by the browser app and the
//! server so that the two cannot drift. Field names follow the JSM REST API: camelCase, ids as
//! strings.

use serde::{Deserialize, Serialize};

/// Links attached to a page of results, as JSM sends them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageLinks {
    /// The server's base URL.
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
}

/// The self link of a single resource.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfLink {
    /// The resource's own URL.
    #[serde(rename = "self")]
    pub self_link: String,
}

/// A service desk (service project) as JSM describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// A sentence a person can act on.
    pub error_message: String,
    /// JSM's translation key and parameters.
    pub i18n_error_message: I18nMessage,
    /// A stable machine-readable code, e.g. `badCredentials`.
    #[serde(default)]
    pub reason: String,
    /// For permission refusals: who can change the decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub who_can_change: Option<String>,
}

/// JSM's translatable error message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct SignInRequest {
    /// The email address (Jira calls it the username).
    pub username: String,
    /// The password.
    pub password: String,
}

/// The signed-in person, as `GET /rest/auth/1/session` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[serde(rename_all = "camelCase")]
pub enum ProjectRole {
    /// Project admin: everything an agent does, plus removing customers and access settings.
    ProjectAdmin,
    /// Agent: works on requests, adds customers.
    Agent,
}

/// One service project as seen by the signed-in person in `myself`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
}

/// `GET /rest/clientele/1/myself`: who is signed in and what they may use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
}
