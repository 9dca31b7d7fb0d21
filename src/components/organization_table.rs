//! A page of organizations (attached to a service project, or all of the site's): name (to its
//! page), members, optionally the service projects each is attached to, and a detach button
//! for those allowed.

use clientele_domain::wire::Organization;
use leptos::prelude::*;
use leptos_router::components::A;

use super::email_entries::{group, plural};
use super::paged_list::{PagedList, PagedListFrame};

/// The table of one page of organizations, with its pager.
#[component]
pub fn OrganizationTable(
    list: PagedList<Organization>,
    /// The table's caption.
    #[prop(into)]
    caption: String,
    /// Organization pages live at `{base}/{id}`.
    #[prop(into)]
    base: String,
    /// The project's name, for the detach button's accessible name.
    #[prop(into)]
    project_name: String,
    /// Called with the organization whose Detach button was pressed; no button when `None`.
    #[prop(optional_no_strip)]
    on_detach: Option<Callback<Organization>>,
    /// What to say when none is attached.
    #[prop(into)]
    nobody: String,
    /// Adds a "Service projects" column naming the projects each organization is attached to:
    /// (key, name) of the projects known; unknown keys show as they are.
    #[prop(optional)]
    project_names: Option<Vec<(String, String)>>,
) -> impl IntoView {
    let show_projects = project_names.is_some();
    let project_names = project_names.unwrap_or_default();
    let name_of = move |key: &str| {
        project_names
            .iter()
            .find(|(k, _)| k == key)
            .map_or_else(|| key.to_string(), |(_, name)| name.clone())
    };
    let rows = move || {
        list.items()
            .into_iter()
            .map(|org| {
                let members = org
                    .member_count
                    .map(|n| {
                        format!(
                            "{} {}",
                            group(n as usize),
                            plural(n as usize, "member", "members")
                        )
                    })
                    .unwrap_or_default();
                let detach = on_detach.map(|on_detach| {
                    let name = format!("Detach {} from {}", org.name, project_name);
                    let which = org.clone();
                    view! {
                        <td class="row-actions">
                            <button type="button" class="button-small" aria-label=name
                                on:click=move |_| on_detach.run(which.clone())>"Detach"</button>
                        </td>
                    }
                });
                let projects = show_projects.then(|| {
                    let names = org
                        .project_keys
                        .clone()
                        .unwrap_or_default()
                        .iter()
                        .map(|key| name_of(key))
                        .collect::<Vec<_>>();
                    if names.is_empty() {
                        view! { <td class="muted">"None"</td> }.into_any()
                    } else {
                        let items = names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view();
                        view! { <td><ul class="inline-list">{items}</ul></td> }.into_any()
                    }
                });
                view! {
                    <tr>
                        <td><A href=format!("{base}/{}", org.id)>{org.name.clone()}</A></td>
                        <td class="muted">{members}</td>
                        {projects}
                        {detach}
                    </tr>
                }
            })
            .collect_view()
    };
    let has_actions = on_detach.is_some();
    let empty = move |search: String| {
        if search.is_empty() {
            nobody.clone()
        } else {
            format!("No organizations match “{search}”.")
        }
    };
    let table = move || {
        view! {
            <table class="data-table">
                <caption class="visually-hidden">{caption.clone()}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Organization"</th>
                        <th scope="col">"Members"</th>
                        {show_projects.then(|| view! { <th scope="col">"Service projects"</th> })}
                        {has_actions.then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
                    </tr>
                </thead>
                <tbody>{rows.clone()}</tbody>
            </table>
        }
    };
    view! {
        <PagedListFrame controls=list.controls() what="the organizations" noun="organizations" empty=empty table=table/>
    }
}
