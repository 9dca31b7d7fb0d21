//! `/projects/{KEY}/settings/access`: who may get into the service project — public sign-up and
//! the "Customer invited" notification — for its project admins and site admins.

use clientele_domain::policy::Action;
use clientele_domain::wire::ProjectAccess;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::dialog_state::write_action;
use crate::components::feedback::{failed, Feedback};
use crate::components::why_not::who_can_change;
use crate::project_scope::{use_project, ProjectScope};

/// What public sign-up does, in one sentence.
pub const PUBLIC_SIGNUP: &str = "On: anyone can sign up through the help center and raise requests here, \
     besides the customers you add. Off: only people who were added or invited, or who belong to an \
     attached organization, get in.";

/// What the "Customer invited" notification does for a newly added customer, in one sentence.
pub const CUSTOMER_INVITED: &str = "On: a newly added customer gets an invitation email with a sign-up \
     link. Off: they get an email asking them to verify their address instead.";

/// The page, for the project in context.
#[component]
pub fn ProjectAccessPage() -> impl IntoView {
    super::reread_myself_on_navigation();
    let scope = use_project();
    move || {
        scope.get().map(|scope| {
            if scope.can(Action::ManageProjectAccess) {
                view! { <AccessSettings scope=scope/> }.into_any()
            } else {
                let denial = scope.why_not(Action::ManageProjectAccess);
                view! {
                    <h2>"You can't open this project's access settings"</h2>
                    <p>{denial.as_ref().map_or_else(
                        || "Only project admins and site admins can change a service project's access settings.".to_string(),
                        |d| d.message.clone(),
                    )}</p>
                    {denial.map(|d| view! {
                        <p class="muted">"Who can help: " {who_can_change(d.who_can_change)} "."</p>
                    })}
                    <p><a href=scope.path("customers")>"Go to Customers"</a></p>
                }
                .into_any()
            }
        })
    }
}

#[component]
fn AccessSettings(scope: ProjectScope) -> impl IntoView {
    let key = scope.project.key.clone();
    let loaded = RwSignal::new(None::<Result<ProjectAccess, ApiError>>);
    {
        let key = key.clone();
        leptos::task::spawn_local(async move {
            loaded.try_set(Some(api::settings::access(&key).await));
        });
    }
    view! {
        <div class="page-header"><h2>"Access"</h2></div>
        <p class="muted">{format!("Who can get into {} through the help center.", scope.project.name)}</p>
        {move || match loaded.get() {
            None => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
            Some(Err(e)) => view! {
                <p class="error" role="alert">{failed("Couldn't load the access settings", &e)}</p>
            }
            .into_any(),
            Some(Ok(saved)) => view! { <AccessForm project_key=key.clone() saved=saved/> }.into_any(),
        }}
    }
}

#[component]
fn AccessForm(project_key: String, saved: ProjectAccess) -> impl IntoView {
    let public_signup = RwSignal::new(saved.public_signup.unwrap_or(false));
    let invited = RwSignal::new(saved.customer_invited_notification.unwrap_or(true));
    let notice = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let save = write_action(
        move |changes: &ProjectAccess| {
            let (key, changes) = (project_key.clone(), changes.clone());
            async move { api::settings::save_access(&key, &changes).await }
        },
        move |_, outcome| match outcome {
            Ok(now) => {
                public_signup.set(now.public_signup.unwrap_or(false));
                invited.set(now.customer_invited_notification.unwrap_or(true));
                notice.set(Some(
                    "Saved. It applies to the next person who signs up or is added.".into(),
                ));
            }
            Err(e) => error.set(Some(failed("Couldn't save; your choices are still here", &e))),
        },
    );
    let pending = save.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        notice.set(None);
        error.set(None);
        save.dispatch_local(ProjectAccess {
            public_signup: Some(public_signup.get_untracked()),
            customer_invited_notification: Some(invited.get_untracked()),
        });
    };
    view! {
        <Feedback notice=notice error=error/>
        <form class="settings-form" on:submit=submit novalidate>
            <fieldset>
                <legend>"Public sign-up"</legend>
                <label class="checkbox-label">
                    <input type="checkbox" id="public-signup" bind:checked=public_signup aria-describedby="public-signup-what"/>
                    "Anyone can sign up through the help center"
                </label>
                <p class="muted field-hint" id="public-signup-what">{PUBLIC_SIGNUP}</p>
            </fieldset>
            <fieldset>
                <legend>"\u{201c}Customer invited\u{201d} notification"</legend>
                <label class="checkbox-label">
                    <input type="checkbox" id="customer-invited" bind:checked=invited aria-describedby="customer-invited-what"/>
                    "Send newly added customers an invitation"
                </label>
                <p class="muted field-hint" id="customer-invited-what">{CUSTOMER_INVITED}</p>
            </fieldset>
            <div class="dialog-buttons">
                <button type="submit" class="button-primary" disabled=move || pending.get()>
                    {move || if pending.get() { "Saving…" } else { "Save" }}
                </button>
            </div>
        </form>
    }
}
