//! The few DOM helpers the signed-out pages are built with: elements made with
//! `createElement`, text set with `textContent` (never HTML from strings), listeners kept for
//! the page's life.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, UnwrapThrowExt};
use web_sys::{Document, Element, Event, HtmlInputElement};

/// The page's document.
pub fn document() -> Document {
    web_sys::window().unwrap_throw().document().unwrap_throw()
}

/// An element under construction: `E::new("p").class("muted").text("…")`.
#[derive(Clone)]
pub struct E(pub Element);

impl E {
    /// A new `tag` element.
    pub fn new(tag: &str) -> E {
        E(document().create_element(tag).unwrap_throw())
    }

    /// A new `tag` element with `class`.
    pub fn with_class(tag: &str, class: &str) -> E {
        E::new(tag).class(class)
    }

    /// Sets the class attribute.
    pub fn class(self, class: &str) -> E {
        self.0.set_class_name(class);
        self
    }

    /// Sets an attribute.
    pub fn attr(self, name: &str, value: &str) -> E {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// Appends `text` as a text node.
    pub fn text(self, text: &str) -> E {
        let _ = self.0.append_with_str_1(text);
        self
    }

    /// Appends `child`.
    pub fn child(self, child: &E) -> E {
        let _ = self.0.append_child(&child.0);
        self
    }

    /// Appends `child` when there is one.
    pub fn child_opt(self, child: Option<&E>) -> E {
        match child {
            Some(child) => self.child(child),
            None => self,
        }
    }

    /// Calls `handler` on every `event` (kept for the page's life).
    pub fn on(self, event: &str, handler: impl FnMut(Event) + 'static) -> E {
        listen(&self.0, event, Box::new(handler));
        self
    }

    /// The element as an `<input>`.
    pub fn input(&self) -> HtmlInputElement {
        self.0.clone().unchecked_into()
    }
}

fn listen(target: &Element, event: &str, handler: Box<dyn FnMut(Event)>) {
    let closure = Closure::wrap(handler);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    closure.forget();
}

/// `<a href=…>text</a>`.
pub fn link(href: &str, text: &str) -> E {
    E::new("a").attr("href", href).text(text)
}

/// Replaces everything in `parent` by `child`.
pub fn replace_children(parent: &Element, child: &E) {
    parent.set_text_content(None);
    let _ = parent.append_child(&child.0);
}

/// A place in a form that shows one element or nothing (an alert, the server's answer), kept
/// just before `anchor`.
pub struct Slot {
    anchor: Element,
    shown: Option<Element>,
}

impl Slot {
    /// An empty place before `anchor`.
    pub fn before(anchor: &E) -> Slot {
        Slot {
            anchor: anchor.0.clone(),
            shown: None,
        }
    }

    /// Shows `element` there (or nothing), in place of what was.
    pub fn show(&mut self, element: Option<E>) {
        if let Some(old) = self.shown.take() {
            old.remove();
        }
        if let Some(E(element)) = element {
            if let Some(parent) = self.anchor.parent_node() {
                let _ = parent.insert_before(&element, Some(&self.anchor));
            }
            self.shown = Some(element);
        }
    }
}
