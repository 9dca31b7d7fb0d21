//! Component tests in headless Chromium: the Add customers dialog reads lists as the server
//! will (the domain's parser), shows each entry's state, stays fast at ten thousand entries,
//! and summarizes an add per address.
#![cfg(target_arch = "wasm32")]

mod support;

use clientele::api::ApiError;
use clientele::components::add_customers_dialog::{failure, AddCustomersDialog, AddCustomersOptions, Choice};
use clientele::components::add_summary::{entries_to_fix, AddSummary, AddedWhere};
use clientele::components::email_entries::EmailPreview;
use clientele_domain::email::ParseLimits;
use clientele_domain::policy::{NewCustomerEmail, Plan, Role, WhoCanChange};
use clientele_domain::reason::Reason;
use clientele_domain::wire::{BulkAddResponse, BulkOutcome, BulkResult, BulkSummary, Organization};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos_router::components::Router;
use support::{click, container, myself, scope, settings, settle, text, texts, Who};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const MIXED: &str =
    "\"Doe, Jane\" <jane@example.com>; bob@x.org, not-an-address\nJANE@example.com, ann@staff.example.com";

fn open_dialog(who: Who, initial_text: &str) -> (web_sys::HtmlElement, impl Sized) {
    open_dialog_with(
        AddCustomersOptions::for_project(&scope(who, settings(false, false), 1)),
        initial_text,
    )
}

fn open_dialog_with(options: AddCustomersOptions, initial_text: &str) -> (web_sys::HtmlElement, impl Sized) {
    let root = container();
    let initial_text = initial_text.to_string();
    let handle = mount_to(root.clone(), move || {
        view! {
            <Router>
                <AddCustomersDialog options=options.clone() initial_text=initial_text.clone()
                    on_close=|_| () on_added=|_| ()/>
            </Router>
        }
    });
    (root, handle)
}

#[wasm_bindgen_test]
async fn mixed_list_shows_each_entry_with_its_state_and_reason_for_an_agent() {
    let (root, _mount) = open_dialog(Who::Agent, MIXED);
    settle(0).await;
    assert_eq!(
        texts(&root, ".entries-list li .entry-state"),
        ["Valid", "Valid", "Invalid", "Duplicate", "Managed domain"]
    );
    assert_eq!(
        texts(&root, ".entries-list li .entry-address"),
        [
            "Doe, Jane <jane@example.com>",
            "bob@x.org",
            "not-an-address",
            "JANE@example.com",
            "ann@staff.example.com"
        ]
    );
    let reasons = texts(&root, ".entries-list li .entry-reason");
    assert_eq!(reasons[0], "An email address needs an @, as in jane@example.com.");
    assert_eq!(reasons[1], "Duplicate of entry 1.");
    assert!(
        reasons[2].contains("Only site admins can add people from staff.example.com"),
        "{reasons:?}"
    );
    assert_eq!(
        text(&root, ".entries-counts").unwrap(),
        "5 entries: 2 to add, 1 invalid, 1 duplicate, 1 in a managed domain."
    );
}

#[wasm_bindgen_test]
async fn a_site_admin_may_add_managed_domain_addresses_so_they_show_as_valid() {
    let (root, _mount) = open_dialog(Who::SiteAdmin, MIXED);
    settle(0).await;
    assert_eq!(
        texts(&root, ".entries-list li .entry-state"),
        ["Valid", "Valid", "Invalid", "Duplicate", "Valid"]
    );
    assert_eq!(
        text(&root, ".entries-counts").unwrap(),
        "5 entries: 3 to add, 1 invalid, 1 duplicate."
    );
}

#[wasm_bindgen_test]
async fn typing_in_the_emails_field_updates_the_entries() {
    let (root, _mount) = open_dialog(Who::ProjectAdmin, "");
    settle(0).await;
    assert!(text(&root, ".entries-empty").is_some());
    let field: web_sys::HtmlTextAreaElement = root
        .query_selector("#add-customers-emails")
        .unwrap()
        .unwrap()
        .unchecked_into();
    field.set_value("a@x.org; b@");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let input = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    field.dispatch_event(&input).unwrap();
    settle(0).await;
    assert_eq!(
        texts(&root, ".entries-list li .entry-state"),
        ["Valid", "Invalid"]
    );
    // A project admin is refused managed domains too (only site admins add them).
    field.set_value("ann@staff.example.com");
    field.dispatch_event(&input).unwrap();
    settle(0).await;
    assert_eq!(texts(&root, ".entries-list li .entry-state"), ["Managed domain"]);
}

#[wasm_bindgen_test]
async fn ten_thousand_entries_render_a_hundred_and_count_the_rest() {
    let mut list: Vec<String> = (0..10_000).map(|i| format!("customer{i}@example.org")).collect();
    list[5_000] = "broken@".into();
    let (root, _mount) = open_dialog(Who::Agent, &list.join(", "));
    settle(0).await;
    assert_eq!(root.query_selector_all(".entries-list li").unwrap().length(), 100);
    // The one that needs attention comes first, with its position in the list.
    let first = root.query_selector(".entries-list li").unwrap().unwrap();
    assert_eq!(first.get_attribute("value").as_deref(), Some("5001"));
    assert_eq!(
        text(&root, ".entries-counts").unwrap(),
        "10,000 entries: 9,999 to add, 1 invalid."
    );
    assert_eq!(
        text(&root, ".entries-more").unwrap(),
        "Showing 100 of 10,000 entries; 9,900 more not listed. Entries that need attention come first."
    );
}

#[wasm_bindgen_test]
fn more_than_ten_thousand_entries_are_refused_with_a_reason() {
    let text: Vec<String> = (0..10_001).map(|i| format!("c{i}@example.org")).collect();
    let preview = EmailPreview::of(
        &text.join("\n"),
        Role::Agent,
        &settings(false, false),
        &ParseLimits::default(),
    );
    assert!(preview
        .too_many
        .unwrap()
        .starts_with("The list has 10,001 entries; at most 10,000"));
}

/// Types `value` into the Emails field as a person would.
fn type_emails(root: &web_sys::Element, value: &str) {
    let field: web_sys::HtmlTextAreaElement = root
        .query_selector("#add-customers-emails")
        .unwrap()
        .unwrap()
        .unchecked_into();
    field.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let input = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    field.dispatch_event(&input).unwrap();
}

#[wasm_bindgen_test]
async fn the_preview_refuses_a_list_longer_than_the_limit_the_server_publishes() {
    let mut agent = scope(Who::Agent, settings(false, false), 1);
    agent.me.bulk_limits = ParseLimits { max_entries: 3 };
    let (root, _mount) = open_dialog_with(
        AddCustomersOptions::for_project(&agent),
        "a@x.org, b@x.org, c@x.org, d@x.org",
    );
    settle(0).await;
    assert_eq!(
        texts(&root, ".add-customers p.error[role=alert]"),
        [
            "The list has 4 entries; at most 3 can be added at once. Split it and add the parts one \
          after the other."
        ]
    );
    assert!(text(&root, ".entries-list").is_none());
    // Add sends nothing and points at the reason.
    click(&root, "button[type=submit]");
    settle(0).await;
    assert_eq!(
        text(&root, ".add-customers p.notice[role=status]").as_deref(),
        Some("The list is too long to add at once; see above.")
    );

    type_emails(&root, "a@x.org, b@x.org, c@x.org");
    settle(0).await;
    assert!(texts(&root, ".add-customers p.error[role=alert]").is_empty());
    assert_eq!(text(&root, ".entries-counts").unwrap(), "3 entries: 3 to add.");
}

#[wasm_bindgen_test]
fn adding_to_an_organization_from_settings_takes_the_limit_from_myself() {
    let mut admin = myself(Who::SiteAdmin, settings(false, true), 2);
    admin.bulk_limits = ParseLimits { max_entries: 3 };
    let organization = Organization {
        id: "5".into(),
        name: "Globex".into(),
        created: None,
        member_count: None,
        project_keys: Some(vec![]),
        links: Default::default(),
    };
    let options = AddCustomersOptions::for_site_organization(&admin, &organization);
    assert_eq!(options.limits, ParseLimits { max_entries: 3 });
}

#[wasm_bindgen_test]
fn adding_to_an_organization_from_settings_offers_the_help_center_as_the_policy_allows() {
    let organization = Organization {
        id: "5".into(),
        name: "Globex".into(),
        created: None,
        member_count: None,
        project_keys: Some(vec![]),
        links: Default::default(),
    };
    // Premium: the policy allows it outside any project (an organization's invitations are
    // tied to none).
    let premium = myself(Who::SiteAdmin, settings(false, true), 2);
    assert_eq!(
        AddCustomersOptions::for_site_organization(&premium, &organization).help_center_select,
        Choice::Offered
    );
    // Standard: hidden, and the policy says why.
    let mut standard_settings = settings(false, false);
    standard_settings.plan = Plan::Standard;
    let standard = myself(Who::SiteAdmin, standard_settings, 2);
    match AddCustomersOptions::for_site_organization(&standard, &organization).help_center_select {
        Choice::Hidden(Some(denial)) => assert_eq!(denial.reason, Reason::PremiumOnly),
        other => panic!("expected a Premium-only denial, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn dialog_is_a_labelled_modal_with_an_emails_field_and_an_add_button() {
    let (root, _mount) = open_dialog(Who::Agent, "");
    settle(20).await;
    let dialog = root.query_selector("[role=dialog]").unwrap().expect("a dialog");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let title_id = dialog.get_attribute("aria-labelledby").unwrap();
    assert_eq!(
        text(&root, &format!("#{title_id}")).unwrap(),
        "Add customers to IT Help"
    );
    assert_eq!(text(&root, "label[for=add-customers-emails]").unwrap(), "Emails");
    assert_eq!(texts(&root, "button[type=submit]"), ["Add"]);
    let focused = leptos::prelude::document().active_element().unwrap();
    assert_eq!(
        focused.id(),
        "add-customers-emails",
        "focus moves into the dialog"
    );
}

fn result(input: &str, outcome: BulkOutcome, reason: Option<&str>) -> BulkResult {
    BulkResult {
        input: input.into(),
        email: input.contains('@').then(|| input.to_lowercase()),
        display_name: None,
        outcome,
        reason: reason.map(Into::into),
        reason_code: None,
        account_id: None,
        new_account: outcome == BulkOutcome::AddedToOrganization,
    }
}

fn response() -> BulkAddResponse {
    BulkAddResponse {
        results: vec![
            result("new@x.org", BulkOutcome::AddedToOrganization, None),
            result("old@x.org", BulkOutcome::AlreadyCustomer, None),
            result(
                "ann@staff.example.com",
                BulkOutcome::Refused,
                Some("Only site admins can add people from staff.example.com. Ask a site admin."),
            ),
            result(
                "nope",
                BulkOutcome::Invalid,
                Some("An email address needs an @, as in jane@example.com."),
            ),
            result("NEW@x.org", BulkOutcome::Duplicate, Some("Duplicate of entry 1.")),
        ],
        summary: BulkSummary {
            total: 5,
            added_to_organization: 1,
            already_customer: 1,
            refused: 1,
            invalid: 1,
            duplicate: 1,
            new_accounts: 1,
            ..BulkSummary::default()
        },
        bulk_change_id: None,
    }
}

#[wasm_bindgen_test]
async fn summary_says_what_happened_to_each_address_problems_first() {
    let root = container();
    let _mount = mount_to(root.clone(), || {
        let at = AddedWhere {
            place: "IT Help".into(),
            organization: Some("Globex".into()),
            is_organization: false,
            new_customer_email: Some(NewCustomerEmail::Invitation),
        };
        view! { <AddSummary response=response() at=at/> }
    });
    settle(0).await;
    assert_eq!(
        texts(&root, ".add-summary li .entry-state"),
        [
            "Refused",
            "Invalid",
            "Duplicate",
            "Added to Globex",
            "Already a member"
        ]
    );
    let lines = texts(&root, ".add-summary-lines p");
    assert_eq!(lines[0], "Added 1 member to Globex.");
    assert!(lines.iter().any(|l| l.contains("invitation email")), "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l == "1 refused, 1 invalid: they are still in the field to fix."),
        "{lines:?}"
    );
}

#[wasm_bindgen_test]
fn refused_and_invalid_entries_stay_in_the_field() {
    assert_eq!(entries_to_fix(&response()), "ann@staff.example.com\nnope");
}

#[wasm_bindgen_test]
fn a_refused_add_says_in_words_who_can_change_it() {
    let refused = ApiError {
        status: 403,
        reason: Reason::ManagedDomain,
        message: "Only site admins can add people from staff.example.com. Ask a site admin.".into(),
        who_can_change: Some(WhoCanChange::SiteAdmin),
    };
    assert_eq!(
        failure(&refused),
        "Couldn't add customers: Only site admins can add people from staff.example.com. Ask a site \
         admin. Who can change this: a site admin. Your list is still here; nothing was lost. Try again."
    );
    let project_admin = ApiError {
        who_can_change: Some(WhoCanChange::ProjectAdmin),
        ..refused.clone()
    };
    assert!(failure(&project_admin)
        .contains("Who can change this: a project admin of this service project, or a site admin."));
}

/// In the browser, internationalized domains go to ASCII through the browser's URL parser
/// instead of Unicode tables in the wasm: the same answers as the domain's native tests.
#[wasm_bindgen_test]
fn internationalized_domains_read_as_their_xn_form_in_the_browser() {
    for (typed, ascii) in [
        ("a@bücher.example", "a@xn--bcher-kva.example"),
        ("a@MÜNCHEN.de", "a@xn--mnchen-3ya.de"),
        ("a@例え.テスト", "a@xn--r8jz45g.xn--zckzah"),
        ("a@straße.de", "a@xn--strae-oqa.de"),
    ] {
        let email = clientele_domain::email::Email::parse(typed).unwrap_or_else(|e| panic!("{typed}: {e:?}"));
        assert_eq!(email.as_str(), ascii, "{typed}");
    }
    assert!(clientele_domain::email::Email::parse("a@bü/cher.example").is_err());
}
