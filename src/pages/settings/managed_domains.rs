//! Settings → Managed domains: addresses in these domains can only be added by site admins.
//! List, add (the server validates and normalizes a domain as the email parser does, and the
//! page shows the result), remove.

use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::dialog_state::{write_action, DialogState};
use crate::components::feedback::{failed, Feedback};
use crate::components::modal::return_focus_to;

/// The page.
#[component]
pub fn ManagedDomainsPage() -> impl IntoView {
    crate::pages::project::reread_myself_on_navigation();
    let domains = RwSignal::new(None::<Result<Vec<String>, ApiError>>);
    let reloads = RwSignal::new(0u32);
    Effect::new(move |_| {
        reloads.track();
        leptos::task::spawn_local(async move {
            domains.try_set(Some(api::settings::managed_domains().await));
        });
    });
    let typed = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let reload = move || reloads.update(|n| *n += 1);

    let send = write_action(
        |domain: &String| {
            let domain = domain.clone();
            async move { api::settings::add_managed_domain(&domain).await }
        },
        move |domain: String, outcome| match outcome {
            Ok(normalized) => {
                let as_typed = domain.trim();
                let note = if as_typed == normalized {
                    String::new()
                } else {
                    format!(" (you typed “{as_typed}”)")
                };
                typed.set(String::new());
                notice.set(Some(format!(
                    "Added {normalized}{note}. Only site admins can add people from it now."
                )));
                reload();
            }
            // Said at the field, and what was typed stays.
            Err(e) if e.status == 400 || e.status == 409 => problem.set(Some(e.message)),
            Err(e) => problem.set(Some(failed("Couldn't add the domain", &e))),
        },
    );
    let adding = send.pending();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if adding.get_untracked() {
            return;
        }
        let domain = typed.get_untracked();
        if domain.trim().is_empty() {
            problem.set(Some("Type a domain, such as example.com.".into()));
            return;
        }
        problem.set(None);
        notice.set(None);
        send.dispatch_local(domain);
    };
    // Removing a domain, from its confirmation dialog (the domain is what is open).
    let removing = DialogState::<String, String, ()>::new(
        notice,
        |domain: &String| {
            let domain = domain.clone();
            async move { api::settings::remove_managed_domain(&domain).await }
        },
        move |dialogs, domain, outcome| match outcome {
            Ok(()) => {
                return_focus_to(&["#managed-domain"]);
                dialogs.done(format!(
                    "Removed {domain}. Agents and project admins can add people from it again."
                ));
                reload();
            }
            Err(e) => dialogs.failed.set(Some(failed("Couldn't remove it", &e))),
        },
    );
    let confirm_remove = move |_| {
        if let Some(domain) = removing.opened() {
            removing.failed.set(None);
            removing.send(domain);
        }
    };

    let list = move || match domains.get() {
        None => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
        Some(Err(e)) => {
            view! { <p class="error" role="alert">{failed("Couldn't load the managed domains", &e)}</p> }
                .into_any()
        }
        Some(Ok(list)) if list.is_empty() => view! {
            <p class="empty-state">"No managed domains: agents can add people from any domain."</p>
        }
        .into_any(),
        Some(Ok(list)) => {
            let rows = list
                .into_iter()
                .map(|domain| {
                    let label = format!("Remove {domain}");
                    let which = domain.clone();
                    view! {
                        <li>
                            <span class="email">{domain}</span>
                            <button type="button" class="button-small" aria-label=label
                                on:click=move |_| removing.show(which.clone())>"Remove"</button>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="found-list settings-list" aria-label="Managed domains">{rows}</ul> }.into_any()
        }
    };

    view! {
        <div class="page-header"><h1>"Managed domains"</h1></div>
        <p class="muted">
            "People whose address is in a managed domain can only be added by site admins, and can't sign up by \
             themselves. Subdomains are listed on their own."
        </p>
        <Feedback notice=notice/>
        <form class="settings-form" on:submit=add novalidate>
            <label for="managed-domain">"Add a domain"</label>
            <div class="inline-form">
                <input id="managed-domain" type="text" autocomplete="off" spellcheck="false" placeholder="example.com"
                    aria-describedby="managed-domain-problem" aria-invalid=move || problem.with(Option::is_some).to_string()
                    bind:value=typed on:input=move |_| problem.set(None)/>
                <button type="submit" class="button-primary" disabled=move || adding.get()>
                    {move || if adding.get() { "Adding…" } else { "Add" }}
                </button>
            </div>
            <p id="managed-domain-problem" class="field-error" aria-live="polite">{move || problem.get()}</p>
        </form>
        <section class="section" aria-labelledby="managed-domains-title">
            <h2 id="managed-domains-title">"Managed now"</h2>
            {list}
        </section>
        {move || removing.open.get().map(|domain| view! {
            <ConfirmDialog title=format!("Stop managing {domain}?")
                message=format!("Agents and project admins will be able to add people from {domain}, and they can sign up by themselves where public sign-up is on.")
                confirm_label="Remove" pending=removing.pending() error=removing.failed
                on_confirm=confirm_remove on_cancel=removing.on_close()/>
        })}
    }
}
