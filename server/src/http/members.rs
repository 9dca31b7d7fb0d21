//! Resolving `accountIds` / `usernames` request bodies (JSM's `UsersRequest`) into accounts.

use clientele_domain::email::{parse_items, ParseLimits, ParsedEntry};
use serde::Deserialize;

use super::error::{ApiError, ApiResult};
use crate::AppState;

/// `{"accountIds": [...], "usernames": [...]}`; usernames are email addresses here.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsersRequest {
    #[serde(default)]
    pub account_ids: Vec<String>,
    #[serde(default)]
    pub usernames: Vec<String>,
}

impl UsersRequest {
    /// Parsed entries for every named person: account ids are looked up (unknown → 400), and
    /// usernames go through the email parser, one entry each.
    pub async fn entries(&self, state: &AppState) -> ApiResult<Vec<ParsedEntry>> {
        if self.account_ids.is_empty() && self.usernames.is_empty() {
            return Err(ApiError::bad_request(
                "noUsers",
                "Name at least one person in accountIds or usernames.",
            ));
        }
        let mut addresses = Vec::with_capacity(self.account_ids.len() + self.usernames.len());
        for id in &self.account_ids {
            let user = match id.trim().parse::<i64>() {
                Ok(n) => state.store.user_by_id(n).await?,
                Err(_) => None,
            };
            let user = user.ok_or_else(|| {
                ApiError::bad_request(
                    "unknownAccount",
                    format!("There is no account with the id {id:?}."),
                )
            })?;
            addresses.push(user.email);
        }
        addresses.extend(self.usernames.iter().cloned());
        let limits = ParseLimits {
            max_entries: state.config.max_bulk_entries,
        };
        parse_items(&addresses, &limits).map_err(|e| ApiError::bad_request("tooManyEntries", e.message()))
    }

    /// The account ids named (by id or address) that exist; unknown ones are left out.
    pub async fn existing_ids(&self, state: &AppState) -> ApiResult<Vec<i64>> {
        let ids: Vec<i64> = self
            .account_ids
            .iter()
            .filter_map(|id| id.trim().parse().ok())
            .collect();
        // The same parser as for adding, so that whatever form adds a person also removes them.
        let limits = ParseLimits {
            max_entries: state.config.max_bulk_entries,
        };
        let parsed = parse_items(&self.usernames, &limits)
            .map_err(|e| ApiError::bad_request("tooManyEntries", e.message()))?;
        let keys: Vec<String> = parsed
            .iter()
            .filter_map(|e| e.email.as_ref().map(|m| m.key()))
            .collect();
        let mut tx = state.store.begin().await?;
        Ok(crate::store::customers::resolve_accounts(&mut tx, &ids, &keys).await?)
    }
}
