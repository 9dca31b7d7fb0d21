//! Caps on what one organization or account may hold, so that no client can grow the database
//! without bound. The counts are checked by the store inside its write transaction (racing
//! requests cannot pass a cap); sizes are checked here, before anything is written.

use axum::http::StatusCode;
use clientele_domain::reason::Reason;
use serde_json::Value;

use super::error::{ApiError, ApiResult};
use crate::store::PropertyWrite;

/// Properties one organization may hold. Jira documents no count; 100 is far above any use
/// we know of and keeps an organization's properties, at the size cap, under 13 MiB.
pub const MAX_ORGANIZATION_PROPERTIES: i64 = 100;

/// The longest property value, in characters of its JSON text: Jira's documented limit for
/// entity properties (its key limit, 255 characters, is checked with the key).
pub const MAX_PROPERTY_VALUE_CHARS: usize = 32_768;

/// API tokens one account may hold: a token per script or machine, with room to rotate.
pub const MAX_API_TOKENS: i64 = 50;

/// A property value's JSON text, refused when longer than Jira allows.
pub fn property_value(value: &Value) -> ApiResult<String> {
    let text = value.to_string();
    if text.chars().count() > MAX_PROPERTY_VALUE_CHARS {
        return Err(ApiError::bad_request(
            Reason::PropertyTooLarge,
            format!("A property value can be at most {MAX_PROPERTY_VALUE_CHARS} characters of JSON."),
        ));
    }
    Ok(text)
}

/// The answer to setting a property: 201 when new, 200 when changed, else why not.
pub fn property_written(outcome: PropertyWrite) -> ApiResult<StatusCode> {
    match outcome {
        PropertyWrite::Created => Ok(StatusCode::CREATED),
        PropertyWrite::Updated => Ok(StatusCode::OK),
        PropertyWrite::TooMany => Err(ApiError::conflict(
            Reason::TooManyProperties,
            format!(
                "An organization can have at most {MAX_ORGANIZATION_PROPERTIES} properties. \
                 Delete one it no longer needs, or change an existing one."
            ),
        )),
        PropertyWrite::NoOrganization => {
            Err(ApiError::not_found("The organization was deleted a moment ago."))
        }
    }
}

/// The refusal of a new API token past the cap.
pub fn too_many_tokens() -> ApiError {
    ApiError::conflict(
        Reason::TooManyTokens,
        format!(
            "An account can have at most {MAX_API_TOKENS} API tokens. Revoke one you no longer use first."
        ),
    )
}
