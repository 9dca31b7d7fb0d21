//! `/projects/{KEY}/customers`: the project's organizations (unless they have their own page)
//! and its customers, searchable and paged; Add customers, Add organization, and removal, each
//! for those the policy allows.

use clientele_domain::policy::Action;
use clientele_domain::wire::{Customer, Organization};
use leptos::prelude::*;
use leptos_router::components::A;

use super::detach_warning;
use super::raise_request::{Raised, RaisedNotice};
use crate::api;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::csv_export::CsvExport;
use crate::components::customer_table::{CustomerTable, EmptyText};
use crate::components::dialog_state::DialogState;
use crate::components::feedback::Feedback;
use crate::components::modal::return_focus_to;
use crate::components::on_demand::{
    prefetch_dialogs, AddCustomersOnDemand, AddOrganizationOnDemand, RaiseRequestOnDemand,
};
use crate::components::organization_table::OrganizationTable;
use crate::components::paged_list::{PagedList, SearchField};
use crate::components::why_not::MaybeWhyNot;
use crate::project_scope::{use_project, ProjectScope};

const CUSTOMERS_PER_PAGE: usize = 50;
const ORGANIZATIONS_PER_PAGE: usize = 10;

/// The dialog open on the page, if any.
#[derive(Debug, Clone, PartialEq)]
enum Open {
    AddCustomers,
    AddOrganization,
    Remove(Customer),
    Detach(Organization),
}

/// The page, for the project in context.
#[component]
pub fn CustomersPage() -> impl IntoView {
    super::reread_myself_on_navigation();
    let scope = use_project();
    move || scope.get().map(|scope| view! { <ProjectCustomers scope=scope/> })
}

/// The page's buttons, and the "Why can't I …?" of those missing.
#[component]
pub fn CustomersActions(
    scope: ProjectScope,
    #[prop(into)] on_add_customers: Callback<()>,
    #[prop(into)] on_add_organization: Callback<()>,
) -> impl IntoView {
    let add_customers = scope.can(Action::AddCustomersToProject).then(|| {
        view! { <button type="button" class="button-primary" on:pointerenter=|_| prefetch_dialogs() on:focus=|_| prefetch_dialogs()
            on:click=move |_| on_add_customers.run(())>"Add customers"</button> }
    });
    // With customer service management, organizations are added from the Organizations page.
    let organizations_here = !scope.has_organizations_page();
    let add_organization = (organizations_here && scope.can_add_organization()).then(|| {
        view! { <button type="button" on:pointerenter=|_| prefetch_dialogs() on:focus=|_| prefetch_dialogs()
        on:click=move |_| on_add_organization.run(())>"Add organization"</button> }
    });
    let why_no_organization = (organizations_here && !scope.can_add_organization())
        .then(|| scope.why_not(Action::AttachOrganization))
        .flatten();
    view! {
        <div class="page-header">
            <h2>"Customers"</h2>
            <div class="page-actions">{add_customers}{add_organization}</div>
        </div>
        <div class="why-nots">
            <MaybeWhyNot question="Why can't I add customers?" denial=scope.why_not(Action::AddCustomersToProject)/>
            <MaybeWhyNot question="Why can't I add organizations?" denial=why_no_organization/>
            <MaybeWhyNot question="Why can't I remove customers?" denial=scope.why_not(Action::RemoveCustomerFromProject)/>
        </div>
    }
}

#[component]
fn ProjectCustomers(scope: ProjectScope) -> impl IntoView {
    let key = scope.project.key.clone();
    let name = scope.project.name.clone();
    let customers = {
        let key = key.clone();
        PagedList::new(CUSTOMERS_PER_PAGE, move |params, abort| {
            let key = key.clone();
            async move { api::customers::list_customers(&key, &params, Some(&abort)).await }
        })
    };
    let organizations_here = !scope.has_organizations_page();
    let organizations = organizations_here.then(|| {
        let key = key.clone();
        PagedList::new(ORGANIZATIONS_PER_PAGE, move |params, abort| {
            let key = key.clone();
            async move { api::organizations::list_organizations(&key, &params, Some(&abort)).await }
        })
    });
    let refresh_organizations = move || {
        if let Some(list) = organizations {
            list.reload();
        }
    };
    // The write of the confirmation dialogs: removing a customer, or detaching an organization.
    let dialogs = DialogState::<Open, Open, ()>::new(
        RwSignal::new(None),
        {
            let key = key.clone();
            move |what: &Open| {
                let (key, what) = (key.clone(), what.clone());
                async move {
                    match &what {
                        Open::Remove(c) => {
                            api::customers::remove_customers(&key, std::slice::from_ref(&c.account_id)).await
                        }
                        Open::Detach(o) => api::organizations::detach_organization(&key, &o.id).await,
                        Open::AddCustomers | Open::AddOrganization => Ok(()),
                    }
                }
            }
        },
        {
            let name = name.clone();
            move |dialogs, what, outcome| {
                let done = match &what {
                    Open::Remove(c) => format!("Removed {} from {name}.", c.display_name),
                    Open::Detach(o) => format!("Detached {} from {name}.", o.name),
                    Open::AddCustomers | Open::AddOrganization => return,
                };
                match outcome {
                    Ok(()) => {
                        return_focus_to(&["#search-customers", ".page-actions button"]);
                        dialogs.done(done);
                        customers.reload();
                        refresh_organizations();
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
        if let Some(what @ (Open::Remove(_) | Open::Detach(_))) = dialogs.opened() {
            dialogs.send(what);
        }
    };

    let remove = scope
        .can(Action::RemoveCustomerFromProject)
        .then(|| Callback::new(move |c: Customer| show(Open::Remove(c))));
    let detach = scope
        .can(Action::AttachOrganization)
        .then(|| Callback::new(move |o: Organization| show(Open::Detach(o))));
    let org_base = scope.path("organizations");
    let can_add = scope.can(Action::AddCustomersToProject);
    let can_add_org = scope.can_add_organization();
    // Raise request from a customer's row, and what was raised.
    let raising = RwSignal::new(None::<Customer>);
    let raised = RwSignal::new(None::<Raised>);
    let works_on_requests = scope.can(Action::WorkOnRequests);
    let on_raise = works_on_requests.then(|| Callback::new(move |c: Customer| raising.set(Some(c))));
    let raise_dialog = {
        let (key, name) = (key.clone(), name.clone());
        move || {
            raising.get().map(|customer| view! {
                <RaiseRequestOnDemand key=key.clone() project_name=name.clone() customer=customer on_close=move |_| raising.set(None)
                    on_raised=move |notice| { raising.set(None); raised.set(Some(notice)); customers.reload(); }/>
            })
        }
    };

    let organizations_section = match organizations {
        Some(list) => view! {
            <section class="section" aria-labelledby="organizations-title">
                <h3 id="organizations-title">"Organizations"</h3>
                <OrganizationTable list=list caption=format!("Organizations attached to {name}")
                    base=org_base.clone() project_name=name.clone() on_detach=detach
                    nobody=if can_add_org {
                        format!(
                            "No organizations are attached to {name}. Use Add organization to attach one: \
                             all its members can then raise requests here."
                        )
                    } else {
                        format!("No organizations are attached to {name}.")
                    }/>
            </section>
        }
        .into_any(),
        None => view! {
            <p class="muted">"Organizations have their own page: " <A href=org_base.clone()>"Organizations"</A> "."</p>
        }
        .into_any(),
    };

    let open_dialog = {
        let (key, name) = (key.clone(), name.clone());
        move || {
            let what = dialogs.open.get()?;
            Some(match what {
                Open::AddCustomers => view! {
                    <AddCustomersOnDemand key=key.clone() target_name=name.clone() on_close=close
                        on_added=move |_| { customers.reload(); if let Some(list) = organizations { list.reload(); } }/>
                }
                .into_any(),
                Open::AddOrganization => {
                    view! {
                        <AddOrganizationOnDemand key=key.clone() project_name=name.clone() on_close=close
                            on_added=move |done: String| { dialogs.done(done); refresh_organizations(); }/>
                    }
                    .into_any()
                }
                Open::Remove(c) => view! {
                    <ConfirmDialog title=format!("Remove {} from {name}?", c.display_name)
                        message=format!(
                            "{} will no longer be a customer of {name}. Their account stays; if they belong \
                             to an organization attached to {name}, they can still raise requests here.",
                            c.email_address
                        )
                        confirm_label="Remove" pending=dialogs.pending() error=dialogs.failed on_confirm=confirm on_cancel=close/>
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

    view! {
        <CustomersActions scope=scope.clone()
            on_add_customers=move |_| show(Open::AddCustomers)
            on_add_organization=move |_| show(Open::AddOrganization)/>
        <Feedback notice=dialogs.notice/>
        <RaisedNotice scope=scope.clone() raised=raised/>
        {organizations_section}
        <section class="section" aria-labelledby="customers-title">
            <h3 id="customers-title">"Customers added to this project"</h3>
            <SearchField label="Search customers" id="search-customers" on_search=move |text| customers.search_for(text)/>
            <CsvExport path=crate::api::export::project_customers(&key) file_name=format!("customers-{key}")
                query=Callback::new(move |_| vec![("query", customers.search.get_untracked())])/>
            <CustomerTable list=customers caption=format!("Customers of {name}") organizations_base=org_base
                remove_label="Remove" on_remove=remove resend_in=can_add.then(|| key.clone())
                requests_in=works_on_requests.then(|| scope.path("queue")) on_raise=on_raise
                empty=EmptyText {
                    no_match: "No customers match",
                    nobody: if can_add {
                        "No customers yet. Use Add customers to add people by email; you can paste a whole \
                         list. Members of attached organizations can raise requests too, without being \
                         listed here."
                            .into()
                    } else {
                        "No customers yet.".into()
                    },
                }/>
        </section>
        {open_dialog}
        {raise_dialog}
    }
}
