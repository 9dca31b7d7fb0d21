//! "Add customers": one field for typed or pasted lists, each entry shown as it is read, an
//! optional organization and help center, one bulk request, and a summary per address.
//! Reusable for any target: a service project or an organization.

use clientele_domain::email::ParseLimits;
use clientele_domain::policy::{Action, Decision, Denial, GlobalSettings, NewCustomerEmail, Role};
use clientele_domain::wire::{BulkAddResponse, HelpCenter, Myself, Organization, OrganizationRef};
use leptos::prelude::*;

use super::add_customers_fields::{HelpCenterSelect, OrganizationSelect};
pub use super::add_customers_request::AddTarget;
use super::add_customers_request::{build_add_request, AddForm, AddRequest, NotSent};
use super::add_summary::{entries_to_fix, AddSummary, AddedWhere};
use super::dialog_state::write_action;
use super::email_entries::{EmailEntries, EmailPreview};
use super::feedback::Feedback;
use super::modal::Modal;
use super::why_not::who_can_change_sentence;
use super::why_not::MaybeWhyNot;
use crate::api::{self, ApiError};
use crate::project_scope::ProjectScope;

/// Texts longer than this are re-read at most every [`THROTTLE_MS`] while typing, so that
/// typing stays smooth in a list of thousands.
const LARGE_TEXT: usize = 20_000;
const THROTTLE_MS: u64 = 150;

/// Whether an optional field is offered, and if not, why (when there is a reason to tell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// The field is there.
    Offered,
    /// The field is not there; the denial says why, when it is a rule and not just pointless.
    Hidden(Option<Denial>),
}

/// Everything the dialog needs to know, decided by the policy before it opens.
#[derive(Debug, Clone, PartialEq)]
pub struct AddCustomersOptions {
    /// Where the customers go.
    pub target: AddTarget,
    /// The role the policy reads for the per-address check (managed domains).
    pub role: Role,
    /// The site's settings (managed domains).
    pub settings: GlobalSettings,
    /// The server's limits on one bulk add (from `myself`): a longer list is refused in the
    /// preview and not sent.
    pub limits: ParseLimits,
    /// The Organization select (project targets only).
    pub organization_select: Choice,
    /// Organizations have their own page (customer service management): say so.
    pub organizations_elsewhere: bool,
    /// The Help center select.
    pub help_center_select: Choice,
    /// The site's help centers.
    pub help_centers: Vec<HelpCenter>,
    /// What new accounts receive, when known.
    pub new_customer_email: Option<NewCustomerEmail>,
}

fn help_center_choice(scope: &ProjectScope) -> Choice {
    if scope.help_centers().len() < 2 {
        Choice::Hidden(None)
    } else if scope.can(Action::ChooseHelpCenter) {
        Choice::Offered
    } else {
        Choice::Hidden(scope.why_not(Action::ChooseHelpCenter))
    }
}

impl AddCustomersOptions {
    /// Adding to the project of `scope`: the Organization select when this person may manage
    /// organization members and organizations live on the Customers page.
    pub fn for_project(scope: &ProjectScope) -> AddCustomersOptions {
        let elsewhere = scope.has_organizations_page();
        let organization_select = if elsewhere {
            Choice::Hidden(None)
        } else if AddCustomersOptions::offers_organizations(scope) {
            Choice::Offered
        } else {
            Choice::Hidden(scope.why_not(Action::ManageOrganizationMembers))
        };
        AddCustomersOptions {
            target: AddTarget::Project {
                key: scope.project.key.clone(),
                name: scope.project.name.clone(),
            },
            role: scope.role(),
            settings: scope.settings().clone(),
            limits: scope.bulk_limits(),
            organization_select,
            organizations_elsewhere: elsewhere && scope.can(Action::ManageOrganizationMembers),
            help_center_select: help_center_choice(scope),
            help_centers: scope.help_centers().to_vec(),
            new_customer_email: Some(scope.project.settings.email_for_new_customer()),
        }
    }

    /// Whether adding to the project of `scope` offers the Organization select (the page
    /// loads its choices ahead).
    pub fn offers_organizations(scope: &ProjectScope) -> bool {
        !scope.has_organizations_page() && scope.can(Action::ManageOrganizationMembers)
    }

    /// Adding to an organization, opened from the project of `scope`.
    pub fn for_organization(scope: &ProjectScope, id: &str, name: &str) -> AddCustomersOptions {
        AddCustomersOptions {
            target: AddTarget::Organization {
                id: id.to_string(),
                name: name.to_string(),
            },
            organization_select: Choice::Hidden(None),
            organizations_elsewhere: false,
            ..AddCustomersOptions::for_project(scope)
        }
    }

    /// Adding to an organization from product settings, outside any project. The help center
    /// can be chosen as the policy allows site-wide (it needs no project: an organization's
    /// invitations are tied to none). New members get an invitation when a
    /// project it is attached to has the "Customer invited" notification on, or when it is
    /// attached to none; else an email-verification message.
    pub fn for_site_organization(me: &Myself, organization: &Organization) -> AddCustomersOptions {
        let help_center_select = if me.help_centers.len() < 2 {
            Choice::Hidden(None)
        } else {
            match me.permissions.decision(Action::ChooseHelpCenter) {
                Some(Decision::Allowed) => Choice::Offered,
                Some(Decision::Denied(denial)) => Choice::Hidden(Some(denial.clone())),
                None => Choice::Hidden(None),
            }
        };
        let keys = organization.project_keys.clone().unwrap_or_default();
        let attached: Option<Vec<bool>> = keys
            .iter()
            .map(|key| {
                me.projects
                    .iter()
                    .find(|p| p.key.eq_ignore_ascii_case(key))
                    .map(|p| p.settings.customer_invited_notification)
            })
            .collect();
        let new_customer_email = attached.map(|notifications| {
            if notifications.is_empty() || notifications.contains(&true) {
                NewCustomerEmail::Invitation
            } else {
                NewCustomerEmail::EmailVerification
            }
        });
        AddCustomersOptions {
            target: AddTarget::Organization {
                id: organization.id.clone(),
                name: organization.name.clone(),
            },
            role: Role::effective(true, me.site_admin, None),
            settings: me.settings.clone(),
            limits: me.bulk_limits,
            organization_select: Choice::Hidden(None),
            organizations_elsewhere: false,
            help_center_select,
            help_centers: me.help_centers.clone(),
            new_customer_email,
        }
    }
}

/// What the dialog says when an add fails: why, who can change it, and that the list is kept.
pub fn failure(e: &ApiError) -> String {
    format!(
        "Couldn't add customers: {}{} Your list is still here; nothing was lost. Try again.",
        e.message,
        who_can_change_sentence(e)
    )
}

/// The dialog. `organizations` fills the Organization select (when offered); `initial_text`
/// pre-fills the Emails field.
#[component]
pub fn AddCustomersDialog(
    options: AddCustomersOptions,
    #[prop(optional, into)] organizations: Signal<Vec<OrganizationRef>>,
    #[prop(optional, into)] initial_text: String,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_added: Callback<BulkAddResponse>,
) -> impl IntoView {
    let AddCustomersOptions {
        target,
        role,
        settings,
        limits,
        ..
    } = options.clone();
    let text = RwSignal::new(initial_text.clone());
    let preview = RwSignal::new(EmailPreview::of(&initial_text, role, &settings, &limits));
    let cooling = StoredValue::new(false);
    let stale = StoredValue::new(false);
    let organization = RwSignal::new(String::new());
    let default_help_center = options
        .help_centers
        .iter()
        .find(|h| h.is_default)
        .or(options.help_centers.first())
        .map(|h| h.id.clone())
        .unwrap_or_default();
    let help_center = RwSignal::new(default_help_center);
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let result = RwSignal::new(None::<(BulkAddResponse, AddedWhere)>);
    let emails: NodeRef<leptos::html::Textarea> = NodeRef::new();

    let read_settings = settings.clone();
    let reparse = move || {
        let current = text.get_untracked();
        preview.set(EmailPreview::of(&current, role, &read_settings, &limits));
    };
    // Small lists are read on every keystroke; large ones at most every THROTTLE_MS, and
    // once more when typing pauses.
    let schedule = {
        let reparse = reparse.clone();
        move || {
            if text.with_untracked(|t| t.len() < LARGE_TEXT) || !cooling.get_value() {
                reparse();
                if text.with_untracked(|t| t.len() >= LARGE_TEXT) {
                    cooling.set_value(true);
                    let reparse = reparse.clone();
                    set_timeout(
                        move || {
                            if cooling.try_set_value(false).is_none() && stale.get_value() {
                                stale.set_value(false);
                                reparse();
                            }
                        },
                        std::time::Duration::from_millis(THROTTLE_MS),
                    );
                }
            } else {
                stale.set_value(true);
            }
        }
    };
    let on_input = {
        let schedule = schedule.clone();
        move |ev: leptos::ev::Event| {
            text.set(event_target_value(&ev));
            notice.set(None);
            schedule();
        }
    };

    // The add: the request goes out; the answer leaves the entries to fix in the field and
    // shows the summary, or says why nothing was added (the list stays).
    let send = write_action(
        |add: &AddRequest| {
            let add = add.clone();
            async move {
                match &add.target {
                    AddTarget::Project { key, .. } => {
                        api::customers::bulk_add_customers(key, &add.body).await
                    }
                    AddTarget::Organization { id, .. } => {
                        api::organizations::bulk_add_users(id, &add.body).await
                    }
                }
            }
        },
        {
            let reparse = reparse.clone();
            move |add: AddRequest, answer: Result<BulkAddResponse, ApiError>| match answer {
                Ok(response) => {
                    let left = entries_to_fix(&response);
                    if let Some(el) = emails.get_untracked() {
                        el.set_value(&left);
                    }
                    text.set(left);
                    reparse();
                    result.set(Some((response.clone(), add.at)));
                    on_added.run(response);
                }
                Err(e) => error.set(Some(failure(&e))),
            }
        },
    );
    let pending = send.pending();

    let submit_target = target.clone();
    let submit_settings = settings.clone();
    let help_center_offered = options.help_center_select == Choice::Offered && options.help_centers.len() > 1;
    let new_customer_email = options.new_customer_email;
    let add = move || {
        if pending.get_untracked() {
            return;
        }
        if stale.get_value() {
            stale.set_value(false);
            preview.set(EmailPreview::of(
                &text.get_untracked(),
                role,
                &submit_settings,
                &limits,
            ));
        }
        let chosen_help_center = help_center_offered.then(|| help_center.get_untracked());
        let built = text.with_untracked(|text| {
            preview.with_untracked(|preview| {
                organizations.with_untracked(|organizations| {
                    build_add_request(&AddForm {
                        target: &submit_target,
                        text,
                        preview,
                        organization_id: &organization.get_untracked(),
                        organizations,
                        help_center_id: chosen_help_center.as_deref(),
                        new_customer_email,
                    })
                })
            })
        });
        match built {
            Err(not_sent) => {
                notice.set(Some(not_sent.message().into()));
                if not_sent == NotSent::Empty {
                    if let Some(el) = emails.get_untracked() {
                        let _ = el.focus();
                    }
                }
            }
            Ok(request) => {
                error.set(None);
                notice.set(None);
                send.dispatch_local(request);
            }
        }
    };
    let on_submit = {
        let add = add.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            add();
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            add();
        }
    };

    let title = format!("Add customers to {}", target.name());
    let organization_field = match options.organization_select.clone() {
        Choice::Offered => {
            view! { <OrganizationSelect organizations=organizations selected=organization/> }.into_any()
        }
        Choice::Hidden(denial) => view! {
            <MaybeWhyNot question="Why can't I add them to an organization?" denial=denial/>
        }
        .into_any(),
    };
    let elsewhere = options.organizations_elsewhere.then(|| {
        view! { <p class="muted field-hint">"To add customers to an organization, open it from the Organizations page."</p> }
    });
    let help_center_field = match options.help_center_select.clone() {
        Choice::Offered if options.help_centers.len() > 1 => {
            view! { <HelpCenterSelect help_centers=options.help_centers.clone() selected=help_center/> }
                .into_any()
        }
        Choice::Offered => ().into_any(),
        Choice::Hidden(denial) => view! {
            <MaybeWhyNot question="Why can't I choose a help center?" denial=denial/>
        }
        .into_any(),
    };

    view! {
        <Modal labelled_by="add-customers-title" class="modal-wide" on_close=on_close>
            <form class="add-customers" on:submit=on_submit novalidate>
                <h2 id="add-customers-title">{title}</h2>
                <label for="add-customers-emails">"Emails"</label>
                <p class="muted field-hint" id="add-customers-hint">
                    "Type or paste addresses separated by commas, semicolons or new lines. "
                    "Names are fine too: \"Doe, Jane\" <jane@example.com>."
                </p>
                <textarea id="add-customers-emails" rows="6" data-autofocus spellcheck="false"
                    autocomplete="off" aria-describedby="add-customers-hint email-entries-counts"
                    node_ref=emails on:input=on_input on:keydown=on_keydown
                    prop:value=initial_text></textarea>
                <EmailEntries preview=preview/>
                {organization_field}
                {elsewhere}
                {help_center_field}
                <Feedback notice=notice error=error/>
                <div class="dialog-buttons">
                    <button type="submit" class="button-primary" disabled=move || pending.get()
                        aria-describedby="email-entries-counts">
                        {move || if pending.get() { "Adding…" } else { "Add" }}
                    </button>
                    <button type="button" on:click=move |_| on_close.run(())>
                        {move || if result.with(Option::is_some) { "Close" } else { "Cancel" }}
                    </button>
                </div>
                <div aria-live="polite">
                    {move || result.get().map(|(response, at)| view! { <AddSummary response=response at=at/> })}
                </div>
            </form>
        </Modal>
    }
}
