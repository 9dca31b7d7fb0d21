//! A long list fetched one page at a time, with a search that waits until typing pauses and
//! drops the answers to searches that were superseded.

use std::future::Future;
use std::time::Duration;

use clientele_domain::wire::Page;
use leptos::prelude::*;

use crate::api::{Abort, ApiError, ListParams};

/// How long typing must pause before a search is sent.
pub const SEARCH_DELAY: Duration = Duration::from_millis(250);

/// A list's state: the search, the page shown, and the answer.
pub struct PagedList<T: Send + Sync + 'static> {
    /// The search sent (after the pause).
    pub search: RwSignal<String>,
    /// Index of the first item of the page asked for.
    pub start: RwSignal<usize>,
    /// Page size.
    pub limit: usize,
    /// The last page received for the current request.
    pub page: RwSignal<Option<Page<T>>>,
    /// A request is in flight.
    pub loading: RwSignal<bool>,
    /// The last request failed.
    pub error: RwSignal<Option<ApiError>>,
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
            limit,
            page: RwSignal::new(None),
            loading: RwSignal::new(true),
            error: RwSignal::new(None),
            reloads: RwSignal::new(0),
        };
        let generation = StoredValue::new(0u64);
        let in_flight = StoredValue::new_local(None::<Abort>);
        Effect::new(move |_| {
            let params = ListParams {
                query: list.search.get(),
                start: list.start.get(),
                limit,
            };
            list.reloads.track();
            let this = generation.get_value() + 1;
            generation.set_value(this);
            if let Some(previous) = in_flight.get_value() {
                previous.abort();
            }
            let abort = Abort::new();
            in_flight.set_value(Some(abort.clone()));
            list.loading.set(true);
            let request = fetch(params.clone(), abort);
            leptos::task::spawn_local(async move {
                let answer = request.await;
                if generation.try_get_value() != Some(this) {
                    return; // Superseded, or the list is gone.
                }
                list.loading.set(false);
                match answer {
                    // A removal emptied the last page: show the one before.
                    Ok(page) if page.values.is_empty() && params.start > 0 => {
                        list.start.set(params.start.saturating_sub(limit));
                    }
                    Ok(page) => {
                        list.page.set(Some(page));
                        list.error.set(None);
                    }
                    Err(e) => list.error.set(Some(e)),
                }
            });
        });
        list
    }

    /// Searches for `text` from the first page.
    pub fn search_for(self, text: String) {
        if self.search.get_untracked() != text {
            self.start.set(0);
            self.search.set(text);
        }
    }

    /// Fetches the current page again (after a change).
    pub fn reload(self) {
        self.reloads.update(|n| *n += 1);
    }

    /// The items of the page shown (empty before the first answer).
    pub fn items(self) -> Vec<T> {
        self.page
            .with(|p| p.as_ref().map(|p| p.values.clone()).unwrap_or_default())
    }

    /// Whether the first answer has not come yet.
    pub fn first_load(self) -> bool {
        self.page.with(Option::is_none) && self.error.with(Option::is_none)
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

/// "Showing 51–100" with Previous and Next.
#[component]
pub fn Pager<T: Clone + Send + Sync + 'static>(
    list: PagedList<T>,
    /// What the list holds, e.g. "customers".
    noun: &'static str,
) -> impl IntoView {
    let range = move || {
        list.page.with(|page| {
            let page = page.as_ref()?;
            (page.size > 0).then(|| {
                let more = if page.is_last_page {
                    ""
                } else {
                    ", more on the next page"
                };
                format!(
                    "Showing {noun} {}–{}{more}",
                    page.start + 1,
                    page.start + page.size
                )
            })
        })
    };
    let has_prev = move || list.start.get() > 0;
    let has_next = move || list.page.with(|p| p.as_ref().is_some_and(|p| !p.is_last_page));
    let prev = move |_| list.start.update(|s| *s = s.saturating_sub(list.limit));
    let next = move |_| {
        let next = list.page.with_untracked(|p| p.as_ref().map(|p| p.start + p.size));
        if let Some(next) = next {
            list.start.set(next);
        }
    };
    view! {
        <div class="pager">
            <span class="muted" aria-live="polite">{range}</span>
            <Show when=move || has_prev() || has_next()>
                <button type="button" on:click=prev disabled=move || !has_prev()>"Previous page"</button>
                <button type="button" on:click=next disabled=move || !has_next()>"Next page"</button>
            </Show>
        </div>
    }
}
