//! `/projects/{KEY}/organizations`: with customer service management, the organizations
//! attached to the project have their own page. Without it, the page says where they are.

use clientele_domain::policy::Action;
use clientele_domain::wire::Organization;
use leptos::prelude::*;
use leptos_router::components::A;

use super::detach_warning;
use crate::api;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::dialog_state::DialogState;
use crate::components::feedback::Feedback;
use crate::components::modal::return_focus_to;
use crate::components::on_demand::{prefetch_dialogs, AddOrganizationOnDemand};
use crate::components::organization_table::OrganizationTable;
use crate::components::paged_list::PagedList;
use crate::components::why_not::MaybeWhyNot;
use crate::project_scope::{use_project, ProjectScope};

const PER_PAGE: usize = 50;

/// The page, for the project in context.
#[component]
pub fn OrganizationsPage() -> impl IntoView {
    super::reread_myself_on_navigation();
    let scope = use_project();
    move || {
        scope.get().map(|scope| {
            if scope.has_organizations_page() {
                view! { <ProjectOrganizations scope=scope/> }.into_any()
            } else {
                let why = scope.why_not(Action::UseOrganizationsPage).map(|d| d.message);
                view! {
                    <h2>"Organizations"</h2>
                    <p>{why.unwrap_or_else(|| "This project has no Organizations page.".into())}</p>
                    <p><A href=scope.path("customers")>"Go to Customers"</A></p>
                }
                .into_any()
            }
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Open {
    AddOrganization,
    Detach(Organization),
}

#[component]
fn ProjectOrganizations(scope: ProjectScope) -> impl IntoView {
    let key = scope.project.key.clone();
    let name = scope.project.name.clone();
    let list = {
        let key = key.clone();
        PagedList::new(PER_PAGE, move |params, abort| {
            let key = key.clone();
            async move { api::organizations::list_organizations(&key, &params, Some(&abort)).await }
        })
    };
    // The write of the confirmation dialog: detaching an organization.
    let dialogs = DialogState::<Open, Organization, ()>::new(
        RwSignal::new(None),
        {
            let key = key.clone();
            move |org: &Organization| {
                let (key, id) = (key.clone(), org.id.clone());
                async move { api::organizations::detach_organization(&key, &id).await }
            }
        },
        {
            let name = name.clone();
            move |dialogs, org, outcome| match outcome {
                Ok(()) => {
                    return_focus_to(&[".page-actions button", ".project-title"]);
                    dialogs.done(format!("Detached {} from {name}.", org.name));
                    list.reload();
                }
                Err(e) => dialogs
                    .failed
                    .set(Some(format!("That didn't work: {}", e.message))),
            }
        },
    );
    let close = dialogs.on_close();
    let can_add = scope.can_add_organization();
    let add_button = can_add.then(|| {
        view! {
            <button type="button" class="button-primary" on:pointerenter=|_| prefetch_dialogs() on:focus=|_| prefetch_dialogs()
                on:click=move |_| dialogs.show(Open::AddOrganization)>"Add organization"</button>
        }
    });
    let why_not = (!can_add)
        .then(|| scope.why_not(Action::AttachOrganization))
        .flatten();
    let detach = scope
        .can(Action::AttachOrganization)
        .then(|| Callback::new(move |o: Organization| dialogs.show(Open::Detach(o))));
    let confirm = move |_| {
        if let Some(Open::Detach(org)) = dialogs.opened() {
            dialogs.send(org);
        }
    };
    let open_dialog = {
        let (key, name) = (key.clone(), name.clone());
        move || {
            Some(match dialogs.open.get()? {
                Open::AddOrganization => view! {
                    <AddOrganizationOnDemand key=key.clone() project_name=name.clone() on_close=close
                        on_added=move |done: String| { dialogs.done(done); list.reload(); }/>
                }
                .into_any(),
                Open::Detach(o) => view! {
                    <ConfirmDialog title=format!("Detach {} from {name}?", o.name)
                        message=detach_warning(&name)
                        confirm_label="Detach" pending=dialogs.pending() error=dialogs.failed on_confirm=confirm on_cancel=close/>
                }
                .into_any(),
            })
        }
    };
    let nobody = if can_add {
        format!(
            "No organizations are attached to {name}. Use Add organization to attach or create one: \
             all its members can then raise requests here."
        )
    } else {
        format!("No organizations are attached to {name}.")
    };
    view! {
        <div class="page-header">
            <h2>"Organizations"</h2>
            <div class="page-actions">{add_button}</div>
        </div>
        <div class="why-nots">
            <MaybeWhyNot question="Why can't I add organizations?" denial=why_not/>
        </div>
        <Feedback notice=dialogs.notice/>
        <OrganizationTable list=list caption=format!("Organizations attached to {name}") base=scope.path("organizations")
            project_name=name.clone() on_detach=detach nobody=nobody/>
        {open_dialog}
    }
}
