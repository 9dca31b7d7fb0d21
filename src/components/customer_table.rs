//! A page of customers (of a project, or members of an organization): name, email,
//! organizations, status (for people who have not signed up yet: the invitation sent, when,
//! and Resend invitation for those allowed), and a remove button for those allowed.

use clientele_domain::account::AccountStatus;
use clientele_domain::wire::{Customer, InvitationInfo};
use leptos::prelude::*;

use super::on_demand::prefetch_dialogs;
use leptos_router::components::A;

use super::dialog_state::write_action;
use super::feedback::Feedback;
use super::paged_list::{PagedList, PagedListFrame};
use super::timestamp::local_time;
use crate::api;

/// How a status reads.
pub fn status_label(status: AccountStatus) -> &'static str {
    match status {
        AccountStatus::Invited => "Invited",
        AccountStatus::Active => "Active",
        AccountStatus::Revoked => "Access revoked",
    }
}

/// What the last invitation message of a customer was and whether it left: "Invitation queued",
/// "Verification email sent".
pub fn invitation_summary(info: &InvitationInfo) -> String {
    let what = match info.kind.as_str() {
        "verification" => "Verification email",
        _ => "Invitation",
    };
    let state = match info.state.as_str() {
        "sent" => "sent",
        _ => "queued",
    };
    format!("{what} {state}")
}

/// The invitation line under an invited customer's status: what was sent and when.
fn invitation_line(customer: &Customer) -> Option<String> {
    if customer.status != AccountStatus::Invited {
        return None;
    }
    Some(match &customer.invitation {
        Some(info) => format!("{} {}", invitation_summary(info), local_time(info.queued_at)),
        None => "No invitation sent yet".into(),
    })
}

/// What to say when the list is empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmptyText {
    /// When nothing matches a search.
    pub no_match: &'static str,
    /// When there is nobody at all: what to do about it.
    pub nobody: String,
}

/// The table of one page, with its pager.
#[component]
pub fn CustomerTable(
    list: PagedList<Customer>,
    /// The table's caption, e.g. "Customers of IT Help".
    #[prop(into)]
    caption: String,
    /// Links organizations to `{organizations_base}/{id}`; no organizations column when `None`.
    #[prop(optional, into)]
    organizations_base: Option<String>,
    /// The label of the per-row remove button; no button when `None`.
    #[prop(optional)]
    remove_label: Option<&'static str>,
    /// Called with the customer whose remove button was pressed.
    #[prop(optional_no_strip)]
    on_remove: Option<Callback<Customer>>,
    empty: EmptyText,
    /// What the rows are, for the pager: "customers" or "members".
    #[prop(default = "customers")]
    noun: &'static str,
    /// The key of the service project that sends **Resend invitation**; no button when unset
    /// (people who may not add customers there, or lists outside a project).
    #[prop(optional, into)]
    resend_in: MaybeProp<String>,
    /// The project's queue (`/projects/ITH/queue`): adds the **Open requests** and **Closed
    /// requests** columns, each count a link to the queue filtered to that customer.
    #[prop(optional_no_strip)]
    requests_in: Option<String>,
    /// Called with the customer whose **Raise request** button was pressed; no button when
    /// `None`.
    #[prop(optional_no_strip)]
    on_raise: Option<Callback<Customer>>,
) -> impl IntoView {
    let show_orgs = organizations_base.is_some();
    // Resend invitation: its answer is a notice, or what went wrong.
    let resend = write_action(
        move |customer: &Customer| {
            let (key, id) = (
                resend_in.get_untracked().unwrap_or_default(),
                customer.account_id.clone(),
            );
            async move { api::customers::resend_invitation(&key, &id).await }
        },
        move |_, answer| {
            if answer.is_ok() {
                list.reload();
            }
        },
    );
    let (resending, pending, resent) = (resend.input(), resend.pending(), resend.value());
    // The last answer, gone while a newer resend is on its way.
    let answer = move || resent.get().filter(|_| !pending.get());
    let notice = Signal::derive(move || match answer()? {
        (customer, Ok(info)) => Some(format!(
            "{} to {}: a new link is on its way.",
            invitation_summary(&info),
            customer.email_address
        )),
        (_, Err(_)) => None,
    });
    let error = Signal::derive(move || match answer()? {
        (customer, Err(e)) => Some(format!(
            "Couldn't resend the invitation to {}: {}",
            customer.email_address, e.message
        )),
        (_, Ok(_)) => None,
    });
    let base = organizations_base.unwrap_or_default();
    let show_counts = requests_in.is_some();
    let has_actions = (remove_label.is_some() && on_remove.is_some()) || on_raise.is_some();
    let rows = move || {
        list.items()
            .into_iter()
            .map(|customer| {
                let orgs = show_orgs.then(|| {
                    let links = customer
                        .organizations
                        .clone()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|org| view! { <li><A href=format!("{base}/{}", org.id)>{org.name}</A></li> })
                        .collect_view();
                    view! { <td><ul class="inline-list">{links}</ul></td> }
                });
                let remove = remove_label.zip(on_remove).map(|(label, on_remove)| {
                    let name = format!("{label} {}", customer.display_name);
                    let who = customer.clone();
                    view! {
                        <button type="button" class="button-small" aria-label=name
                            on:click=move |_| on_remove.run(who.clone())>{label}</button>
                    }
                });
                let raise = on_raise.map(|on_raise| {
                    let name = format!("Raise request for {}", customer.display_name);
                    let who = customer.clone();
                    view! {
                        <button type="button" class="button-small raise-for" aria-label=name
                            on:pointerenter=|_| prefetch_dialogs() on:focus=|_| prefetch_dialogs()
                            on:click=move |_| on_raise.run(who.clone())>"Raise request"</button>
                    }
                });
                let actions = has_actions.then(|| view! { <td class="row-actions">{raise}{remove}</td> });
                let status = customer.status;
                let invitation = invitation_line(&customer).map(|line| view! { <span class="invitation">{line}</span> });
                let resend_button = (customer.status == AccountStatus::Invited).then(|| {
                    let who = customer.clone();
                    let id = customer.account_id.clone();
                    let name = format!("Resend invitation to {}", customer.display_name);
                    move || {
                        resend_in.get().map(|_| {
                            let (who, id) = (who.clone(), id.clone());
                            let busy = Memo::new(move |_| {
                                resending.with(|r| r.as_ref().is_some_and(|c| c.account_id == id))
                            });
                            view! {
                                <button type="button" class="button-small resend-invitation" aria-label=name.clone()
                                    disabled=busy on:click=move |_| {
                                        if resend_in.get_untracked().is_some() {
                                            resend.dispatch_local(who.clone());
                                        }
                                    }>
                                    {move || if busy.get() { "Resending…" } else { "Resend invitation" }}
                                </button>
                            }
                        })
                    }
                });
                let counts = requests_in.clone().map(|queue| request_count_cells(&queue, &customer));
                view! {
                    <tr>
                        <td>{customer.display_name.clone()}</td>
                        <td class="email">{customer.email_address.clone()}</td>
                        {orgs}
                        {counts}
                        <td class="status-cell">
                            <span class=format!("status status-{status}")>{status_label(status)}</span>
                            {invitation}
                            {resend_button}
                        </td>
                        {actions}
                    </tr>
                }
            })
            .collect_view()
    };
    let empty_text = move |search: String| {
        if search.is_empty() {
            empty.nobody.clone()
        } else {
            format!("{} “{search}”.", empty.no_match)
        }
    };
    let table = move || {
        view! {
            <table class="data-table">
                <caption class="visually-hidden">{caption.clone()}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        {show_orgs.then(|| view! { <th scope="col">"Organizations"</th> })}
                        {show_counts.then(|| view! {
                            <th scope="col" class="count">"Open requests"</th>
                            <th scope="col" class="count">"Closed requests"</th>
                        })}
                        <th scope="col">"Status"</th>
                        {has_actions.then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
                    </tr>
                </thead>
                <tbody>{rows.clone()}</tbody>
            </table>
        }
    };
    view! {
        <Feedback notice=notice error=error/>
        <PagedListFrame controls=list.controls() what="the list" noun=noun empty=empty_text table=table/>
    }
}

/// The queue filtered to one reporter's open or resolved requests:
/// `/projects/ITH/queue?reporter=42&status=open`.
pub fn reporter_queue_path(queue: &str, account_id: &str, status: &str) -> String {
    format!(
        "{queue}?reporter={}&status={status}",
        clientele_domain::url::encode_component(account_id)
    )
}

/// A customer's open and closed requests in the project, each a link to the queue filtered to
/// them ("–" when the server sent no counts).
fn request_count_cells(queue: &str, customer: &Customer) -> impl IntoView {
    let cell = |count: Option<u64>, status: &str, what: &str| match count {
        Some(n) => {
            let label = format!("{n} {what} requests of {}", customer.display_name);
            view! {
                <td class="count">
                    <A href=reporter_queue_path(queue, &customer.account_id, status) attr:aria-label=label>{n.to_string()}</A>
                </td>
            }
            .into_any()
        }
        None => view! { <td class="count muted">"–"</td> }.into_any(),
    };
    let counts = customer.requests;
    (
        cell(counts.map(|c| c.open), "open", "open"),
        cell(counts.map(|c| c.closed), "resolved", "closed"),
    )
}
