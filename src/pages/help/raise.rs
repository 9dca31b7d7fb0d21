//! `/help/{hc}/raise?project=KEY&type=ID`: **Raise a request**: the request type (from the
//! project's types shown in this help center), a summary, a description, and optionally an
//! organization of the customer's to share it with. Then the request's page.

use clientele_domain::policy::{decide_raise, Role};
use clientele_domain::wire::request::{CreateRequest, CustomerRequest, PortalProject};
use clientele_domain::wire::HelpCenter;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::signed_in::{signed_in_page, CustomerWhyNot};
use super::{help_path, use_help_center};
use crate::api::requests::flexible_id as flexible;
use crate::api::{self, ApiError};
use crate::components::dialog_state::write_action;
use crate::components::feedback::{failed, Feedback};
use crate::components::request_view::{request_text, RequestTextFields, RequestTypeSelect};

/// The page.
#[component]
pub fn RaiseRequestPage() -> impl IntoView {
    signed_in_page(|help_center, _| view! { <RaiseLoader help_center=help_center/> })
}

#[component]
fn RaiseLoader(help_center: HelpCenter) -> impl IntoView {
    let query = use_query_map();
    let slug = help_center.slug.clone();
    let portal = {
        let slug = slug.clone();
        LocalResource::new(move || {
            let slug = slug.clone();
            async move { api::requests::portal(&slug).await }
        })
    };
    move || match portal.get() {
        None => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
        Some(Err(e)) => view! {
            <p class="error" role="alert">{failed("Couldn't load what you can ask for", &e)}</p>
            <button type="button" on:click=move |_| portal.refetch()>"Try again"</button>
        }
        .into_any(),
        Some(Ok(projects)) => {
            let (project, type_id) = query.with_untracked(|q| (q.get("project"), q.get("type")));
            view! { <RaiseForm slug=slug.clone() projects=projects project=project type_id=type_id/> }
                .into_any()
        }
    }
}

/// The form, for the projects the customer may raise requests in.
#[component]
pub fn RaiseForm(
    #[prop(into)] slug: String,
    projects: Vec<PortalProject>,
    /// The project to start with (its key), if the link named one.
    project: Option<String>,
    /// The request type to start with, if the link named one.
    type_id: Option<String>,
) -> impl IntoView {
    let notice = use_help_center().notice;
    let navigate = use_navigate();
    if projects.is_empty() {
        // The policy's own words for raising where one is not a customer.
        let denial = decide_raise(Role::Customer, false).denial().cloned();
        return view! {
            <h1>"Raise a request"</h1>
            <p class="empty-state">"You can't raise requests in any service project yet."</p>
            {denial.map(|d| view! { <CustomerWhyNot question="Why can't I raise a request?" denial=d/> })}
        }
        .into_any();
    }
    let projects = StoredValue::new(projects);
    let first = projects.with_value(|ps| {
        project
            .as_deref()
            .and_then(|k| ps.iter().find(|p| p.project_key.eq_ignore_ascii_case(k)))
            .unwrap_or(&ps[0])
            .project_key
            .clone()
    });
    let chosen_project = RwSignal::new(first);
    let current =
        move || projects.with_value(|ps| ps.iter().find(|p| p.project_key == chosen_project.get()).cloned());
    let chosen_type = RwSignal::new(type_id.unwrap_or_default());
    // A type that is not the project's (another project chosen) falls back to its first.
    Effect::new(move |_| {
        if let Some(p) = current() {
            if !p
                .request_types
                .iter()
                .any(|t| t.id == chosen_type.get_untracked())
            {
                chosen_type.set(p.request_types.first().map(|t| t.id.clone()).unwrap_or_default());
            }
        }
    });
    let summary = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let share_with = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let raise = write_action(
        |request: &CreateRequest| {
            let request = request.clone();
            async move { api::requests::create_request(&request).await }
        },
        {
            let slug = slug.clone();
            move |_, answer: Result<CustomerRequest, ApiError>| match answer {
                Ok(request) => {
                    notice.set(Some(format!(
                        "Your request {} was raised. The service desk will answer here, and by email.",
                        request.issue_key
                    )));
                    navigate(
                        &help_path(&slug, &format!("requests/{}", request.issue_key)),
                        Default::default(),
                    );
                }
                Err(e) => error.set(Some(failed("Couldn't raise your request", &e))),
            }
        },
    );
    let pending = raise.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        error.set(None);
        let Some(project) = current() else { return };
        let type_id = chosen_type.get_untracked();
        if type_id.is_empty() {
            return problem.set(Some("Choose what you need help with.".into()));
        }
        let fields = match request_text(&summary.get_untracked(), &description.get_untracked()) {
            Ok(fields) => fields,
            Err(message) => return problem.set(Some(message)),
        };
        problem.set(None);
        let organization = share_with.get_untracked();
        raise.dispatch_local(CreateRequest {
            service_desk_id: flexible(&project.service_desk_id),
            request_type_id: flexible(&type_id),
            request_field_values: fields,
            raise_on_behalf_of: None,
            request_participants: None,
            organization_id: (!organization.is_empty()).then(|| flexible(&organization)),
        });
    };

    let project_field = (projects.with_value(Vec::len) > 1).then(|| {
        let options = projects.with_value(|ps| {
            ps.iter()
                .map(|p| {
                    let key = p.project_key.clone();
                    view! { <option value=p.project_key.clone() selected=move || chosen_project.get() == key>{p.project_name.clone()}</option> }
                })
                .collect_view()
        });
        view! {
            <div class="field">
                <label for="raise-project">"Service project"</label>
                <select id="raise-project" on:change=move |ev| { chosen_project.set(event_target_value(&ev)); share_with.set(String::new()); }>
                    {options}
                </select>
            </div>
        }
    });
    let type_field = move || {
        let p = current()?;
        if p.request_types.is_empty() {
            return Some(view! {
                <p class="error" role="alert">{format!("{} has nothing you can raise through this help center yet.", p.project_name)}</p>
            }.into_any());
        }
        let types = p.request_types.into_iter().map(|t| (t.id, t.name)).collect();
        Some(
            view! { <RequestTypeSelect label="What do you need?" types=types chosen=chosen_type/> }
                .into_any(),
        )
    };
    let type_help = move || {
        let p = current()?;
        let t = p.request_types.into_iter().find(|t| t.id == chosen_type.get())?;
        (!t.description.is_empty()).then(|| view! { <p class="muted field-hint">{t.description}</p> })
    };
    let share_field = move || {
        let p = current()?;
        if p.organizations.is_empty() {
            return None;
        }
        let options = p
            .organizations
            .into_iter()
            .map(|o| {
                let id = o.id.clone();
                view! { <option value=o.id selected=move || share_with.get() == id>{o.name}</option> }
            })
            .collect_view();
        Some(view! {
            <div class="field">
                <label for="raise-share">"Share with"</label>
                <select id="raise-share" on:change=move |ev| share_with.set(event_target_value(&ev))>
                    <option value="" selected=move || share_with.get().is_empty()>"Nobody else (only me)"</option>
                    {options}
                </select>
                <p class="muted field-hint">"Everyone in the organization you choose can see this request and follow it."</p>
            </div>
        })
    };
    view! {
        <p class="back-link"><A href=help_path(&slug, "")>"← Help center"</A></p>
        <form class="card raise-form" on:submit=submit novalidate>
            <h1>"Raise a request"</h1>
            {project_field}
            {type_field}
            {type_help}
            <RequestTextFields summary=summary description=description rows=6/>
            {share_field}
            <Feedback error=Signal::derive(move || problem.get().or_else(|| error.get()))/>
            <div class="dialog-buttons">
                <button type="submit" class="button-primary" disabled=move || pending.get()>
                    {move || if pending.get() { "Sending…" } else { "Send" }}
                </button>
            </div>
        </form>
    }
    .into_any()
}
