//! "Add organization" from a service project: attach an existing organization, or create a
//! new one (which is then attached), as far as this person may.

use clientele_domain::names::OrganizationName;
use clientele_domain::reason::Reason;
use clientele_domain::wire::Organization;
use leptos::prelude::*;

use super::dialog_state::write_action;
use super::feedback::Feedback;
use super::modal::Modal;
use super::paged_list::{PagedList, SearchField};
use crate::api::{self, ApiError};

/// What the dialog was asked to do.
#[derive(Debug, Clone)]
enum Asked {
    /// Attach this organization.
    Attach(Organization),
    /// Create an organization with this name.
    Create(String),
}

/// Organizations found per search.
const FOUND: usize = 8;

fn looking(found: PagedList<Organization>) -> &'static str {
    if found.first_load() {
        "Looking…"
    } else {
        "No organization has that name."
    }
}

/// The dialog. `on_added` gets a sentence saying what changed.
#[component]
pub fn AddOrganizationDialog(
    #[prop(into)] project_key: String,
    #[prop(into)] project_name: String,
    /// May attach existing organizations.
    can_attach: bool,
    /// May create organizations.
    can_create: bool,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_added: Callback<String>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());

    // Attaching an organization found, or creating one (and attaching it, when allowed). The
    // answer is what changed, for `on_added`.
    let write = write_action(
        {
            let (key, project) = (project_key.clone(), project_name.clone());
            move |asked: &Asked| {
                let (key, project, asked) = (key.clone(), project.clone(), asked.clone());
                async move {
                    match asked {
                        Asked::Attach(org) => api::organizations::attach_organization(&key, &org.id)
                            .await
                            .map(|()| format!("Attached {} to {project}.", org.name)),
                        Asked::Create(wanted) => {
                            let org = api::organizations::create(&wanted).await?;
                            if !can_attach {
                                return Ok(format!("Created {}.", org.name));
                            }
                            api::organizations::attach_organization(&key, &org.id)
                                .await
                                .map_err(|e| ApiError {
                                    message: format!(
                                        "{} was created, but not attached: {}",
                                        org.name, e.message
                                    ),
                                    ..e
                                })?;
                            Ok(format!("Created {} and attached it to {project}.", org.name))
                        }
                    }
                }
            }
        },
        move |asked, outcome| match (asked, outcome) {
            (_, Ok(done)) => on_added.run(done),
            (Asked::Attach(org), Err(e)) => {
                error.set(Some(format!("Couldn't attach {}: {}", org.name, e.message)))
            }
            (Asked::Create(_), Err(e)) if e.reason == Reason::OrganizationNameTaken && can_attach => error
                .set(Some(format!(
                    "{} Find it above and attach it instead.",
                    e.message
                ))),
            (Asked::Create(_), Err(e)) => {
                error.set(Some(format!("Couldn't create the organization: {}", e.message)))
            }
        },
    );
    let pending = write.pending();
    let attach = move |org: Organization| {
        error.set(None);
        write.dispatch_local(Asked::Attach(org));
    };
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let wanted = name.get_untracked().trim().to_string();
        if wanted.is_empty() {
            error.set(Some("Type a name for the new organization first.".into()));
            return;
        }
        if let Err(problem) = OrganizationName::parse(&wanted) {
            error.set(Some(problem.message()));
            return;
        }
        error.set(None);
        write.dispatch_local(Asked::Create(wanted));
    };

    let finder = can_attach.then(|| {
        let found = PagedList::new(FOUND, |params, abort| async move { api::organizations::list(&params, Some(&abort)).await });
        let key = project_key.clone();
        let project = project_name.clone();
        let results = move || {
            found
                .items()
                .into_iter()
                .map(|org| {
                    let attached = org.project_keys.as_ref().is_some_and(|keys| keys.iter().any(|k| k == &key));
                    let label = format!("Attach {} to {}", org.name, project);
                    let which = org.clone();
                    let action = if attached {
                        view! { <span class="muted">"Already attached"</span> }.into_any()
                    } else {
                        view! {
                            <button type="button" class="button-small" aria-label=label disabled=move || pending.get()
                                on:click=move |_| attach(which.clone())>"Attach"</button>
                        }
                        .into_any()
                    };
                    view! { <li><span>{org.name.clone()}</span>{action}</li> }
                })
                .collect_view()
        };
        view! {
            <section class="dialog-section" aria-labelledby="attach-title">
                <h3 id="attach-title">"Attach an existing organization"</h3>
                <SearchField label="Find an organization" id="find-organization" placeholder="Organization name"
                    on_search=move |text| found.search_for(text)/>
                <Feedback error=Signal::derive(move || found.error().map(|e| e.message))/>
                <Show when=move || !found.items().is_empty()
                    fallback=move || view! { <p class="muted">{move || looking(found)}</p> }>
                    <ul class="found-list" aria-label="Organizations found">{results.clone()}</ul>
                </Show>
            </section>
        }
    });
    let creator = can_create.then(|| {
        view! {
            <form class="dialog-section" aria-labelledby="create-title" on:submit=create>
                <h3 id="create-title">"Create a new organization"</h3>
                <label for="new-organization-name">"Name"</label>
                <div class="inline-form">
                    <input id="new-organization-name" type="text" autocomplete="off" maxlength=OrganizationName::MAX.to_string()
                        bind:value=name/>
                    <button type="submit" class="button-primary" disabled=move || pending.get()>"Create"</button>
                </div>
            </form>
        }
    });
    view! {
        <Modal labelled_by="add-organization-title" on_close=on_close>
            <h2 id="add-organization-title">{format!("Add organization to {project_name}")}</h2>
            <p class="muted">"Every member of an attached organization can raise requests in this service project."</p>
            {finder}
            {creator}
            <Feedback error=error/>
            <div class="dialog-buttons">
                <button type="button" on:click=move |_| on_close.run(())>"Cancel"</button>
            </div>
        </Modal>
    }
}
