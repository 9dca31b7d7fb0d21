//! Names from request bodies, parsed once at the edge into the domain's types
//! (`clientele_domain::names`). A refused name is a 400 `invalidName` (`invalidLabel` for a
//! token's label) whose message says what is wrong.

use clientele_domain::names::{DisplayName, NameError};
use clientele_domain::reason::Reason;

use super::error::ApiError;

impl From<NameError> for ApiError {
    fn from(error: NameError) -> ApiError {
        ApiError::bad_request(Reason::InvalidName, error.message())
    }
}

/// An optional display name: absent or blank is `None` (the caller keeps or picks one), anything
/// else must be a valid [`DisplayName`].
pub fn optional_display_name(text: Option<&str>) -> Result<Option<DisplayName>, ApiError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => Ok(Some(DisplayName::parse(text)?)),
    }
}

/// A token label's refusal keeps the reason tokens have always answered with.
pub fn invalid_label(error: NameError) -> ApiError {
    ApiError::bad_request(Reason::InvalidLabel, error.message())
}
