//! Component tests in headless Chromium: who gets the product settings panel and project
//! settings → Access, from `myself` and the domain policy; and what the others are told.
#![cfg(target_arch = "wasm32")]

mod support;

use clientele::components::project_nav::ProjectNav;
use clientele::navigation::{settings_action, settings_links, settings_refusal};
use clientele::pages::settings::CannotOpenSettings;
use clientele_domain::policy::{Action, WhoCanChange};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos_router::components::Router;
use support::{container, myself, scope, settings, settle, text, texts, Who};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn only_site_admins_get_the_settings_sidebar() {
    let admin = settings_links(&myself(Who::SiteAdmin, settings(false, false), 1));
    assert_eq!(
        admin.iter().map(|l| l.label.as_str()).collect::<Vec<_>>(),
        [
            "Organizations",
            "Customers",
            "General",
            "Managed domains",
            "Help centers",
            "Mail",
            "Audit log"
        ]
    );
    assert_eq!(admin[0].href, "/settings/organizations");
    for who in [Who::ProjectAdmin, Who::Agent] {
        assert!(
            settings_links(&myself(who, settings(true, true), 1)).is_empty(),
            "{who:?}"
        );
    }
}

#[wasm_bindgen_test]
fn each_settings_page_is_opened_by_its_own_action() {
    assert_eq!(
        settings_action("/settings/organizations/7"),
        Action::ViewAllOrganizations
    );
    assert_eq!(
        settings_action("/settings/customers"),
        Action::AdministerCustomerAccounts
    );
    assert_eq!(
        settings_action("/settings/managed-domains"),
        Action::ManageGlobalSettings
    );
    assert_eq!(settings_action("/settings"), Action::ManageGlobalSettings);
    assert_eq!(settings_action("/settings/audit-log"), Action::ViewAuditLog);
    let admin = myself(Who::SiteAdmin, settings(false, false), 1);
    assert!(settings_refusal(&admin, Action::ViewAllOrganizations).is_none());
    let lead = myself(Who::ProjectAdmin, settings(false, false), 1);
    let denial = settings_refusal(&lead, Action::ViewAllOrganizations).expect("refused");
    assert_eq!(denial.who_can_change, WhoCanChange::SiteAdmin);
    assert_eq!(
        denial.message,
        "Only site admins can see all organizations in product settings. Ask a site admin."
    );
}

#[wasm_bindgen_test]
async fn the_refusal_page_says_why_and_who_can_help() {
    let lead = myself(Who::ProjectAdmin, settings(false, false), 1);
    let denial = settings_refusal(&lead, Action::AdministerCustomerAccounts).unwrap();
    let root = container();
    let _mount = mount_to(
        root.clone(),
        move || view! { <CannotOpenSettings denial=denial.clone()/> },
    );
    settle(0).await;
    assert_eq!(text(&root, "h1").unwrap(), "You can't open Settings");
    assert_eq!(
        texts(&root, "p"),
        [
            "Only site admins can edit customer accounts (name, password, migration, access, deletion). Ask a site admin.",
            "Who can help: a site admin.",
            "Go to your start page"
        ]
    );
}

#[wasm_bindgen_test]
async fn project_settings_access_is_in_the_sidebar_only_for_project_admins_and_site_admins() {
    for (who, shown) in [
        (Who::SiteAdmin, true),
        (Who::ProjectAdmin, true),
        (Who::Agent, false),
    ] {
        let scope = scope(who, settings(true, false), 1);
        let root = container();
        let _mount = mount_to(
            root.clone(),
            move || view! { <Router><ProjectNav scope=scope.clone()/></Router> },
        );
        settle(0).await;
        let links = texts(&root, "nav[aria-label='Project settings'] a");
        if shown {
            assert_eq!(links, ["Access"], "{who:?}");
            let href = root
                .query_selector("nav[aria-label='Project settings'] a")
                .unwrap()
                .unwrap()
                .get_attribute("href");
            assert_eq!(href.as_deref(), Some("/projects/ITH/settings/access"));
        } else {
            assert!(links.is_empty(), "{who:?}: {links:?}");
            // Nobody else sees the entry, not even as a "why not".
            assert!(!texts(&root, ".why-not summary").join(" ").contains("access"));
        }
    }
}
