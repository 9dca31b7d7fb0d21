//! Resolving `accountIds` / `usernames` request bodies (JSM's `UsersRequest`) into accounts.
//!
//! The number of people named is checked against the bulk limit before anything else, and
//! account ids are resolved in set-based queries, so a huge body costs one refusal, not one
//! query per id.

use clientele_domain::email::{parse_items, ParseLimits, ParsedEntry, TooManyEntries};
use clientele_domain::reason::Reason;
use serde::Deserialize;

use super::error::{ApiError, ApiResult};
use crate::store::Reach;
use crate::AppState;

/// `{"accountIds": [...], "usernames": [...]}`; usernames are email addresses here.
#[derive(utoipa::ToSchema, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsersRequest {
    #[serde(default)]
    pub account_ids: Vec<String>,
    #[serde(default)]
    pub usernames: Vec<String>,
}

impl UsersRequest {
    /// Refuses a request that names more people than one bulk add may carry.
    fn check_count(&self, state: &AppState) -> ApiResult<ParseLimits> {
        let limits = state.config.bulk_limits();
        let found = self.account_ids.len().saturating_add(self.usernames.len());
        if found > limits.max_entries {
            let too_many = TooManyEntries {
                max: limits.max_entries,
                found,
            };
            return Err(ApiError::bad_request(Reason::TooManyEntries, too_many.message()));
        }
        Ok(limits)
    }

    /// Parsed entries for every named person: account ids are looked up among the accounts
    /// within the caller's `reach` (an id outside it is answered exactly like an unknown one:
    /// 400), and usernames go through the email parser, one entry each.
    pub async fn entries(&self, state: &AppState, reach: Reach) -> ApiResult<Vec<ParsedEntry>> {
        if self.account_ids.is_empty() && self.usernames.is_empty() {
            return Err(ApiError::bad_request(
                Reason::NoUsers,
                "Name at least one person in accountIds or usernames.",
            ));
        }
        let limits = self.check_count(state)?;
        let ids: Vec<Option<i64>> = self
            .account_ids
            .iter()
            .map(|id| id.trim().parse::<i64>().ok())
            .collect();
        let mut distinct: Vec<i64> = ids.iter().flatten().copied().collect();
        distinct.sort_unstable();
        distinct.dedup();
        let found = state.store.addresses_within_reach(reach, &distinct).await?;
        let mut addresses = Vec::with_capacity(self.account_ids.len() + self.usernames.len());
        for (typed, id) in self.account_ids.iter().zip(&ids) {
            let email = id.and_then(|id| found.get(&id)).ok_or_else(|| {
                ApiError::bad_request(
                    Reason::UnknownAccount,
                    format!("There is no account with the id {typed}."),
                )
                .with_parameters([typed])
            })?;
            addresses.push(email.clone());
        }
        addresses.extend(self.usernames.iter().cloned());
        parse_items(&addresses, &limits)
            .map_err(|e| ApiError::bad_request(Reason::TooManyEntries, e.message()))
    }

    /// The account ids named (by id or address) that exist; unknown ones are left out.
    pub async fn existing_ids(&self, state: &AppState) -> ApiResult<Vec<i64>> {
        let limits = self.check_count(state)?;
        let ids: Vec<i64> = self
            .account_ids
            .iter()
            .filter_map(|id| id.trim().parse().ok())
            .collect();
        // The same parser as for adding, so that whatever form adds a person also removes them.
        let parsed = parse_items(&self.usernames, &limits)
            .map_err(|e| ApiError::bad_request(Reason::TooManyEntries, e.message()))?;
        let keys: Vec<String> = parsed
            .iter()
            .filter_map(|e| e.email.as_ref().map(|m| m.key()))
            .collect();
        Ok(state.store.resolve_accounts(&ids, &keys).await?)
    }
}
