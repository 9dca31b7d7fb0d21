//! The audit trail's parts, shared by Settings → Audit log, the History sections of an account
//! and an organization, and the Add customers dialog's result: a table of recorded changes
//! with its pager, and the review-then-undo of a bulk change.

use clientele_domain::wire::audit::{AuditEvent, AuditThing, UndoReport};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::api::audit::AuditFilter;
use crate::components::feedback::{failed, Feedback};
use crate::components::paged_list::{PagedList, PagedListFrame};
use crate::components::timestamp::local_time;

/// Every action the server records, with how it reads, grouped for the filter.
pub const ACTIONS: &[(&str, &str)] = &[
    ("account.created", "Account created"),
    ("account.renamed", "Name changed"),
    ("account.passwordChanged", "Password changed"),
    ("account.linkUsed", "One-time link used"),
    ("account.migratedToFull", "Migrated to a full account"),
    ("account.accessRevoked", "Access revoked"),
    ("account.accessRestored", "Access restored"),
    ("account.deleted", "Account deleted"),
    ("account.apiTokenCreated", "API token created"),
    ("account.apiTokenDeleted", "API token revoked"),
    ("project.customerAdded", "Customer added to a project"),
    ("project.customerRemoved", "Customer removed from a project"),
    (
        "project.organizationAttached",
        "Organization attached to a project",
    ),
    (
        "project.organizationDetached",
        "Organization detached from a project",
    ),
    ("project.accessChanged", "Project access changed"),
    ("organization.created", "Organization created"),
    ("organization.renamed", "Organization renamed"),
    ("organization.deleted", "Organization deleted"),
    ("organization.memberAdded", "Member added to an organization"),
    (
        "organization.memberRemoved",
        "Member removed from an organization",
    ),
    ("organization.propertySet", "Organization property set"),
    ("organization.propertyDeleted", "Organization property deleted"),
    ("settings.changed", "Settings changed"),
    ("managedDomain.added", "Managed domain added"),
    ("managedDomain.removed", "Managed domain removed"),
    ("helpCenter.created", "Help center added"),
    ("helpCenter.renamed", "Help center renamed"),
    ("helpCenter.deleted", "Help center removed"),
    ("bulkChange.undone", "Bulk change undone"),
];

/// How an action reads (its code when this build does not know it).
pub fn action_label(action: &str) -> String {
    ACTIONS
        .iter()
        .find(|(code, _)| *code == action)
        .map_or_else(|| action.to_string(), |(_, label)| (*label).to_string())
}

/// How a way of making a change reads.
pub fn via_label(via: &str) -> &'static str {
    match via {
        "app" => "App",
        "api" => "API",
        "helpCenter" => "Help center",
        "bulkAdd" => "Bulk add",
        "import" => "Import",
        "system" => "System",
        _ => "Other",
    }
}

/// A thing an event names, linked to its settings page when it has one.
fn thing_view(thing: &AuditThing) -> AnyView {
    let href = match thing.kind.as_str() {
        "account" => Some(format!("/settings/customers/{}", thing.id)),
        "organization" => Some(format!("/settings/organizations/{}", thing.id)),
        _ => None,
    };
    let name = thing.name.clone();
    match href {
        Some(href) => view! { <a href=href>{name}</a> }.into_any(),
        None => view! { <span>{name}</span> }.into_any(),
    }
}

/// One changed field: `field: before → after`.
fn change_line(field: &str, before: Option<&str>, after: Option<&str>) -> String {
    match (before, after) {
        (Some(b), Some(a)) => format!("{field}: {b} → {a}"),
        (None, Some(a)) => format!("{field}: {a}"),
        (Some(b), None) => format!("{field}: {b} (removed)"),
        (None, None) => field.to_string(),
    }
}

/// A page of recorded changes with its pager. `on_undo` (given where undo is offered) is
/// called with a bulk change's id from its events' Undo button.
#[component]
pub fn AuditTable(
    list: PagedList<AuditEvent>,
    /// What the table is, for screen readers ("Audit log", "History of …").
    #[prop(into)]
    caption: String,
    #[prop(optional, into)] on_undo: Option<Callback<String>>,
) -> impl IntoView {
    let rows = move || {
        list.items()
            .into_iter()
            .map(|e| {
                let changes = e
                    .changes
                    .iter()
                    .map(|c| {
                        view! { <li>{change_line(&c.field, c.before.as_deref(), c.after.as_deref())}</li> }
                    })
                    .collect_view();
                let object = e
                    .object
                    .as_ref()
                    .map(|o| view! { <span class="muted">" · "</span>{thing_view(o)} });
                // The Undo button sits on the events a bulk change made, not on its undo.
                let undo = match (&e.bulk_change_id, on_undo) {
                    (Some(id), Some(on_undo))
                        if e.action != "bulkChange.undone"
                            && e.action != "account.deleted"
                            && !e.action.ends_with("Removed") =>
                    {
                        let id = id.clone();
                        let label = format!("Undo bulk change {id}…");
                        Some(view! {
                            <button type="button" class="link-button" aria-label=label
                                on:click=move |_| on_undo.run(id.clone())>"Undo…"</button>
                        })
                    }
                    _ => None,
                };
                let actor = match &e.actor.account_id {
                    Some(id) => {
                        view! { <A href=format!("/settings/customers/{id}")>{e.actor.name.clone()}</A> }
                            .into_any()
                    }
                    None => view! { <span>{e.actor.name.clone()}</span> }.into_any(),
                };
                view! {
                    <tr>
                        <td>{local_time(e.at.epoch_millis)}</td>
                        <td class="email">{actor}</td>
                        <td>{via_label(&e.via)}</td>
                        <td>{action_label(&e.action)}</td>
                        <td>{thing_view(&e.target)}{object}</td>
                        <td><ul class="audit-changes">{changes}</ul></td>
                        <td class="audit-request"><code>{e.request_id.clone()}</code></td>
                        <td>{e.bulk_change_id.clone().map(|id| view! { <span>{id}" "</span> })}{undo}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let table = move || {
        view! {
            <table class="data-table audit-table">
                <caption class="visually-hidden">{caption.clone()}</caption>
                <thead>
                    <tr>
                        <th scope="col">"When"</th>
                        <th scope="col">"Who"</th>
                        <th scope="col">"How"</th>
                        <th scope="col">"What"</th>
                        <th scope="col">"Target"</th>
                        <th scope="col">"Changes"</th>
                        <th scope="col">"Request"</th>
                        <th scope="col">"Bulk change"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
    };
    view! {
        <PagedListFrame controls=list.controls() what="the audit log" noun="changes"
            empty=|_: String| "No recorded changes match.".to_string() table=table/>
    }
}

/// What an undo does or did, as lists.
#[component]
fn UndoLists(report: UndoReport) -> impl IntoView {
    let will = report.dry_run;
    let removed = report
        .removed
        .iter()
        .map(|m| view! { <li>{format!("{} from {}", m.account.name, m.from.name)}</li> })
        .collect_view();
    let deleted = report
        .deleted_accounts
        .iter()
        .map(|a| view! { <li>{a.name.clone()}</li> })
        .collect_view();
    let kept = report
        .kept_accounts
        .iter()
        .map(|k| view! { <li>{format!("{}: {}", k.account.name, k.reason)}</li> })
        .collect_view();
    let (n_removed, n_deleted, n_kept) = (
        report.removed.len(),
        report.deleted_accounts.len(),
        report.kept_accounts.len(),
    );
    view! {
        <div class="undo-lists">
            <p>{format!("{} {n_removed} membership{}:", if will { "Removes" } else { "Removed" }, if n_removed == 1 { "" } else { "s" })}</p>
            <ul class="entries-list" aria-label="Memberships removed">{removed}</ul>
            <p>{format!("{} {n_deleted} account{} nobody has signed in to:", if will { "Deletes" } else { "Deleted" }, if n_deleted == 1 { "" } else { "s" })}</p>
            <ul class="entries-list" aria-label="Accounts deleted">{deleted}</ul>
            {(n_kept > 0).then(|| view! {
                <p>{format!("{} {n_kept} account{} it created:", if will { "Keeps" } else { "Kept" }, if n_kept == 1 { "" } else { "s" })}</p>
                <ul class="entries-list" aria-label="Accounts kept">{kept}</ul>
            })}
        </div>
    }
}

/// Review, then undo, one bulk change: the dry run first (exactly what will happen), then Undo.
/// `on_undone` hears of an undo that was done.
#[component]
pub fn UndoPanel(
    #[prop(into)] bulk_change_id: String,
    #[prop(optional, into)] on_undone: Option<Callback<UndoReport>>,
) -> impl IntoView {
    let review = {
        let id = bulk_change_id.clone();
        LocalResource::new(move || {
            let id = id.clone();
            async move { api::audit::undo_dry_run(&id).await }
        })
    };
    let undo = {
        let id = bulk_change_id.clone();
        Action::new_local(move |_: &()| {
            let id = id.clone();
            async move { api::audit::undo(&id).await }
        })
    };
    Effect::new(move |_| {
        if let (Some(Ok(report)), Some(on_undone)) = (undo.value().get(), on_undone) {
            on_undone.run(report);
        }
    });
    let pending = undo.pending();
    let undo_error = Signal::derive(move || match undo.value().get() {
        Some(Err(e)) => Some(failed("Couldn't undo it", &e)),
        _ => None,
    });
    let title_id = format!("undo-title-{bulk_change_id}");
    let heading = format!("Undo bulk change {bulk_change_id}");
    view! {
        <section class="undo-panel" aria-labelledby=title_id.clone()>
            <h3 id=title_id.clone()>{heading}</h3>
            {move || match (undo.value().get(), review.get()) {
                (Some(Ok(done)), _) => view! {
                    <p class="notice" role="status">"Undone."</p>
                    <UndoLists report=done/>
                }
                .into_any(),
                (_, None) => view! { <p class="muted" role="status">"Checking what undoing it would do…"</p> }.into_any(),
                (_, Some(Err(e))) => view! { <p class="error" role="alert">{failed("Can't undo it", &e)}</p> }.into_any(),
                (_, Some(Ok(plan))) => {
                    let until = local_time(plan.bulk_change.undoable_until.epoch_millis);
                    view! {
                        <p class="muted">{format!("Nothing changes until you press Undo. Possible until {until}.")}</p>
                        <UndoLists report=plan/>
                        <Feedback error=undo_error/>
                        <button type="button" class="button-danger" disabled=move || pending.get()
                            on:click=move |_| { undo.dispatch(()); }>
                            {move || if pending.get() { "Undoing…" } else { "Undo" }}
                        </button>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// A History section: the recorded changes of one account or organization (`target` is
/// `account:ID` or `organization:ID`), newest first, for site admins.
#[component]
pub fn AuditHistory(#[prop(into)] target: String) -> impl IntoView {
    let filter = AuditFilter::of(target);
    let list = PagedList::new(20, move |params, abort| {
        let filter = filter.clone();
        async move { api::audit::audit_log(&filter, params.start, params.limit, Some(&abort)).await }
    });
    view! {
        <section class="section" aria-labelledby="history-title">
            <div class="section-header">
                <h2 id="history-title">"History"</h2>
                <button type="button" on:click=move |_| list.reload()>"Refresh"</button>
            </div>
            <AuditTable list=list caption="History"/>
        </section>
    }
}
