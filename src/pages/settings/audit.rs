//! `/settings/audit-log`: every recorded change (site admins), newest first, filtered by
//! person, target, action and date, with Undo on a bulk change's events for 24 hours.

use leptos::prelude::*;

use crate::api;
use crate::api::audit::AuditFilter;
use crate::components::audit_log::{AuditTable, UndoPanel, ACTIONS};
use crate::components::modal::Modal;
use crate::components::paged_list::PagedList;

const PER_PAGE: usize = 50;

/// The kinds of thing a change can be about, for the target filter.
const TARGET_KINDS: &[(&str, &str)] = &[
    ("account", "Account"),
    ("organization", "Organization"),
    ("project", "Service project"),
    ("managedDomain", "Managed domain"),
    ("helpCenter", "Help center"),
    ("settings", "Settings"),
    ("bulkChange", "Bulk change"),
];

/// The action groups offered above the single actions.
const ACTION_GROUPS: &[(&str, &str)] = &[
    ("account", "Any account change"),
    ("project", "Any service project change"),
    ("organization", "Any organization change"),
    ("settings", "Any settings change"),
    ("managedDomain", "Any managed domain change"),
    ("helpCenter", "Any help center change"),
    ("bulkChange", "Any bulk change undone"),
];

fn input_value(ev: &leptos::ev::Event) -> String {
    event_target_value(ev)
}

/// The audit log page.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let filter = RwSignal::new(AuditFilter::default());
    let list = PagedList::new(PER_PAGE, move |params, abort| {
        let filter = filter.get();
        async move { api::audit::audit_log(&filter, params.start, params.limit, Some(&abort)).await }
    });
    // What is typed, sent on Apply.
    let actor = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let target_id = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (kind, id) = (kind.get_untracked(), target_id.get_untracked().trim().to_string());
        let target = match (kind.is_empty(), id.is_empty()) {
            (true, true) => String::new(),
            (false, false) => format!("{kind}:{id}"),
            (false, true) if kind == "settings" => "settings:site".to_string(),
            (false, true) => {
                problem.set(Some(
                    "Give the target's id too (an account or organization id, a domain…).".into(),
                ));
                return;
            }
            (true, false) => {
                problem.set(Some("Choose what kind of target the id is.".into()));
                return;
            }
        };
        problem.set(None);
        list.start.set(0);
        filter.set(AuditFilter {
            actor: actor.get_untracked(),
            target,
            action: action.get_untracked(),
            from: from.get_untracked(),
            to: to.get_untracked(),
            bulk_change: String::new(),
        });
    };
    let clear = move |_| {
        for field in [actor, kind, target_id, action, from, to] {
            field.set(String::new());
        }
        problem.set(None);
        list.start.set(0);
        filter.set(AuditFilter::default());
    };
    let undoing = RwSignal::new(None::<String>);
    let kinds = TARGET_KINDS
        .iter()
        .map(|(code, label)| view! { <option value=*code>{*label}</option> })
        .collect_view();
    let groups = ACTION_GROUPS
        .iter()
        .map(|(code, label)| view! { <option value=*code>{*label}</option> })
        .collect_view();
    let actions = ACTIONS
        .iter()
        .map(|(code, label)| view! { <option value=*code>{*label}</option> })
        .collect_view();
    view! {
        <div class="page-header"><h1>"Audit log"</h1></div>
        <p class="muted">
            "Every change to customers, organizations, memberships, project access, settings, managed domains, \
             help centers and accounts: who made it, how, and what changed. A bulk add can be undone from here \
             for 24 hours."
        </p>
        <form class="audit-filters" on:submit=apply aria-label="Filter the audit log">
            <label for="audit-actor">"Person"</label>
            <input id="audit-actor" type="text" placeholder="jane@example.com, an account id, or system"
                prop:value=actor on:input=move |ev| actor.set(input_value(&ev))/>
            <label for="audit-target-kind">"Target"</label>
            <select id="audit-target-kind" prop:value=kind on:change=move |ev| kind.set(input_value(&ev))>
                <option value="">"Anything"</option>
                {kinds}
            </select>
            <label for="audit-target-id">"Target id"</label>
            <input id="audit-target-id" type="text" placeholder="12, or example.com"
                prop:value=target_id on:input=move |ev| target_id.set(input_value(&ev))/>
            <label for="audit-action">"Action"</label>
            <select id="audit-action" prop:value=action on:change=move |ev| action.set(input_value(&ev))>
                <option value="">"Any action"</option>
                <optgroup label="Groups">{groups}</optgroup>
                <optgroup label="Actions">{actions}</optgroup>
            </select>
            <label for="audit-from">"From"</label>
            <input id="audit-from" type="date" prop:value=from on:input=move |ev| from.set(input_value(&ev))/>
            <label for="audit-to">"To"</label>
            <input id="audit-to" type="date" prop:value=to on:input=move |ev| to.set(input_value(&ev))/>
            <div class="audit-filter-buttons">
                <button type="submit" class="button-primary">"Apply"</button>
                <button type="button" on:click=clear>"Clear"</button>
            </div>
        </form>
        {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        <AuditTable list=list caption="Audit log" on_undo=Callback::new(move |id: String| undoing.set(Some(id)))/>
        {move || undoing.get().map(|id| view! {
            <Modal labelled_by=format!("undo-title-{id}") class="undo-dialog" on_close=move |_| undoing.set(None)>
                <UndoPanel bulk_change_id=id.clone() on_undone=Callback::new(move |_| list.reload())/>
                <div class="dialog-buttons">
                    <button type="button" data-autofocus on:click=move |_| undoing.set(None)>"Close"</button>
                </div>
            </Modal>
        })}
    }
}
