//! Shared helpers of the component tests: people with the policy's real permissions, a place
//! to mount, and ways to read what is on screen.
#![allow(dead_code)]

use clientele::project_scope::ProjectScope;
use clientele_domain::policy::{self, GlobalSettings, Plan, ProjectSettings, Role};
use clientele_domain::wire::{HelpCenter, MyProject, Myself, ProjectRole};
use wasm_bindgen::JsCast;

/// Who is signed in, for the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    SiteAdmin,
    ProjectAdmin,
    Agent,
}

/// The site's switches for a test.
pub fn settings(agents_manage_organizations: bool, customer_service_management: bool) -> GlobalSettings {
    GlobalSettings {
        agents_can_manage_organizations: agents_manage_organizations,
        customer_service_management,
        plan: Plan::Premium,
        managed_domains: vec!["staff.example.com".into()],
    }
}

/// The demo's help centers: two on Premium.
pub fn help_centers(count: usize) -> Vec<HelpCenter> {
    (1..=count)
        .map(|i| HelpCenter {
            id: i.to_string(),
            slug: format!("hc{i}"),
            name: if i == 1 {
                "Help center".into()
            } else {
                format!("Partner help center {i}")
            },
            is_default: i == 1,
        })
        .collect()
}

/// `who` signed in, working on IT Help and Facilities, with the permissions the policy gives
/// under `settings` (as the server's `myself` computes them).
pub fn myself(who: Who, settings: GlobalSettings, help_center_count: usize) -> Myself {
    let (site_admin, project_role) = match who {
        Who::SiteAdmin => (true, None),
        Who::ProjectAdmin => (false, Some(ProjectRole::ProjectAdmin)),
        Who::Agent => (false, Some(ProjectRole::Agent)),
    };
    let policy_role = project_role.map(|r| match r {
        ProjectRole::ProjectAdmin => Role::ProjectAdmin,
        ProjectRole::Agent => Role::Agent,
    });
    let role = Role::effective(true, site_admin, policy_role);
    let project = |id: &str, key: &str, name: &str, kind: &str| {
        let project_settings = ProjectSettings::default();
        MyProject {
            id: id.into(),
            key: key.into(),
            name: name.into(),
            project_type: kind.into(),
            role: project_role,
            permissions: policy::permissions(role, &settings, Some(&project_settings)),
            settings: project_settings,
        }
    };
    Myself {
        account_id: "7".into(),
        email_address: "someone@example.com".into(),
        display_name: "Someone".into(),
        site_admin,
        projects: vec![
            project("1", "ITH", "IT Help", "companyManaged"),
            project("2", "FAC", "Facilities", "teamManaged"),
        ],
        permissions: policy::permissions(Role::effective(true, site_admin, None), &settings, None),
        settings,
        help_centers: help_centers(help_center_count),
        bulk_limits: Default::default(),
    }
}

/// The IT Help scope for `who`.
pub fn scope(who: Who, settings: GlobalSettings, help_center_count: usize) -> ProjectScope {
    ProjectScope::find(&myself(who, settings, help_center_count), "ITH").unwrap()
}

/// A fresh element in the page to mount into.
pub fn container() -> web_sys::HtmlElement {
    let document = leptos::prelude::document();
    let element = document.create_element("section").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

/// The trimmed text of every element matching `selector`.
pub fn texts(root: &web_sys::Element, selector: &str) -> Vec<String> {
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

/// The text of the first element matching `selector`, if any.
pub fn text(root: &web_sys::Element, selector: &str) -> Option<String> {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default().trim().to_string())
}

/// Clicks the first element matching `selector`.
pub fn click(root: &web_sys::Element, selector: &str) {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

/// The input field matching `selector`.
pub fn input(root: &web_sys::Element, selector: &str) -> web_sys::HtmlInputElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no field {selector}"))
        .unchecked_into()
}

/// Types `value` into the field as a person would (the value, then an input event).
pub fn type_into(root: &web_sys::Element, selector: &str, value: &str) {
    let field = input(root, selector);
    field.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    field.dispatch_event(&event).unwrap();
}

/// Waits for the app's effects and timers.
pub async fn settle(ms: u32) {
    leptos::task::tick().await;
    gloo_timers::future::TimeoutFuture::new(ms).await;
    leptos::task::tick().await;
}

/// A stand-in for the server's password check: refuses the passwords in `common` as the
/// server's list would, answers after `latency_ms` (per password, 0 unless listed in `slow`),
/// and records every password it was asked about.
pub fn fake_password_checker(
    common: &'static [&'static str],
    slow: &'static [(&'static str, u32)],
) -> (
    clientele::components::password_field::PasswordChecker,
    std::sync::Arc<std::sync::Mutex<Vec<String>>>,
) {
    use clientele_domain::password::{PasswordCheck, PasswordProblem};
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = asked.clone();
    let checker = clientele::components::password_field::PasswordChecker {
        check: std::sync::Arc::new(move |password: String| {
            record.lock().unwrap().push(password.clone());
            let answer = if common.contains(&password.to_lowercase().as_str()) {
                PasswordCheck::from(Err(PasswordProblem::TooCommon))
            } else {
                PasswordCheck::from(Ok(()))
            };
            let latency = slow.iter().find(|(p, _)| *p == password).map_or(0, |(_, ms)| *ms);
            Box::pin(async move {
                gloo_timers::future::TimeoutFuture::new(latency).await;
                Ok(answer)
            })
        }),
        delay: std::time::Duration::from_millis(50),
    };
    (checker, asked)
}
