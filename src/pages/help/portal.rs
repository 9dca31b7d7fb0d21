//! On the help center's home: the service projects the customer can raise requests in, each
//! with its request types (links to **Raise a request**), and the way to **My requests**.

use clientele_domain::wire::request::PortalProject;
use leptos::prelude::*;
use leptos_router::components::A;

use super::help_path;
use crate::api;
use crate::components::feedback::failed;

/// Where raising a request of `type_id` in `project` starts.
pub fn raise_path(slug: &str, project: &str, type_id: &str) -> String {
    help_path(
        slug,
        &format!(
            "raise?project={}&type={}",
            clientele_domain::url::encode_component(project),
            clientele_domain::url::encode_component(type_id)
        ),
    )
}

/// The section of the home, loading what the customer may raise.
#[component]
pub fn PortalSection(#[prop(into)] slug: String) -> impl IntoView {
    let portal = {
        let slug = slug.clone();
        LocalResource::new(move || {
            let slug = slug.clone();
            async move { api::requests::portal(&slug).await }
        })
    };
    let body = {
        let slug = slug.clone();
        move || match portal.get() {
            None => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
            Some(Err(e)) => view! {
                <p class="error" role="alert">{failed("Couldn't load what you can ask for", &e)}</p>
                <button type="button" on:click=move |_| portal.refetch()>"Try again"</button>
            }
            .into_any(),
            Some(Ok(projects)) => view! { <PortalProjects slug=slug.clone() projects=projects/> }.into_any(),
        }
    };
    view! {
        <section class="section" aria-labelledby="help-raise-title">
            <div class="page-header">
                <h2 id="help-raise-title">"Raise a request"</h2>
                <A href=help_path(&slug, "requests") attr:class="my-requests-link">"My requests"</A>
            </div>
            {body}
        </section>
    }
}

/// Each project with its request types.
#[component]
pub fn PortalProjects(#[prop(into)] slug: String, projects: Vec<PortalProject>) -> impl IntoView {
    if projects.is_empty() {
        return view! {
            <p class="empty-state">
                "Nothing to raise yet: once you're a customer of a service project, its request types show here."
            </p>
        }
        .into_any();
    }
    projects
        .into_iter()
        .map(|p| {
            let name = p.project_name.clone();
            let types = if p.request_types.is_empty() {
                view! { <p class="muted">"Nothing can be raised here through this help center yet."</p> }
                    .into_any()
            } else {
                let items = p
                    .request_types
                    .into_iter()
                    .map(|t| {
                        view! {
                            <li class="request-type">
                                <A href=raise_path(&slug, &p.project_key, &t.id)>{t.name}</A>
                                <span class="muted">{t.description}</span>
                            </li>
                        }
                    })
                    .collect_view();
                view! { <ul class="request-types-list">{items}</ul> }.into_any()
            };
            view! {
                <div class="portal-project">
                    <h3>{name}</h3>
                    {types}
                </div>
            }
        })
        .collect_view()
        .into_any()
}
