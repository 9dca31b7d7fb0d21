//! Component tests of requests in headless Chromium, without a server: the conversation marks
//! internal notes; only the reporter gets Resolve and Reopen, the others are told why; the
//! customer lists' request counts link to the queue filtered to that customer; the Raise form
//! offers the chosen project's request types and organizations and refuses an empty summary
//! before sending; the sidebar's Queue; the request types page changes only for those allowed.
#![cfg(target_arch = "wasm32")]

mod support;

use clientele::api::ApiError;
use clientele::components::customer_table::{CustomerTable, EmptyText};
use clientele::components::paged_list::PagedList;
use clientele::components::project_nav::ProjectNav;
use clientele::components::request_view::{standing, Conversation};
use clientele::pages::help::{CustomerTransitions, HelpCenterContext, RaiseForm};
use clientele::pages::project::{RaiseRequestDialog, RequestTypesPage};
use clientele::project_scope::{CurrentProject, ProjectScope};
use clientele::session::{Session, SessionState};
use clientele_domain::account::AccountStatus;
use clientele_domain::request::RequestStatus;
use clientele_domain::wire::request::{
    CurrentStatus, CustomerRequest, PortalProject, RequestComment, RequestCounts, RequestFieldValue,
    RequestType,
};
use clientele_domain::wire::{Customer, HelpCenter, JsmDate, OrganizationRef, Page};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos_router::components::Router;
use support::{click, container, myself, scope, settings, settle, text, texts, type_into, Who};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn date() -> JsmDate {
    JsmDate {
        iso8601: "2026-11-29T10:00:00+0000".into(),
        jira: "2026-11-29T10:00:00.000+0000".into(),
        friendly: "Today 10:00".into(),
        epoch_millis: 1_795_000_000_000,
    }
}

fn person(id: &str, name: &str) -> Customer {
    Customer {
        account_id: id.into(),
        email_address: format!("{}@example.net", name.to_lowercase().replace(' ', ".")),
        display_name: name.into(),
        active: true,
        time_zone: "UTC".into(),
        account_type: "customer".into(),
        status: AccountStatus::Active,
        organizations: None,
        invitation: None,
        requests: Some(RequestCounts { open: 2, closed: 5 }),
        links: Default::default(),
    }
}

fn request(status: RequestStatus, reporter: Customer, shared: Option<OrganizationRef>) -> CustomerRequest {
    CustomerRequest {
        issue_id: "1".into(),
        issue_key: "ITH-1".into(),
        request_type_id: "1".into(),
        service_desk_id: "1".into(),
        created_date: date(),
        reporter,
        request_field_values: vec![RequestFieldValue {
            field_id: "summary".into(),
            label: "Summary".into(),
            value: "Printer on fire".into(),
        }],
        current_status: CurrentStatus {
            status: status.name().into(),
            status_category: status.category().as_str().into(),
            status_date: date(),
        },
        links: Default::default(),
        status,
        request_type_name: "Get IT help".into(),
        project_key: "ITH".into(),
        reporter_is_customer: true,
        raised_by: None,
        organization: shared,
        updated_date: date(),
        resolved_date: None,
    }
}

/// A customer of the help center, with no project role.
fn customer_me(id: &str) -> clientele_domain::wire::Myself {
    let mut me = myself(Who::Agent, settings(false, false), 1);
    me.account_id = id.into();
    me.projects.clear();
    me
}

fn support_center() -> HelpCenter {
    HelpCenter {
        id: "1".into(),
        slug: "support".into(),
        name: "Clientele Support".into(),
        is_default: true,
    }
}

#[wasm_bindgen_test]
async fn the_conversation_marks_internal_notes_and_keeps_line_breaks() {
    let comment = |id: &str, body: &str, public: bool| RequestComment {
        id: id.into(),
        body: body.into(),
        public,
        author: person("9", "Agent Alice"),
        created: date(),
        links: Default::default(),
    };
    let comments = vec![
        comment("1", "Have you tried\nturning it off?", true),
        comment("2", "Customer's printer is ancient", false),
    ];
    let root = container();
    let _mount = mount_to(
        root.clone(),
        move || view! { <Conversation comments=comments.clone()/> },
    );
    settle(0).await;
    assert_eq!(texts(&root, ".comment").len(), 2);
    assert_eq!(
        texts(&root, ".comment-internal .internal-mark"),
        ["Internal note"]
    );
    assert!(texts(&root, ".comment-internal .comment-body")[0].contains("ancient"));
    let first = root.query_selector(".comment .comment-body").unwrap().unwrap();
    assert_eq!(first.text_content().unwrap(), "Have you tried\nturning it off?");
}

async fn transitions_for(me_id: &'static str, status: RequestStatus, shared: bool) -> web_sys::HtmlElement {
    let root = container();
    let mount = mount_to(root.clone(), move || {
        let me = customer_me(me_id);
        let org = shared.then(|| OrganizationRef {
            id: "3".into(),
            name: "Acme".into(),
        });
        let request = request(status, person("42", "Rita Reporter"), org);
        let standing = standing(&me, &request, &[]);
        view! { <CustomerTransitions request=request standing=standing pending=false on_take=Callback::new(|_| {})/> }
    });
    settle(0).await;
    std::mem::forget(mount);
    root
}

#[wasm_bindgen_test]
async fn only_the_reporter_resolves_and_reopens_and_the_others_are_told_why() {
    let root = transitions_for("42", RequestStatus::WaitingForSupport, false).await;
    assert_eq!(texts(&root, "button"), ["Resolve this request"]);
    assert!(texts(&root, ".why-not").is_empty());

    let root = transitions_for("42", RequestStatus::Resolved, false).await;
    assert_eq!(texts(&root, "button"), ["Reopen"]);

    // A colleague from the organization it is shared with sees it, but can't resolve it.
    let root = transitions_for("77", RequestStatus::WaitingForCustomer, true).await;
    assert!(texts(&root, "button").is_empty());
    assert_eq!(
        texts(&root, ".why-not summary"),
        ["Why can't I resolve this request?"]
    );
    let why = texts(&root, ".why-not p");
    assert!(
        why[0].starts_with("Only the customer who raised this request can resolve it"),
        "{why:?}"
    );
    assert_eq!(why[1], "Who can help: the service desk team.");
}

#[wasm_bindgen_test]
async fn request_counts_link_to_the_queue_filtered_to_the_customer() {
    let root = container();
    let _mount = mount_to(root.clone(), move || {
        let list = PagedList::new(50, |_, _| async {
            let values = vec![person("42", "Rita Reporter")];
            Ok::<_, ApiError>(Page {
                size: 1,
                start: 0,
                limit: 50,
                is_last_page: true,
                values,
                links: Default::default(),
                expands: Vec::new(),
                next_cursor: None,
            })
        });
        view! {
            <Router>
                <CustomerTable list=list caption="Customers" requests_in=Some("/projects/ITH/queue".to_string())
                    empty=EmptyText { no_match: "No customers match", nobody: "No customers yet.".into() }/>
            </Router>
        }
    });
    settle(10).await;
    assert_eq!(texts(&root, "th.count"), ["Open requests", "Closed requests"]);
    assert_eq!(texts(&root, "td.count a"), ["2", "5"]);
    let hrefs: Vec<String> = {
        let list = root.query_selector_all("td.count a").unwrap();
        (0..list.length())
            .map(|i| {
                let el: web_sys::Element = wasm_bindgen::JsCast::unchecked_into(list.item(i).unwrap());
                el.get_attribute("href").unwrap()
            })
            .collect()
    };
    assert_eq!(
        hrefs,
        [
            "/projects/ITH/queue?reporter=42&status=open",
            "/projects/ITH/queue?reporter=42&status=resolved"
        ]
    );
}

fn portal() -> Vec<PortalProject> {
    let kind = |id: &str, name: &str, desk: &str| RequestType {
        id: id.into(),
        name: name.into(),
        description: format!("{name}, described"),
        help_text: String::new(),
        service_desk_id: desk.into(),
        group_ids: vec![],
        help_center_id: None,
        links: Default::default(),
    };
    vec![
        PortalProject {
            service_desk_id: "1".into(),
            project_key: "ITH".into(),
            project_name: "IT Help".into(),
            request_types: vec![kind("1", "Get IT help", "1"), kind("2", "Request access", "1")],
            organizations: vec![OrganizationRef {
                id: "3".into(),
                name: "Acme".into(),
            }],
        },
        PortalProject {
            service_desk_id: "2".into(),
            project_key: "FAC".into(),
            project_name: "Facilities".into(),
            request_types: vec![kind("5", "Report a facilities problem", "2")],
            organizations: vec![],
        },
    ]
}

async fn raise_form(project: Option<&'static str>, type_id: Option<&'static str>) -> web_sys::HtmlElement {
    let root = container();
    let mount = mount_to(root.clone(), move || {
        Session::provide_known(SessionState::SignedIn(customer_me("42")));
        HelpCenterContext::provide_known(support_center());
        view! {
            <Router>
                <RaiseForm slug="support" projects=portal() project=project.map(String::from) type_id=type_id.map(String::from)/>
            </Router>
        }
    });
    settle(0).await;
    std::mem::forget(mount);
    root
}

/// The option of `select` marked selected.
fn selected(root: &web_sys::Element, select: &str) -> String {
    text(root, &format!("{select} option[selected]")).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_raise_form_offers_the_linked_projects_types_and_organizations() {
    let root = raise_form(Some("ITH"), Some("2")).await;
    assert_eq!(texts(&root, "#raise-project option"), ["IT Help", "Facilities"]);
    assert_eq!(
        texts(&root, "#raise-type option"),
        ["Get IT help", "Request access"]
    );
    assert_eq!(
        selected(&root, "#raise-type"),
        "Request access",
        "the type the link named"
    );
    assert_eq!(
        texts(&root, "#raise-share option"),
        ["Nobody else (only me)", "Acme"]
    );
    assert_eq!(
        root.query_selector("#raise-summary")
            .unwrap()
            .unwrap()
            .get_attribute("maxlength")
            .as_deref(),
        Some("255")
    );

    // Facilities: its own type, and no organization to share with.
    let root = raise_form(Some("FAC"), None).await;
    assert_eq!(
        texts(&root, "#raise-type option"),
        ["Report a facilities problem"]
    );
    assert!(root.query_selector("#raise-share").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn an_empty_summary_is_refused_before_anything_is_sent() {
    let root = raise_form(Some("ITH"), None).await;
    type_into(&root, "#raise-summary", "   ");
    click(&root, "button[type=submit]");
    settle(0).await;
    assert_eq!(text(&root, "[role=alert]").unwrap(), "A summary can't be empty.");
    assert_eq!(texts(&root, "button[type=submit]"), ["Send"], "nothing pending");
}

#[wasm_bindgen_test]
async fn the_sidebar_has_the_queue_and_request_types() {
    let root = container();
    let scope = scope(Who::Agent, settings(false, false), 1);
    let _mount = mount_to(
        root.clone(),
        move || view! { <Router><ProjectNav scope=scope.clone()/></Router> },
    );
    settle(0).await;
    assert_eq!(
        texts(&root, "nav[aria-label=Requests] a"),
        ["Queue", "Request types"]
    );
    assert!(!texts(&root, ".why-not summary").join(" ").contains("Queue"));
}

async fn request_types_page(who: Who) -> web_sys::HtmlElement {
    let root = container();
    let mount = mount_to(root.clone(), move || {
        let scope: ProjectScope = scope(who, settings(false, false), 2);
        provide_context(CurrentProject(Memo::new(move |_| Some(scope.clone()))));
        view! { <Router><RequestTypesPage/></Router> }
    });
    settle(50).await;
    std::mem::forget(mount);
    root
}

#[wasm_bindgen_test]
async fn only_project_admins_and_site_admins_change_request_types_and_agents_are_told_why() {
    for who in [Who::ProjectAdmin, Who::SiteAdmin] {
        let root = request_types_page(who).await;
        assert_eq!(
            texts(&root, ".page-actions button"),
            ["Add request type"],
            "{who:?}"
        );
        assert!(texts(&root, ".why-not summary").is_empty(), "{who:?}");
    }
    let root = request_types_page(Who::Agent).await;
    assert!(texts(&root, ".page-actions button").is_empty());
    assert_eq!(
        texts(&root, ".why-not summary"),
        ["Why can't I change the request types?"]
    );
}

async fn raise_dialog(who: Who) -> web_sys::HtmlElement {
    let root = container();
    let mount = mount_to(root.clone(), move || {
        let scope: ProjectScope = scope(who, settings(false, false), 1);
        view! {
            <Router>
                <RaiseRequestDialog scope=scope on_close=Callback::new(|_| {}) on_raised=Callback::new(|_| {})/>
            </Router>
        }
    });
    settle(0).await;
    std::mem::forget(mount);
    root
}

#[wasm_bindgen_test]
async fn raising_for_a_new_address_says_it_will_be_added_or_why_it_cannot() {
    let root = raise_dialog(Who::Agent).await;
    type_into(&root, "#raise-for", "new.person@example.net");
    settle(0).await;
    assert_eq!(
        text(&root, ".raise-dialog .field-hint").unwrap(),
        "If new.person@example.net isn't a customer of IT Help yet, they'll be added and invited."
    );
    // Managed domains: the policy's refusal, before anything is sent.
    type_into(&root, "#raise-for", "boss@staff.example.com");
    settle(0).await;
    let hint = text(&root, ".raise-dialog .field-hint").unwrap();
    assert!(hint.contains("staff.example.com"), "{hint}");
    assert!(!hint.contains("they'll be added"), "{hint}");
    // A site admin may add any address.
    let root = raise_dialog(Who::SiteAdmin).await;
    type_into(&root, "#raise-for", "boss@staff.example.com");
    settle(0).await;
    assert!(text(&root, ".raise-dialog .field-hint")
        .unwrap()
        .contains("they'll be added and invited"));
}
