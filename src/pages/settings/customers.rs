//! Settings → Customers (flow 8): every customer account on the site, searchable by name or
//! email, filtered by status and kind, paged; each opens its account page.

use clientele_domain::account::AccountStatus;
use clientele_domain::wire::Customer;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::SettingsFlash;
use crate::api::{self, accounts::AccountFilter};
use crate::components::csv_export::CsvExport;
use crate::components::customer_table::{status_label, CustomerTable, EmptyText};
use crate::components::feedback::Feedback;
use crate::components::paged_list::{PagedList, SearchField};
use crate::session::Session;

const PER_PAGE: usize = 50;

/// The page.
#[component]
pub fn SettingsCustomersPage() -> impl IntoView {
    crate::pages::project::reread_myself_on_navigation();
    let session = Session::use_session();
    // Only whether someone is signed in matters here: the layout let them in.
    let signed_in = Memo::new(move |_| session.me().is_some());
    move || signed_in.get().then(|| view! { <AllAccounts/> })
}

#[component]
fn AllAccounts() -> impl IntoView {
    let status = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    // The filters are read as each request starts, so changing one fetches again.
    let list = PagedList::new(PER_PAGE, move |params, abort| {
        let filter = AccountFilter {
            status: status.get(),
            kind: kind.get(),
        };
        async move { api::accounts::list(&params, &filter, Some(&abort)).await }
    });
    let filter_changed = move |signal: RwSignal<String>, value: String| {
        list.first_page();
        signal.set(value);
    };
    let flash = SettingsFlash::use_flash();
    let notice = RwSignal::new(flash.take());
    let navigate = use_navigate();
    let open_account = Callback::new(move |c: Customer| {
        navigate(
            &format!("/settings/customers/{}", c.account_id),
            Default::default(),
        );
    });
    view! {
        <div class="page-header">
            <h1>"Customers"</h1>
        </div>
        <p class="muted">
            "Every customer account on the site. Open one to edit its name, change a portal-only account's \
             password, migrate it to a full account, revoke or restore its access, or delete it."
        </p>
        <Feedback notice=notice/>
        <div class="filters">
            <SearchField label="Search customers" id="search-accounts" on_search=move |text| list.search_for(text)/>
            <div class="filter-field">
                <label for="filter-status">"Status"</label>
                <select id="filter-status" on:change=move |ev| filter_changed(status, event_target_value(&ev))>
                    <option value="">"Any status"</option>
                    {AccountStatus::ALL.map(|s| view! { <option value=s.as_str()>{status_label(s)}</option> })}
                </select>
            </div>
            <div class="filter-field">
                <label for="filter-kind">"Kind"</label>
                <select id="filter-kind" on:change=move |ev| filter_changed(kind, event_target_value(&ev))>
                    <option value="">"Any kind"</option>
                    <option value="portal">"Portal-only"</option>
                    <option value="full">"Full account"</option>
                </select>
            </div>
        </div>
        <div class="list-tools">
            <CsvExport path=api::export::CUSTOMERS file_name="customers"
                query=Callback::new(move |_| vec![
                    ("query", list.search.get_untracked()),
                    ("status", status.get_untracked()),
                    ("kind", kind.get_untracked()),
                ])/>
            <A href="/settings/customers/import" attr:class="button">"Import CSV"</A>
        </div>
        <CustomerTable list=list caption="Customer accounts" organizations_base="/settings/organizations"
            remove_label="Manage" on_remove=Some(open_account)
            empty=EmptyText {
                no_match: "No accounts match",
                nobody: "No customer accounts match these filters.".into(),
            }/>
    }
}
