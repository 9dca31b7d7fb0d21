//! `/help/{hc}/requests?status=open|closed|all`: **My requests**: the requests the customer
//! raised, participates in, or that are shared with their organizations; open ones first shown,
//! searchable by summary or key, and paged.

use clientele_domain::wire::request::CustomerRequest;
use clientele_domain::wire::HelpCenter;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::help_path;
use super::signed_in::signed_in_page;
use crate::api;
use crate::api::requests::RequestQuery;
use crate::components::paged_list::{PagedList, PagedListFrame, SearchField};
use crate::components::request_view::{no_requests_text, reporter_label, StatusLabel};
use crate::components::timestamp::local_time;

const PER_PAGE: usize = 25;

/// The tabs of My requests: `?status=` and JSM's `requestStatus`.
pub const TABS: [(&str, &str, Option<&str>); 3] = [
    ("open", "Open requests", Some("OPEN_REQUESTS")),
    ("closed", "Closed requests", Some("CLOSED_REQUESTS")),
    ("all", "All requests", None),
];

/// The page.
#[component]
pub fn MyRequestsPage() -> impl IntoView {
    let query = use_query_map();
    let tab = Memo::new(move |_| {
        let asked = query.read().get("status").unwrap_or_default();
        TABS.iter().position(|(name, ..)| *name == asked).unwrap_or(0)
    });
    signed_in_page(move |help_center, _| {
        let tab = tab.get();
        view! { <MyRequests help_center=help_center tab=tab/> }
    })
}

#[component]
fn MyRequests(help_center: HelpCenter, tab: usize) -> impl IntoView {
    let slug = help_center.slug.clone();
    let request_status = TABS[tab].2;
    let list = PagedList::new(PER_PAGE, move |params, abort| {
        let query = RequestQuery {
            request_status,
            search_term: params.query,
            start: params.start,
            limit: params.limit,
            cursor: params.cursor,
            ..RequestQuery::default()
        };
        async move { api::requests::list_requests(&query, Some(&abort)).await }
    });
    let tabs = TABS
        .iter()
        .enumerate()
        .map(|(i, (name, label, _))| {
            let current = (i == tab).then_some("page");
            // A plain link: the router's <A> marks every tab current, their paths being equal.
            view! { <li><a href=help_path(&slug, &format!("requests?status={name}")) aria-current=current>{*label}</a></li> }
        })
        .collect_view();
    let rows = {
        let slug = slug.clone();
        move || {
            list.items()
                .into_iter()
                .map(|r: CustomerRequest| {
                    let href = help_path(&slug, &format!("requests/{}", r.issue_key));
                    let (key, summary) = (r.issue_key.clone(), r.field("summary").to_string());
                    view! {
                        <tr>
                            <td><A href=href.clone()>{key}</A></td>
                            <td><A href=href>{summary}</A></td>
                            <td><StatusLabel status=r.status/></td>
                            <td>{reporter_label(&r)}</td>
                            <td class="muted">{local_time(r.updated_date.epoch_millis)}</td>
                        </tr>
                    }
                })
                .collect_view()
        }
    };
    let table = move || {
        view! {
            <table class="data-table my-requests">
                <caption class="visually-hidden">{TABS[tab].1}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Reference"</th>
                        <th scope="col">"Summary"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Requester"</th>
                        <th scope="col">"Updated"</th>
                    </tr>
                </thead>
                <tbody>{rows.clone()}</tbody>
            </table>
        }
    };
    view! {
        <p class="back-link"><A href=help_path(&slug, "")>"← Help center"</A></p>
        <h1>"My requests"</h1>
        <nav aria-label="Request filters"><ul class="queue-tabs">{tabs}</ul></nav>
        <SearchField label="Search your requests" id="search-my-requests" placeholder="Summary or reference"
            on_search=move |text| list.search_for(text)/>
        <PagedListFrame controls=list.controls() what="your requests" noun="requests" empty=no_requests_text table=table/>
    }
}
