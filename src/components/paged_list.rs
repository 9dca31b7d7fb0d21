//! A long list fetched one page at a time, with a search that waits until typing pauses and
//! drops the answers to searches that were superseded.
//!
//! Next goes by the server's `nextCursor` (the page after the one shown, found through the
//! list's index: as quick at the end of a million customers as at the start, and exact while
//! others add and remove people); Previous goes back to the cursor that gave the page before.
//! A list whose server gives no cursor goes by `start`.

use std::future::Future;
use std::time::Duration;

use clientele_domain::wire::Page;
use leptos::prelude::*;

use crate::api::{Abort, ApiError, ListParams};

/// How long typing must pause before a search is sent.
pub const SEARCH_DELAY: Duration = Duration::from_millis(250);

/// What a list has received: nothing yet, a page, or a failure. A newer request in flight
/// keeps what is shown (marked `refreshing`/`retrying`) until its answer comes; a failure keeps
/// the page shown before it, under the error.
#[derive(Debug, Clone, PartialEq)]
pub enum ListState<T> {
    /// The first answer has not come yet.
    Loading,
    /// The last answer: a page.
    Loaded {
        /// The page received for the current request.
        page: Page<T>,
        /// A newer request is in flight.
        refreshing: bool,
    },
    /// The last answer: a failure.
    Failed {
        /// Why.
        error: ApiError,
        /// The page received before, still shown.
        shown: Option<Page<T>>,
        /// A newer request is in flight.
        retrying: bool,
    },
}

impl<T> ListState<T> {
    /// The page shown, if any.
    pub fn page(&self) -> Option<&Page<T>> {
        match self {
            ListState::Loading => None,
            ListState::Loaded { page, .. } => Some(page),
            ListState::Failed { shown, .. } => shown.as_ref(),
        }
    }

    /// Whether a request is in flight.
    pub fn busy(&self) -> bool {
        match self {
            ListState::Loading => true,
            ListState::Loaded { refreshing, .. } => *refreshing,
            ListState::Failed { retrying, .. } => *retrying,
        }
    }

    /// A request was sent: what is shown stays, marked busy.
    fn requested(&mut self) {
        match self {
            ListState::Loading => {}
            ListState::Loaded { refreshing, .. } => *refreshing = true,
            ListState::Failed { retrying, .. } => *retrying = true,
        }
    }

    /// The answer that sent no new page (an empty page past the first): what is shown stays,
    /// no longer busy.
    fn settled(&mut self) {
        match self {
            ListState::Loading => {}
            ListState::Loaded { refreshing, .. } => *refreshing = false,
            ListState::Failed { retrying, .. } => *retrying = false,
        }
    }

    /// The request answered with a page: it is shown, and any earlier failure is gone.
    fn received(&mut self, page: Page<T>) {
        *self = ListState::Loaded {
            page,
            refreshing: false,
        };
    }

    /// The request failed: the error, over what was shown.
    fn failed(&mut self, error: ApiError) {
        let shown = match std::mem::replace(self, ListState::Loading) {
            ListState::Loading => None,
            ListState::Loaded { page, .. } => Some(page),
            ListState::Failed { shown, .. } => shown,
        };
        *self = ListState::Failed {
            error,
            shown,
            retrying: false,
        };
    }
}

/// A list's state: the search, the page asked for, and what came back.
pub struct PagedList<T: Send + Sync + 'static> {
    /// The search sent (after the pause).
    pub search: RwSignal<String>,
    /// Index of the first item of the page asked for (setting it, e.g. to 0, asks for that
    /// page by index).
    pub start: RwSignal<usize>,
    /// The cursor of the page asked for, with the index it leads to: used while `start` is that
    /// index.
    cursor: RwSignal<Option<(usize, String)>>,
    /// The cursors of the pages before the one asked for (`None` for a page by index).
    history: StoredValue<Vec<(usize, Option<String>)>>,
    /// Page size.
    pub limit: usize,
    /// What the list has received.
    pub state: RwSignal<ListState<T>>,
    reloads: RwSignal<u64>,
}

impl<T: Send + Sync + 'static> Clone for PagedList<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for PagedList<T> {}

impl<T: Clone + Send + Sync + 'static> PagedList<T> {
    /// Starts fetching with `fetch(params, abort)`, again whenever the search, the page or
    /// [`PagedList::reload`] asks for it. Each request gets a number; an answer that is not for
    /// the latest request is dropped, and the superseded request is aborted.
    pub fn new<F, Fut>(limit: usize, fetch: F) -> PagedList<T>
    where
        F: Fn(ListParams, Abort) -> Fut + 'static,
        Fut: Future<Output = Result<Page<T>, ApiError>> + 'static,
    {
        let list = PagedList {
            search: RwSignal::new(String::new()),
            start: RwSignal::new(0),
            cursor: RwSignal::new(None),
            history: StoredValue::new(Vec::new()),
            limit,
            state: RwSignal::new(ListState::Loading),
            reloads: RwSignal::new(0),
        };
        let generation = StoredValue::new(0u64);
        let in_flight = StoredValue::new_local(None::<Abort>);
        Effect::new(move |_| {
            let start = list.start.get();
            let cursor = list
                .cursor
                .get()
                .filter(|(at, _)| *at == start)
                .map(|(_, cursor)| cursor);
            let params = ListParams {
                query: list.search.get(),
                start,
                limit,
                cursor,
            };
            list.reloads.track();
            let this = generation.get_value() + 1;
            generation.set_value(this);
            if let Some(previous) = in_flight.get_value() {
                previous.abort();
            }
            let abort = Abort::new();
            in_flight.set_value(Some(abort.clone()));
            list.state.update(ListState::requested);
            let request = fetch(params.clone(), abort);
            leptos::task::spawn_local(async move {
                let answer = request.await;
                if generation.try_get_value() != Some(this) {
                    return; // Superseded, or the list is gone.
                }
                match answer {
                    // A removal emptied the last page: show the one before.
                    Ok(page) if page.values.is_empty() && params.start > 0 => {
                        list.state.update(ListState::settled);
                        list.previous_page();
                    }
                    Ok(page) => list.state.update(|state| state.received(page)),
                    Err(e) => list.state.update(|state| state.failed(e)),
                }
            });
        });
        list
    }

    /// Searches for `text` from the first page.
    pub fn search_for(self, text: String) {
        if self.search.get_untracked() != text {
            self.first_page();
            self.search.set(text);
        }
    }

    /// Asks for the first page (after a filter changed).
    pub fn first_page(self) {
        self.history.set_value(Vec::new());
        self.cursor.set(None);
        self.start.set(0);
    }

    /// Asks for the page after the one shown: by its `nextCursor`, or by index without one.
    pub fn next_page(self) {
        let next = self
            .state
            .with_untracked(|s| s.page().map(|p| (p.start + p.size, p.next_cursor.clone())));
        let Some((next_start, next_cursor)) = next else {
            return;
        };
        let current = self.start.get_untracked();
        let current_cursor = self
            .cursor
            .get_untracked()
            .filter(|(at, _)| *at == current)
            .map(|(_, c)| c);
        self.history.update_value(|h| h.push((current, current_cursor)));
        self.cursor.set(next_cursor.map(|c| (next_start, c)));
        self.start.set(next_start);
    }

    /// Asks for the page before the one asked for: the cursor that gave it, or by index.
    pub fn previous_page(self) {
        let mut before = None;
        self.history.update_value(|h| before = h.pop());
        let (start, cursor) =
            before.unwrap_or_else(|| (self.start.get_untracked().saturating_sub(self.limit), None));
        self.cursor.set(cursor.map(|c| (start, c)));
        self.start.set(start);
    }

    /// Fetches the current page again (after a change).
    pub fn reload(self) {
        self.reloads.update(|n| *n += 1);
    }

    /// The items of the page shown (empty before the first answer).
    pub fn items(self) -> Vec<T> {
        self.state
            .with(|s| s.page().map(|p| p.values.clone()).unwrap_or_default())
    }

    /// Whether the first answer has not come yet.
    pub fn first_load(self) -> bool {
        self.state.with(|s| matches!(s, ListState::Loading))
    }

    /// Whether no page is shown, or the page shown is empty.
    pub fn is_empty(self) -> bool {
        self.state.with(|s| s.page().is_none_or(|p| p.size == 0))
    }

    /// Why the last request failed, if it did.
    pub fn error(self) -> Option<ApiError> {
        self.state.with(|s| match s {
            ListState::Failed { error, .. } => Some(error.clone()),
            _ => None,
        })
    }

    /// Whether a request is in flight.
    pub fn busy(self) -> bool {
        self.state.with(ListState::busy)
    }
}

/// A search box that searches when typing pauses, or at once on Enter.
#[component]
pub fn SearchField(
    /// The field's label, e.g. "Search customers".
    #[prop(into)]
    label: String,
    /// The field's id.
    #[prop(into)]
    id: String,
    /// A hint inside the empty field.
    #[prop(optional, into)]
    placeholder: Option<String>,
    /// Called with the search text.
    #[prop(into)]
    on_search: Callback<String>,
) -> impl IntoView {
    let typed = StoredValue::new(0u64);
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let this = typed.get_value() + 1;
        typed.set_value(this);
        set_timeout(
            move || {
                if typed.try_get_value() == Some(this) {
                    on_search.run(text.trim().to_string());
                }
            },
            SEARCH_DELAY,
        );
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            typed.update_value(|n| *n += 1);
            on_search.run(event_target_value(&ev).trim().to_string());
        }
    };
    view! {
        <div class="search-field" role="search">
            <label for=id.clone()>{label}</label>
            <input id=id type="search" autocomplete="off" placeholder=placeholder.unwrap_or_else(|| "Name or email".into())
                on:input=on_input on:keydown=on_keydown/>
        </div>
    }
}

/// What a list's frame shows of a [`PagedList`]'s state, its item type erased.
#[derive(Debug, Clone, PartialEq)]
struct ListMeta {
    /// The first answer has not come yet.
    first_load: bool,
    /// A request is in flight.
    busy: bool,
    /// Why the last request failed.
    error: Option<ApiError>,
    /// The page shown: its first index, its size, whether it is the last.
    shown: Option<(usize, usize, bool)>,
}

impl ListMeta {
    fn of<T>(state: &ListState<T>) -> ListMeta {
        ListMeta {
            first_load: matches!(state, ListState::Loading),
            busy: state.busy(),
            error: match state {
                ListState::Failed { error, .. } => Some(error.clone()),
                _ => None,
            },
            shown: state.page().map(|p| (p.start, p.size, p.is_last_page)),
        }
    }

    /// No page is shown, or the page shown is empty.
    fn empty(&self) -> bool {
        self.shown.is_none_or(|(_, size, _)| size == 0)
    }

    /// The page shown is not the last.
    fn has_next(&self) -> bool {
        self.shown.is_some_and(|(_, _, last)| !last)
    }
}

/// What the frame asks of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListRequest {
    Previous,
    Next,
    Reload,
}

/// What a list's frame reads of a [`PagedList`] and does to it, its item type erased: the
/// frame's view code is compiled once, not once per kind of list.
#[derive(Clone, Copy)]
pub struct ListControls {
    search: RwSignal<String>,
    start: RwSignal<usize>,
    meta: Memo<ListMeta>,
    ask: Callback<ListRequest>,
}

impl<T: Clone + Send + Sync + 'static> PagedList<T> {
    /// The frame's view of this list.
    pub fn controls(self) -> ListControls {
        ListControls {
            search: self.search,
            start: self.start,
            meta: Memo::new(move |_| self.state.with(ListMeta::of)),
            ask: Callback::new(move |request| match request {
                ListRequest::Previous => self.previous_page(),
                ListRequest::Next => self.next_page(),
                ListRequest::Reload => self.reload(),
            }),
        }
    }
}

/// A paged list's frame, the same for every list: why the last request failed with **Try
/// again**, then "Loading…" before the first answer, the empty text when the page is empty, or
/// the table; marked `aria-busy` while a request is in flight; and the [`Pager`].
#[component]
pub fn PagedListFrame(
    controls: ListControls,
    /// What the error says it could not load: "the queue" ("Couldn't load the queue: …").
    what: &'static str,
    /// What the list holds, for the pager: "customers".
    noun: &'static str,
    /// What an empty page says, given the search ("" when there is none).
    #[prop(into)]
    empty: Callback<String, String>,
    /// The table of the page shown.
    #[prop(into)]
    table: ViewFn,
) -> impl IntoView {
    let c = controls;
    let body = move || {
        let (first_load, empty_page) = c.meta.with(|m| (m.first_load, m.empty()));
        if first_load {
            return view! { <p class="muted" role="status">"Loading…"</p> }.into_any();
        }
        if empty_page {
            return view! { <p class="empty-state">{move || empty.run(c.search.get())}</p> }.into_any();
        }
        table.run()
    };
    view! {
        {move || c.meta.with(|m| m.error.clone()).map(|e| view! {
            <div class="error" role="alert">
                <p>{format!("Couldn't load {what}: {}", e.message)}</p>
                <button type="button" on:click=move |_| c.ask.run(ListRequest::Reload)>"Try again"</button>
            </div>
        })}
        <div class="table-wrap" aria-busy=move || c.meta.with(|m| m.busy).to_string()>{body}</div>
        <ListPager controls=c noun=noun/>
    }
}

/// "Showing 51–100" with Previous and Next.
#[component]
pub fn Pager<T: Clone + Send + Sync + 'static>(
    list: PagedList<T>,
    /// What the list holds, e.g. "customers".
    noun: &'static str,
) -> impl IntoView {
    view! { <ListPager controls=list.controls() noun=noun/> }
}

/// [`Pager`], its item type erased.
#[component]
fn ListPager(controls: ListControls, noun: &'static str) -> impl IntoView {
    let c = controls;
    let range = move || {
        let (start, size, is_last_page) = c.meta.with(|m| m.shown)?;
        (size > 0).then(|| {
            let more = if is_last_page {
                ""
            } else {
                ", more on the next page"
            };
            format!("Showing {noun} {}–{}{more}", start + 1, start + size)
        })
    };
    let has_prev = move || c.start.get() > 0;
    let has_next = move || c.meta.with(ListMeta::has_next);
    view! {
        <div class="pager">
            <span class="muted" aria-live="polite">{range}</span>
            <Show when=move || has_prev() || has_next()>
                <button type="button" on:click=move |_| c.ask.run(ListRequest::Previous) disabled=move || !has_prev()>"Previous page"</button>
                <button type="button" on:click=move |_| c.ask.run(ListRequest::Next) disabled=move || !has_next()>"Next page"</button>
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use clientele_domain::reason::Reason;

    use super::*;

    fn page(values: &[&str]) -> Page<String> {
        Page {
            size: values.len(),
            start: 0,
            limit: 50,
            is_last_page: true,
            values: values.iter().map(|v| v.to_string()).collect(),
            links: Default::default(),
            expands: Vec::new(),
            next_cursor: None,
        }
    }

    fn refusal() -> ApiError {
        ApiError {
            status: 500,
            reason: Reason::Network,
            message: "down".into(),
            who_can_change: None,
        }
    }

    #[test]
    fn the_first_request_is_loading_with_nothing_shown() {
        let mut state = ListState::<String>::Loading;
        state.requested();
        assert_eq!(state, ListState::Loading);
        assert!(state.busy());
        assert_eq!(state.page(), None);
    }

    #[test]
    fn a_reload_keeps_the_page_shown_until_the_answer() {
        let mut state = ListState::Loading;
        state.received(page(&["a"]));
        assert!(!state.busy());
        state.requested();
        assert!(state.busy());
        assert_eq!(state.page(), Some(&page(&["a"])));
        state.received(page(&["b"]));
        assert_eq!(
            state,
            ListState::Loaded {
                page: page(&["b"]),
                refreshing: false
            }
        );
    }

    #[test]
    fn a_failure_keeps_the_page_shown_under_the_error_until_a_page_comes() {
        let mut state = ListState::Loading;
        state.received(page(&["a"]));
        state.requested();
        state.failed(refusal());
        assert_eq!(
            state,
            ListState::Failed {
                error: refusal(),
                shown: Some(page(&["a"])),
                retrying: false
            }
        );
        // Try again: the error stays while the request is in flight.
        state.requested();
        assert!(state.busy());
        assert!(matches!(state, ListState::Failed { .. }));
        state.received(page(&["b"]));
        assert_eq!(state.page(), Some(&page(&["b"])));
        assert!(!matches!(state, ListState::Failed { .. }));
    }

    #[test]
    fn a_first_request_that_fails_shows_no_page() {
        let mut state = ListState::<String>::Loading;
        state.failed(refusal());
        assert_eq!(state.page(), None);
        assert!(!state.busy());
    }

    #[test]
    fn an_answer_without_a_new_page_leaves_what_is_shown_no_longer_busy() {
        let mut state = ListState::Loading;
        state.received(page(&["a"]));
        state.requested();
        state.settled();
        assert_eq!(
            state,
            ListState::Loaded {
                page: page(&["a"]),
                refreshing: false
            }
        );
    }
}
