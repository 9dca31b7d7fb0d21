//! A modal dialog following the WAI-ARIA pattern: `role=dialog`, `aria-modal`, named by its
//! heading; focus moves in, Tab and Shift+Tab stay inside, Escape closes, and focus goes back
//! to whatever opened it.

use std::cell::RefCell;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
    select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

thread_local! {
    /// The element that had focus when each open dialog opened, innermost last.
    static OPENERS: RefCell<Vec<Option<web_sys::HtmlElement>>> = const { RefCell::new(Vec::new()) };
}

/// Where focus goes when the innermost open dialog closes, instead of the control that opened
/// it: the first element matching one of `selectors`. For a dialog whose opener goes away
/// (the Remove button of a removed row).
pub fn return_focus_to(selectors: &[&str]) {
    let target = selectors
        .iter()
        .find_map(|selector| document().query_selector(selector).ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(target) = target {
        OPENERS.with(|stack| {
            if let Some(last) = stack.borrow_mut().last_mut() {
                *last = Some(target);
            }
        });
    }
}

/// The element that opened the innermost open dialog, if any.
pub fn innermost_opener() -> Option<web_sys::HtmlElement> {
    OPENERS.with(|stack| stack.borrow().last().cloned().flatten())
}

/// Makes the innermost open dialog not return focus when it closes: for a dialog that hands
/// over to another one, which returns focus itself (the "Loading…" dialog of
/// [`super::on_demand`], replaced by the dialog it loaded).
pub fn forget_opener() {
    OPENERS.with(|stack| {
        if let Some(last) = stack.borrow_mut().last_mut() {
            *last = None;
        }
    });
}

/// The elements Tab can reach inside `root`, in order (hidden ones, e.g. in a closed
/// disclosure, are left out).
fn focusables(root: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|el| el.get_client_rects().length() > 0)
        .collect()
}

fn active_element() -> Option<web_sys::Element> {
    document().active_element()
}

/// Focuses the element marked `data-autofocus`, else the first focusable one.
fn focus_initial(root: &web_sys::Element) {
    let marked = root
        .query_selector("[data-autofocus]")
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = marked.or_else(|| focusables(root).into_iter().next()) {
        let _ = el.focus();
    }
}

/// Keeps Tab inside `root`: from the last element to the first and back, and into the dialog
/// when focus is somewhere else.
fn trap_tab(root: &web_sys::Element, ev: &ev::KeyboardEvent) {
    let items = focusables(root);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        ev.prevent_default();
        return;
    };
    let active = active_element();
    let inside = active.as_ref().is_some_and(|a| root.contains(Some(a)));
    let at = |el: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>())
    };
    let target = if !inside {
        Some(if ev.shift_key() { last } else { first })
    } else if ev.shift_key() && at(first) {
        Some(last)
    } else if !ev.shift_key() && at(last) {
        Some(first)
    } else {
        None
    };
    if let Some(target) = target {
        ev.prevent_default();
        let _ = target.focus();
    }
}

/// A modal dialog. `labelled_by` is the id of the heading inside `children` that names it.
/// Put `data-autofocus` on the field that should get focus first.
#[component]
pub fn Modal(
    /// The id of the element that names the dialog (its heading).
    #[prop(into)]
    labelled_by: String,
    /// Extra class names for the dialog box.
    #[prop(optional, into)]
    class: String,
    /// Called on Escape (and by the dialog's own Close or Cancel buttons).
    #[prop(into)]
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let opener = active_element().and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    OPENERS.with(|stack| stack.borrow_mut().push(opener));
    on_cleanup(|| {
        let opener = OPENERS.with(|stack| stack.borrow_mut().pop()).flatten();
        if let Some(opener) = opener {
            // After the dialog's nodes are gone, so that the browser does not move focus again.
            request_animation_frame(move || {
                if opener.is_connected() {
                    let _ = opener.focus();
                }
            });
        }
    });

    let dialog: NodeRef<leptos::html::Div> = NodeRef::new();
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        match dialog.get() {
            Some(el) => {
                focus_initial(&el);
                true
            }
            None => false,
        }
    });
    let keys = window_event_listener(ev::keydown, move |ev| {
        let Some(root) = dialog.get_untracked() else {
            return;
        };
        // Only the innermost open dialog answers.
        let root_node: &web_sys::Node = root.as_ref();
        let innermost = document()
            .query_selector_all("[role=dialog][aria-modal=true]")
            .ok()
            .and_then(|all| all.item(all.length().saturating_sub(1)))
            .is_some_and(|last| &last == root_node);
        if !innermost {
            return;
        }
        match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                on_close.run(());
            }
            "Tab" => trap_tab(&root, &ev),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    let class = format!("modal {class}");
    view! {
        <div class="modal-backdrop">
            <div class=class role="dialog" aria-modal="true" aria-labelledby=labelled_by node_ref=dialog>
                {children()}
            </div>
        </div>
    }
}
