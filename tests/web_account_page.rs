//! Component tests in headless Chromium: the account page of Settings → Customers. Each action
//! that takes something away asks first; the server's refusals are shown with their reason and
//! the dialog keeps what was typed; a success says so and shows what the server now holds.
#![cfg(target_arch = "wasm32")]

mod support;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use clientele::api::ApiError;
use clientele::pages::settings::{AccountBackend, AccountChange, AccountView};
use clientele_domain::account::AccountStatus;
use clientele_domain::policy::WhoCanChange;
use clientele_domain::reason::Reason;
use clientele_domain::wire::CustomerDetail;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos_router::components::Router;
use support::{container, settle, text, texts};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const EMAIL: &str = "jane.doe@example.net";

fn detail(kind: &str, status: &str) -> CustomerDetail {
    serde_json::from_value(serde_json::json!({
        "customer": {
            "accountId": "42",
            "emailAddress": EMAIL,
            "displayName": "Jane Doe",
            "active": status != "revoked",
            "timeZone": "UTC",
            "accountType": kind,
            "status": status,
        },
        "projects": [{ "key": "ITH", "name": "IT Help" }],
        "organizations": [{ "id": "1", "name": "Acme Corporation" }],
    }))
    .unwrap()
}

fn refusal(status: u16, reason: Reason, message: &str, who: Option<WhoCanChange>) -> ApiError {
    ApiError {
        status,
        reason,
        message: message.into(),
        who_can_change: who,
    }
}

/// A stand-in for the server: it serves `account`, records every change asked for, and
/// answers each with the next scripted answer (success when none is left). A successful change
/// updates the account as the server would.
#[derive(Clone)]
struct FakeServer {
    account: Arc<Mutex<Result<CustomerDetail, ApiError>>>,
    changes: Arc<Mutex<Vec<AccountChange>>>,
    answers: Arc<Mutex<VecDeque<Result<(), ApiError>>>>,
}

impl FakeServer {
    fn new(account: CustomerDetail) -> FakeServer {
        FakeServer {
            account: Arc::new(Mutex::new(Ok(account))),
            changes: Arc::default(),
            answers: Arc::default(),
        }
    }

    fn answer_next(&self, answer: Result<(), ApiError>) {
        self.answers.lock().unwrap().push_back(answer);
    }

    fn changes(&self) -> Vec<AccountChange> {
        self.changes.lock().unwrap().clone()
    }

    fn backend(&self) -> AccountBackend {
        let (load_from, this) = (self.account.clone(), self.clone());
        AccountBackend {
            load: Arc::new(move |_| {
                let answer = load_from.lock().unwrap().clone();
                Box::pin(async move { answer })
            }),
            change: Arc::new(move |_, change| {
                this.changes.lock().unwrap().push(change.clone());
                let answer = this.answers.lock().unwrap().pop_front().unwrap_or(Ok(()));
                if answer.is_ok() {
                    if let Ok(account) = this.account.lock().unwrap().as_mut() {
                        let c = &mut account.customer;
                        match change {
                            AccountChange::Rename(name) => c.display_name = name,
                            AccountChange::Password(_) => c.status = AccountStatus::Active,
                            AccountChange::Migrate => c.account_type = "atlassian".into(),
                            AccountChange::Revoke => c.status = AccountStatus::Revoked,
                            AccountChange::Restore => c.status = AccountStatus::Active,
                            AccountChange::Delete => {}
                        }
                    }
                }
                Box::pin(async move { answer })
            }),
        }
    }
}

struct Page {
    root: web_sys::HtmlElement,
    deleted: Arc<Mutex<Vec<String>>>,
    _mount: Box<dyn std::any::Any>,
}

async fn open_page(server: &FakeServer, own_account_id: &str) -> Page {
    let root = container();
    let deleted = Arc::new(Mutex::new(Vec::new()));
    let (backend, said, own) = (server.backend(), deleted.clone(), own_account_id.to_string());
    let (checker, _) = support::fake_password_checker(&["qwertyuiop"], &[]);
    let mount = mount_to(root.clone(), move || {
        let said = said.clone();
        checker.clone().provide();
        view! {
            <Router>
                <AccountView account_id="42" backend=backend.clone() own_account_id=own.clone()
                    on_deleted=move |done: String| said.lock().unwrap().push(done)/>
            </Router>
        }
    });
    settle(10).await;
    Page {
        root,
        deleted,
        _mount: Box::new(mount),
    }
}

fn button(root: &web_sys::Element, label: &str) -> web_sys::HtmlElement {
    let list = root.query_selector_all("button").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into::<web_sys::HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == label)
        .unwrap_or_else(|| panic!("no button {label:?} among {:?}", texts(root, "button")))
}

fn dialog(root: &web_sys::Element) -> Option<web_sys::Element> {
    root.query_selector("[role=dialog]").unwrap()
}

fn type_into(root: &web_sys::Element, selector: &str, value: &str) {
    let field: web_sys::HtmlInputElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into();
    field.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    field
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

fn value_of(root: &web_sys::Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlInputElement>()
        .value()
}

fn page_actions(root: &web_sys::Element) -> Vec<String> {
    texts(root, ".page-actions button")
}

#[wasm_bindgen_test]
async fn the_account_shows_where_it_belongs_and_every_action_for_a_portal_only_account() {
    let server = FakeServer::new(detail("customer", "invited"));
    let page = open_page(&server, "7").await;
    assert_eq!(text(&page.root, "h1").unwrap(), "Jane Doe");
    assert_eq!(text(&page.root, ".facts .status").unwrap(), "Invited");
    assert_eq!(texts(&page.root, ".facts a"), ["IT Help", "Acme Corporation"]);
    assert_eq!(
        page_actions(&page.root),
        [
            "Edit name",
            "Change password",
            "Migrate to full account",
            "Revoke access",
            "Delete account"
        ]
    );
}

#[wasm_bindgen_test]
async fn a_full_account_has_no_password_change_or_migration_and_says_why() {
    let server = FakeServer::new(detail("atlassian", "active"));
    let page = open_page(&server, "7").await;
    assert_eq!(
        page_actions(&page.root),
        ["Edit name", "Revoke access", "Delete account"]
    );
    assert!(text(&page.root, ".field-hint")
        .unwrap()
        .contains("A full account's owner changes their own password"));
}

#[wasm_bindgen_test]
async fn your_own_account_cannot_be_revoked_or_deleted_from_here() {
    let server = FakeServer::new(detail("atlassian", "active"));
    let page = open_page(&server, "42").await;
    assert_eq!(page_actions(&page.root), ["Edit name"]);
    assert!(texts(&page.root, ".field-hint")
        .join(" ")
        .contains("This is your own account: you can't revoke or delete it. Another site admin can."));
}

#[wasm_bindgen_test]
async fn revoke_asks_first_and_nothing_happens_on_cancel() {
    let server = FakeServer::new(detail("customer", "active"));
    let page = open_page(&server, "7").await;
    button(&page.root, "Revoke access").click();
    settle(0).await;
    let open = dialog(&page.root).expect("a confirmation");
    assert_eq!(text(&open, "h2").unwrap(), "Revoke access for Jane Doe?");
    let message = text(&open, "p").unwrap();
    assert!(message.contains("signed out everywhere at once"), "{message}");
    assert!(message.contains("API token or basic auth"), "{message}");
    assert!(server.changes().is_empty(), "nothing is sent before confirming");
    button(&open, "Cancel").click();
    settle(0).await;
    assert!(dialog(&page.root).is_none());
    assert!(server.changes().is_empty());
    assert_eq!(text(&page.root, ".facts .status").unwrap(), "Active");
}

#[wasm_bindgen_test]
async fn a_refused_revoke_keeps_the_dialog_open_with_the_reason_and_who_can_change_it() {
    let server = FakeServer::new(detail("customer", "active"));
    server.answer_next(Err(refusal(
        403,
        Reason::SiteAdminOnly,
        "Only site admins can edit customer accounts. Ask a site admin.",
        Some(WhoCanChange::SiteAdmin),
    )));
    let page = open_page(&server, "7").await;
    button(&page.root, "Revoke access").click();
    settle(0).await;
    button(&dialog(&page.root).unwrap(), "Revoke access").click();
    settle(10).await;
    assert_eq!(server.changes(), [AccountChange::Revoke]);
    let open = dialog(&page.root).expect("the dialog stays open");
    let alert = text(&open, "[role=alert]").unwrap();
    assert_eq!(
        alert,
        "Couldn't revoke access: Only site admins can edit customer accounts. Ask a site admin. \
         Who can change this: a site admin."
    );
    assert!(text(&page.root, ".notice").is_none(), "no success is claimed");
    assert_eq!(text(&page.root, ".facts .status").unwrap(), "Active");
}

#[wasm_bindgen_test]
async fn a_confirmed_revoke_says_so_and_offers_restore() {
    let server = FakeServer::new(detail("customer", "active"));
    let page = open_page(&server, "7").await;
    button(&page.root, "Revoke access").click();
    settle(0).await;
    button(&dialog(&page.root).unwrap(), "Revoke access").click();
    settle(20).await;
    assert!(dialog(&page.root).is_none());
    assert_eq!(
        text(&page.root, ".notice").unwrap(),
        format!("Access revoked: {EMAIL} can no longer sign in, by any means.")
    );
    assert_eq!(text(&page.root, ".facts .status").unwrap(), "Access revoked");
    let actions = page_actions(&page.root);
    assert!(actions.contains(&"Restore access".to_string()), "{actions:?}");
    assert!(!actions.contains(&"Revoke access".to_string()), "{actions:?}");

    // Restoring takes nothing away: no confirmation.
    button(&page.root, "Restore access").click();
    settle(20).await;
    assert_eq!(server.changes(), [AccountChange::Revoke, AccountChange::Restore]);
    assert_eq!(text(&page.root, ".facts .status").unwrap(), "Active");
    assert_eq!(
        text(&page.root, ".notice").unwrap(),
        format!("Access restored: {EMAIL} can sign in again.")
    );
}

#[wasm_bindgen_test]
async fn delete_works_only_once_the_address_is_typed() {
    let server = FakeServer::new(detail("customer", "active"));
    let page = open_page(&server, "7").await;
    button(&page.root, "Delete account").click();
    settle(0).await;
    let open = dialog(&page.root).expect("a confirmation");
    assert_eq!(
        text(&open, "h2").unwrap(),
        format!("Delete the account of {EMAIL}?")
    );
    assert!(text(&open, "p").unwrap().contains("The address becomes free"));
    let delete = button(&open, "Delete account");
    assert!(
        delete.has_attribute("disabled"),
        "not before the address is typed"
    );
    type_into(&open, "#delete-account-confirm", "jane.doe@example");
    settle(0).await;
    assert!(delete.has_attribute("disabled"), "not with part of it");
    type_into(&open, "#delete-account-confirm", " Jane.Doe@Example.NET ");
    settle(0).await;
    assert!(
        !delete.has_attribute("disabled"),
        "the address, ignoring case and spaces"
    );
    delete.click();
    settle(20).await;
    assert_eq!(server.changes(), [AccountChange::Delete]);
    assert_eq!(
        *page.deleted.lock().unwrap(),
        [format!(
            "Deleted the account of {EMAIL}. The address is free: it can be added again as a new customer."
        )]
    );
}

#[wasm_bindgen_test]
async fn a_failed_delete_says_why_and_keeps_the_typed_address() {
    let server = FakeServer::new(detail("customer", "active"));
    server.answer_next(Err(refusal(
        0,
        Reason::Network,
        "Could not reach the server (offline). Check your connection and try again.",
        None,
    )));
    let page = open_page(&server, "7").await;
    button(&page.root, "Delete account").click();
    settle(0).await;
    let open = dialog(&page.root).unwrap();
    type_into(&open, "#delete-account-confirm", EMAIL);
    settle(0).await;
    button(&open, "Delete account").click();
    settle(20).await;
    let open = dialog(&page.root).expect("the dialog stays open");
    assert_eq!(
        text(&open, "[role=alert]").unwrap(),
        "Couldn't delete the account: Could not reach the server (offline). Check your connection and try again."
    );
    assert_eq!(value_of(&open, "#delete-account-confirm"), EMAIL);
    assert!(page.deleted.lock().unwrap().is_empty());
    // Trying again works.
    button(&open, "Delete account").click();
    settle(20).await;
    assert_eq!(server.changes(), [AccountChange::Delete, AccountChange::Delete]);
    assert_eq!(page.deleted.lock().unwrap().len(), 1);
}

#[wasm_bindgen_test]
async fn a_new_password_is_checked_as_it_is_typed_and_a_weak_one_is_never_sent() {
    let server = FakeServer::new(detail("customer", "invited"));
    let page = open_page(&server, "7").await;
    button(&page.root, "Change password").click();
    settle(0).await;
    let open = dialog(&page.root).unwrap();
    type_into(&open, "#account-password", "short");
    settle(0).await;
    assert!(text(&open, "#account-password-hint")
        .unwrap()
        .starts_with("Use at least 10 characters."));
    button(&open, "Change password").click();
    settle(0).await;
    assert!(server.changes().is_empty(), "a weak password is not sent");
    assert_eq!(
        text(&open, "#account-password-error").unwrap(),
        "Use at least 10 characters."
    );
    type_into(&open, "#account-password", "qwertyuiop");
    settle(100).await;
    assert_eq!(
        text(&open, "#account-password-hint").unwrap(),
        "This password is on a list of commonly used passwords. Choose another."
    );
    type_into(&open, "#account-password", "a long and rare one");
    settle(100).await;
    assert_eq!(text(&open, "#account-password-hint").unwrap(), "Strong enough.");
    button(&open, "Change password").click();
    settle(20).await;
    assert_eq!(
        server.changes(),
        [AccountChange::Password("a long and rare one".into())]
    );
    assert!(dialog(&page.root).is_none());
    assert_eq!(
        text(&page.root, ".notice").unwrap(),
        "Password changed: Jane Doe can sign in with it now."
    );
    assert_eq!(text(&page.root, ".facts .status").unwrap(), "Active");
}

#[wasm_bindgen_test]
async fn a_password_the_server_refuses_is_shown_with_its_reason_and_kept() {
    let server = FakeServer::new(detail("customer", "active"));
    server.answer_next(Err(refusal(
        409,
        Reason::NotPortalOnly,
        "Only portal-only customers' passwords can be changed here; a full account's owner changes their own.",
        None,
    )));
    let page = open_page(&server, "7").await;
    button(&page.root, "Change password").click();
    settle(0).await;
    let open = dialog(&page.root).unwrap();
    type_into(&open, "#account-password", "a long and rare one");
    settle(0).await;
    button(&open, "Change password").click();
    settle(20).await;
    let open = dialog(&page.root).expect("the dialog stays open");
    assert!(texts(&open, "[role=alert]")
        .join(" ")
        .contains("Couldn't change the password: Only portal-only customers' passwords can be changed here"));
    assert_eq!(value_of(&open, "#account-password"), "a long and rare one");
}

#[wasm_bindgen_test]
async fn a_refused_name_keeps_what_was_typed() {
    let server = FakeServer::new(detail("customer", "active"));
    server.answer_next(Err(refusal(
        400,
        Reason::InvalidName,
        "A display name has 1 to 255 characters.",
        None,
    )));
    let page = open_page(&server, "7").await;
    button(&page.root, "Edit name").click();
    settle(0).await;
    let open = dialog(&page.root).unwrap();
    assert_eq!(value_of(&open, "#account-name"), "Jane Doe");
    type_into(&open, "#account-name", "Jane Q. Doe");
    settle(0).await;
    button(&open, "Save name").click();
    settle(20).await;
    let open = dialog(&page.root).expect("the dialog stays open");
    assert_eq!(
        text(&open, "[role=alert]").unwrap(),
        "Couldn't save the name: A display name has 1 to 255 characters."
    );
    assert_eq!(value_of(&open, "#account-name"), "Jane Q. Doe");
    // Saved the second time.
    button(&open, "Save name").click();
    settle(20).await;
    assert!(dialog(&page.root).is_none());
    assert_eq!(text(&page.root, "h1").unwrap(), "Jane Q. Doe");
    assert_eq!(
        text(&page.root, ".notice").unwrap(),
        "Saved: the name is now Jane Q. Doe."
    );
}

#[wasm_bindgen_test]
async fn a_name_with_a_control_character_is_refused_before_sending() {
    let server = FakeServer::new(detail("customer", "active"));
    let page = open_page(&server, "7").await;
    button(&page.root, "Edit name").click();
    settle(0).await;
    let open = dialog(&page.root).unwrap();
    let input = open.query_selector("#account-name").unwrap().unwrap();
    // The same limit as the server's, from the domain.
    assert_eq!(input.get_attribute("maxlength").as_deref(), Some("255"));
    // A text input drops line breaks itself; a tab or a bidirectional override it keeps.
    type_into(&open, "#account-name", "Jane\u{202e}Doe");
    settle(0).await;
    button(&open, "Save name").click();
    settle(20).await;
    let open = dialog(&page.root).expect("the dialog stays open");
    assert_eq!(
        text(&open, "#account-name-problem").unwrap(),
        "A name can't contain line breaks or other control characters."
    );
    assert!(server.changes().is_empty(), "nothing was sent");
}

#[wasm_bindgen_test]
async fn migrating_asks_first_and_then_the_password_change_goes_away() {
    let server = FakeServer::new(detail("customer", "active"));
    let page = open_page(&server, "7").await;
    button(&page.root, "Migrate to full account").click();
    settle(0).await;
    let open = dialog(&page.root).unwrap();
    assert_eq!(text(&open, "h2").unwrap(), "Migrate Jane Doe to a full account?");
    assert!(text(&open, "p").unwrap().contains("There is no way back"));
    button(&open, "Migrate").click();
    settle(20).await;
    assert_eq!(server.changes(), [AccountChange::Migrate]);
    assert_eq!(
        text(&page.root, ".facts dd:nth-of-type(3)").unwrap(),
        "Full account"
    );
    assert_eq!(
        page_actions(&page.root),
        ["Edit name", "Revoke access", "Delete account"]
    );
}

#[wasm_bindgen_test]
async fn an_account_that_cannot_be_loaded_says_why_and_offers_nothing() {
    let server = FakeServer::new(detail("customer", "active"));
    *server.account.lock().unwrap() = Err(refusal(
        404,
        Reason::NotFound,
        "There is no account with the id \"42\".",
        None,
    ));
    let page = open_page(&server, "7").await;
    assert_eq!(text(&page.root, "h1").unwrap(), "Account not found");
    assert_eq!(
        text(&page.root, "[role=alert]").unwrap(),
        "Couldn't open this account: There is no account with the id \"42\"."
    );
    assert!(page_actions(&page.root).is_empty());
}
