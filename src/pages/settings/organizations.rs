//! Settings → Organizations: every organization on the site, searchable and paged, with its
//! member count and the service projects it is attached to; Create organization.

use clientele_domain::names::{NameProblem, OrganizationName};
use clientele_domain::policy::Action;
use clientele_domain::reason::Reason;
use clientele_domain::wire::{Myself, Organization};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::SettingsFlash;
use crate::api::{self, ApiError};
use crate::components::csv_export::CsvExport;
use crate::components::dialog_state::write_action;
use crate::components::feedback::{failed, Feedback};
use crate::components::modal::Modal;
use crate::components::organization_table::OrganizationTable;
use crate::components::paged_list::{PagedList, SearchField};
use crate::components::why_not::MaybeWhyNot;
use crate::session::Session;

const PER_PAGE: usize = 50;

/// The longest organization name the API accepts (after trimming).
pub(crate) const MAX_ORGANIZATION_NAME: usize = OrganizationName::MAX;

/// The API's name rule (the domain's [`OrganizationName`]), checked before sending.
pub(crate) fn organization_name_problem(name: &str) -> Option<String> {
    let error = OrganizationName::parse(name).err()?;
    Some(match error.problem() {
        NameProblem::Empty => "Give the organization a name.".into(),
        NameProblem::TooLong => format!(
            "An organization name can be at most {MAX_ORGANIZATION_NAME} characters; this one has {}.",
            name.trim().chars().count()
        ),
        NameProblem::ControlCharacter => error.message(),
    })
}

/// The sentence for a refused name: a taken name is said as such.
pub(crate) fn name_refused(e: &ApiError) -> String {
    if e.reason == Reason::OrganizationNameTaken {
        e.message.clone()
    } else {
        failed("That name didn't work", e)
    }
}

/// The (key, name) of every service project this person knows, for naming attached projects.
pub(crate) fn project_names(me: &Myself) -> Vec<(String, String)> {
    me.projects
        .iter()
        .map(|p| (p.key.clone(), p.name.clone()))
        .collect()
}

/// The page.
#[component]
pub fn SettingsOrganizationsPage() -> impl IntoView {
    crate::pages::project::reread_myself_on_navigation();
    let session = Session::use_session();
    move || session.me().map(|me| view! { <AllOrganizations me=me/> })
}

#[component]
fn AllOrganizations(me: Myself) -> impl IntoView {
    let list = PagedList::new(PER_PAGE, |params, abort| async move {
        api::organizations::list(&params, Some(&abort)).await
    });
    let flash = SettingsFlash::use_flash();
    let notice = RwSignal::new(flash.take());
    let creating = RwSignal::new(false);
    let can_create = me.permissions.can(Action::CreateOrganization);
    let why_not = me
        .permissions
        .decision(Action::CreateOrganization)
        .and_then(|d| d.denial())
        .cloned();
    let create_button = can_create.then(|| {
        view! {
            <button type="button" class="button-primary" on:click=move |_| creating.set(true)>"Create organization"</button>
        }
    });
    let navigate = use_navigate();
    let on_created = Callback::new(move |org: Organization| {
        creating.set(false);
        flash.set(format!(
            "Created {}. Add customers to it, or attach it to a service project.",
            org.name
        ));
        navigate(&format!("/settings/organizations/{}", org.id), Default::default());
    });
    let nobody = if can_create {
        "No organizations yet. Use Create organization to make one."
    } else {
        "No organizations yet."
    };
    view! {
        <div class="page-header">
            <h1>"Organizations"</h1>
            <div class="page-actions">{create_button}</div>
        </div>
        <p class="muted">
            "Every organization on the site. Members of an organization can raise requests in every service project it is attached to."
        </p>
        <div class="why-nots">
            <MaybeWhyNot question="Why can't I create organizations?" denial=why_not/>
        </div>
        <Feedback notice=notice/>
        <SearchField label="Search organizations" id="search-organizations" placeholder="Organization name"
            on_search=move |text| list.search_for(text)/>
        <CsvExport path=api::export::ORGANIZATIONS file_name="organizations"
            query=Callback::new(move |_| vec![("query", list.search.get_untracked())])/>
        <OrganizationTable list=list caption="All organizations" base="/settings/organizations"
            project_name="" nobody=nobody project_names=project_names(&me)/>
        {move || creating.get().then(|| view! {
            <OrganizationNameDialog purpose=NameFor::NewOrganization
                on_close=move |_| creating.set(false) on_saved=on_created/>
        })}
    }
}

/// What the name dialog is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NameFor {
    /// Create organization.
    NewOrganization,
    /// Rename the organization with this id, now called `current`.
    Rename { id: String, current: String },
}

/// "Create organization" and "Rename": a name, checked as the API checks it; a taken name is
/// said under the field, and what was typed stays.
#[component]
pub(crate) fn OrganizationNameDialog(
    purpose: NameFor,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_saved: Callback<Organization>,
) -> impl IntoView {
    let (title, button, busy, initial) = match &purpose {
        NameFor::NewOrganization => (
            "Create organization".to_string(),
            "Create",
            "Creating…",
            String::new(),
        ),
        NameFor::Rename { current, .. } => (
            format!("Rename {current}"),
            "Rename",
            "Renaming…",
            current.clone(),
        ),
    };
    let name = RwSignal::new(initial);
    let problem = RwSignal::new(None::<String>);
    let save = write_action(
        move |wanted: &String| {
            let (purpose, wanted) = (purpose.clone(), wanted.clone());
            async move {
                match &purpose {
                    NameFor::NewOrganization => api::organizations::create(&wanted).await,
                    NameFor::Rename { id, .. } => api::organizations::rename(id, &wanted).await,
                }
            }
        },
        move |_, outcome| match outcome {
            Ok(org) => on_saved.run(org),
            Err(e) => problem.set(Some(name_refused(&e))),
        },
    );
    let pending = save.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let wanted = name.get_untracked().trim().to_string();
        if let Some(p) = organization_name_problem(&wanted) {
            problem.set(Some(p));
            return;
        }
        problem.set(None);
        save.dispatch_local(wanted);
    };
    let too_long = move || {
        let n = name.with(|n| n.trim().chars().count());
        (n > MAX_ORGANIZATION_NAME).then(|| format!("{n} of {MAX_ORGANIZATION_NAME} characters"))
    };
    view! {
        <Modal labelled_by="organization-name-title" on_close=on_close>
            <form on:submit=submit novalidate>
                <h2 id="organization-name-title">{title}</h2>
                <label for="organization-name">"Name"</label>
                <p class="muted field-hint" id="organization-name-hint">
                    {format!("Up to {MAX_ORGANIZATION_NAME} characters. Each organization's name is its own, ignoring case.")}
                </p>
                <input id="organization-name" type="text" autocomplete="off" data-autofocus
                    aria-describedby="organization-name-hint organization-name-problem"
                    aria-invalid=move || problem.with(Option::is_some).to_string()
                    bind:value=name on:input=move |_| problem.set(None)/>
                <p id="organization-name-problem" class="field-error" aria-live="polite">
                    {move || problem.get().or_else(too_long)}
                </p>
                <div class="dialog-buttons">
                    <button type="submit" class="button-primary" disabled=move || pending.get()>
                        {move || if pending.get() { busy } else { button }}
                    </button>
                    <button type="button" on:click=move |_| on_close.run(())>"Cancel"</button>
                </div>
            </form>
        </Modal>
    }
}
