//! What a request names besides the resource in its path: an organization or a help center by
//! id, an `accountId` filter. Shared by the project, organization and customer resources.

use clientele_domain::reason::Reason;
use clientele_domain::wire::FlexibleId;

use super::error::{ApiError, ApiResult};
use crate::AppState;

/// An `accountId` filter: a number, or a 400; empty is none, as Jira reads empty parameters
/// (Schemathesis sent `accountId=` and got a 400).
pub fn parse_account_filter(account_id: Option<&str>) -> ApiResult<Option<i64>> {
    account_id
        .filter(|a| !a.trim().is_empty())
        .map(|a| {
            a.trim().parse::<i64>().map_err(|_| {
                ApiError::bad_request(
                    Reason::InvalidParameter,
                    format!("accountId \"{a}\" is not an account id."),
                )
                .with_parameters([a])
            })
        })
        .transpose()
}

/// The id of an existing organization, or a 404.
pub async fn known_organization(state: &AppState, id: &FlexibleId) -> ApiResult<i64> {
    let not_found =
        || ApiError::not_found(format!("There is no organization with the id {id}.")).with_parameters([id]);
    let id = id.as_i64().ok_or_else(not_found)?;
    state
        .store
        .organization(id)
        .await?
        .map(|o| o.id)
        .ok_or_else(not_found)
}

/// The id of an existing help center, or a 400.
pub async fn known_help_center(state: &AppState, id: &FlexibleId) -> ApiResult<i64> {
    let known = state.store.help_centers().await?;
    id.as_i64()
        .filter(|id| known.iter().any(|h| h.id == *id))
        .ok_or_else(|| {
            ApiError::bad_request(
                Reason::UnknownHelpCenter,
                format!("There is no help center with the id {id}."),
            )
            .with_parameters([id])
        })
}
