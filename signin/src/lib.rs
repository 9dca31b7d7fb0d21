//! The help center's signed-out pages without a framework: sign in, sign up, forgot password
//! and the one-time links (invitation, verification, password reset). They are the first load
//! of a customer opening an invitation or the sign-in page (`help-sign-in.html`, binary
//! `clientele-help-sign-in`), so they are plain DOM through `web-sys` — no Leptos, router or
//! serde_json in this crate's graph (docs/size.md, "Third round") — posting to the same JSON
//! API.
//!
//! The Leptos app (`clientele`, which re-exports this crate as `clientele::signed_out`) uses
//! the same plain Rust for what both sides say: the API client's error and what a refusal means
//! for a form ([`error`]), the password hints ([`hint`], over `clientele_domain::password`), and
//! the help-center paths ([`paths`]).
//!
//! Pages are built with `createElement` and `textContent` only (`dom`): never HTML from
//! strings. Every other address is the help center's build, loaded from the server.

mod api;
pub mod dom;
pub mod error;
mod fields;
pub mod hint;
mod pages;
pub mod paths;

use wasm_bindgen::UnwrapThrowExt;
use web_sys::Element;

use dom::{document, link, replace_children, E};
pub use error::{who_can_help, ApiError, FormProblem, Problems};
pub use pages::{accept_link, forgot_password, sign_in, sign_up};
pub use pages::{LinkInfo, LinkPurpose, LinkState};
use paths::{help_path, is_signed_out_page, NOTICE_KEY};

/// The pages of this build, by what follows `/help/{hc}/` (`:token`: any one segment). The
/// accessibility tour (`tests/e2e/accessibility.test.mjs`) reads this table as it reads the
/// Leptos routes, and checks each page it names.
pub const PAGES: [(&str, Page); 6] = [
    ("login", Page::SignIn),
    ("signup", Page::SignUp),
    ("forgot", Page::ForgotPassword),
    ("invite/:token", Page::Link),
    ("verify/:token", Page::Link),
    ("reset/:token", Page::Link),
];

/// A signed-out page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// `/help/{hc}/login`.
    SignIn,
    /// `/help/{hc}/signup`.
    SignUp,
    /// `/help/{hc}/forgot`.
    ForgotPassword,
    /// `/help/{hc}/{invite,verify,reset}/{token}`.
    Link,
}

/// The help center a page belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpCenter {
    /// `/help/{slug}`.
    pub slug: String,
    /// Its name.
    pub name: String,
}

/// Who is signed in, as far as these pages need to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Me {
    /// Shown in the top bar.
    pub display_name: String,
    /// Its title.
    pub email_address: String,
    /// Works on the site (agent, project admin, site admin): sees the help center as a
    /// customer would, with a way back.
    pub staff: bool,
}

/// The page for `path` (`/help/{hc}/…`): its help center's slug, which page, and the link's
/// token; `None` for any other address.
pub fn route(path: &str) -> Option<(String, Page, String)> {
    let rest = path.strip_prefix("/help/")?;
    let (slug, page) = rest.split_once('/')?;
    if slug.is_empty() || !is_signed_out_page(page) {
        return None;
    }
    let page = page.strip_suffix('/').unwrap_or(page);
    let (name, token) = page.split_once('/').unwrap_or((page, ""));
    let found = PAGES.iter().find(|(pattern, _)| {
        pattern
            .split_once('/')
            .map_or(*pattern == name, |(first, _)| first == name)
    })?;
    let slug = js_sys::decode_uri_component(slug).ok()?.as_string()?;
    let token = js_sys::decode_uri_component(token).ok()?.as_string()?;
    Some((slug, found.1, token))
}

/// Shows the page of the browser's address in the body.
pub fn start() {
    let root = E::new("div").attr("id", "signed-out");
    let _ = document().body().unwrap_throw().append_child(&root.0);
    wasm_bindgen_futures::spawn_local(show(root.0));
}

/// Loads `path` from the server (a page of another build).
pub fn load_from_server(path: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(path);
    }
}

fn loading(class: &str, text: &str) -> E {
    E::with_class("p", class).attr("role", "status").text(text)
}

async fn show(root: Element) {
    let location = web_sys::window().unwrap_throw().location();
    let path = location.pathname().unwrap_or_default();
    let Some((slug, page, token)) = route(&path) else {
        replace_children(&root, &not_found());
        return;
    };
    replace_children(&root, &loading("loading", "Loading…"));
    // Both at once: the site's help centers (public) and who is signed in.
    let centers = api::get("/rest/clientele/1/helpcenter");
    let myself = api::get("/rest/clientele/1/myself");
    let centers = centers.answer().await;
    // Failing to ask counts as signed out: the pages are for people who are not.
    let me = myself.answer().await.ok().and_then(|json| {
        Some(Me {
            display_name: api::text(&json, "displayName")?,
            email_address: api::text(&json, "emailAddress").unwrap_or_default(),
            staff: api::flag(&json, "siteAdmin") || !api::list(&json, "projects").is_empty(),
        })
    });
    let centers = match centers {
        Ok(json) => api::list(&json, "values")
            .iter()
            .filter_map(|hc| {
                Some(HelpCenter {
                    slug: api::text(hc, "slug")?,
                    name: api::text(hc, "name")?,
                })
            })
            .collect::<Vec<_>>(),
        Err(e) => {
            let again = root.clone();
            let main = E::with_class("main", "page")
                .attr("id", "main")
                .child(
                    &E::with_class("p", "error")
                        .attr("role", "alert")
                        .text(&format!("Couldn't open the help center: {}", e.message)),
                )
                .child(
                    &E::new("button")
                        .attr("type", "button")
                        .text("Try again")
                        .on("click", move |_| {
                            wasm_bindgen_futures::spawn_local(show(again.clone()))
                        }),
                );
            replace_children(&root, &main);
            return;
        }
    };
    let Some(current) = centers.iter().find(|hc| hc.slug == slug).cloned() else {
        replace_children(&root, &no_such_help_center(&slug, &centers));
        return;
    };
    let next = web_sys::UrlSearchParams::new_with_str(&location.search().unwrap_or_default())
        .ok()
        .and_then(|query| query.get("next"));
    if page == Page::SignIn && me.is_some() {
        // Signed in already: where the sign-in would have led (the help center build's).
        let next = paths::return_path(next.as_deref(), &current.slug)
            .unwrap_or_else(|| help_path(&current.slug, ""));
        replace_children(&root, &loading("muted", "Loading…"));
        if let Some(window) = web_sys::window() {
            let _ = window.location().replace(&next);
        }
        return;
    }
    let main = E::with_class("main", "page help-page").attr("id", "main");
    let frame = E::new("div")
        .child(&top_bar(&current, &centers, me.as_ref()))
        .child_opt(
            me.as_ref()
                .filter(|me| me.staff)
                .map(|_| staff_banner(&current))
                .as_ref(),
        )
        .child(&main);
    replace_children(&root, &frame);
    let content = match page {
        Page::SignIn => pages::sign_in(&current, next),
        Page::SignUp => pages::sign_up(&current),
        Page::ForgotPassword => pages::forgot_password(&current),
        Page::Link => pages::link_page(current.clone(), token),
    };
    let _ = main.0.append_child(&content.0);
}

/// The site's help centers (this one marked current: the "brand"), and who is signed in with
/// Sign out, or a Sign in link.
fn top_bar(current: &HelpCenter, centers: &[HelpCenter], me: Option<&Me>) -> E {
    let list = E::with_class("ul", "nav-links");
    for hc in centers {
        let a = link(&help_path(&hc.slug, ""), &hc.name);
        let a = if hc.slug == current.slug {
            a.attr("aria-current", "page")
        } else {
            a
        };
        let _ = list.0.append_child(&E::new("li").child(&a).0);
    }
    let whoami = E::with_class("div", "whoami");
    let header = E::with_class("header", "topbar help-topbar")
        .child(&E::new("nav").attr("aria-label", "Main").child(&list))
        .child(&whoami);
    let sign_in = help_path(&current.slug, "login");
    match me {
        Some(me) => {
            let header_for_error = header.clone();
            let _ = whoami
                .child(
                    &E::with_class("span", "whoami-name")
                        .attr("title", &me.email_address)
                        .text(&me.display_name),
                )
                .child(
                    &E::with_class("button", "button-quiet")
                        .attr("type", "button")
                        .text("Sign out")
                        .on("click", move |_| {
                            let (sign_in, header) = (sign_in.clone(), header_for_error.clone());
                            wasm_bindgen_futures::spawn_local(async move {
                                match api::call("DELETE", "/rest/auth/1/session", None).answer().await {
                                    Ok(_) => load_from_server(&sign_in),
                                    Err(e) => {
                                        if let Some(old) = header.0.query_selector(".error").ok().flatten() {
                                            old.remove();
                                        }
                                        let _ = header.child(
                                            &E::with_class("p", "error")
                                                .attr("role", "alert")
                                                .text(&format!("Could not sign out: {}", e.message)),
                                        );
                                    }
                                }
                            });
                        }),
                );
        }
        None => {
            let a = link(&sign_in, "Sign in");
            let here = web_sys::window()
                .and_then(|w| w.location().pathname().ok())
                .unwrap_or_default();
            let a = if here.starts_with(&sign_in) {
                a.attr("aria-current", "page")
            } else {
                a
            };
            let _ = whoami.child(&a);
        }
    }
    header
}

/// For agents and admins: they see the help center as a customer would, and the way back.
fn staff_banner(current: &HelpCenter) -> E {
    E::with_class("p", "staff-banner")
        .attr("role", "note")
        .text(&format!("You're seeing {} as a customer would. ", current.name))
        // The agent app's start page goes to the first place they work in.
        .child(&link("/", "Back to Clientele"))
}

fn no_such_help_center(slug: &str, centers: &[HelpCenter]) -> E {
    let list = E::new("ul");
    for hc in centers {
        let _ = list
            .0
            .append_child(&E::new("li").child(&link(&help_path(&hc.slug, ""), &hc.name)).0);
    }
    E::with_class("main", "page")
        .attr("id", "main")
        .child(&E::new("h1").text("There is no help center here"))
        .child(&E::new("p").text(&format!(
            "Nothing is at /help/{slug}. Check the link, or open one of these:"
        )))
        .child(&list)
}

fn not_found() -> E {
    E::with_class("main", "page")
        .attr("id", "main")
        .child(&E::new("h1").text("This page doesn't exist"))
        .child(
            &E::new("p")
                .text("Check the address, or go back to ")
                .child(&link("/", "your start page"))
                .text("."),
        )
}

/// Says `sentence` once on the next page that shows notices (the help center's home, another
/// build), through the tab's session storage.
pub fn tell_next_page(sentence: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = storage.set_item(NOTICE_KEY, sentence);
    }
}

#[cfg(test)]
mod tests {
    use super::{Page, PAGES};

    #[test]
    fn every_page_here_is_one_the_server_sends_this_build() {
        for (pattern, _) in PAGES {
            let address = pattern.replace(":token", "abc");
            assert!(crate::paths::is_signed_out_page(&address), "{address}");
        }
        assert_eq!(PAGES.iter().filter(|(_, p)| *p == Page::Link).count(), 3);
    }
}
