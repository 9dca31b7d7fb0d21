//! The optional fields of "Add customers": the organization to add them to, and the help
//! center their invitation points at.

use clientele_domain::wire::{HelpCenter, OrganizationRef};
use leptos::prelude::*;

/// The optional Organization select: none (the project only) or one attached organization.
#[component]
pub fn OrganizationSelect(
    organizations: Signal<Vec<OrganizationRef>>,
    selected: RwSignal<String>,
) -> impl IntoView {
    move || {
        let orgs = organizations.get();
        if orgs.is_empty() {
            return None;
        }
        let options = orgs
            .into_iter()
            .map(|org| {
                let id = org.id.clone();
                view! { <option value=org.id selected=move || selected.get() == id>{org.name}</option> }
            })
            .collect_view();
        Some(view! {
            <label for="add-customers-organization">"Organization"</label>
            <p class="muted field-hint" id="add-customers-organization-hint">
                "Optional. Members of an organization can raise requests in every service project it is attached to."
            </p>
            <select id="add-customers-organization" aria-describedby="add-customers-organization-hint"
                on:change=move |ev| selected.set(event_target_value(&ev))>
                <option value="" selected=move || selected.get().is_empty()>"None: add to the project only"</option>
                {options}
            </select>
        })
    }
}

/// The Help center select (Premium, several help centers).
#[component]
pub fn HelpCenterSelect(help_centers: Vec<HelpCenter>, selected: RwSignal<String>) -> impl IntoView {
    let options = help_centers
        .into_iter()
        .map(|hc| {
            let id = hc.id.clone();
            let name = if hc.is_default {
                format!("{} (default)", hc.name)
            } else {
                hc.name
            };
            view! { <option value=hc.id selected=move || selected.get() == id>{name}</option> }
        })
        .collect_view();
    view! {
        <label for="add-customers-help-center">"Help center"</label>
        <p class="muted field-hint" id="add-customers-help-center-hint">
            "The invitation points at this help center; the customers can still use the others."
        </p>
        <select id="add-customers-help-center" aria-describedby="add-customers-help-center-hint"
            on:change=move |ev| selected.set(event_target_value(&ev))>
            {options}
        </select>
    }
}
