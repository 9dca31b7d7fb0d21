//! The shared pager (issue 18): Next asks for the page after the one shown by the server's
//! `nextCursor`, Previous goes back to the cursor that gave the page before, and a list whose
//! server gives no cursor pages by `start`.
#![cfg(target_arch = "wasm32")]

mod support;

use std::sync::{Arc, Mutex};

use clientele::api::ApiError;
use clientele::components::paged_list::{PagedList, Pager};
use clientele_domain::wire::Page;
use leptos::mount::mount_to;
use leptos::prelude::*;
use support::{click, container, settle, text};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Pages of 2 out of 6 items; with `cursors`, each page but the last gives `c<next index>`.
fn page(start: usize, cursors: bool) -> Page<String> {
    let values: Vec<String> = (start..(start + 2).min(6)).map(|n| format!("item {n}")).collect();
    let is_last_page = start + 2 >= 6;
    Page {
        size: values.len(),
        start,
        limit: 2,
        is_last_page,
        values,
        links: Default::default(),
        expands: Vec::new(),
        next_cursor: (cursors && !is_last_page).then(|| format!("c{}", start + 2)),
    }
}

/// What the pager asked for, in order: the page's start and its cursor.
type Asked = Arc<Mutex<Vec<(usize, Option<String>)>>>;

/// Mounts a pager over a fake list and returns what each request asked for: (start, cursor).
async fn pager(cursors: bool) -> (web_sys::HtmlElement, Asked) {
    let root = container();
    let asked = Arc::new(Mutex::new(Vec::new()));
    let seen = asked.clone();
    let mount = mount_to(root.clone(), move || {
        let seen = seen.clone();
        let list = PagedList::new(2, move |params, _| {
            seen.lock().unwrap().push((params.start, params.cursor.clone()));
            // A cursor stands for the index it names.
            let start = params
                .cursor
                .as_deref()
                .map(|c| c[1..].parse().unwrap())
                .unwrap_or(params.start);
            async move { Ok::<_, ApiError>(page(start, cursors)) }
        });
        view! { <Pager list=list noun="items"/> }
    });
    std::mem::forget(mount);
    settle(10).await;
    (root, asked)
}

fn last(asked: &Asked) -> (usize, Option<String>) {
    asked.lock().unwrap().last().unwrap().clone()
}

#[wasm_bindgen_test]
async fn next_goes_by_cursor_and_previous_goes_back_by_the_cursors_used() {
    let (root, asked) = pager(true).await;
    assert_eq!(last(&asked), (0, None));
    click(&root, ".pager button:nth-of-type(2)");
    settle(10).await;
    assert_eq!(last(&asked), (2, Some("c2".into())));
    click(&root, ".pager button:nth-of-type(2)");
    settle(10).await;
    assert_eq!(last(&asked), (4, Some("c4".into())));
    assert_eq!(text(&root, ".pager span").unwrap(), "Showing items 5–6");
    click(&root, ".pager button:nth-of-type(1)");
    settle(10).await;
    assert_eq!(last(&asked), (2, Some("c2".into())));
    assert_eq!(
        text(&root, ".pager span").unwrap(),
        "Showing items 3–4, more on the next page"
    );
    click(&root, ".pager button:nth-of-type(1)");
    settle(10).await;
    assert_eq!(last(&asked), (0, None));
}

#[wasm_bindgen_test]
async fn without_cursors_the_pager_goes_by_start() {
    let (root, asked) = pager(false).await;
    click(&root, ".pager button:nth-of-type(2)");
    settle(10).await;
    assert_eq!(last(&asked), (2, None));
    click(&root, ".pager button:nth-of-type(1)");
    settle(10).await;
    assert_eq!(last(&asked), (0, None));
}
