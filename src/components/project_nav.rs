//! A service project's sidebar: the project switcher, and the project's pages this person may
//! use (Customers; Organizations with customer service management), and Project settings →
//! Access for those who may change it.

use clientele_domain::policy::Action;
use leptos::prelude::*;
use leptos_router::components::A;

use super::why_not::MaybeWhyNot;
use crate::project_scope::ProjectScope;

fn project_type_label(project_type: &str) -> &'static str {
    match project_type {
        "teamManaged" => "Team-managed",
        _ => "Company-managed",
    }
}

/// The sidebar of a service project.
#[component]
pub fn ProjectNav(scope: ProjectScope) -> impl IntoView {
    let organizations = scope
        .has_organizations_page()
        .then(|| view! { <li><A href=scope.path("organizations")>"Organizations"</A></li> });
    let why_no_organizations = scope.why_not(Action::UseOrganizationsPage);
    let others: Vec<_> = scope
        .me
        .projects
        .iter()
        .filter(|p| p.key != scope.project.key)
        .map(|p| (p.name.clone(), format!("/projects/{}/customers", p.key)))
        .collect();
    let switcher = (!others.is_empty()).then(|| {
        let links = others
            .into_iter()
            .map(|(name, href)| view! { <li><A href=href>{name}</A></li> })
            .collect_view();
        view! {
            <details class="project-switcher">
                <summary>"Switch project"</summary>
                <ul aria-label="Your service projects">{links}</ul>
            </details>
        }
    });
    // Requests: the queue for those who work on requests, and the request types for everyone
    // here (read only, with the reason, for those who may not change them).
    let queue = scope
        .can(Action::WorkOnRequests)
        .then(|| view! { <li><A href=scope.path("queue")>"Queue"</A></li> });
    let why_no_queue = scope.why_not(Action::WorkOnRequests);
    let requests = view! {
        <nav aria-label="Requests">
            <p class="side-heading">"Requests"</p>
            <ul class="side-links">
                {queue}
                <li><A href=scope.path("settings/request-types")>"Request types"</A></li>
            </ul>
        </nav>
    };
    // Project settings only for those who may change them; nobody else sees the entry.
    let project_settings = scope.can(Action::ManageProjectAccess).then(|| {
        view! {
            <nav aria-label="Project settings">
                <p class="side-heading">"Project settings"</p>
                <ul class="side-links">
                    <li><A href=scope.path("settings/access")>"Access"</A></li>
                </ul>
            </nav>
        }
    });
    view! {
        <aside class="project-sidebar">
            <p class="project-kind muted">
                {format!("{} · {}", scope.project.key, project_type_label(&scope.project.project_type))}
            </p>
            {switcher}
            <nav aria-label="Service project">
                <ul class="side-links">
                    <li><A href=scope.path("customers")>"Customers"</A></li>
                    {organizations}
                </ul>
            </nav>
            {requests}
            {project_settings}
            <MaybeWhyNot question="Why is there no Organizations page?" denial=why_no_organizations/>
            <MaybeWhyNot question="Why is there no Queue?" denial=why_no_queue/>
        </aside>
    }
}
