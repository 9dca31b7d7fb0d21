//! Settings → Organizations → one organization (flow 3): rename it; its members, searchable and
//! paged; Add customers (the same dialog as the agent pages); remove a member; attach it to a
//! service project or detach it; delete it, after a confirmation that says what that means.

use clientele_domain::policy::Action;
use clientele_domain::wire::{Customer, MyProject, Myself, Organization};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::organizations::{NameFor, OrganizationNameDialog};
use super::SettingsFlash;
use crate::api::{self, ApiError};
use crate::components::add_customers_dialog::{AddCustomersDialog, AddCustomersOptions};
use crate::components::audit_log::AuditHistory;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::customer_table::{CustomerTable, EmptyText};
use crate::components::dialog_state::{write_action, DialogState};
use crate::components::email_entries::{group, plural};
use crate::components::feedback::{failed, Feedback};
use crate::components::modal::return_focus_to;
use crate::components::paged_list::{PagedList, SearchField};
use crate::components::why_not::MaybeWhyNot;
use crate::pages::project::detach_warning;
use crate::session::Session;

const PER_PAGE: usize = 50;

#[derive(Debug, Clone, PartialEq)]
enum Open {
    AddCustomers,
    Rename,
    Delete,
    Remove(Box<Customer>),
    Detach { key: String, name: String },
}

/// The page, for the organization in the address.
#[component]
pub fn SettingsOrganizationPage() -> impl IntoView {
    crate::pages::project::reread_myself_on_navigation();
    let session = Session::use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    move || {
        let id = id.get();
        session.me().map(|me| view! { <SiteOrganization me=me id=id/> })
    }
}

/// The names of the projects an organization is attached to, as "IT Help and Facilities".
fn project_list(me: &Myself, keys: &[String]) -> String {
    let names: Vec<String> = keys
        .iter()
        .map(|key| {
            me.projects
                .iter()
                .find(|p| p.key.eq_ignore_ascii_case(key))
                .map_or_else(|| key.clone(), |p| p.name.clone())
        })
        .collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// What deleting the organization means, for the confirmation.
pub(crate) fn delete_warning(me: &Myself, org: &Organization) -> String {
    let members = org.member_count.unwrap_or(0) as usize;
    let keep = match members {
        0 => "It has no members.".to_string(),
        n => format!(
            "Its {} {} keep their accounts.",
            group(n),
            plural(n, "member", "members")
        ),
    };
    let keys = org.project_keys.clone().unwrap_or_default();
    let lose = if keys.is_empty() {
        "It isn't attached to any service project, so no project loses access through it.".to_string()
    } else {
        format!(
            "{} {} access through it: its members can no longer raise requests there, unless they \
             are customers there directly or through another organization.",
            project_list(me, &keys),
            plural(keys.len(), "loses", "lose")
        )
    };
    format!("{keep} {lose} This can't be undone.")
}

fn members_line(org: &Organization, me: &Myself) -> String {
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
    let keys = org.project_keys.clone().unwrap_or_default();
    let projects = if keys.is_empty() {
        "not attached to any service project".to_string()
    } else {
        format!("attached to {}", project_list(me, &keys))
    };
    format!("{members} · {projects}")
}

#[component]
fn SiteOrganization(me: Myself, id: String) -> impl IntoView {
    let history_target = format!("organization:{id}");
    let organization = RwSignal::new(None::<Result<Organization, ApiError>>);
    let reloads = RwSignal::new(0u32);
    {
        let id = id.clone();
        Effect::new(move |_| {
            reloads.track();
            let id = id.clone();
            leptos::task::spawn_local(async move {
                organization.try_set(Some(api::organizations::one(&id).await));
            });
        });
    }
    let members = {
        let id = id.clone();
        PagedList::new(PER_PAGE, move |params, abort| {
            let id = id.clone();
            async move { api::organizations::users(&id, &params, Some(&abort)).await }
        })
    };
    let loaded = move || organization.with(|o| o.as_ref().and_then(|o| o.as_ref().ok()).cloned());
    // For dialogs: an open dialog must not re-open (and lose its result) when the organization
    // reloads behind it.
    let loaded_untracked =
        move || organization.with_untracked(|o| o.as_ref().and_then(|o| o.as_ref().ok()).cloned());
    // Untracked: a dialog that shows the name must not re-open when the organization reloads.
    let org_name = move || {
        organization.with_untracked(|o| match o {
            Some(Ok(org)) => org.name.clone(),
            _ => "this organization".into(),
        })
    };
    let flash = SettingsFlash::use_flash();
    let error = RwSignal::new(None::<String>);
    let refresh = move || {
        reloads.update(|n| *n += 1);
        members.reload();
    };
    // The write of the confirmation dialogs: removing a member, detaching the organization from
    // a project, or deleting it (then the list of organizations says so).
    let navigate = use_navigate();
    let dialogs = DialogState::<Open, Open, ()>::new(
        RwSignal::new(flash.take()),
        {
            let id = id.clone();
            move |what: &Open| {
                let (id, what) = (id.clone(), what.clone());
                async move {
                    match &what {
                        Open::Remove(c) => {
                            api::organizations::remove_users(&id, std::slice::from_ref(&c.account_id)).await
                        }
                        Open::Detach { key, .. } => api::organizations::detach_organization(key, &id).await,
                        Open::Delete => api::organizations::delete(&id).await,
                        Open::AddCustomers | Open::Rename => Ok(()),
                    }
                }
            }
        },
        move |dialogs, what, outcome| {
            let name = org_name();
            let done = match &what {
                Open::Remove(c) => format!("Removed {} from {name}. Their account stays.", c.display_name),
                Open::Detach { name: project, .. } => format!("Detached {name} from {project}."),
                Open::Delete => format!("Deleted {name}. Its members keep their accounts."),
                Open::AddCustomers | Open::Rename => return,
            };
            match outcome {
                Ok(()) if what == Open::Delete => {
                    flash.set(done);
                    navigate("/settings/organizations", Default::default());
                }
                Ok(()) => {
                    return_focus_to(&["#search-members", ".page-actions button"]);
                    dialogs.done(done);
                    error.set(None);
                    refresh();
                }
                Err(e) => dialogs.failed.set(Some(failed("That didn't work", &e))),
            }
        },
    );
    let notice = dialogs.notice;
    let show = move |what: Open| dialogs.show(what);
    let close = dialogs.on_close();
    let (pending, dialog_error) = (dialogs.pending(), dialogs.failed);

    let can_manage_members = me.permissions.can(Action::ManageOrganizationMembers);
    let can_delete = me.permissions.can(Action::DeleteOrganization);
    let can_rename = me.permissions.can(Action::ViewAllOrganizations);
    // Attaching is decided per project.
    let attachable: Vec<MyProject> = me
        .projects
        .iter()
        .filter(|p| p.permissions.can(Action::AttachOrganization))
        .cloned()
        .collect();

    let confirm = move |_| {
        if let Some(what @ (Open::Remove(_) | Open::Detach { .. } | Open::Delete)) = dialogs.opened() {
            dialogs.failed.set(None);
            dialogs.send(what);
        }
    };

    let chosen_project = RwSignal::new(String::new());
    let send_attach = write_action(
        {
            let id = id.clone();
            move |project: &MyProject| {
                let (key, id) = (project.key.clone(), id.clone());
                async move { api::organizations::attach_organization(&key, &id).await }
            }
        },
        move |project: MyProject, outcome| {
            let name = org_name();
            match outcome {
                Ok(()) => {
                    chosen_project.set(String::new());
                    error.set(None);
                    notice.set(Some(format!(
                        "Attached {name} to {}: its members can raise requests there.",
                        project.name
                    )));
                    refresh();
                }
                Err(e) => error.set(Some(failed(
                    &format!("Couldn't attach {name} to {}", project.name),
                    &e,
                ))),
            }
        },
    );
    let attaching = send_attach.pending();
    let attach = {
        let projects = attachable.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let key = chosen_project.get_untracked();
            let Some(project) = projects.iter().find(|p| p.key == key).cloned() else {
                error.set(Some("Choose a service project to attach it to first.".into()));
                return;
            };
            send_attach.dispatch_local(project);
        }
    };

    let header = {
        let me = me.clone();
        move || match organization.get() {
            None => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
            Some(Err(e)) => view! {
                <h1>"Organization not found"</h1>
                <p class="error" role="alert">{failed("Couldn't open this organization", &e)}</p>
            }
            .into_any(),
            Some(Ok(org)) => view! {
                <h1 class="settings-title">{org.name.clone()}</h1>
                <p class="muted">{members_line(&org, &me)}</p>
            }
            .into_any(),
        }
    };
    let why_not_members = me
        .permissions
        .decision(Action::ManageOrganizationMembers)
        .and_then(|d| d.denial())
        .cloned();
    let why_not_delete = me
        .permissions
        .decision(Action::DeleteOrganization)
        .and_then(|d| d.denial())
        .cloned();
    let actions = move || {
        view! {
            <div class="page-actions">
                {can_manage_members.then(|| view! {
                    <button type="button" class="button-primary" on:click=move |_| show(Open::AddCustomers)>"Add customers"</button>
                })}
                {can_rename.then(|| view! { <button type="button" on:click=move |_| show(Open::Rename)>"Rename"</button> })}
                {can_delete.then(|| view! {
                    <button type="button" on:click=move |_| show(Open::Delete)>"Delete organization"</button>
                })}
            </div>
            <div class="why-nots">
                <MaybeWhyNot question="Why can't I add or remove this organization's customers?"
                    denial=why_not_members.clone()/>
                <MaybeWhyNot question="Why can't I delete this organization?" denial=why_not_delete.clone()/>
            </div>
        }
    };

    let projects_section = {
        let me = me.clone();
        let attachable = attachable.clone();
        move || {
            let org = loaded()?;
            let keys = org.project_keys.clone().unwrap_or_default();
            let attached_rows = keys
                .iter()
                .map(|key| {
                    let project = me.projects.iter().find(|p| p.key.eq_ignore_ascii_case(key));
                    let name = project.map_or_else(|| key.clone(), |p| p.name.clone());
                    let may_detach = project.is_some_and(|p| p.permissions.can(Action::AttachOrganization));
                    let (key, label) = (key.clone(), format!("Detach {} from {name}", org.name));
                    let detach = may_detach.then(|| {
                        let name = name.clone();
                        view! {
                            <button type="button" class="button-small" aria-label=label
                                on:click=move |_| show(Open::Detach { key: key.clone(), name: name.clone() })>"Detach"</button>
                        }
                    });
                    view! { <li><span>{name}</span>{detach}</li> }
                })
                .collect_view();
            let options = attachable
                .iter()
                .filter(|p| !keys.iter().any(|k| k.eq_ignore_ascii_case(&p.key)))
                .map(|p| view! { <option value=p.key.clone()>{p.name.clone()}</option> })
                .collect::<Vec<_>>();
            let attach_form = (!options.is_empty()).then(|| {
                let attach = attach.clone();
                view! {
                    <form class="attach-form" on:submit=attach>
                        <label for="attach-project">"Attach to a service project"</label>
                        <div class="inline-form">
                            <select id="attach-project" on:change=move |ev| chosen_project.set(event_target_value(&ev))
                                prop:value=move || chosen_project.get()>
                                <option value="">"Choose a service project"</option>
                                {options}
                            </select>
                            <button type="submit" disabled=move || attaching.get()>
                                {move || if attaching.get() { "Attaching…" } else { "Attach" }}
                            </button>
                        </div>
                    </form>
                }
            });
            let list = if keys.is_empty() {
                view! {
                    <p class="empty-state">
                        "Not attached to any service project: its members can't raise requests through it yet."
                    </p>
                }
                .into_any()
            } else {
                view! { <ul class="found-list" aria-label="Attached service projects">{attached_rows}</ul> }
                    .into_any()
            };
            Some(view! {
                <section class="section" aria-labelledby="organization-projects-title">
                    <h2 id="organization-projects-title">"Service projects"</h2>
                    <p class="muted">"Every member can raise requests in each service project it is attached to."</p>
                    {list}
                    {attach_form}
                </section>
            })
        }
    };

    let remove =
        can_manage_members.then(|| Callback::new(move |c: Customer| show(Open::Remove(Box::new(c)))));
    let open_dialog = {
        let me = me.clone();
        move || {
            Some(match dialogs.open.get()? {
                Open::AddCustomers => {
                    let org = loaded_untracked()?;
                    view! {
                        <AddCustomersDialog options=AddCustomersOptions::for_site_organization(&me, &org)
                            on_close=close on_added=move |_| refresh()/>
                    }
                    .into_any()
                }
                Open::Rename => view! {
                    <OrganizationNameDialog purpose=NameFor::Rename { id: id.clone(), current: org_name() }
                        on_close=close
                        on_saved=move |org: Organization| {
                            dialogs.done(format!("Renamed to {}.", org.name));
                            refresh();
                        }/>
                }
                .into_any(),
                Open::Delete => {
                    let org = loaded_untracked()?;
                    view! {
                        <ConfirmDialog title=format!("Delete {}?", org.name) message=delete_warning(&me, &org)
                            confirm_label="Delete organization" pending=pending error=dialog_error
                            on_confirm=confirm on_cancel=close/>
                    }
                    .into_any()
                }
                Open::Remove(c) => view! {
                    <ConfirmDialog title=format!("Remove {} from {}?", c.display_name, org_name())
                        message=format!("{} will no longer be a member of {}. Their account stays.", c.email_address, org_name())
                        confirm_label="Remove" pending=pending error=dialog_error on_confirm=confirm on_cancel=close/>
                }
                .into_any(),
                Open::Detach { name, .. } => view! {
                    <ConfirmDialog title=format!("Detach {} from {name}?", org_name())
                        message=detach_warning(&name)
                        confirm_label="Detach" pending=pending error=dialog_error on_confirm=confirm on_cancel=close/>
                }
                .into_any(),
            })
        }
    };

    let history = {
        let target = history_target;
        let can = me.permissions.can(Action::ViewAuditLog);
        move || can.then(|| view! { <AuditHistory target=target.clone()/> })
    };
    view! {
        <p class="back-link"><A href="/settings/organizations">"← Organizations"</A></p>
        {header}
        <Show when=move || matches!(organization.get(), Some(Ok(_)))>
            {actions.clone()}
            <Feedback notice=notice error=error/>
            {projects_section.clone()}
            <section class="section" aria-labelledby="members-title">
                <h2 id="members-title">"Members"</h2>
                <SearchField label="Search members" id="search-members" on_search=move |text| members.search_for(text)/>
                <CustomerTable list=members caption=format!("Members of {}", org_name()) remove_label="Remove"
                    on_remove=remove noun="members"
                    empty=EmptyText {
                        no_match: "No members match",
                        nobody: if can_manage_members {
                            "No members yet. Use Add customers to add people to this organization.".into()
                        } else {
                            "No members yet.".into()
                        },
                    }/>
            </section>
            {history.clone()}
        </Show>
        {open_dialog}
    }
}
