//! Adding many people by email in one transaction: parse, check each address against the
//! policy, create the accounts that do not exist yet, and add them where asked — with a result
//! per entry in input order. Repeating a request changes nothing more.
//!
//! An account outside the adder's [reach](crate::store::reach) is never described to them
//! before it is in their project: a dry run answers for it exactly as for an address with no
//! account (a new account, the name given or the address's local part, no account id), and
//! its revoked state refuses nothing, so that no request that writes nothing can tell the two
//! apart. A real add then tells the truth about what it did: the person is now a customer of
//! the adder's project, within their reach.

use std::collections::HashMap;

use clientele_domain::email::{Email, EntryStatus, ParsedEntry};
use clientele_domain::names::DisplayName;
use clientele_domain::policy::{self, Decision, GlobalSettings, Role};
use clientele_domain::reason::Reason;
use clientele_domain::wire::{BulkAddResponse, BulkOutcome, BulkResult, BulkSummary};

use crate::notify::{queue_welcomes, Recipient, Welcome};
use crate::store::audit::{record_bulk_change, BulkKind, BulkWrites, Scope};
use crate::store::{customers, reach, Actor, Reach, Store, StoreResult};

/// Where the people are added.
#[derive(Debug, Clone, Copy)]
pub enum BulkTarget {
    /// As customers of a service project.
    Project(i64),
    /// As members of an organization.
    Organization(i64),
}

/// Who adds: their role for the target (for the policy) and whose accounts they reach.
#[derive(Debug, Clone, Copy)]
pub struct Adder {
    /// The role the policy decides each address for.
    pub role: Role,
    /// The accounts they may learn about.
    pub reach: Reach,
}

/// Whether a bulk add writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkMode {
    /// Add every entry that can be added; report the others.
    Commit,
    /// Do the same work and roll it back: the report is exactly what a real run would say.
    DryRun,
    /// Write only when no entry is invalid or refused (JSM's endpoints are all or nothing).
    AllOrNothing,
}

/// Runs a bulk add of already-parsed entries, in one transaction.
#[allow(clippy::too_many_arguments)]
pub async fn bulk_add(
    store: &Store,
    actor: &Actor,
    target: BulkTarget,
    adder: Adder,
    settings: &GlobalSettings,
    entries: Vec<ParsedEntry>,
    mode: BulkMode,
    welcome: Option<&Welcome<'_>>,
) -> StoreResult<BulkAddResponse> {
    let mut results: Vec<BulkResult> = entries.iter().map(initial_result).collect();

    // Addresses the policy lets this person add (managed domains are checked per address).
    let mut wanted: Vec<(usize, Email, String)> = Vec::new(); // (entry index, address, display name)
    for (entry, result) in entries.iter().zip(results.iter_mut()) {
        let (EntryStatus::Valid, Some(email)) = (&entry.status, &entry.email) else {
            continue;
        };
        // The name given with an address greets its owner in the invitation: parsed like
        // every other name (no line breaks or other control characters).
        let given_name = match entry.display_name.as_deref().map(DisplayName::parse).transpose() {
            Ok(name) => name.map(DisplayName::into_string),
            Err(problem) => {
                result.outcome = BulkOutcome::Invalid;
                result.reason = Some(problem.message());
                result.reason_code = Some(Reason::InvalidName);
                continue;
            }
        };
        match policy::decide_add_address(adder.role, email.as_str(), settings) {
            Decision::Allowed => {
                let name = given_name.unwrap_or_else(|| default_name(email.local_part()));
                wanted.push((entry.index, email.clone(), name));
            }
            Decision::Denied(denial) => refuse(result, &denial.message, denial.reason),
        }
    }

    let mut tx = store.write().await?;
    let keys: Vec<String> = wanted.iter().map(|(_, email, _)| email.key()).collect();
    let existing = customers::existing_accounts(&mut tx, &keys).await?;
    let new_accounts: Vec<(Email, String)> = wanted
        .iter()
        .filter(|(_, email, _)| !existing.contains_key(&email.key()))
        .map(|(_, email, name)| (email.clone(), name.clone()))
        .collect();
    let created = customers::create_invited_accounts(&mut tx, &new_accounts).await?;
    let existing_ids: Vec<i64> = existing.values().map(|a| a.id).collect();
    let known = reach::within_reach(&mut tx, adder.reach, &existing_ids).await?;
    let dry_run = mode == BulkMode::DryRun;

    let mut ids: HashMap<usize, i64> = HashMap::new();
    for (index, email, name) in &wanted {
        let key = email.key();
        let result = &mut results[*index];
        if let Some(account) = existing.get(&key) {
            if !known.contains(&account.id) {
                // Outside the adder's reach: added like anyone, and in a dry run described
                // exactly as a new address would be.
                result.new_account = dry_run;
                result.display_name = Some(if dry_run {
                    name.clone()
                } else {
                    account.display_name.clone()
                });
                ids.insert(*index, account.id);
                continue;
            }
            result.display_name = Some(account.display_name.clone());
            if let Decision::Denied(denial) = policy::decide_add_existing_account(account.status) {
                refuse(result, &denial.message, denial.reason);
                continue;
            }
            ids.insert(*index, account.id);
        } else if let Some(id) = created.get(&key) {
            result.new_account = true;
            result.display_name = Some(name.clone());
            ids.insert(*index, *id);
        }
    }
    let mut id_list: Vec<i64> = ids.values().copied().collect();
    id_list.sort_unstable();
    id_list.dedup();
    let newly_added = match target {
        BulkTarget::Project(project) => customers::add_project_customers(&mut tx, project, &id_list).await?,
        BulkTarget::Organization(org) => customers::add_organization_members(&mut tx, org, &id_list).await?,
    };
    for (index, id) in &ids {
        let result = &mut results[*index];
        // A dry run's new accounts are rolled back: they have no id to give.
        if !(dry_run && result.new_account) {
            result.account_id = Some(id.to_string());
        }
        result.outcome = match (newly_added.contains(id), target) {
            (true, BulkTarget::Project(_)) => BulkOutcome::Added,
            (true, BulkTarget::Organization(_)) => BulkOutcome::AddedToOrganization,
            (false, _) => BulkOutcome::AlreadyCustomer,
        };
    }
    // One message per new person, written in this transaction: if the add rolls back, so does
    // the message.
    if let Some(welcome) = welcome {
        let recipients: Vec<Recipient<'_>> = wanted
            .iter()
            .filter(|(index, _, _)| results[*index].new_account)
            .filter_map(|(index, email, name)| {
                ids.get(index).map(|id| Recipient {
                    user_id: *id,
                    email: email.as_str(),
                    display_name: name,
                })
            })
            .collect();
        queue_welcomes(&mut tx, welcome, &recipients).await?;
    }
    let failed = results
        .iter()
        .any(|r| matches!(r.outcome, BulkOutcome::Invalid | BulkOutcome::Refused));
    let mut bulk_change_id = None;
    if dry_run || (mode == BulkMode::AllOrNothing && failed) {
        tx.rollback().await?;
    } else {
        // The audit trail, in the same transaction: the accounts created and the memberships
        // added, as one bulk change that can be undone.
        let scope = match target {
            BulkTarget::Project(id) => Scope::Project(id),
            BulkTarget::Organization(id) => Scope::Organization(id),
        };
        let mut writes = BulkWrites::default();
        for (index, email, _) in &wanted {
            let Some(id) = ids.get(index) else { continue };
            if results[*index].new_account && created.contains_key(&email.key()) {
                writes.created.push((*id, email.as_str().to_string()));
            }
            if newly_added.contains(id) {
                writes.added.push((scope, *id, email.as_str().to_string()));
            }
        }
        bulk_change_id = record_bulk_change(&mut tx, actor, BulkKind::BulkAdd, Some(scope), &writes).await?;
        tx.commit().await?;
    }
    let summary = summarize(&results, dry_run);
    Ok(BulkAddResponse {
        results,
        summary,
        bulk_change_id: bulk_change_id.map(|id| id.to_string()),
    })
}

/// The result an entry starts with: its parse verdict, or `refused` until proven otherwise.
fn initial_result(entry: &ParsedEntry) -> BulkResult {
    let (outcome, reason, code) = match &entry.status {
        EntryStatus::Valid => (BulkOutcome::Refused, None, None),
        EntryStatus::Invalid { reason } => (
            BulkOutcome::Invalid,
            Some(reason.message().to_string()),
            Some(Reason::from(*reason)),
        ),
        EntryStatus::Duplicate { .. } => (
            BulkOutcome::Duplicate,
            entry.status.message(),
            Some(Reason::Duplicate),
        ),
    };
    BulkResult {
        input: entry.input.clone(),
        email: entry.email.as_ref().map(|e| e.as_str().to_string()),
        display_name: entry.display_name.clone(),
        outcome,
        reason,
        reason_code: code,
        account_id: None,
        new_account: false,
    }
}

fn refuse(result: &mut BulkResult, message: &str, code: Reason) {
    result.outcome = BulkOutcome::Refused;
    result.reason = Some(message.to_string());
    result.reason_code = Some(code);
}

/// A display name for someone added by address alone: the local part, as JSM does.
fn default_name(local_part: &str) -> String {
    local_part.to_string()
}

fn summarize(results: &[BulkResult], dry_run: bool) -> BulkSummary {
    let mut summary = BulkSummary {
        total: results.len(),
        dry_run,
        ..Default::default()
    };
    for r in results {
        match r.outcome {
            BulkOutcome::Added => summary.added += 1,
            BulkOutcome::AlreadyCustomer => summary.already_customer += 1,
            BulkOutcome::AddedToOrganization => summary.added_to_organization += 1,
            BulkOutcome::Invalid => summary.invalid += 1,
            BulkOutcome::Duplicate => summary.duplicate += 1,
            BulkOutcome::Refused => summary.refused += 1,
        }
        summary.new_accounts += usize::from(r.new_account);
    }
    summary
}
