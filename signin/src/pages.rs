//! The pages: sign in, sign up, forgot password (and the form that asks for a new link), and a
//! one-time link's page.

use std::cell::RefCell;
use std::rc::Rc;

use clientele_domain::reason::Reason;
use wasm_bindgen::JsValue;

use super::api::{self, segment};
use super::dom::{link, replace_children, Slot, E};
use super::fields::{clear_password, new_password_field, text_field, Field, FormProblems, Submit};
use super::{load_from_server, tell_next_page, HelpCenter};
use crate::hint::password_problem;
use crate::paths::{help_path, return_path};
use crate::{ApiError, FormProblem, Problems};

/// What a one-time link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Accept an invitation: choose a name and a password.
    Invitation,
    /// Verify the address (and choose a password).
    Verification,
    /// Choose a new password.
    PasswordReset,
}

/// Whether a one-time link can still be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    /// It can be used.
    Valid,
    /// Too old.
    Expired,
    /// Used already.
    Used,
}

/// `GET /helpcenter/{slug}/link/{token}`: what the link is; the address and name only while it
/// is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkInfo {
    /// What it is for.
    pub purpose: LinkPurpose,
    /// Whether it can still be used.
    pub state: LinkState,
    /// The account's address (while valid).
    pub email: Option<String>,
    /// The account's display name (while valid).
    pub display_name: Option<String>,
    /// Whether the account already has a password (it signed up by itself): verifying then
    /// asks for none.
    pub has_password: bool,
}

fn base(slug: &str) -> String {
    format!("/rest/clientele/1/helpcenter/{}", segment(slug))
}

/// Stops the browser's own submit and calls `handler`.
fn on_submit(form: E, handler: impl FnMut() + 'static) -> E {
    let handler = RefCell::new(handler);
    form.on("submit", move |event| {
        event.prevent_default();
        (handler.borrow_mut())();
    })
}

fn links(items: &[(String, &str)]) -> E {
    let p = E::with_class("p", "help-links");
    for (href, text) in items {
        let _ = p.0.append_child(&link(href, text).0);
    }
    p
}

/// Who is signed in now, after signing in or using a link (`None`: the session was not kept).
async fn signed_in() -> Result<bool, ApiError> {
    match api::get("/rest/clientele/1/myself").answer().await {
        Ok(_) => Ok(true),
        Err(e) if e.status == 401 => Ok(false),
        Err(e) => Err(e),
    }
}

/// `/help/{hc}/login`: the sign-in form; signed in, the page `next` names (one of this help
/// center's) or the home — the help center build's.
pub fn sign_in(hc: &HelpCenter, next: Option<String>) -> E {
    let slug = hc.slug.clone();
    let email = text_field("hc-login-email", "Email", "email", "username", None);
    let password = E::new("input")
        .attr("id", "hc-login-password")
        .attr("type", "password")
        .attr("autocomplete", "current-password")
        .attr("required", "");
    let submit = Submit::new("Sign in", "Signing in…");
    let form = E::with_class("form", "card help-card")
        .child(&E::new("h1").text(&format!("Sign in to {}", hc.name)))
        .child(&email.wrapper)
        .child(
            &E::with_class("div", "field")
                .child(&E::new("label").attr("for", "hc-login-password").text("Password"))
                .child(&password),
        )
        .child(&submit.button)
        .child(&links(&[
            (help_path(&slug, "forgot"), "Forgot password?"),
            (help_path(&slug, "signup"), "Sign up"),
        ]));
    let problems = Rc::new(RefCell::new(FormProblems {
        email: Some(email.clone()),
        name: None,
        password: None,
        slot: Slot::before(&submit.button),
    }));
    let password = password.input();
    on_submit(form, move || {
        let (email, password, submit, problems) =
            (email.clone(), password.clone(), submit.clone(), problems.clone());
        let (slug, next) = (slug.clone(), next.clone());
        submit.pending(true);
        wasm_bindgen_futures::spawn_local(async move {
            let body = api::object(&[
                ("username", Some(email.value().trim())),
                ("password", Some(&password.value())),
            ]);
            let outcome = match api::call("POST", "/rest/auth/1/session", Some(&body))
                .answer()
                .await
            {
                Ok(_) => signed_in().await,
                Err(e) => Err(e),
            };
            submit.pending(false);
            let shown = match outcome {
                Ok(true) => {
                    problems.borrow_mut().show(&Problems::default(), |_| None);
                    let next = return_path(next.as_deref(), &slug).unwrap_or_else(|| help_path(&slug, ""));
                    // Every page after signing in is the help center build's.
                    load_from_server(&next);
                    return;
                }
                Ok(false) => Problems {
                    form: Some(FormProblem {
                        reason: Reason::SessionNotKept,
                        message: "Signed in, but the session was not kept. Are cookies blocked?".into(),
                        who_can_help: None,
                    }),
                    ..Problems::default()
                },
                Err(e) => {
                    password.set_value("");
                    Problems::from_error(&e)
                }
            };
            problems.borrow_mut().show(&shown, |_| None);
        });
    })
}

/// `/help/{hc}/signup`: public sign-up; then "Check your email" and a way to get the link
/// again.
pub fn sign_up(hc: &HelpCenter) -> E {
    let slug = hc.slug.clone();
    let email = text_field("signup-email", "Email", "email", "email", None);
    let name = text_field(
        "signup-name",
        "Display name",
        "text",
        "name",
        Some(clientele_domain::names::DisplayName::MAX),
    );
    let password = new_password_field("signup-password", "Password");
    let submit = Submit::new("Sign up", "Signing up…");
    let form = E::with_class("form", "card help-card")
        .attr("novalidate", "")
        .child(&E::new("h1").text(&format!("Sign up for {}", hc.name)))
        .child(&E::with_class("p", "muted").text("Create an account to raise and follow requests."))
        .child(&email.wrapper)
        .child(&name.wrapper)
        .child(&password.wrapper)
        .child(&submit.button);
    let page = E::new("div").child(&form).child(
        &E::with_class("p", "help-links")
            .text("Already have an account? ")
            .child(&link(&help_path(&slug, "login"), "Sign in")),
    );
    let problems = Rc::new(RefCell::new(FormProblems {
        email: Some(email.clone()),
        name: Some(name.clone()),
        password: Some(password.clone()),
        slot: Slot::before(&submit.button),
    }));
    // A refusal because the address has an account offers signing in or a new link.
    let taken_links = {
        let slug = slug.clone();
        move |problem: &FormProblem| {
            (problem.reason == Reason::EmailTaken).then(|| {
                links(&[
                    (help_path(&slug, "login"), "Sign in"),
                    (
                        help_path(&slug, "forgot"),
                        "Forgot password, or never finished signing up?",
                    ),
                ])
            })
        }
    };
    let taken_links = Rc::new(taken_links);
    let form_for_done = form.clone();
    on_submit(form, move || {
        // The shape rules the server applies too: said at once; its list of common passwords
        // is checked on the server when the form is sent (the field shows its answer as one
        // types).
        if let Some(problem) = password_problem(&password.value()) {
            problems.borrow_mut().refuse_password(problem);
            return;
        }
        let (email, name, password, submit) = (email.clone(), name.clone(), password.clone(), submit.clone());
        let (problems, taken_links, slug, form) = (
            problems.clone(),
            taken_links.clone(),
            slug.clone(),
            form_for_done.clone(),
        );
        submit.pending(true);
        wasm_bindgen_futures::spawn_local(async move {
            let address = email.value();
            let body = api::object(&[
                ("email", Some(address.trim())),
                ("displayName", Some(name.value().trim())),
                ("password", Some(&password.value())),
            ]);
            let outcome = api::call("POST", &format!("{}/signup", base(&slug)), Some(&body))
                .answer()
                .await;
            submit.pending(false);
            clear_password(&password);
            match outcome {
                Ok(json) => {
                    let message = api::text(&json, "message").unwrap_or_default();
                    let sent = E::with_class("div", "card help-card")
                        .child(&E::new("h1").text("Check your email"))
                        .child(&E::with_class("p", "notice").attr("role", "status").text(&message))
                        .child(&E::new("p").text(
                            "After you verify your address, sign in to see the service projects you can use.",
                        ))
                        .child(&E::with_class("h2", "help-subtitle").text("No message?"))
                        .child(&send_link_form(&slug, SendLink::Resend, &address));
                    if let Some(parent) = form.0.parent_node() {
                        let _ = parent.replace_child(&sent.0, &form.0);
                    }
                }
                Err(e) => problems
                    .borrow_mut()
                    .show(&Problems::from_error(&e), |p| taken_links(p)),
            }
        });
    });
    page
}

/// Which link the one-field form asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendLink {
    /// A password reset link.
    PasswordReset,
    /// A new invitation or verification link.
    Resend,
}

/// `/help/{hc}/forgot`: a reset link, or the invitation or verification link again.
pub fn forgot_password(hc: &HelpCenter) -> E {
    E::with_class("div", "card help-card")
        .child(&E::new("h1").text("Forgot your password?"))
        .child(&E::with_class("p", "muted").text(
            "Enter the address you sign in with. If it has an account, we'll send it a link to choose a new password.",
        ))
        .child(&send_link_form(&hc.slug, SendLink::PasswordReset, ""))
        .child(&E::with_class("h2", "help-subtitle").text("Never finished signing up?"))
        .child(&E::with_class("p", "muted").text(
            "If you were invited, or signed up and didn't verify your address, we can send the link again.",
        ))
        .child(&send_link_form(&hc.slug, SendLink::Resend, ""))
        .child(&links(&[(help_path(&hc.slug, "login"), "Back to sign in")]))
}

/// One field, the address, and a button that asks for a link; then the server's answer (the
/// same whatever the address). The address stays for another try.
pub fn send_link_form(slug: &str, kind: SendLink, address: &str) -> E {
    let (id, label, button, page) = match kind {
        SendLink::PasswordReset => ("forgot-email", "Email", "Send reset link", "forgot"),
        SendLink::Resend => (
            "resend-email",
            "Email for a new link",
            "Send a new link",
            "resend",
        ),
    };
    let email = text_field(id, label, "email", "email", None);
    email.input.set_value(address);
    let submit = Submit::new(button, "Sending…");
    let form = E::with_class("form", "send-link-form")
        .child(&email.wrapper)
        .child(&submit.button);
    let answer = Rc::new(RefCell::new(Slot::before(&submit.button)));
    let problems = Rc::new(RefCell::new(FormProblems {
        email: Some(email.clone()),
        name: None,
        password: None,
        slot: Slot::before(&submit.button),
    }));
    let path = format!("{}/{page}", base(slug));
    on_submit(form, move || {
        let (email, submit, problems, answer, path) = (
            email.clone(),
            submit.clone(),
            problems.clone(),
            answer.clone(),
            path.clone(),
        );
        submit.pending(true);
        wasm_bindgen_futures::spawn_local(async move {
            let body = api::object(&[("email", Some(email.value().trim()))]);
            let outcome = api::call("POST", &path, Some(&body)).answer().await;
            submit.pending(false);
            match outcome {
                Ok(json) => {
                    problems.borrow_mut().show(&Problems::default(), |_| None);
                    let message = api::text(&json, "message").unwrap_or_default();
                    answer.borrow_mut().show(Some(
                        E::with_class("p", "notice").attr("role", "status").text(&message),
                    ));
                }
                Err(e) => {
                    answer.borrow_mut().show(None);
                    problems.borrow_mut().show(&Problems::from_error(&e), |_| None);
                }
            }
        });
    })
}

/// `/help/{hc}/{invite,verify,reset}/{token}`: reads the link, then shows [`accept_link`].
pub fn link_page(hc: HelpCenter, token: String) -> E {
    let root = E::new("div");
    load_link(root.clone(), hc, token);
    root
}

fn load_link(root: E, hc: HelpCenter, token: String) {
    replace_children(
        &root.0,
        &E::with_class("p", "muted")
            .attr("role", "status")
            .text("Opening your link…"),
    );
    wasm_bindgen_futures::spawn_local(async move {
        let path = format!("{}/link/{}", base(&hc.slug), segment(&token));
        let shown = match api::get(&path).answer().await.and_then(|json| read_link(&json)) {
            Ok(info) => accept_link(&hc, &token, info),
            Err(e) if e.status == 404 => E::with_class("div", "card help-card")
                .child(&E::new("h1").text("This link doesn't work"))
                .child(&E::new("p").text(&e.message))
                .child(&E::new("p").text("If your link came by email, ask for a new one:"))
                .child(&send_link_form(&hc.slug, SendLink::Resend, ""))
                .child(&links(&[
                    (help_path(&hc.slug, "login"), "Sign in"),
                    (help_path(&hc.slug, "forgot"), "Forgot password?"),
                ])),
            Err(e) => {
                let again = (root.clone(), hc.clone(), token.clone());
                E::with_class("div", "card help-card")
                    .child(
                        &E::with_class("p", "error")
                            .attr("role", "alert")
                            .text(&format!("Couldn't open this link: {}", e.message)),
                    )
                    .child(
                        &E::new("button")
                            .attr("type", "button")
                            .text("Try again")
                            .on("click", move |_| {
                                load_link(again.0.clone(), again.1.clone(), again.2.clone())
                            }),
                    )
            }
        };
        replace_children(&root.0, &shown);
    });
}

/// What the server said about a link (`GET …/link/{token}`).
fn read_link(json: &JsValue) -> Result<LinkInfo, ApiError> {
    let purpose = match api::text(json, "purpose").as_deref() {
        Some("invitation") => LinkPurpose::Invitation,
        Some("verification") => LinkPurpose::Verification,
        Some("passwordReset") => LinkPurpose::PasswordReset,
        _ => return Err(ApiError::unreadable(200)),
    };
    let state = match api::text(json, "state").as_deref() {
        Some("valid") => LinkState::Valid,
        Some("expired") => LinkState::Expired,
        Some("used") => LinkState::Used,
        _ => return Err(ApiError::unreadable(200)),
    };
    Ok(LinkInfo {
        purpose,
        state,
        email: api::text(json, "email"),
        display_name: api::text(json, "displayName"),
        has_password: api::flag(json, "hasPassword"),
    })
}

/// What the page says for each purpose: heading, lead (with the address), button.
fn wording(purpose: LinkPurpose, help_center: &str, email: &str) -> (String, String, &'static str) {
    match purpose {
        LinkPurpose::Invitation => (
            format!("Accept your invitation to {help_center}"),
            format!("Create your account for {email}: tell us your name and choose a password."),
            "Accept invitation",
        ),
        LinkPurpose::Verification => (
            "Verify your email address".into(),
            format!("Verify {email} and choose the password you'll sign in with."),
            "Verify and sign in",
        ),
        LinkPurpose::PasswordReset => (
            "Choose a new password".into(),
            format!("Choose a new password for {email}."),
            "Change password",
        ),
    }
}

/// The link's form, or — expired or used — what happened and a way to get a new one. Drawn
/// from what the server said about the link, so it can be shown without a server.
pub fn accept_link(hc: &HelpCenter, token: &str, info: LinkInfo) -> E {
    let root = E::new("div");
    match info.state {
        LinkState::Valid => {
            let form = link_form(hc, token, &info, root.clone());
            let _ = root.clone().child(&form);
        }
        gone => link_gone(&root, hc, info.purpose, gone),
    }
    root
}

fn link_gone(root: &E, hc: &HelpCenter, purpose: LinkPurpose, gone: LinkState) {
    let (title, lead, class) = match gone {
        LinkState::Expired => (
            "This link has expired",
            "Links in our messages work for a limited time. We can send you a new one.",
            "card help-card link-expired",
        ),
        _ => (
            "This link was already used",
            "Each link works once. If you already set your password with it, sign in. Otherwise, ask for a new link.",
            "card help-card link-used",
        ),
    };
    let kind = match purpose {
        LinkPurpose::PasswordReset => SendLink::PasswordReset,
        _ => SendLink::Resend,
    };
    let card = E::with_class("div", class)
        .child(&E::new("h1").text(title))
        .child(&E::new("p").text(lead))
        .child(&E::with_class("h2", "help-subtitle").text("Send me a new link"))
        .child(&send_link_form(&hc.slug, kind, ""))
        .child(&links(&[(
            help_path(&hc.slug, "login"),
            &format!("Sign in to {}", hc.name),
        )]));
    replace_children(&root.0, &card);
}

fn link_form(hc: &HelpCenter, token: &str, info: &LinkInfo, root: E) -> E {
    let asks_name = info.purpose != LinkPurpose::PasswordReset;
    // Someone who chose a password at sign-up only confirms the address.
    let asks_password = !(info.purpose == LinkPurpose::Verification && info.has_password);
    let email = info.email.clone().unwrap_or_default();
    let (title, mut lead, button) = wording(info.purpose, &hc.name, &email);
    if !asks_password {
        lead = format!("Verify {email}: then sign in with the password you chose when you signed up.");
    }
    let name = asks_name.then(|| {
        let field = text_field(
            "link-name",
            "Display name",
            "text",
            "name",
            Some(clientele_domain::names::DisplayName::MAX),
        );
        field
            .input
            .set_value(info.display_name.as_deref().unwrap_or_default());
        field
    });
    let password = asks_password.then(|| {
        let label = if info.purpose == LinkPurpose::PasswordReset {
            "New password"
        } else {
            "Password"
        };
        new_password_field("link-password", label)
    });
    let submit = Submit::new(button, "Working…");
    let form = E::with_class("form", "card help-card link-valid")
        .attr("novalidate", "")
        .child(&E::new("h1").text(&title))
        .child(&E::with_class("p", "link-lead").text(&lead))
        .child(
            &E::with_class("p", "link-email")
                .child(&E::with_class("span", "muted").text("Email: "))
                .child(&E::new("strong").text(&email)),
        )
        .child_opt(name.as_ref().map(|f| &f.wrapper))
        .child_opt(password.as_ref().map(|f| &f.wrapper))
        .child(&submit.button);
    let problems = Rc::new(RefCell::new(FormProblems {
        email: None,
        name: name.clone(),
        password: password.clone(),
        slot: Slot::before(&submit.button),
    }));
    let done = match info.purpose {
        LinkPurpose::Invitation => "Welcome! Your account is ready and you're signed in.",
        LinkPurpose::Verification => "Your address is verified and you're signed in.",
        LinkPurpose::PasswordReset => "Your password is changed and you're signed in.",
    };
    let (hc, token, purpose) = (hc.clone(), token.to_string(), info.purpose);
    on_submit(form, move || {
        let typed = password.as_ref().map(Field::value).unwrap_or_default();
        if let Some(problem) = password_problem(&typed).filter(|_| asks_password) {
            problems.borrow_mut().refuse_password(problem);
            return;
        }
        problems.borrow_mut().show(&Problems::default(), |_| None);
        let (name, password, submit, problems) =
            (name.clone(), password.clone(), submit.clone(), problems.clone());
        let (hc, token, root) = (hc.clone(), token.clone(), root.clone());
        submit.pending(true);
        wasm_bindgen_futures::spawn_local(async move {
            let display_name = name
                .as_ref()
                .map(|f| f.value().trim().to_string())
                .filter(|n| !n.is_empty());
            let body = api::object(&[
                ("displayName", display_name.as_deref()),
                ("password", asks_password.then_some(typed.as_str())),
            ]);
            let path = format!("{}/link/{}", base(&hc.slug), segment(&token));
            let outcome = match api::call("POST", &path, Some(&body)).answer().await {
                Ok(_) => signed_in().await.map(drop),
                Err(e) => Err(e),
            };
            submit.pending(false);
            match outcome {
                Ok(()) => {
                    tell_next_page(done);
                    // The home is the help center build's.
                    load_from_server(&help_path(&hc.slug, ""));
                }
                Err(e) => {
                    if let Some(password) = &password {
                        clear_password(password);
                    }
                    match e.reason {
                        Reason::LinkExpired => link_gone(&root, &hc, purpose, LinkState::Expired),
                        Reason::LinkUsed => link_gone(&root, &hc, purpose, LinkState::Used),
                        _ => problems.borrow_mut().show(&Problems::from_error(&e), |_| None),
                    }
                }
            }
        });
    })
}
