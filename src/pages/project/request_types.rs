//! `/projects/{KEY}/settings/request-types`: what customers can ask this project for. Project
//! admins and site admins add, edit (name, description, help center) and remove request types;
//! everyone else who works on the project sees the list, and why they can't change it.

use clientele_domain::names::RequestTypeName;
use clientele_domain::policy::Action;
use clientele_domain::request::parse_text;
use clientele_domain::wire::request::{RequestType, RequestTypeInput};
use clientele_domain::wire::HelpCenter;
use leptos::prelude::*;

use crate::api;
use crate::api::requests::flexible_id;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::dialog_state::DialogState;
use crate::components::feedback::{failed, Feedback};
use crate::components::modal::Modal;
use crate::components::why_not::MaybeWhyNot;
use crate::project_scope::{use_project, ProjectScope};

/// The page, for the project in context.
#[component]
pub fn RequestTypesPage() -> impl IntoView {
    super::reread_myself_on_navigation();
    let scope = use_project();
    move || scope.get().map(|scope| view! { <RequestTypes scope=scope/> })
}

/// The dialog open on the page.
#[derive(Debug, Clone, PartialEq)]
enum Open {
    Add,
    Edit(RequestType),
    Remove(RequestType),
}

/// The write a dialog sends.
#[derive(Debug, Clone, PartialEq)]
enum Write {
    Add(RequestTypeInput),
    Edit(String, RequestTypeInput),
    Remove(RequestType),
}

/// The name of the help center a request type shows in.
pub fn help_center_name(help_centers: &[HelpCenter], id: Option<&str>) -> String {
    let found = match id {
        Some(id) => help_centers.iter().find(|h| h.id == id),
        None => help_centers.iter().find(|h| h.is_default),
    };
    found.map_or_else(|| "The default help center".into(), |h| h.name.clone())
}

#[component]
fn RequestTypes(scope: ProjectScope) -> impl IntoView {
    let key = scope.project.key.clone();
    let can = scope.can(Action::ManageRequestTypes);
    let reloads = RwSignal::new(0u32);
    let types = {
        let key = key.clone();
        LocalResource::new(move || {
            reloads.track();
            let key = key.clone();
            async move { api::requests::list_request_types(&key).await }
        })
    };
    let dialogs = DialogState::<Open, Write, String>::new(
        RwSignal::new(None),
        {
            let key = key.clone();
            move |write: &Write| {
                let (key, write) = (key.clone(), write.clone());
                async move {
                    match write {
                        Write::Add(input) => api::requests::create_request_type(&key, &input)
                            .await
                            .map(|t| format!("Added {}.", t.name)),
                        Write::Edit(id, input) => api::requests::update_request_type(&key, &id, &input)
                            .await
                            .map(|t| format!("Saved {}.", t.name)),
                        Write::Remove(t) => api::requests::delete_request_type(&key, &t.id)
                            .await
                            .map(|()| format!("Removed {}. Requests raised with it keep it.", t.name)),
                    }
                }
            }
        },
        move |dialogs, _, answer| match answer {
            Ok(done) => {
                dialogs.done(done);
                reloads.update(|n| *n += 1);
            }
            Err(e) => dialogs.failed.set(Some(failed("That didn't work", &e))),
        },
    );
    let help_centers = scope.help_centers().to_vec();
    let rows = {
        let help_centers = help_centers.clone();
        move |list: Vec<RequestType>| {
            list.into_iter()
                .map(|t| {
                    let where_shown = help_center_name(&help_centers, t.help_center_id.as_deref());
                    let actions = can.then(|| {
                        let (edit, remove) = (t.clone(), t.clone());
                        view! {
                            <td class="row-actions">
                                <button type="button" class="button-small" aria-label=format!("Edit {}", t.name)
                                    on:click=move |_| dialogs.show(Open::Edit(edit.clone()))>"Edit"</button>
                                <button type="button" class="button-small" aria-label=format!("Remove {}", t.name)
                                    on:click=move |_| dialogs.show(Open::Remove(remove.clone()))>"Remove"</button>
                            </td>
                        }
                    });
                    view! {
                        <tr>
                            <td>{t.name.clone()}</td>
                            <td class="muted">{t.description.clone()}</td>
                            <td>{where_shown}</td>
                            {actions}
                        </tr>
                    }
                })
                .collect_view()
        }
    };
    let list = move || {
        match types.get() {
        None => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
        Some(Err(e)) => view! {
            <p class="error" role="alert">{failed("Couldn't load the request types", &e)}</p>
            <button type="button" on:click=move |_| reloads.update(|n| *n += 1)>"Try again"</button>
        }
        .into_any(),
        Some(Ok(page)) if page.values.is_empty() => view! {
            <p class="empty-state">"No request types yet: customers can't raise requests here until there is one."</p>
        }
        .into_any(),
        Some(Ok(page)) => view! {
            <table class="data-table request-types">
                <caption class="visually-hidden">"Request types"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Description"</th>
                        <th scope="col">"Shown in"</th>
                        {can.then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
                    </tr>
                </thead>
                <tbody>{rows.clone()(page.values)}</tbody>
            </table>
        }
        .into_any(),
    }
    };
    let close = dialogs.on_close();
    let open_dialog = move || {
        let help_centers = help_centers.clone();
        Some(match dialogs.open.get()? {
            Open::Add => view! {
                <RequestTypeForm title="Add a request type".to_string() existing=None help_centers=help_centers
                    pending=dialogs.pending() error=dialogs.failed on_close=close
                    on_save=move |input| dialogs.send(Write::Add(input))/>
            }
            .into_any(),
            Open::Edit(t) => {
                let id = t.id.clone();
                view! {
                    <RequestTypeForm title=format!("Edit {}", t.name) existing=Some(t) help_centers=help_centers
                        pending=dialogs.pending() error=dialogs.failed on_close=close
                        on_save=move |input| dialogs.send(Write::Edit(id.clone(), input))/>
                }
                .into_any()
            }
            Open::Remove(t) => {
                let confirm = {
                    let t = t.clone();
                    move |_| dialogs.send(Write::Remove(t.clone()))
                };
                view! {
                    <ConfirmDialog title=format!("Remove {}?", t.name)
                        message="Customers can no longer raise requests of this type. Requests already raised with it keep it."
                        confirm_label="Remove" pending=dialogs.pending() error=dialogs.failed on_confirm=confirm on_cancel=close/>
                }
                .into_any()
            }
        })
    };
    view! {
        <div class="page-header">
            <h2>"Request types"</h2>
            <div class="page-actions">
                {can.then(|| view! {
                    <button type="button" class="button-primary" on:click=move |_| dialogs.show(Open::Add)>"Add request type"</button>
                })}
            </div>
        </div>
        <p class="muted">{format!("What customers can ask {} for in the help center.", scope.project.name)}</p>
        <div class="why-nots">
            <MaybeWhyNot question="Why can't I change the request types?" denial=scope.why_not(Action::ManageRequestTypes)/>
        </div>
        <Feedback notice=dialogs.notice/>
        {list}
        {open_dialog}
    }
}

/// Name, description and help center of a new or existing request type.
#[component]
fn RequestTypeForm(
    title: String,
    existing: Option<RequestType>,
    help_centers: Vec<HelpCenter>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_save: Callback<RequestTypeInput>,
) -> impl IntoView {
    let default_id = help_centers
        .iter()
        .find(|h| h.is_default)
        .map(|h| h.id.clone())
        .unwrap_or_default();
    let name = RwSignal::new(existing.as_ref().map(|t| t.name.clone()).unwrap_or_default());
    let description = RwSignal::new(
        existing
            .as_ref()
            .map(|t| t.description.clone())
            .unwrap_or_default(),
    );
    let was_in = existing.as_ref().and_then(|t| t.help_center_id.clone());
    let help_center = RwSignal::new(was_in.clone().unwrap_or_else(|| default_id.clone()));
    let problem = RwSignal::new(None::<String>);
    let choose_help_center = (help_centers.len() > 1).then(|| {
        let options = help_centers
            .into_iter()
            .map(|h| {
                let id = h.id.clone();
                view! { <option value=h.id selected=move || help_center.get() == id>{h.name}</option> }
            })
            .collect_view();
        view! {
            <div class="field">
                <label for="request-type-help-center">"Shown in"</label>
                <select id="request-type-help-center" on:change=move |ev| help_center.set(event_target_value(&ev))>{options}</select>
            </div>
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = match RequestTypeName::parse(&name.get_untracked()) {
            Ok(n) => n,
            Err(e) => return problem.set(Some(e.message())),
        };
        let description = match parse_text(&description.get_untracked(), false) {
            Ok(d) => d,
            Err(p) => return problem.set(Some(p.message("A description"))),
        };
        problem.set(None);
        let chosen = help_center.get_untracked();
        // The default help center is sent as no help center, except to move a type back to it.
        let help_center_id = if chosen == default_id && was_in.is_none() || chosen.is_empty() {
            None
        } else {
            Some(flexible_id(&chosen))
        };
        on_save.run(RequestTypeInput {
            name: Some(name.into_string()),
            description: Some(description),
            help_center_id,
        });
    };
    view! {
        <Modal labelled_by="request-type-title" on_close=on_close>
            <h2 id="request-type-title">{title}</h2>
            <form on:submit=submit novalidate>
                <div class="field">
                    <label for="request-type-name">"Name"</label>
                    <input id="request-type-name" type="text" data-autofocus maxlength=RequestTypeName::MAX.to_string()
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="request-type-description">"Description"</label>
                    <textarea id="request-type-description" rows="3" prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                </div>
                {choose_help_center}
                <Feedback error=Signal::derive(move || problem.get().or_else(|| error.get()))/>
                <div class="dialog-buttons">
                    <button type="submit" class="button-primary" disabled=move || pending.get()>
                        {move || if pending.get() { "Saving…" } else { "Save" }}
                    </button>
                    <button type="button" on:click=move |_| on_close.run(())>"Cancel"</button>
                </div>
            </form>
        </Modal>
    }
}
