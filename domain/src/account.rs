//! Where an account stands: invited, active, or with its access revoked.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An account's status. Serialized as `"invited"`, `"active"` or `"revoked"`, as the API has
/// always sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum AccountStatus {
    /// Created by someone else (or by a sign-up not yet verified): the person has not chosen
    /// a password through a link yet, so they cannot sign in.
    Invited,
    /// Can sign in.
    Active,
    /// A site admin revoked the account's access: it cannot sign in or be added anywhere until
    /// access is restored.
    Revoked,
}

impl AccountStatus {
    /// Every status, in the order a list of them is shown.
    pub const ALL: [AccountStatus; 3] = [
        AccountStatus::Invited,
        AccountStatus::Active,
        AccountStatus::Revoked,
    ];

    /// The status as sent on the wire and stored, e.g. `"invited"`.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Invited => "invited",
            AccountStatus::Active => "active",
            AccountStatus::Revoked => "revoked",
        }
    }

    /// The status for its wire text; `None` for any other text.
    pub fn parse(text: &str) -> Option<AccountStatus> {
        AccountStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
    }
}

impl fmt::Display for AccountStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Text that is not an account status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownStatus(pub String);

impl fmt::Display for UnknownStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not an account status", self.0)
    }
}

impl std::error::Error for UnknownStatus {}

/// For the server's storage, which keeps the status as its wire text.
impl TryFrom<String> for AccountStatus {
    type Error = UnknownStatus;

    fn try_from(text: String) -> Result<AccountStatus, UnknownStatus> {
        AccountStatus::parse(&text).ok_or(UnknownStatus(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_is_its_wire_text_and_parses_back() {
        for status in AccountStatus::ALL {
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
            assert_eq!(serde_json::from_str::<AccountStatus>(&json).unwrap(), status);
            assert_eq!(AccountStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(
            AccountStatus::ALL.map(AccountStatus::as_str),
            ["invited", "active", "revoked"]
        );
    }

    #[test]
    fn other_text_is_no_status() {
        assert_eq!(AccountStatus::parse("Active"), None);
        assert_eq!(AccountStatus::parse(""), None);
        assert_eq!(
            AccountStatus::try_from("deleted".to_string()),
            Err(UnknownStatus("deleted".into()))
        );
    }
}
