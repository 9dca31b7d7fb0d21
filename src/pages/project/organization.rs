//! `/projects/{KEY}/organizations/{id}`: one organization seen from a service project: its
//! members, searchable and paged; Add customers, remove a member, attach or detach it, and
//! Add organization, each for those the policy allows.

use clientele_domain::policy::Action;
use clientele_domain::wire::{Customer, Organization};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::detach_warning;
use crate::api::{self, ApiError, ListParams};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::customer_table::{CustomerTable, EmptyText};
use crate::components::dialog_state::{write_action, DialogState};
use crate::components::email_entries::{group, plural};
use crate::components::feedback::Feedback;
use crate::components::modal::return_focus_to;
use crate::components::on_demand::{prefetch_dialogs, AddCustomersOnDemand, AddOrganizationOnDemand};
use crate::components::paged_list::{PagedList, SearchField};
use crate::components::why_not::MaybeWhyNot;
use crate::project_scope::{use_project, ProjectScope};

const PER_PAGE: usize = 50;

#[derive(Debug, Clone, PartialEq)]
enum Open {
    AddCustomers,
    AddOrganization,
    Remove(Box<Customer>),
    Detach,
}

/// The page, for the project in context and the organization in the address.
#[component]
pub fn OrganizationPage() -> impl IntoView {
    super::reread_myself_on_navigation();
    let scope = use_project();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    move || {
        let id = id.get();
        scope
            .get()
            .map(|scope| view! { <ProjectOrganization scope=scope id=id/> })
    }
}

/// The organization's buttons, and the "Why can't I …?" of those missing. `attached` is
/// `None` until known.
#[component]
pub fn OrganizationActions(
    scope: ProjectScope,
    #[prop(into)] attached: Signal<Option<bool>>,
    #[prop(into)] on_add_customers: Callback<()>,
    #[prop(into)] on_attach: Callback<()>,
    #[prop(into)] on_detach: Callback<()>,
    #[prop(into)] on_add_organization: Callback<()>,
) -> impl IntoView {
    let project = scope.project.name.clone();
    let add_customers = scope.can(Action::ManageOrganizationMembers).then(|| {
        view! { <button type="button" class="button-primary" on:pointerenter=|_| prefetch_dialogs() on:focus=|_| prefetch_dialogs()
            on:click=move |_| on_add_customers.run(())>"Add customers"</button> }
    });
    let attach_or_detach = move || {
        let (label, on_click) = match attached.get()? {
            true => (format!("Detach from {project}"), on_detach),
            false => (format!("Attach to {project}"), on_attach),
        };
        Some(view! { <button type="button" on:click=move |_| on_click.run(())>{label}</button> })
    };
    let attach_or_detach = scope.can(Action::AttachOrganization).then_some(attach_or_detach);
    let add_organization = scope.can_add_organization().then(|| {
        view! { <button type="button" on:pointerenter=|_| prefetch_dialogs() on:focus=|_| prefetch_dialogs()
        on:click=move |_| on_add_organization.run(())>"Add organization"</button> }
    });
    view! {
        <div class="page-actions">{add_customers}{attach_or_detach}{add_organization}</div>
        <div class="why-nots">
            <MaybeWhyNot question="Why can't I add or remove this organization's customers?"
                denial=scope.why_not(Action::ManageOrganizationMembers)/>
            <MaybeWhyNot question="Why can't I attach or detach this organization?"
                denial=scope.why_not(Action::AttachOrganization)/>
        </div>
    }
}

/// Whether the organization is attached to the project: from its `projectKeys` when the server
/// sends them, else by looking through the project's organizations.
async fn is_attached(org: &Organization, project_key: &str) -> Result<bool, ApiError> {
    if let Some(keys) = &org.project_keys {
        return Ok(keys.iter().any(|k| k.eq_ignore_ascii_case(project_key)));
    }
    let mut params = ListParams {
        query: String::new(),
        start: 0,
        limit: 100,
        cursor: None,
    };
    loop {
        let page = api::organizations::list_organizations(project_key, &params, None).await?;
        if page.values.iter().any(|o| o.id == org.id) {
            return Ok(true);
        }
        if page.is_last_page || page.values.is_empty() {
            return Ok(false);
        }
        params.start += page.size;
        params.cursor = page.next_cursor.clone();
    }
}

#[component]
fn ProjectOrganization(scope: ProjectScope, id: String) -> impl IntoView {
    let key = scope.project.key.clone();
    let project = scope.project.name.clone();
    let organization = RwSignal::new(None::<Result<Organization, ApiError>>);
    let attached = RwSignal::new(None::<bool>);
    let reloads = RwSignal::new(0u32);
    {
        let (id, key) = (id.clone(), key.clone());
        Effect::new(move |_| {
            reloads.track();
            let (id, key) = (id.clone(), key.clone());
            leptos::task::spawn_local(async move {
                let loaded = api::organizations::one(&id).await;
                if let Ok(org) = &loaded {
                    attached.try_set(is_attached(org, &key).await.ok());
                }
                organization.try_set(Some(loaded));
            });
        });
    }
    let members = {
        let (id, service_desk) = (id.clone(), scope.project.id.clone());
        PagedList::new(PER_PAGE, move |params, abort| {
            let (id, service_desk) = (id.clone(), service_desk.clone());
            async move { api::organizations::users_in_project(&id, &service_desk, &params, Some(&abort)).await }
        })
    };
    // Untracked: a dialog that shows the name must not re-open when the organization reloads.
    let org_name = move || {
        organization.with_untracked(|o| match o {
            Some(Ok(org)) => org.name.clone(),
            _ => "this organization".into(),
        })
    };
    let refresh = move || {
        reloads.update(|n| *n += 1);
        members.reload();
    };
    // The write of the confirmation dialogs: removing a member, or detaching the organization.
    let dialogs = DialogState::<Open, Open, ()>::new(
        RwSignal::new(None),
        {
            let (key, id) = (key.clone(), id.clone());
            move |what: &Open| {
                let (key, id, what) = (key.clone(), id.clone(), what.clone());
                async move {
                    match &what {
                        Open::Remove(c) => {
                            api::organizations::remove_users(&id, std::slice::from_ref(&c.account_id)).await
                        }
                        Open::Detach => api::organizations::detach_organization(&key, &id).await,
                        Open::AddCustomers | Open::AddOrganization => Ok(()),
                    }
                }
            }
        },
        {
            let project = project.clone();
            move |dialogs, what, outcome| {
                let name = org_name();
                let done = match &what {
                    Open::Remove(c) => format!("Removed {} from {name}.", c.display_name),
                    Open::Detach => format!("Detached {name} from {project}."),
                    Open::AddCustomers | Open::AddOrganization => return,
                };
                match outcome {
                    Ok(()) => {
                        return_focus_to(&["#search-members", ".page-actions button"]);
                        dialogs.done(done);
                        refresh();
                    }
                    Err(e) => dialogs
                        .failed
                        .set(Some(format!("That didn't work: {}", e.message))),
                }
            }
        },
    );
    let show = move |what: Open| dialogs.show(what);
    let close = dialogs.on_close();
    let confirm = move |_| {
        if let Some(what @ (Open::Remove(_) | Open::Detach)) = dialogs.opened() {
            dialogs.send(what);
        }
    };
    // Attaching needs no dialog: its answer, either way, is the page's notice.
    let attach = {
        let project = project.clone();
        write_action(
            {
                let (key, id) = (key.clone(), id.clone());
                move |_: &String| {
                    let (key, id) = (key.clone(), id.clone());
                    async move { api::organizations::attach_organization(&key, &id).await }
                }
            },
            move |name: String, outcome| match outcome {
                Ok(()) => {
                    dialogs.notice.set(Some(format!(
                        "Attached {name} to {project}: its members can raise requests there."
                    )));
                    refresh();
                }
                Err(e) => dialogs
                    .notice
                    .set(Some(format!("Couldn't attach {name}: {}", e.message))),
            },
        )
    };

    let can_manage = scope.can(Action::ManageOrganizationMembers);
    // Resend invitation reaches members only while the organization is attached to the project.
    let resend_in = {
        let (key, can_add) = (key.clone(), scope.can(Action::AddCustomersToProject));
        Signal::derive(move || (can_add && attached.get() == Some(true)).then(|| key.clone()))
    };
    let remove = can_manage.then(|| Callback::new(move |c: Customer| show(Open::Remove(Box::new(c)))));
    let back = if scope.has_organizations_page() {
        (scope.path("organizations"), "Organizations")
    } else {
        (scope.path("customers"), "Customers")
    };
    let open_dialog = {
        let (scope, id, project) = (scope.clone(), id.clone(), project.clone());
        move || {
            Some(match dialogs.open.get()? {
                Open::AddCustomers => view! {
                    <AddCustomersOnDemand key=scope.project.key.clone() target_name=org_name()
                        organization=(id.clone(), org_name()) on_close=close on_added=move |_| refresh()/>
                }
                .into_any(),
                Open::AddOrganization => view! {
                    <AddOrganizationOnDemand key=scope.project.key.clone() project_name=project.clone()
                        on_close=close on_added=move |done: String| dialogs.done(done)/>
                }
                .into_any(),
                Open::Remove(c) => view! {
                    <ConfirmDialog title=format!("Remove {} from {}?", c.display_name, org_name())
                        message=format!("{} will no longer be a member of {}. Their account stays.", c.email_address, org_name())
                        confirm_label="Remove" pending=dialogs.pending() error=dialogs.failed on_confirm=confirm on_cancel=close/>
                }
                .into_any(),
                Open::Detach => view! {
                    <ConfirmDialog title=format!("Detach {} from {project}?", org_name())
                        message=detach_warning(&project)
                        confirm_label="Detach" pending=dialogs.pending() error=dialogs.failed on_confirm=confirm on_cancel=close/>
                }
                .into_any(),
            })
        }
    };
    let status = {
        let project = project.clone();
        move || {
            let org = organization.with(|o| o.as_ref().and_then(|o| o.as_ref().ok()).cloned())?;
            let attached = match attached.get() {
                Some(true) => format!("Attached to {project}"),
                Some(false) => format!("Not attached to {project}"),
                None => String::new(),
            };
            let members = org
                .member_count
                .map(|n| {
                    format!(
                        " · {} {}",
                        group(n as usize),
                        plural(n as usize, "member", "members")
                    )
                })
                .unwrap_or_default();
            Some(format!("{attached}{members}"))
        }
    };

    view! {
        <p class="back-link"><A href=back.0>{format!("← {}", back.1)}</A></p>
        {move || match organization.get() {
            None => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
            Some(Err(e)) => view! {
                <h2>"Organization not found"</h2>
                <p class="error" role="alert">{format!("Couldn't open this organization: {}", e.message)}</p>
            }.into_any(),
            Some(Ok(org)) => view! {
                <div class="page-header"><h2>{org.name}</h2></div>
            }.into_any(),
        }}
        <Show when=move || matches!(organization.get(), Some(Ok(_)))>
            <p class="muted">{status.clone()}</p>
            <OrganizationActions scope=scope.clone() attached=attached
                on_add_customers=move |_| show(Open::AddCustomers)
                on_attach=move |_| { attach.dispatch_local(org_name()); }
                on_detach=move |_| show(Open::Detach)
                on_add_organization=move |_| show(Open::AddOrganization)/>
            <Feedback notice=dialogs.notice/>
            <section class="section" aria-labelledby="members-title">
                <h3 id="members-title">"Members"</h3>
                <SearchField label="Search members" id="search-members" on_search=move |text| members.search_for(text)/>
                <CustomerTable list=members caption=format!("Members of {}", org_name()) remove_label="Remove" on_remove=remove noun="members"
                    resend_in=resend_in
                    requests_in=scope.can(Action::WorkOnRequests).then(|| scope.path("queue"))
                    empty=EmptyText {
                        no_match: "No members match",
                        nobody: if can_manage {
                            "No members yet. Use Add customers to add people to this organization.".into()
                        } else {
                            "No members yet.".into()
                        },
                    }/>
            </section>
        </Show>
        {open_dialog}
    }
}
