//! A page of customers (of a project, or members of an organization): name, email,
//! organizations, status, and a remove button for those allowed.

use clientele_domain::wire::Customer;
use leptos::prelude::*;
use leptos_router::components::A;

use super::paged_list::{PagedList, Pager};

/// How a status reads.
pub fn status_label(status: &str) -> &'static str {
    match status {
        "invited" => "Invited",
        "active" => "Active",
        "revoked" => "Access revoked",
        _ => "Unknown",
    }
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
) -> impl IntoView {
    let show_orgs = organizations_base.is_some();
    let base = organizations_base.unwrap_or_default();
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
                        <td class="row-actions">
                            <button type="button" class="button-small" aria-label=name
                                on:click=move |_| on_remove.run(who.clone())>{label}</button>
                        </td>
                    }
                });
                let status = customer.status.clone();
                view! {
                    <tr>
                        <td>{customer.display_name.clone()}</td>
                        <td class="email">{customer.email_address.clone()}</td>
                        {orgs}
                        <td><span class=format!("status status-{status}")>{status_label(&status)}</span></td>
                        {remove}
                    </tr>
                }
            })
            .collect_view()
    };
    let has_actions = remove_label.is_some() && on_remove.is_some();
    let empty_text = move || {
        if list.search.with(|s| s.is_empty()) {
            empty.nobody.clone()
        } else {
            format!("{} “{}”.", empty.no_match, list.search.get())
        }
    };
    let body = move || {
        if list.first_load() {
            return view! { <p class="muted" role="status">"Loading…"</p> }.into_any();
        }
        if list.page.with(|p| p.as_ref().is_none_or(|p| p.size == 0)) {
            return view! { <p class="empty-state">{empty_text.clone()}</p> }.into_any();
        }
        view! {
            <table class="data-table">
                <caption class="visually-hidden">{caption.clone()}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        {show_orgs.then(|| view! { <th scope="col">"Organizations"</th> })}
                        <th scope="col">"Status"</th>
                        {has_actions.then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
                    </tr>
                </thead>
                <tbody>{rows.clone()}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        {move || list.error.get().map(|e| view! {
            <div class="error" role="alert">
                <p>{format!("Couldn't load the list: {}", e.message)}</p>
                <button type="button" on:click=move |_| list.reload()>"Try again"</button>
            </div>
        })}
        <div class="table-wrap" aria-busy=move || list.loading.get().to_string()>{body}</div>
        <Pager list=list noun=noun/>
    }
}
