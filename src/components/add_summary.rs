//! What an add did, address by address: added, already a customer, added to the organization,
//! refused and why, invalid, duplicate.

use clientele_domain::policy::NewCustomerEmail;
use clientele_domain::wire::{BulkAddResponse, BulkOutcome, BulkResult};
use leptos::prelude::*;

use super::audit_log::UndoPanel;
use super::email_entries::{group, plural, SHOWN_ENTRIES};

/// Where the customers were added, for the wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedWhere {
    /// The service project's or organization's name.
    pub place: String,
    /// The organization they joined instead, when one was chosen on a project.
    pub organization: Option<String>,
    /// Whether the place is an organization (members) or a project (customers).
    pub is_organization: bool,
    /// What new accounts receive, when known.
    pub new_customer_email: Option<NewCustomerEmail>,
}

fn outcome_label(result: &BulkResult, at: &AddedWhere) -> String {
    match result.outcome {
        BulkOutcome::Added => "Added".into(),
        BulkOutcome::AddedToOrganization => match &at.organization {
            Some(org) => format!("Added to {org}"),
            None => "Added to the organization".into(),
        },
        BulkOutcome::AlreadyCustomer if at.is_organization || at.organization.is_some() => {
            "Already a member".into()
        }
        BulkOutcome::AlreadyCustomer => "Already a customer".into(),
        BulkOutcome::Invalid => "Invalid".into(),
        BulkOutcome::Duplicate => "Duplicate".into(),
        BulkOutcome::Refused => "Refused".into(),
    }
}

fn needs_attention(outcome: BulkOutcome) -> bool {
    matches!(
        outcome,
        BulkOutcome::Invalid | BulkOutcome::Refused | BulkOutcome::Duplicate
    )
}

/// The sentences at the top of the summary.
pub fn headline(response: &BulkAddResponse, at: &AddedWhere) -> Vec<String> {
    let s = &response.summary;
    let mut lines = Vec::new();
    let target = at.organization.as_deref().unwrap_or(&at.place);
    let added = s.added + s.added_to_organization;
    if added > 0 {
        let noun = if at.is_organization || at.organization.is_some() {
            plural(added, "member", "members")
        } else {
            plural(added, "customer", "customers")
        };
        lines.push(format!("Added {} {noun} to {target}.", group(added)));
    } else {
        lines.push(format!("Nobody new was added to {target}."));
    }
    if s.already_customer > 0 {
        let was = plural(s.already_customer, "was", "were");
        let what = if at.is_organization || at.organization.is_some() {
            "members"
        } else {
            "customers"
        };
        lines.push(format!(
            "{} {was} already {what}: nothing changed for them.",
            group(s.already_customer)
        ));
    }
    if s.new_accounts > 0 {
        let email = match at.new_customer_email {
            Some(NewCustomerEmail::Invitation) => " Each gets an invitation email with a sign-up link.",
            Some(NewCustomerEmail::EmailVerification) => {
                " Each gets an email asking them to verify their address."
            }
            None => "",
        };
        lines.push(format!(
            "{} new {} created; you can work for them right away.{email}",
            group(s.new_accounts),
            plural(s.new_accounts, "account was", "accounts were")
        ));
    }
    let problems = s.refused + s.invalid;
    if problems > 0 {
        lines.push(format!(
            "{} refused, {} invalid: {} still in the field to fix.",
            group(s.refused),
            group(s.invalid),
            plural(problems, "it is", "they are")
        ));
    }
    if s.duplicate > 0 {
        lines.push(format!(
            "{} {} left out.",
            group(s.duplicate),
            plural(s.duplicate, "duplicate was", "duplicates were")
        ));
    }
    lines
}

/// The text to leave in the field after an add: the refused and invalid entries, one a line.
pub fn entries_to_fix(response: &BulkAddResponse) -> String {
    response
        .results
        .iter()
        .filter(|r| matches!(r.outcome, BulkOutcome::Invalid | BulkOutcome::Refused))
        .map(|r| r.input.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The summary of one add.
#[component]
pub fn AddSummary(response: BulkAddResponse, at: AddedWhere) -> impl IntoView {
    let lines = headline(&response, &at)
        .into_iter()
        .map(|line| view! { <p>{line}</p> })
        .collect_view();
    let total = response.results.len();
    let mut order: Vec<&BulkResult> = response
        .results
        .iter()
        .filter(|r| needs_attention(r.outcome))
        .collect();
    order.extend(response.results.iter().filter(|r| !needs_attention(r.outcome)));
    let rows = order
        .into_iter()
        .take(SHOWN_ENTRIES)
        .map(|result| {
            let who = result.email.clone().unwrap_or_else(|| result.input.clone());
            let class = if needs_attention(result.outcome) {
                "result result-problem"
            } else {
                "result result-ok"
            };
            let label = outcome_label(result, &at);
            let reason = result
                .reason
                .clone()
                .map(|r| view! { <span class="entry-reason">{r}</span> });
            view! {
                <li class=class>
                    <span class="entry-address">{who}</span>
                    <span class="entry-state">{label}</span>
                    {reason}
                </li>
            }
        })
        .collect_view();
    let more = (total > SHOWN_ENTRIES).then(|| {
        format!(
            "Showing {} of {} results, problems first.",
            group(SHOWN_ENTRIES),
            group(total)
        )
    });
    // What it wrote can be taken back for 24 hours, by whoever ran it.
    let undo = response.bulk_change_id.clone().map(|id| {
        let reviewing = RwSignal::new(false);
        view! {
            {move || (!reviewing.get()).then(|| view! {
                <p class="undo-offer">
                    <button type="button" on:click=move |_| reviewing.set(true)>"Undo this add…"</button>
                    <span class="muted">" You can undo it for 24 hours, here or from Settings → Audit log."</span>
                </p>
            })}
            {move || reviewing.get().then(|| view! { <UndoPanel bulk_change_id=id.clone()/> })}
        }
    });
    view! {
        <section class="add-summary" aria-labelledby="add-summary-title">
            <h3 id="add-summary-title">"Result"</h3>
            <div class="add-summary-lines">{lines}</div>
            <ul class="entries-list" aria-label="Result per address">{rows}</ul>
            {more.map(|m| view! { <p class="muted">{m}</p> })}
            {undo}
        </section>
    }
}
