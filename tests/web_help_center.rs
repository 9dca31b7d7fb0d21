//! Component tests of the help center and the outbox in headless Chromium, without a server
//! (the Leptos password field has its own, `web_password_field.rs`): a one-time link's page —
//! plain DOM, the sign-in build's (`clientele::signed_out`) — shows the form only while the link
//! is valid and otherwise says what happened and offers a new link; the other signed-out pages
//! (sign in, sign up, forgot password) with their fields, hints and refusals;
//! customer lists say which invitation went out and offer Resend only where allowed; a
//! message's text is shown as text.
#![cfg(target_arch = "wasm32")]

mod support;

use clientele::api::help_center::{CustomerHome, HomeProject, LinkInfo, LinkPurpose, LinkState, Via};
use clientele::api::mail::MailMessage;
use clientele::api::ApiError;
use clientele::components::customer_table::{CustomerTable, EmptyText};
use clientele::components::paged_list::PagedList;
use clientele::pages::help::HomeLists;
use clientele::pages::mail::MailDialog;
use clientele::signed_out;
use clientele_domain::account::AccountStatus;
use clientele_domain::wire::{Customer, HelpCenter, InvitationInfo, OrganizationRef, Page};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos_router::components::Router;
use support::{click, container, input, settle, text, texts, type_into};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn support_center() -> HelpCenter {
    HelpCenter {
        id: "1".into(),
        slug: "support".into(),
        name: "Clientele Support".into(),
        is_default: true,
    }
}

/// The help center of the signed-out pages.
fn support() -> signed_out::HelpCenter {
    signed_out::HelpCenter {
        slug: "support".into(),
        name: "Clientele Support".into(),
    }
}

/// Lets the page's listeners and timers run (the signed-out pages have no Leptos executor).
async fn pause(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

/// Shows `page` (a signed-out page's content) in a fresh container.
fn show(page: signed_out::dom::E) -> web_sys::HtmlElement {
    let root = container();
    root.append_child(&page.0).unwrap();
    root
}

/// Shows the page of a one-time link with what the server would have said about it.
async fn link_page(info: LinkInfo) -> web_sys::HtmlElement {
    let root = show(signed_out::accept_link(&support(), "t0k3n", info));
    pause(0).await;
    root
}

fn valid(purpose: LinkPurpose) -> LinkInfo {
    LinkInfo {
        purpose,
        state: LinkState::Valid,
        email: Some("new.person@example.net".into()),
        display_name: Some("New Person".into()),
        has_password: false,
    }
}

fn gone(purpose: LinkPurpose, state: LinkState) -> LinkInfo {
    LinkInfo {
        purpose,
        state,
        email: None,
        display_name: None,
        has_password: false,
    }
}

#[wasm_bindgen_test]
async fn a_valid_invitation_shows_the_address_and_asks_for_name_and_password() {
    let root = link_page(valid(LinkPurpose::Invitation)).await;
    assert_eq!(
        text(&root, "h1").unwrap(),
        "Accept your invitation to Clientele Support"
    );
    assert!(text(&root, ".link-email")
        .unwrap()
        .contains("new.person@example.net"));
    assert_eq!(input(&root, "#link-name").value(), "New Person", "prefilled");
    assert!(root.query_selector("#link-password").unwrap().is_some());
    assert_eq!(texts(&root, "button[type=submit]"), ["Accept invitation"]);
    assert!(root.query_selector("#resend-email").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_valid_verification_link_asks_for_a_password_and_a_reset_link_only_for_a_new_one() {
    let root = link_page(valid(LinkPurpose::Verification)).await;
    assert_eq!(text(&root, "h1").unwrap(), "Verify your email address");
    assert!(root.query_selector("#link-name").unwrap().is_some());
    assert_eq!(texts(&root, "button[type=submit]"), ["Verify and sign in"]);

    let root = link_page(valid(LinkPurpose::PasswordReset)).await;
    assert_eq!(text(&root, "h1").unwrap(), "Choose a new password");
    assert!(
        root.query_selector("#link-name").unwrap().is_none(),
        "a reset keeps the name"
    );
    assert_eq!(text(&root, "label[for=link-password]").unwrap(), "New password");
    assert_eq!(texts(&root, "button[type=submit]"), ["Change password"]);
}

#[wasm_bindgen_test]
async fn verifying_a_self_sign_up_asks_for_no_second_password() {
    let info = LinkInfo {
        has_password: true,
        ..valid(LinkPurpose::Verification)
    };
    let root = link_page(info).await;
    assert!(
        root.query_selector("#link-password").unwrap().is_none(),
        "no password field"
    );
    assert!(text(&root, ".link-lead")
        .unwrap()
        .contains("the password you chose when you signed up"));
    assert_eq!(texts(&root, "button[type=submit]"), ["Verify and sign in"]);
}

#[wasm_bindgen_test]
async fn a_weak_password_is_refused_before_anything_is_sent_and_the_name_stays() {
    let root = link_page(valid(LinkPurpose::Invitation)).await;
    type_into(&root, "#link-name", "Ann Other");
    type_into(&root, "#link-password", "abcdefghij");
    click(&root, "button[type=submit]");
    pause(0).await;
    assert_eq!(
        text(&root, "#link-password-error").unwrap(),
        "One repeated character or a straight run like abcdefghij is easy to guess. Choose another."
    );
    assert_eq!(
        input(&root, "#link-password")
            .get_attribute("aria-invalid")
            .unwrap(),
        "true"
    );
    assert_eq!(input(&root, "#link-name").value(), "Ann Other");
    assert_eq!(
        texts(&root, "button[type=submit]"),
        ["Accept invitation"],
        "nothing pending"
    );
}

#[wasm_bindgen_test]
async fn an_expired_link_says_so_and_offers_a_new_one() {
    let root = link_page(gone(LinkPurpose::Invitation, LinkState::Expired)).await;
    assert_eq!(text(&root, "h1").unwrap(), "This link has expired");
    assert!(
        root.query_selector("#link-password").unwrap().is_none(),
        "no form"
    );
    assert!(root.query_selector("#resend-email").unwrap().is_some());
    assert_eq!(texts(&root, "button[type=submit]"), ["Send a new link"]);
    assert_eq!(texts(&root, ".help-links a"), ["Sign in to Clientele Support"]);
}

#[wasm_bindgen_test]
async fn a_used_link_says_so_and_offers_sign_in_and_a_new_link() {
    let root = link_page(gone(LinkPurpose::Verification, LinkState::Used)).await;
    assert_eq!(text(&root, "h1").unwrap(), "This link was already used");
    assert!(text(&root, ".link-used p").unwrap().contains("sign in"));
    assert!(root.query_selector("#link-password").unwrap().is_none());
    assert_eq!(texts(&root, "button[type=submit]"), ["Send a new link"]);
    let href = root
        .query_selector(".help-links a")
        .unwrap()
        .unwrap()
        .get_attribute("href")
        .unwrap();
    assert_eq!(href, "/help/support/login");
}

#[wasm_bindgen_test]
async fn an_expired_reset_link_offers_a_new_reset_link() {
    let root = link_page(gone(LinkPurpose::PasswordReset, LinkState::Expired)).await;
    assert_eq!(text(&root, "h1").unwrap(), "This link has expired");
    assert!(root.query_selector("#forgot-email").unwrap().is_some());
    assert_eq!(texts(&root, "button[type=submit]"), ["Send reset link"]);
}

fn invited(id: usize, name: &str, invitation: Option<InvitationInfo>) -> Customer {
    Customer {
        account_id: id.to_string(),
        email_address: format!("{}@example.net", name.to_lowercase().replace(' ', ".")),
        display_name: name.into(),
        active: true,
        time_zone: "UTC".into(),
        account_type: "customer".into(),
        status: if name.starts_with("Active") {
            AccountStatus::Active
        } else {
            AccountStatus::Invited
        },
        organizations: Some(Vec::<OrganizationRef>::new()),
        invitation,
        requests: None,
        links: Default::default(),
    }
}

async fn customer_list(resend_in: Option<&'static str>) -> web_sys::HtmlElement {
    let root = container();
    let mount = mount_to(root.clone(), move || {
        let list = PagedList::new(50, |_, _| async {
            let values = vec![
                invited(
                    1,
                    "Queued Quinn",
                    Some(InvitationInfo {
                        kind: "invitation".into(),
                        queued_at: 1_795_000_000_000,
                        state: "queued".into(),
                    }),
                ),
                invited(
                    2,
                    "Sent Sam",
                    Some(InvitationInfo {
                        kind: "verification".into(),
                        queued_at: 1_795_000_000_000,
                        state: "sent".into(),
                    }),
                ),
                invited(3, "Never Ned", None),
                invited(
                    4,
                    "Active Ada",
                    Some(InvitationInfo {
                        kind: "invitation".into(),
                        queued_at: 1_795_000_000_000,
                        state: "sent".into(),
                    }),
                ),
            ];
            Ok::<_, ApiError>(Page {
                size: values.len(),
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
                <CustomerTable list=list caption="Customers" resend_in=resend_in.map(String::from)
                    empty=EmptyText { no_match: "No customers match", nobody: "No customers yet.".into() }/>
            </Router>
        }
    });
    settle(10).await;
    std::mem::forget(mount);
    root
}

#[wasm_bindgen_test]
async fn invited_customers_show_which_message_went_out_and_when() {
    let root = customer_list(Some("ITH")).await;
    let lines = texts(&root, "td .invitation");
    assert_eq!(lines.len(), 3, "only people who have not signed up: {lines:?}");
    assert!(lines[0].starts_with("Invitation queued "), "{lines:?}");
    assert!(lines[0].contains("2026"), "with the date: {lines:?}");
    assert!(lines[1].starts_with("Verification email sent "), "{lines:?}");
    assert_eq!(lines[2], "No invitation sent yet");
    assert_eq!(
        texts(&root, "tbody button.resend-invitation"),
        ["Resend invitation", "Resend invitation", "Resend invitation"]
    );
    let label = root
        .query_selector("tbody button.resend-invitation")
        .unwrap()
        .unwrap()
        .get_attribute("aria-label")
        .unwrap();
    assert_eq!(label, "Resend invitation to Queued Quinn");
}

#[wasm_bindgen_test]
async fn no_resend_button_for_people_not_allowed_to_add_customers() {
    let root = customer_list(None).await;
    assert_eq!(
        texts(&root, "td .invitation").len(),
        3,
        "the state is still shown"
    );
    assert!(texts(&root, "tbody button").is_empty());
}

#[wasm_bindgen_test]
async fn the_customer_home_lists_projects_with_how_they_can_be_used_and_organizations() {
    let root = container();
    let home = CustomerHome {
        help_center: support_center(),
        projects: vec![
            HomeProject {
                key: "FAC".into(),
                name: "Facilities".into(),
                via: Via::PublicSignup,
            },
            HomeProject {
                key: "ITH".into(),
                name: "IT Help".into(),
                via: Via::Organization,
            },
        ],
        organizations: vec![OrganizationRef {
            id: "1".into(),
            name: "Acme Corporation".into(),
        }],
    };
    let mount = mount_to(root.clone(), move || view! { <HomeLists home=home.clone()/> });
    settle(0).await;
    assert_eq!(
        texts(&root, ".help-project"),
        [
            "Facilities (FAC) · Open to everyone who signs up",
            "IT Help (ITH) · Through your organization"
        ]
    );
    assert_eq!(
        texts(&root, "section[aria-labelledby=help-organizations-title] li"),
        ["Acme Corporation"]
    );
    std::mem::forget(mount);
}

#[wasm_bindgen_test]
async fn a_message_is_shown_as_plain_text_never_as_html() {
    let root = container();
    let message = MailMessage {
        id: "9".into(),
        to: "eve@example.net".into(),
        subject: "You're invited to Clientele Support".into(),
        text: "Hello <b>Eve</b>,\n\nAccept the invitation: http://x.test/help/support/invite/abc\n".into(),
        html: "<p>Hello <b>Eve</b></p><img src=x onerror=alert(1)>".into(),
        kind: "invitation".into(),
        state: "queued".into(),
        attempts: 2,
        last_error: Some("connection refused".into()),
        created_at: 1_795_000_000_000,
        sent_at: None,
    };
    let mount = mount_to(root.clone(), move || {
        view! { <MailDialog message=message.clone() on_close=|_| () on_resent=|_| ()/> }
    });
    settle(0).await;
    let body = root.query_selector(".mail-text").unwrap().unwrap();
    assert_eq!(
        body.text_content().unwrap(),
        "Hello <b>Eve</b>,\n\nAccept the invitation: http://x.test/help/support/invite/abc\n"
    );
    assert_eq!(body.child_element_count(), 0, "no markup inside");
    assert!(root.query_selector("img, .mail-text b").unwrap().is_none());
    assert_eq!(
        text(&root, "#mail-title").unwrap(),
        "You're invited to Clientele Support"
    );
    assert!(texts(&root, ".mail-headers dd").contains(&"connection refused".to_string()));
    assert_eq!(texts(&root, ".dialog-buttons button"), ["Resend", "Close"]);
    std::mem::forget(mount);
}

#[wasm_bindgen_test]
async fn a_delivered_message_offers_no_resend_and_says_why() {
    let root = container();
    let message = MailMessage {
        id: "10".into(),
        to: "eve@example.net".into(),
        subject: "You're invited to Clientele Support".into(),
        text: "Hello Eve,\n\nAccept the invitation: [link removed after sending]\n".into(),
        html: String::new(),
        kind: "invitation".into(),
        state: "sent".into(),
        attempts: 1,
        last_error: None,
        created_at: 1_795_000_000_000,
        sent_at: Some(1_795_000_001_000),
    };
    let mount = mount_to(root.clone(), move || {
        view! { <MailDialog message=message.clone() on_close=|_| () on_resent=|_| ()/> }
    });
    settle(0).await;
    let resend = root
        .query_selector(".dialog-buttons .button-primary")
        .unwrap()
        .unwrap();
    assert!(resend.has_attribute("disabled"));
    assert_eq!(
        resend.get_attribute("aria-describedby").as_deref(),
        Some("mail-resend-why")
    );
    let why = text(&root, "#mail-resend-why").unwrap();
    assert!(why.contains("Resend invitation"), "{why}");
    std::mem::forget(mount);
}

#[wasm_bindgen_test]
async fn the_sign_in_page_names_the_help_center_and_offers_forgot_password_and_sign_up() {
    let root = show(signed_out::sign_in(&support(), None));
    assert_eq!(text(&root, "h1").unwrap(), "Sign in to Clientele Support");
    assert_eq!(text(&root, "label[for=hc-login-email]").unwrap(), "Email");
    assert_eq!(text(&root, "label[for=hc-login-password]").unwrap(), "Password");
    assert_eq!(
        input(&root, "#hc-login-password").get_attribute("type").unwrap(),
        "password"
    );
    assert_eq!(texts(&root, "button[type=submit]"), ["Sign in"]);
    let hrefs: Vec<String> = (0..2)
        .map(|i| {
            root.query_selector_all(".help-links a")
                .unwrap()
                .item(i)
                .unwrap()
                .unchecked_into::<web_sys::Element>()
                .get_attribute("href")
                .unwrap()
        })
        .collect();
    assert_eq!(hrefs, ["/help/support/forgot", "/help/support/signup"]);
    assert!(
        root.query_selector("[role=alert]").unwrap().is_none(),
        "no refusal yet"
    );
}

#[wasm_bindgen_test]
async fn a_failed_sign_in_says_why_in_the_form_and_empties_the_password() {
    // The test runner's server has no API: its answer is a refusal this page cannot read.
    let root = show(signed_out::sign_in(&support(), None));
    type_into(&root, "#hc-login-email", "customer@example.com");
    type_into(&root, "#hc-login-password", "not the password");
    click(&root, "button[type=submit]");
    assert_eq!(texts(&root, "button[type=submit]"), ["Signing in…"], "pending");
    for _ in 0..50 {
        if root.query_selector(".form-problem").unwrap().is_some() {
            break;
        }
        pause(20).await;
    }
    let alert = text(&root, ".form-problem[role=alert]").expect("a refusal for the form");
    assert!(alert.starts_with("The server answered with status"), "{alert}");
    assert_eq!(input(&root, "#hc-login-password").value(), "", "password emptied");
    assert_eq!(input(&root, "#hc-login-email").value(), "customer@example.com");
    assert_eq!(texts(&root, "button[type=submit]"), ["Sign in"]);
}

#[wasm_bindgen_test]
async fn the_password_hint_follows_typing_and_show_password_switches_the_field() {
    let root = show(signed_out::sign_up(&support()));
    assert_eq!(text(&root, "h1").unwrap(), "Sign up for Clientele Support");
    let hint = || root.query_selector("#signup-password-hint").unwrap().unwrap();
    assert_eq!(hint().class_name(), "field-hint");
    assert!(hint()
        .text_content()
        .unwrap()
        .starts_with("At least 10 characters"));
    type_into(&root, "#signup-password", "short");
    assert_eq!(hint().class_name(), "field-hint hint-problem");
    assert!(
        hint()
            .text_content()
            .unwrap()
            .ends_with("5 more characters to go."),
        "{:?}",
        hint().text_content()
    );
    type_into(&root, "#signup-password", "short1");
    assert!(hint()
        .text_content()
        .unwrap()
        .ends_with("4 more characters to go."));
    assert_eq!(
        input(&root, "#signup-password")
            .get_attribute("aria-describedby")
            .unwrap(),
        "signup-password-hint"
    );
    click(&root, "#signup-password-show");
    assert_eq!(
        input(&root, "#signup-password").get_attribute("type").unwrap(),
        "text"
    );
    click(&root, "#signup-password-show");
    assert_eq!(
        input(&root, "#signup-password").get_attribute("type").unwrap(),
        "password"
    );
}

#[wasm_bindgen_test]
async fn a_weak_password_is_refused_at_sign_up_before_anything_is_sent() {
    let root = show(signed_out::sign_up(&support()));
    type_into(&root, "#signup-email", "new@example.net");
    type_into(&root, "#signup-name", "New Person");
    type_into(&root, "#signup-password", "aaaaaaaaaaaa");
    click(&root, "button[type=submit]");
    pause(0).await;
    assert_eq!(
        text(&root, "#signup-password-error").unwrap(),
        "One repeated character or a straight run like abcdefghij is easy to guess. Choose another."
    );
    let field = input(&root, "#signup-password");
    assert_eq!(field.get_attribute("aria-invalid").unwrap(), "true");
    assert_eq!(
        field.get_attribute("aria-describedby").unwrap(),
        "signup-password-hint signup-password-error"
    );
    assert_eq!(texts(&root, "button[type=submit]"), ["Sign up"], "nothing sent");
    assert_eq!(input(&root, "#signup-name").value(), "New Person");
    assert_eq!(
        input(&root, "#signup-name").get_attribute("maxlength").unwrap(),
        clientele_domain::names::DisplayName::MAX.to_string()
    );
    assert_eq!(texts(&root, ".help-links a"), ["Sign in"]);
}

#[wasm_bindgen_test]
async fn forgot_password_offers_a_reset_link_and_a_new_invitation_or_verification_link() {
    let root = show(signed_out::forgot_password(&support()));
    assert_eq!(text(&root, "h1").unwrap(), "Forgot your password?");
    assert!(root.query_selector("#forgot-email").unwrap().is_some());
    assert_eq!(
        text(&root, "label[for=resend-email]").unwrap(),
        "Email for a new link"
    );
    assert_eq!(
        texts(&root, "button[type=submit]"),
        ["Send reset link", "Send a new link"]
    );
    assert_eq!(texts(&root, ".help-links a"), ["Back to sign in"]);
}

#[wasm_bindgen_test]
fn the_sign_in_build_knows_its_pages_and_nothing_else() {
    use signed_out::{route, Page};
    assert_eq!(
        route("/help/support/login"),
        Some(("support".into(), Page::SignIn, String::new()))
    );
    assert_eq!(
        route("/help/support/invite/t0k3n"),
        Some(("support".into(), Page::Link, "t0k3n".into()))
    );
    assert_eq!(
        route("/help/my%20hc/reset/a%2Bb/"),
        Some(("my hc".into(), Page::Link, "a+b".into()))
    );
    assert_eq!(
        route("/help/support/forgot").map(|r| r.1),
        Some(Page::ForgotPassword)
    );
    assert_eq!(route("/help/support/signup").map(|r| r.1), Some(Page::SignUp));
    for other in [
        "/help/support",
        "/help/support/raise",
        "/help//login",
        "/login",
        "/help/support/invite/",
    ] {
        assert_eq!(route(other), None, "{other}");
    }
}
