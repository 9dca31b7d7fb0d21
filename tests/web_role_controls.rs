//! Component tests in headless Chromium: each control appears exactly when the policy allows
//! it for this person, project and settings; where one is missing because of a role or a
//! setting, a "Why can't I …?" says why and who can change it. Lists fetch a page at a time
//! and drop answers to superseded searches.
#![cfg(target_arch = "wasm32")]

mod support;

use std::sync::{Arc, Mutex};

use clientele::api::ApiError;
use clientele::components::add_customers_dialog::{AddCustomersDialog, AddCustomersOptions, Choice};
use clientele::components::customer_table::{CustomerTable, EmptyText};
use clientele::components::paged_list::PagedList;
use clientele::components::project_nav::ProjectNav;
use clientele::pages::project::{CustomersActions, OrganizationActions};
use clientele::project_scope::ProjectScope;
use clientele_domain::account::AccountStatus;
use clientele_domain::wire::{Customer, OrganizationRef, Page};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos_router::components::Router;
use support::{click, container, scope, settings, settle, text, texts, Who};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn customers_actions(scope: ProjectScope) -> (Vec<String>, Vec<String>, web_sys::HtmlElement) {
    let root = container();
    let mount = mount_to(root.clone(), move || {
        view! { <Router><CustomersActions scope=scope.clone() on_add_customers=|_| () on_add_organization=|_| ()/></Router> }
    });
    settle(0).await;
    let result = (
        texts(&root, "button"),
        texts(&root, ".why-not summary"),
        root.clone(),
    );
    std::mem::forget(mount);
    result
}

#[wasm_bindgen_test]
async fn admins_get_every_customers_page_control_and_no_why_not() {
    for who in [Who::SiteAdmin, Who::ProjectAdmin] {
        let (buttons, why_nots, _) = customers_actions(scope(who, settings(false, false), 1)).await;
        assert_eq!(buttons, ["Add customers", "Add organization"], "{who:?}");
        assert!(why_nots.is_empty(), "{who:?}: {why_nots:?}");
    }
}

#[wasm_bindgen_test]
async fn agent_without_organization_rights_is_told_why_and_who_can_change_it() {
    let (buttons, why_nots, root) = customers_actions(scope(Who::Agent, settings(false, false), 1)).await;
    assert_eq!(buttons, ["Add customers"]);
    assert_eq!(
        why_nots,
        ["Why can't I add organizations?", "Why can't I remove customers?"]
    );
    let explained = texts(&root, ".why-not p").join(" ");
    assert!(
        explained.contains("Agents can't attach organizations"),
        "{explained}"
    );
    assert!(
        explained.contains("\"Agents can manage organizations\""),
        "{explained}"
    );
    assert!(
        explained.contains("Who can change this: a site admin."),
        "{explained}"
    );
    assert!(
        explained.contains("Only project admins and site admins can remove customers"),
        "{explained}"
    );
}

#[wasm_bindgen_test]
async fn agent_gets_add_organization_when_agents_can_manage_organizations() {
    let (buttons, why_nots, _) = customers_actions(scope(Who::Agent, settings(true, false), 1)).await;
    assert_eq!(buttons, ["Add customers", "Add organization"]);
    assert_eq!(why_nots, ["Why can't I remove customers?"]);
}

#[wasm_bindgen_test]
async fn with_customer_service_management_organizations_leave_the_customers_page() {
    let (buttons, why_nots, _) = customers_actions(scope(Who::ProjectAdmin, settings(false, true), 1)).await;
    assert_eq!(buttons, ["Add customers"]);
    assert!(why_nots.is_empty(), "{why_nots:?}");
}

async fn organization_actions(scope: ProjectScope, attached: bool) -> (Vec<String>, Vec<String>) {
    let root = container();
    let mount = mount_to(root.clone(), move || {
        view! {
            <Router>
                <OrganizationActions scope=scope.clone() attached=Signal::stored(Some(attached))
                    on_add_customers=|_| () on_attach=|_| () on_detach=|_| () on_add_organization=|_| ()/>
            </Router>
        }
    });
    settle(0).await;
    std::mem::forget(mount);
    (texts(&root, "button"), texts(&root, ".why-not summary"))
}

#[wasm_bindgen_test]
async fn organization_page_controls_follow_role_and_setting() {
    let all = ["Add customers", "Detach from IT Help", "Add organization"];
    for who in [Who::SiteAdmin, Who::ProjectAdmin] {
        let (buttons, why_nots) = organization_actions(scope(who, settings(false, false), 1), true).await;
        assert_eq!(buttons, all, "{who:?}");
        assert!(why_nots.is_empty());
    }
    let (buttons, why_nots) = organization_actions(scope(Who::Agent, settings(false, false), 1), true).await;
    assert!(buttons.is_empty(), "{buttons:?}");
    assert_eq!(
        why_nots,
        [
            "Why can't I add or remove this organization's customers?",
            "Why can't I attach or detach this organization?"
        ]
    );
    let (buttons, why_nots) = organization_actions(scope(Who::Agent, settings(true, false), 1), false).await;
    assert_eq!(
        buttons,
        ["Add customers", "Attach to IT Help", "Add organization"]
    );
    assert!(why_nots.is_empty());
}

async fn project_nav(scope: ProjectScope) -> web_sys::HtmlElement {
    let root = container();
    let mount = mount_to(
        root.clone(),
        move || view! { <Router><ProjectNav scope=scope.clone()/></Router> },
    );
    settle(0).await;
    std::mem::forget(mount);
    root
}

#[wasm_bindgen_test]
async fn organizations_page_appears_only_with_customer_service_management() {
    let root = project_nav(scope(Who::Agent, settings(false, true), 2)).await;
    assert_eq!(
        texts(&root, "nav[aria-label='Service project'] a"),
        ["Customers", "Organizations"]
    );
    assert!(texts(&root, ".why-not summary").is_empty());
    // The switcher lists the person's other projects.
    assert_eq!(texts(&root, ".project-switcher a"), ["Facilities"]);

    let root = project_nav(scope(Who::SiteAdmin, settings(false, false), 2)).await;
    assert_eq!(texts(&root, "nav[aria-label='Service project'] a"), ["Customers"]);
    assert_eq!(
        texts(&root, ".why-not summary"),
        ["Why is there no Organizations page?"]
    );
    assert!(text(&root, ".why-not p")
        .unwrap()
        .contains("customer service management"));
}

async fn dialog(options: AddCustomersOptions, orgs: Vec<OrganizationRef>) -> web_sys::HtmlElement {
    let root = container();
    let mount = mount_to(root.clone(), move || {
        let orgs = orgs.clone();
        view! {
            <Router>
                <AddCustomersDialog options=options.clone() organizations=Signal::stored(orgs)
                    on_close=|_| () on_added=|_| ()/>
            </Router>
        }
    });
    settle(0).await;
    std::mem::forget(mount);
    root
}

fn globex() -> Vec<OrganizationRef> {
    vec![OrganizationRef {
        id: "2".into(),
        name: "Globex".into(),
    }]
}

#[wasm_bindgen_test]
async fn organization_select_is_offered_to_those_who_may_manage_members() {
    let options = AddCustomersOptions::for_project(&scope(Who::ProjectAdmin, settings(false, false), 1));
    assert_eq!(options.organization_select, Choice::Offered);
    let root = dialog(options, globex()).await;
    assert_eq!(
        text(&root, "label[for=add-customers-organization]").unwrap(),
        "Organization"
    );
    assert_eq!(
        texts(&root, "#add-customers-organization option"),
        ["None: add to the project only", "Globex"]
    );
    assert!(root
        .query_selector("#add-customers-help-center")
        .unwrap()
        .is_none());

    let options = AddCustomersOptions::for_project(&scope(Who::Agent, settings(false, false), 1));
    let root = dialog(options, globex()).await;
    assert!(root
        .query_selector("#add-customers-organization")
        .unwrap()
        .is_none());
    assert_eq!(
        texts(&root, ".why-not summary"),
        ["Why can't I add them to an organization?"]
    );
}

#[wasm_bindgen_test]
async fn help_center_select_appears_with_several_help_centers_on_premium() {
    let options = AddCustomersOptions::for_project(&scope(Who::Agent, settings(true, false), 2));
    let root = dialog(options, globex()).await;
    assert_eq!(
        text(&root, "label[for=add-customers-help-center]").unwrap(),
        "Help center"
    );
    assert_eq!(
        texts(&root, "#add-customers-help-center option"),
        ["Help center (default)", "Partner help center 2"]
    );
    let mut standard = settings(true, false);
    standard.plan = clientele_domain::policy::Plan::Standard;
    let options = AddCustomersOptions::for_project(&scope(Who::Agent, standard, 2));
    let root = dialog(options, globex()).await;
    assert!(root
        .query_selector("#add-customers-help-center")
        .unwrap()
        .is_none());
    assert_eq!(
        texts(&root, ".why-not summary"),
        ["Why can't I choose a help center?"]
    );
}

fn customer(id: usize, name: &str, status: AccountStatus) -> Customer {
    Customer {
        account_id: id.to_string(),
        email_address: format!("{}@example.com", name.to_lowercase().replace(' ', ".")),
        display_name: name.into(),
        active: status != AccountStatus::Revoked,
        time_zone: "UTC".into(),
        account_type: "customer".into(),
        status,
        organizations: Some(vec![OrganizationRef {
            id: "1".into(),
            name: "Acme Corporation".into(),
        }]),
        invitation: None,
        requests: None,
        links: Default::default(),
    }
}

fn page(values: Vec<Customer>, start: usize, is_last_page: bool) -> Page<Customer> {
    Page {
        size: values.len(),
        start,
        limit: 2,
        is_last_page,
        values,
        links: Default::default(),
        expands: Vec::new(),
        next_cursor: None,
    }
}

#[wasm_bindgen_test]
async fn customer_table_shows_status_words_and_remove_only_when_allowed() {
    for can_remove in [true, false] {
        let root = container();
        let mount = mount_to(root.clone(), move || {
            let list = PagedList::new(2, |_, _| async {
                Ok::<_, ApiError>(page(
                    vec![
                        customer(1, "Jane Doe", AccountStatus::Invited),
                        customer(2, "Bob Roe", AccountStatus::Revoked),
                    ],
                    0,
                    false,
                ))
            });
            let remove = can_remove.then(|| Callback::new(|_: Customer| ()));
            view! {
                <Router>
                    <CustomerTable list=list caption="Customers" organizations_base="/projects/ITH/organizations"
                        remove_label="Remove" on_remove=remove
                        empty=EmptyText { no_match: "No customers match", nobody: "No customers yet.".into() }/>
                </Router>
            }
        });
        settle(10).await;
        assert_eq!(
            texts(&root, "th"),
            if can_remove {
                vec!["Name", "Email", "Organizations", "Status", "Actions"]
            } else {
                vec!["Name", "Email", "Organizations", "Status"]
            }
        );
        assert_eq!(texts(&root, "td .status"), ["Invited", "Access revoked"]);
        assert_eq!(texts(&root, "td a"), ["Acme Corporation", "Acme Corporation"]);
        assert_eq!(texts(&root, "tbody button").len(), if can_remove { 2 } else { 0 });
        assert_eq!(texts(&root, ".pager button"), ["Previous page", "Next page"]);
        std::mem::forget(mount);
    }
}

#[wasm_bindgen_test]
async fn an_answer_to_a_superseded_search_is_dropped() {
    let root = container();
    let asked = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = asked.clone();
    let list = Arc::new(Mutex::new(None));
    let slot = list.clone();
    let mount = mount_to(root.clone(), move || {
        let seen = seen.clone();
        let list = PagedList::new(2, move |params, _| {
            seen.lock().unwrap().push(params.query.clone());
            async move {
                // The first search answers last.
                let delay = if params.query == "ja" { 300 } else { 20 };
                gloo_timers::future::TimeoutFuture::new(delay).await;
                let name = if params.query.is_empty() {
                    "Everyone".to_string()
                } else {
                    format!("Match {}", params.query)
                };
                Ok::<_, ApiError>(page(vec![customer(1, &name, AccountStatus::Active)], 0, true))
            }
        });
        *slot.lock().unwrap() = Some(list);
        view! {
            <Router>
                <CustomerTable list=list caption="Customers"
                    empty=EmptyText { no_match: "No customers match", nobody: "No customers yet.".into() }/>
            </Router>
        }
    });
    settle(50).await;
    let list = list.lock().unwrap().unwrap();
    list.search_for("ja".into());
    settle(0).await;
    list.search_for("jane".into());
    settle(500).await;
    assert_eq!(*asked.lock().unwrap(), ["", "ja", "jane"]);
    assert_eq!(texts(&root, "tbody td:first-child"), ["Match jane"]);
    std::mem::forget(mount);
}

#[wasm_bindgen_test]
async fn next_page_fetches_from_where_the_page_ended() {
    let root = container();
    let starts = Arc::new(Mutex::new(Vec::<usize>::new()));
    let seen = starts.clone();
    let mount = mount_to(root.clone(), move || {
        let seen = seen.clone();
        let list = PagedList::new(2, move |params, _| {
            seen.lock().unwrap().push(params.start);
            async move {
                Ok::<_, ApiError>(page(
                    vec![
                        customer(params.start + 1, "A", AccountStatus::Active),
                        customer(params.start + 2, "B", AccountStatus::Active),
                    ],
                    params.start,
                    params.start >= 2,
                ))
            }
        });
        view! {
            <Router>
                <CustomerTable list=list caption="Customers"
                    empty=EmptyText { no_match: "No customers match", nobody: "No customers yet.".into() }/>
            </Router>
        }
    });
    settle(10).await;
    assert_eq!(
        text(&root, ".pager span").unwrap(),
        "Showing customers 1–2, more on the next page"
    );
    click(&root, ".pager button:nth-of-type(2)");
    settle(10).await;
    assert_eq!(*starts.lock().unwrap(), [0, 2]);
    assert_eq!(text(&root, ".pager span").unwrap(), "Showing customers 3–4");
    std::mem::forget(mount);
}
