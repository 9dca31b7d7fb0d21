//! Settings → General: "Agents can manage organizations", customer service management
//! (Premium), and the plan. A save takes effect for everyone at once; going down to Standard
//! says what happens before it happens.

use clientele_domain::policy::{self, Action, GlobalSettings, Plan, ProjectSettings, Reason, Role};
use clientele_domain::wire::{HelpCenter, SiteSettings};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::dialog_state::DialogState;
use crate::components::feedback::{failed, Feedback};

/// The seed's wording of the switch.
pub const AGENTS_MANAGE_ORGANIZATIONS: &str =
    "Yes, agents can add and remove organizations from projects, and add and remove customers from organizations";

/// The page.
#[component]
pub fn GeneralSettingsPage() -> impl IntoView {
    crate::pages::project::reread_myself_on_navigation();
    let loaded = RwSignal::new(None::<Result<(SiteSettings, Vec<HelpCenter>), ApiError>>);
    leptos::task::spawn_local(async move {
        let answer = async {
            Ok((
                api::settings::settings().await?,
                api::settings::help_centers().await?,
            ))
        }
        .await;
        loaded.try_set(Some(answer));
    });
    view! {
        <div class="page-header"><h1>"General"</h1></div>
        {move || match loaded.get() {
            None => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert">{failed("Couldn't load the settings", &e)}</p> }.into_any(),
            Some(Ok((saved, help_centers))) => view! { <GeneralForm saved=saved help_centers=help_centers/> }.into_any(),
        }}
    }
}

/// What going down to Standard does, given what is saved now.
pub fn downgrade_effects(saved: &SiteSettings, help_centers: &[HelpCenter]) -> String {
    let mut lines = Vec::new();
    if saved.customer_service_management == Some(true) {
        lines.push(
            "Customer service management turns off: organizations go back to each service project's \
             Customers page, and the Organizations pages disappear."
                .to_string(),
        );
    }
    if help_centers.len() > 1 {
        let default = help_centers
            .iter()
            .find(|h| h.is_default)
            .map_or("the default help center".to_string(), |h| h.name.clone());
        lines.push(format!(
            "All {} help centers are kept, but invitations can no longer choose one: they point at {default}. \
             No more help centers can be added.",
            help_centers.len()
        ));
    } else {
        lines.push(
            "Invitations can't choose a help center, and no more help centers can be added.".to_string(),
        );
    }
    lines.join(" ")
}

#[component]
fn GeneralForm(saved: SiteSettings, help_centers: Vec<HelpCenter>) -> impl IntoView {
    let saved = RwSignal::new(saved);
    let agents = RwSignal::new(
        saved
            .get_untracked()
            .agents_can_manage_organizations
            .unwrap_or(false),
    );
    let csm = RwSignal::new(saved.get_untracked().customer_service_management.unwrap_or(false));
    let plan = RwSignal::new(saved.get_untracked().plan.unwrap_or_default());
    let retention_text = |s: &SiteSettings| s.audit_retention_days.unwrap_or(365).to_string();
    let retention = RwSignal::new(retention_text(&saved.get_untracked()));
    let error = RwSignal::new(None::<String>);
    // The save; going down to Standard asks first, in the one dialog of the page.
    let confirming = DialogState::<(), SiteSettings, SiteSettings>::new(
        RwSignal::new(None),
        |changes: &SiteSettings| {
            let changes = changes.clone();
            async move { api::settings::save_settings(&changes).await }
        },
        move |dialog, _, outcome| match outcome {
            Ok(now) => {
                dialog.close();
                agents.set(now.agents_can_manage_organizations.unwrap_or(false));
                csm.set(now.customer_service_management.unwrap_or(false));
                plan.set(now.plan.unwrap_or_default());
                retention.set(retention_text(&now));
                saved.set(now);
                dialog.notice.set(Some(
                    "Saved. It applies to everyone at once; agents see it on the next page they open.".into(),
                ));
            }
            Err(e) if dialog.opened().is_some() => dialog.failed.set(Some(failed("Couldn't save", &e))),
            Err(e) => error.set(Some(failed("Couldn't save; your choices are still here", &e))),
        },
    );
    let pending = confirming.pending();

    // Whether the policy offers customer service management under the plan chosen.
    let csm_refusal = move || {
        let settings = GlobalSettings {
            customer_service_management: true,
            plan: plan.get(),
            ..GlobalSettings::default()
        };
        policy::decide(
            Role::SiteAdmin,
            Action::UseOrganizationsPage,
            &settings,
            Some(&ProjectSettings::default()),
        )
        .denial()
        .filter(|d| d.reason == Reason::PremiumOnly)
        .cloned()
    };
    let downgrading = move || plan.get() == Plan::Standard && saved.with(|s| s.plan == Some(Plan::Premium));
    let effects = {
        let help_centers = help_centers.clone();
        move || saved.with(|s| downgrade_effects(s, &help_centers))
    };

    let save = move || {
        confirming.notice.set(None);
        error.set(None);
        confirming.failed.set(None);
        let days = match retention.get_untracked().trim().parse::<u32>() {
            Ok(days) if (1..=3650).contains(&days) => days,
            _ => {
                confirming.close();
                error.set(Some("Keep the audit log from 1 to 3650 days.".into()));
                return;
            }
        };
        confirming.send(SiteSettings {
            agents_can_manage_organizations: Some(agents.get_untracked()),
            customer_service_management: Some(csm.get_untracked() && plan.get_untracked() == Plan::Premium),
            plan: Some(plan.get_untracked()),
            audit_retention_days: Some(days),
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        if downgrading() {
            confirming.show(());
        } else {
            save();
        }
    };
    let choose_plan = move |chosen: Plan| {
        plan.set(chosen);
        if chosen == Plan::Standard {
            csm.set(false);
        }
    };
    // The policy's reason, said for the person who can act on it here.
    let csm_hint = move || {
        csm_refusal().map(|_| {
            view! {
                <p class="muted field-hint" id="csm-unavailable">
                    "Customer service management is a Premium feature: choose the Premium plan below to turn it on."
                </p>
            }
        })
    };
    let downgrade_hint = {
        let effects = effects.clone();
        move || {
            downgrading().then(|| {
                view! {
                    <p class="warning" id="downgrade-effects">
                        <strong>"Going down to Standard: "</strong>{effects()}
                    </p>
                }
            })
        }
    };

    view! {
        <Feedback notice=confirming.notice error=error/>
        <form class="settings-form" on:submit=submit novalidate>
            <fieldset>
                <legend>"Agents can manage organizations"</legend>
                <label class="checkbox-label">
                    <input type="checkbox" id="agents-manage-organizations" bind:checked=agents/>
                    {AGENTS_MANAGE_ORGANIZATIONS}
                </label>
                <p class="muted field-hint">
                    "Off: only project admins and site admins create organizations, attach them, and change their members."
                </p>
            </fieldset>
            <fieldset>
                <legend>"Customer service management"</legend>
                <label class="checkbox-label">
                    <input type="checkbox" id="customer-service-management" bind:checked=csm
                        disabled=move || csm_refusal().is_some() aria-describedby="csm-what csm-unavailable"/>
                    "Turn on customer service management"
                </label>
                <p class="muted field-hint" id="csm-what">
                    "Organizations get their own Organizations page in each service project, and customers are added \
                     to an organization there. Off: that happens on the Customers page, by selecting the organization."
                </p>
                {csm_hint}
            </fieldset>
            <fieldset>
                <legend>"Plan"</legend>
                <label class="checkbox-label">
                    <input type="radio" name="plan" value="standard" prop:checked=move || plan.get() == Plan::Standard
                        on:change=move |_| choose_plan(Plan::Standard)/>
                    "Standard: one help center, no customer service management"
                </label>
                <label class="checkbox-label">
                    <input type="radio" name="plan" value="premium" prop:checked=move || plan.get() == Plan::Premium
                        on:change=move |_| choose_plan(Plan::Premium)/>
                    "Premium: several help centers, a help center chosen per invitation, customer service management"
                </label>
                {downgrade_hint}
            </fieldset>
            <fieldset>
                <legend>"Audit log"</legend>
                <label for="audit-retention">"Keep recorded changes for (days)"</label>
                <input type="number" id="audit-retention" min="1" max="3650" inputmode="numeric"
                    aria-describedby="audit-retention-hint" bind:value=retention/>
                <p class="muted field-hint" id="audit-retention-hint">
                    "Older changes are deleted from the audit log every hour. 365 days unless you change it."
                </p>
            </fieldset>
            <div class="dialog-buttons">
                <button type="submit" class="button-primary" disabled=move || pending.get()>
                    {move || if pending.get() { "Saving…" } else { "Save" }}
                </button>
            </div>
        </form>
        {move || confirming.open.get().map(|()| view! {
            <ConfirmDialog title="Go down to the Standard plan?" message=effects()
                confirm_label="Go down to Standard" pending=pending error=confirming.failed
                on_confirm=move |_| save() on_cancel=confirming.on_close()/>
        })}
    }
}
