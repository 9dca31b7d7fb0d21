//! The help center, as customers use it once signed in: the site's help centers and the
//! customer's home. The signed-out calls (one-time links, sign-up, forgot password, resend,
//! sign-in) are the signed-out pages' (`clientele_sign_in`, without serde).

use clientele_domain::wire::{HelpCenter, OrganizationRef, ValueList};
use serde::{Deserialize, Serialize};

use super::http::{self, segment};
use super::ApiError;

pub use clientele_sign_in::{LinkInfo, LinkPurpose, LinkState};

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

fn base(slug: &str) -> String {
    format!("/rest/clientele/1/helpcenter/{}", segment(slug))
}

/// `GET /rest/clientele/1/helpcenter`: every help center of the site (public).
pub async fn help_centers() -> Result<Vec<HelpCenter>, ApiError> {
    let list: ValueList<HelpCenter> = http::get_json("/rest/clientele/1/helpcenter").await?;
    Ok(list.values)
}

/// `GET /rest/clientele/1/helpcenter/{slug}/home`: the signed-in person's home in this help
/// center.
pub async fn home(slug: &str) -> Result<CustomerHome, ApiError> {
    http::get_json(&format!("{}/home", base(slug))).await
}
