//! The help center, as customers use it: one-time links (invitation, verification, password
//! reset), public sign-up, forgot password, resend, and the signed-in customer's home. Sign-in
//! itself is [`super::sign_in`].

use clientele_domain::wire::{HelpCenter, OrganizationRef, SessionInfo, ValueList};
use serde::{Deserialize, Serialize};

use super::http::{self, segment};
use super::ApiError;

/// What a one-time link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum LinkPurpose {
    /// Accept an invitation: choose a name and a password.
    Invitation,
    /// Verify the address (and choose a password).
    Verification,
    /// Choose a new password.
    PasswordReset,
}

/// Whether a one-time link can still be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum LinkState {
    /// It can be used.
    Valid,
    /// Too old.
    Expired,
    /// Used already.
    Used,
}

/// `GET /helpcenter/{slug}/link/{token}`: what the link is; the address and name only while it
/// is valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkInfo {
    /// What it is for.
    pub purpose: LinkPurpose,
    /// Whether it can still be used.
    pub state: LinkState,
    /// The account's address (while valid).
    #[serde(default)]
    pub email: Option<String>,
    /// The account's display name (while valid).
    #[serde(default)]
    pub display_name: Option<String>,
    /// Whether the account already has a password (it signed up by itself): verifying then
    /// asks for none.
    #[serde(default)]
    pub has_password: bool,
}

/// How a customer may use a service project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Via {
    /// They were added as a customer.
    Customer,
    /// An organization they belong to is attached to it.
    Organization,
    /// The project lets anyone sign up.
    PublicSignup,
}

/// A service project on the customer's home.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeProject {
    /// The project key.
    pub key: String,
    /// The project name.
    pub name: String,
    /// How they may use it.
    pub via: Via,
}

/// `GET /helpcenter/{slug}/home`: the signed-in customer's projects and organizations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerHome {
    /// The help center.
    pub help_center: HelpCenter,
    /// The service projects they may use.
    pub projects: Vec<HomeProject>,
    /// The organizations they belong to.
    pub organizations: Vec<OrganizationRef>,
}

/// The server's sentence after sign-up, forgot password or resend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accepted {
    /// What happens next, for people.
    pub message: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UseLink<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    display_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SignUp<'a> {
    email: &'a str,
    display_name: &'a str,
    password: &'a str,
}

#[derive(Serialize)]
struct EmailOnly<'a> {
    email: &'a str,
}

fn base(slug: &str) -> String {
    format!("/rest/clientele/1/helpcenter/{}", segment(slug))
}

/// `GET /rest/clientele/1/helpcenter`: every help center of the site (public).
pub async fn help_centers() -> Result<Vec<HelpCenter>, ApiError> {
    let list: ValueList<HelpCenter> = http::get_json("/rest/clientele/1/helpcenter").await?;
    Ok(list.values)
}

/// `GET /rest/clientele/1/helpcenter/{slug}/link/{token}`: what the one-time link `token` is,
/// and whether it still works.
pub async fn link(slug: &str, token: &str) -> Result<LinkInfo, ApiError> {
    http::get_json(&format!("{}/link/{}", base(slug), segment(token))).await
}

/// `POST /rest/clientele/1/helpcenter/{slug}/link/{token}`: uses a one-time link: sets the password (and the display name, when given); the account is
/// active and verified, and the person is signed in.
pub async fn use_link(
    slug: &str,
    token: &str,
    display_name: Option<&str>,
    password: Option<&str>,
) -> Result<SessionInfo, ApiError> {
    let body = UseLink {
        display_name,
        password,
    };
    http::post_json(&format!("{}/link/{}", base(slug), segment(token)), &body).await
}

/// `POST /rest/clientele/1/helpcenter/{slug}/signup`: public sign-up; the account is created,
/// waiting for the address to be verified.
pub async fn sign_up(
    slug: &str,
    email: &str,
    display_name: &str,
    password: &str,
) -> Result<Accepted, ApiError> {
    let body = SignUp {
        email,
        display_name,
        password,
    };
    http::post_json(&format!("{}/signup", base(slug)), &body).await
}

/// `POST /rest/clientele/1/helpcenter/{slug}/forgot`: forgot password; a reset link goes to the
/// address if it has an account (the answer is the same either way).
pub async fn forgot(slug: &str, email: &str) -> Result<Accepted, ApiError> {
    http::post_json(&format!("{}/forgot", base(slug)), &EmailOnly { email }).await
}

/// `POST /rest/clientele/1/helpcenter/{slug}/resend`: sends a new invitation or verification
/// link to an account that has not finished signing up (the answer is the same for any address).
pub async fn resend(slug: &str, email: &str) -> Result<Accepted, ApiError> {
    http::post_json(&format!("{}/resend", base(slug)), &EmailOnly { email }).await
}

/// `GET /rest/clientele/1/helpcenter/{slug}/home`: the signed-in person's home in this help
/// center.
pub async fn home(slug: &str) -> Result<CustomerHome, ApiError> {
    http::get_json(&format!("{}/home", base(slug))).await
}
