//! Component tests in headless Chromium (wasm-bindgen-test): the sign-in form and the
//! navigation each role gets.
#![cfg(target_arch = "wasm32")]

use clientele::components::nav::MainNav;
use clientele::navigation::nav_links;
use clientele::pages::login::LoginPage;
use clientele::session::{Session, SessionState};
use clientele_domain::wire::{MyProject, Myself, ProjectRole};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn person(site_admin: bool, projects: &[(&str, &str, Option<ProjectRole>)]) -> Myself {
    Myself {
        account_id: "1".into(),
        email_address: "someone@example.com".into(),
        display_name: "Someone".into(),
        site_admin,
        projects: projects
            .iter()
            .map(|(key, name, role)| MyProject {
                id: key.len().to_string(),
                key: key.to_string(),
                name: name.to_string(),
                project_type: "companyManaged".into(),
                role: *role,
                settings: Default::default(),
                permissions: Default::default(),
            })
            .collect(),
        settings: Default::default(),
        permissions: Default::default(),
        help_centers: Vec::new(),
        bulk_limits: Default::default(),
    }
}

fn container() -> web_sys::HtmlElement {
    let document = document();
    let element = document.create_element("section").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

fn texts(root: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| {
            list.item(i)
                .unwrap()
                .text_content()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .collect()
}

#[wasm_bindgen_test]
fn customers_get_only_the_help_center() {
    let links = nav_links(&person(false, &[]));
    assert_eq!(
        links.iter().map(|l| l.label.as_str()).collect::<Vec<_>>(),
        ["Help center"]
    );
}

#[wasm_bindgen_test]
async fn site_admin_navigation_renders_projects_settings_and_help_center() {
    let root = container();
    let me = person(
        true,
        &[
            ("ITH", "IT Help", None),
            ("FAC", "Facilities", Some(ProjectRole::Agent)),
        ],
    );
    let _mount = mount_to(root.clone(), move || {
        Session::provide_known(SessionState::SignedIn(me.clone()));
        view! { <Router><MainNav me=me.clone()/></Router> }
    });
    leptos::task::tick().await;
    assert_eq!(
        texts(&root, "nav a"),
        ["IT Help", "Facilities", "Settings", "Help center"]
    );
    let hrefs: Vec<String> = {
        let list = root.query_selector_all("nav a").unwrap();
        (0..list.length())
            .map(|i| {
                list.item(i)
                    .unwrap()
                    .unchecked_into::<web_sys::Element>()
                    .get_attribute("href")
                    .unwrap()
            })
            .collect()
    };
    assert_eq!(
        hrefs,
        [
            "/projects/ITH/customers",
            "/projects/FAC/customers",
            "/settings/organizations",
            "/help"
        ]
    );
    assert_eq!(texts(&root, "button"), ["Sign out"]);
}

#[wasm_bindgen_test]
async fn agent_navigation_has_no_settings() {
    let root = container();
    let me = person(false, &[("ITH", "IT Help", Some(ProjectRole::Agent))]);
    let _mount = mount_to(root.clone(), move || {
        Session::provide_known(SessionState::SignedIn(me.clone()));
        view! { <Router><MainNav me=me.clone()/></Router> }
    });
    leptos::task::tick().await;
    assert_eq!(texts(&root, "nav a"), ["IT Help", "Help center"]);
}

#[wasm_bindgen_test]
async fn sign_in_form_has_labelled_fields_and_a_sign_in_button() {
    let root = container();
    let _mount = mount_to(root.clone(), || {
        Session::provide_known(SessionState::SignedOut);
        view! { <Router><LoginPage/></Router> }
    });
    leptos::task::tick().await;
    assert_eq!(texts(&root, "label"), ["Email", "Password"]);
    for (id, kind) in [("login-email", "email"), ("login-password", "password")] {
        let input = root.query_selector(&format!("#{id}")).unwrap().expect(id);
        assert_eq!(input.get_attribute("type").as_deref(), Some(kind));
        let label = root.query_selector(&format!("label[for={id}]")).unwrap();
        assert!(label.is_some(), "{id} has a label");
    }
    assert_eq!(texts(&root, "button[type=submit]"), ["Sign in"]);
}
