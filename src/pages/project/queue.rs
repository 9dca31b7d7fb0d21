//! `/projects/{KEY}/queue`: the project's requests, newest first: filtered to Open, Waiting for
//! customer, Resolved or All (`?status=`), optionally to one reporter (`?reporter=`, shown as a
//! chip that removes the filter), searchable by summary or key, and paged; **Raise request**
//! for those who work on requests.

use clientele_domain::policy::Action;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::raise_request::{RaiseRequestDialog, Raised, RaisedNotice};
use crate::api::requests::RequestQuery;
use crate::api::{self, ListParams};
use crate::components::paged_list::{PagedList, PagedListFrame, SearchField};
use crate::components::request_view::{no_requests_text, reporter_label, StatusLabel};
use crate::components::timestamp::local_time;
use crate::components::why_not::MaybeWhyNot;
use crate::project_scope::{use_project, ProjectScope};

const PER_PAGE: usize = 25;

/// The queue's filters, as `?status=` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueFilter {
    /// Waiting for support or for the customer.
    Open,
    /// Waiting for the customer.
    WaitingForCustomer,
    /// Resolved.
    Resolved,
    /// Everything.
    All,
}

impl QueueFilter {
    /// The filters, in the order the page offers them.
    pub const ALL: [QueueFilter; 4] = [
        QueueFilter::Open,
        QueueFilter::WaitingForCustomer,
        QueueFilter::Resolved,
        QueueFilter::All,
    ];

    /// The filter `?status=` names; Open when it names none.
    pub fn from_param(param: Option<&str>) -> QueueFilter {
        match param {
            Some("waiting") => QueueFilter::WaitingForCustomer,
            Some("resolved" | "closed") => QueueFilter::Resolved,
            Some("all") => QueueFilter::All,
            _ => QueueFilter::Open,
        }
    }

    /// Its `?status=` value.
    pub fn param(self) -> &'static str {
        match self {
            QueueFilter::Open => "open",
            QueueFilter::WaitingForCustomer => "waiting",
            QueueFilter::Resolved => "resolved",
            QueueFilter::All => "all",
        }
    }

    /// What its tab says.
    pub fn label(self) -> &'static str {
        match self {
            QueueFilter::Open => "Open",
            QueueFilter::WaitingForCustomer => "Waiting for customer",
            QueueFilter::Resolved => "Resolved",
            QueueFilter::All => "All",
        }
    }

    /// Puts the filter into a list request (`requestStatus` or Clientele's `status`).
    pub fn apply(self, query: &mut RequestQuery) {
        match self {
            QueueFilter::Open => query.request_status = Some("OPEN_REQUESTS"),
            QueueFilter::WaitingForCustomer => query.status = Some("waitingForCustomer"),
            QueueFilter::Resolved => query.request_status = Some("CLOSED_REQUESTS"),
            QueueFilter::All => {}
        }
    }
}

/// The queue's address with a filter and, optionally, a reporter.
pub fn queue_href(queue: &str, filter: QueueFilter, reporter: Option<&str>) -> String {
    match reporter {
        Some(id) => format!(
            "{queue}?status={}&reporter={}",
            filter.param(),
            clientele_domain::url::encode_component(id)
        ),
        None => format!("{queue}?status={}", filter.param()),
    }
}

/// The page, for the project in context.
#[component]
pub fn QueuePage() -> impl IntoView {
    super::reread_myself_on_navigation();
    let scope = use_project();
    let query = use_query_map();
    let filter = Memo::new(move |_| QueueFilter::from_param(query.read().get("status").as_deref()));
    let reporter = Memo::new(move |_| query.read().get("reporter").filter(|r| !r.is_empty()));
    move || {
        let (filter, reporter) = (filter.get(), reporter.get());
        scope
            .get()
            .map(|scope| view! { <Queue scope=scope filter=filter reporter=reporter/> })
    }
}

#[component]
fn Queue(scope: ProjectScope, filter: QueueFilter, reporter: Option<String>) -> impl IntoView {
    let base = scope.path("queue");
    let list = {
        let (service_desk, reporter) = (scope.project.id.clone(), reporter.clone());
        PagedList::new(PER_PAGE, move |params: ListParams, abort| {
            let mut query = RequestQuery {
                service_desk_id: Some(service_desk.clone()),
                reporter: reporter.clone(),
                search_term: params.query,
                start: params.start,
                limit: params.limit,
                cursor: params.cursor,
                ..RequestQuery::default()
            };
            filter.apply(&mut query);
            async move { api::requests::list_requests(&query, Some(&abort)).await }
        })
    };
    let raising = RwSignal::new(false);
    let raised = RwSignal::new(None::<Raised>);
    let can_raise = scope.can(Action::WorkOnRequests);

    let tabs = QueueFilter::ALL
        .into_iter()
        .map(|f| {
            let current = (f == filter).then_some("page");
            view! {
                // A plain link: the router's <A> marks every tab current, their paths being equal.
                <li><a href=queue_href(&base, f, reporter.as_deref()) aria-current=current>{f.label()}</a></li>
            }
        })
        .collect_view();
    let chip = reporter.clone().map(|id| {
        let name = move || {
            list.items()
                .first()
                .map(reporter_label)
                .unwrap_or_else(|| "this customer".into())
        };
        let href = queue_href(&base, filter, None);
        view! {
            <p class="filter-chips">
                <span class="chip">
                    {move || format!("Reporter: {}", name())}
                    <A href=href attr:aria-label="Remove the reporter filter" attr:class="chip-remove">"×"</A>
                </span>
                <span class="visually-hidden">{id}</span>
            </p>
        }
    });
    let request_base = scope.path("requests");
    let rows = move || {
        list.items()
            .into_iter()
            .map(|r| {
                let href = format!("{request_base}/{}", r.issue_key);
                let (key, summary) = (r.issue_key.clone(), r.field("summary").to_string());
                view! {
                    <tr>
                        <td><A href=href.clone()>{key}</A></td>
                        <td><A href=href>{summary}</A></td>
                        <td class=if r.reporter_is_customer { "" } else { "former" }>{reporter_label(&r)}</td>
                        <td><StatusLabel status=r.status/></td>
                        <td>{r.request_type_name.clone()}</td>
                        <td class="muted">{local_time(r.updated_date.epoch_millis)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let table = move || {
        view! {
            <table class="data-table queue-table">
                <caption class="visually-hidden">{format!("Requests: {}", filter.label())}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Key"</th>
                        <th scope="col">"Summary"</th>
                        <th scope="col">"Reporter"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Request type"</th>
                        <th scope="col">"Updated"</th>
                    </tr>
                </thead>
                <tbody>{rows.clone()}</tbody>
            </table>
        }
    };
    let dialog = {
        let scope = scope.clone();
        move || {
            raising.get().then(|| {
                view! {
                    <RaiseRequestDialog scope=scope.clone() on_close=move |_| raising.set(false)
                        on_raised=move |request| { raising.set(false); raised.set(Some(Raised::from(&request))); list.reload(); }/>
                }
            })
        }
    };
    view! {
        <div class="page-header">
            <h2>"Queue"</h2>
            <div class="page-actions">
                {can_raise.then(|| view! {
                    <button type="button" class="button-primary" on:click=move |_| raising.set(true)>"Raise request"</button>
                })}
            </div>
        </div>
        <div class="why-nots">
            <MaybeWhyNot question="Why can't I raise requests?" denial=scope.why_not(Action::WorkOnRequests)/>
        </div>
        <RaisedNotice scope=scope.clone() raised=raised/>
        <nav aria-label="Queue filters"><ul class="queue-tabs">{tabs}</ul></nav>
        {chip}
        <SearchField label="Search requests" id="search-requests" placeholder="Summary or key"
            on_search=move |text| list.search_for(text)/>
        <PagedListFrame controls=list.controls() what="the queue" noun="requests" empty=no_requests_text table=table/>
        {dialog}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_filter_round_trips_through_the_address_and_open_is_the_default() {
        for f in QueueFilter::ALL {
            assert_eq!(QueueFilter::from_param(Some(f.param())), f);
        }
        assert_eq!(QueueFilter::from_param(None), QueueFilter::Open);
        assert_eq!(QueueFilter::from_param(Some("nonsense")), QueueFilter::Open);
    }

    #[test]
    fn filters_ask_the_server_for_the_right_requests() {
        let asked = |f: QueueFilter| {
            let mut q = RequestQuery::default();
            f.apply(&mut q);
            (q.request_status, q.status)
        };
        assert_eq!(asked(QueueFilter::Open), (Some("OPEN_REQUESTS"), None));
        assert_eq!(
            asked(QueueFilter::WaitingForCustomer),
            (None, Some("waitingForCustomer"))
        );
        assert_eq!(asked(QueueFilter::Resolved), (Some("CLOSED_REQUESTS"), None));
        assert_eq!(asked(QueueFilter::All), (None, None));
    }

    #[test]
    fn the_reporter_filter_stays_when_the_status_filter_changes() {
        assert_eq!(
            queue_href("/projects/ITH/queue", QueueFilter::Resolved, Some("a b")),
            "/projects/ITH/queue?status=resolved&reporter=a%20b"
        );
        assert_eq!(
            queue_href("/projects/ITH/queue", QueueFilter::All, None),
            "/projects/ITH/queue?status=all"
        );
    }
}
