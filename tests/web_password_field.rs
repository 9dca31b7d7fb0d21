//! Component tests in headless Chromium of the new-password field: the shape rules answer as
//! one types; once typing pauses the field asks the server (a stand-in here; the end-to-end
//! test `tests/e2e/common_passwords.test.mjs` uses the real one) and shows its answer, asking
//! once per pause and never showing an answer about something no longer typed.
#![cfg(target_arch = "wasm32")]

mod support;

use clientele::components::password_field::{password_hint, HintTone, NewPasswordField, ServerAnswer};
use clientele_domain::password::{PasswordCheck, PasswordProblem};
use leptos::mount::mount_to;
use leptos::prelude::*;
use support::{click, container, fake_password_checker, input, settle, text, type_into};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const LIST_MESSAGE: &str = "This password is on a list of commonly used passwords. Choose another.";

/// Mounts a field whose server check is `fake_password_checker(common, slow)`; answers the
/// root, what was typed, and the passwords the server was asked about.
async fn field(
    common: &'static [&'static str],
    slow: &'static [(&'static str, u32)],
) -> (
    web_sys::HtmlElement,
    RwSignal<String>,
    std::sync::Arc<std::sync::Mutex<Vec<String>>>,
) {
    let root = container();
    let typed = RwSignal::new(String::new());
    let (checker, asked) = fake_password_checker(common, slow);
    let mount = mount_to(root.clone(), move || {
        checker.clone().provide();
        view! { <NewPasswordField id="pw" label="Password" value=typed error=Signal::stored(None::<String>)/> }
    });
    settle(0).await;
    std::mem::forget(mount);
    (root, typed, asked)
}

#[wasm_bindgen_test]
fn the_hint_states_the_rule_then_what_is_missing_then_what_the_server_said() {
    let pending = ServerAnswer::Pending;
    assert_eq!(password_hint("", &pending).0, HintTone::Rule);
    assert_eq!(
        password_hint("abc", &pending),
        (
            HintTone::Problem,
            "Use at least 10 characters. 7 more characters to go.".into()
        )
    );
    assert_eq!(
        password_hint("abcdefghi", &pending).1,
        "Use at least 10 characters. 1 more character to go."
    );
    assert_eq!(
        password_hint("abcdefghij", &pending),
        (HintTone::Problem, PasswordProblem::TooSimple.message().into())
    );
    assert_eq!(
        password_hint("Password123", &pending),
        (
            HintTone::Rule,
            "Checking it against a list of common passwords…".into()
        )
    );
    let refused = ServerAnswer::Checked(PasswordCheck::from(Err(PasswordProblem::TooCommon)));
    assert_eq!(
        password_hint("Password123", &refused),
        (HintTone::Problem, LIST_MESSAGE.into())
    );
    let taken = ServerAnswer::Checked(PasswordCheck::from(Ok(())));
    assert_eq!(
        password_hint("correct horse battery", &taken),
        (HintTone::Good, "Strong enough.".into())
    );
    assert!(password_hint("correct horse battery", &ServerAnswer::Unavailable)
        .1
        .contains("checked when you send the form"));
}

#[wasm_bindgen_test]
async fn the_field_shows_the_servers_refusal_of_a_common_password_once_typing_pauses() {
    let (root, typed, asked) = field(&["qwertyuiop"], &[]).await;
    assert_eq!(
        text(&root, "#pw-hint").unwrap(),
        "At least 10 characters, and not one of the most common passwords."
    );
    assert_eq!(
        input(&root, "#pw").get_attribute("aria-describedby").unwrap(),
        "pw-hint"
    );
    type_into(&root, "#pw", "short");
    settle(0).await;
    assert_eq!(
        text(&root, "#pw-hint").unwrap(),
        "Use at least 10 characters. 5 more characters to go."
    );
    assert!(root.query_selector("#pw-hint.hint-problem").unwrap().is_some());
    settle(100).await;
    assert!(asked.lock().unwrap().is_empty(), "the shape rules answer alone");

    type_into(&root, "#pw", "qwertyuiop");
    settle(0).await;
    assert_eq!(
        text(&root, "#pw-hint").unwrap(),
        "Checking it against a list of common passwords…"
    );
    settle(100).await;
    assert_eq!(text(&root, "#pw-hint").unwrap(), LIST_MESSAGE);
    assert!(root.query_selector("#pw-hint.hint-problem").unwrap().is_some());
    assert_eq!(*asked.lock().unwrap(), ["qwertyuiop"]);

    type_into(&root, "#pw", "a tram at dawn, 7 stops");
    settle(100).await;
    assert_eq!(text(&root, "#pw-hint").unwrap(), "Strong enough.");
    assert!(root.query_selector("#pw-hint.hint-good").unwrap().is_some());
    assert_eq!(typed.get_untracked(), "a tram at dawn, 7 stops");
    assert_eq!(input(&root, "#pw").type_(), "password");
    click(&root, "#pw-show");
    settle(0).await;
    assert_eq!(input(&root, "#pw").type_(), "text", "Show password reveals it");
}

#[wasm_bindgen_test]
async fn the_server_is_asked_once_typing_pauses_and_about_what_is_typed_then() {
    let (root, _, asked) = field(&[], &[]).await;
    for partial in ["a tram at", "a tram at d", "a tram at da", "a tram at dawn"] {
        type_into(&root, "#pw", partial);
        settle(5).await;
    }
    settle(120).await;
    assert_eq!(*asked.lock().unwrap(), ["a tram at dawn"]);
    assert_eq!(text(&root, "#pw-hint").unwrap(), "Strong enough.");
    // Back to a password already answered: no second question.
    type_into(&root, "#pw", "a tram at dawn!");
    settle(0).await;
    type_into(&root, "#pw", "a tram at dawn");
    settle(120).await;
    assert_eq!(*asked.lock().unwrap(), ["a tram at dawn"]);
    assert_eq!(text(&root, "#pw-hint").unwrap(), "Strong enough.");
}

#[wasm_bindgen_test]
async fn a_late_answer_about_an_earlier_password_is_dropped() {
    // The answer about the first password comes after the one about the second.
    let (root, _, asked) = field(&["qwertyuiop"], &[("slow but fine1", 250)]).await;
    type_into(&root, "#pw", "slow but fine1");
    settle(80).await;
    type_into(&root, "#pw", "qwertyuiop");
    settle(500).await;
    assert_eq!(*asked.lock().unwrap(), ["slow but fine1", "qwertyuiop"]);
    assert_eq!(text(&root, "#pw-hint").unwrap(), LIST_MESSAGE);
}
