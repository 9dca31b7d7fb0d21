//! Settings: the site's global switches, managed domains and help centers (site admins change
//! them), and a service project's access settings (its project admins and site admins).

use clientele_domain::wire::{HelpCenter, ProjectAccess, SiteSettings, ValueList};
use serde::{Deserialize, Serialize};

use super::http::{self, segment};
use super::ApiError;

const SETTINGS: &str = "/rest/clientele/1/settings";
const MANAGED_DOMAINS: &str = "/rest/clientele/1/manageddomain";
const HELP_CENTERS: &str = "/rest/clientele/1/helpcenter";

/// `GET /rest/clientele/1/settings`: the global switches and the plan.
pub async fn settings() -> Result<SiteSettings, ApiError> {
    http::get_json(SETTINGS).await
}

/// `PUT /rest/clientele/1/settings` with the fields to change; answers with all of them as
/// saved (going down to Standard turns customer service management off).
pub async fn save_settings(changes: &SiteSettings) -> Result<SiteSettings, ApiError> {
    http::put_json(SETTINGS, changes).await
}

/// `GET /rest/clientele/1/manageddomain`: the managed domains.
pub async fn managed_domains() -> Result<Vec<String>, ApiError> {
    Ok(http::get_json::<ValueList<String>>(MANAGED_DOMAINS).await?.values)
}

#[derive(Serialize, Deserialize)]
struct Domain {
    domain: String,
}

/// `POST /rest/clientele/1/manageddomain`: adds a domain; answers with it as the server
/// normalized it (lowercase, punycode, no leading `@` or trailing dot). Status 409 with reason
/// `domainExists` when it is already managed, 400 `invalidDomain` when it is not a domain.
pub async fn add_managed_domain(domain: &str) -> Result<String, ApiError> {
    let body = Domain {
        domain: domain.to_string(),
    };
    Ok(http::post_json::<_, Domain>(MANAGED_DOMAINS, &body).await?.domain)
}

/// `DELETE /rest/clientele/1/manageddomain/{domain}`.
pub async fn remove_managed_domain(domain: &str) -> Result<(), ApiError> {
    http::delete(&format!("{MANAGED_DOMAINS}/{}", segment(domain))).await
}

/// `GET /rest/clientele/1/helpcenter`: the site's help centers.
pub async fn help_centers() -> Result<Vec<HelpCenter>, ApiError> {
    Ok(http::get_json::<ValueList<HelpCenter>>(HELP_CENTERS)
        .await?
        .values)
}

#[derive(Serialize)]
struct HelpCenterName<'a> {
    name: &'a str,
}

/// `POST /rest/clientele/1/helpcenter`: adds a help center (Premium); its address is derived
/// from the name.
pub async fn add_help_center(name: &str) -> Result<HelpCenter, ApiError> {
    http::post_json(HELP_CENTERS, &HelpCenterName { name }).await
}

/// `PUT /rest/clientele/1/helpcenter/{id}`: renames a help center (its address stays).
pub async fn rename_help_center(id: &str, name: &str) -> Result<HelpCenter, ApiError> {
    http::put_json(
        &format!("{HELP_CENTERS}/{}", segment(id)),
        &HelpCenterName { name },
    )
    .await
}

/// `DELETE /rest/clientele/1/helpcenter/{id}`: removes a help center; the last one stays
/// (409 `lastHelpCenter`).
pub async fn remove_help_center(id: &str) -> Result<(), ApiError> {
    http::delete(&format!("{HELP_CENTERS}/{}", segment(id))).await
}

fn access_path(project_key: &str) -> String {
    format!("/rest/clientele/1/servicedesk/{}/access", segment(project_key))
}

/// `GET /rest/clientele/1/servicedesk/{key}/access`: public sign-up and the "Customer invited"
/// notification.
pub async fn access(project_key: &str) -> Result<ProjectAccess, ApiError> {
    http::get_json(&access_path(project_key)).await
}

/// `PUT /rest/clientele/1/servicedesk/{key}/access` with the fields to change; answers with
/// both as saved.
pub async fn save_access(project_key: &str, changes: &ProjectAccess) -> Result<ProjectAccess, ApiError> {
    http::put_json(&access_path(project_key), changes).await
}
