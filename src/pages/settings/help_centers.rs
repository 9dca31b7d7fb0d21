//! Settings → Help centers: where customers sign up and sign in. List, add (Premium: the policy
//! says why not on Standard), rename, remove (never the last one).

use clientele_domain::names::HelpCenterName;
use clientele_domain::policy::{self, Action, Denial, GlobalSettings, Role};
use clientele_domain::wire::HelpCenter;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::dialog_state::{write_action, DialogState};
use crate::components::feedback::{failed, Feedback};
use crate::components::modal::{return_focus_to, Modal};
use crate::components::why_not::MaybeWhyNot;
use crate::session::Session;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Open {
    Rename(HelpCenter),
    Remove(HelpCenter),
}

/// A change asked for from a dialog.
#[derive(Debug, Clone)]
enum Change {
    /// Rename the help center to the name given.
    Rename(HelpCenter, String),
    Remove(HelpCenter),
}

/// The page.
#[component]
pub fn HelpCentersPage() -> impl IntoView {
    crate::pages::project::reread_myself_on_navigation();
    let session = Session::use_session();
    let role = Memo::new(move |_| {
        session
            .me()
            .map_or(Role::Anonymous, |me| Role::effective(true, me.site_admin, None))
    });
    let loaded = RwSignal::new(None::<Result<(GlobalSettings, Vec<HelpCenter>), ApiError>>);
    let reloads = RwSignal::new(0u32);
    Effect::new(move |_| {
        reloads.track();
        leptos::task::spawn_local(async move {
            let answer = async {
                let saved = api::settings::settings().await?;
                let settings = GlobalSettings {
                    agents_can_manage_organizations: saved.agents_can_manage_organizations.unwrap_or(false),
                    customer_service_management: saved.customer_service_management.unwrap_or(false),
                    plan: saved.plan.unwrap_or_default(),
                    managed_domains: Vec::new(),
                };
                Ok((settings, api::settings::help_centers().await?))
            }
            .await;
            loaded.try_set(Some(answer));
        });
    });
    // The policy's answer under the settings just read, not the ones the app loaded at start.
    let add_refusal = Memo::new(move |_| {
        loaded.with(|l| match l {
            Some(Ok((settings, _))) => policy::decide(role.get(), Action::AddHelpCenter, settings, None)
                .denial()
                .cloned(),
            _ => None,
        })
    });
    let centers = Memo::new(move |_| {
        loaded.with(|l| match l {
            Some(Ok((_, centers))) => centers.clone(),
            _ => Vec::new(),
        })
    });
    let notice = RwSignal::new(None::<String>);
    let reload = move || reloads.update(|n| *n += 1);

    view! {
        <div class="page-header"><h1>"Help centers"</h1></div>
        <p class="muted">"Where customers sign up and sign in. Each has its own address; customers can use any of them."</p>
        <Feedback notice=notice/>
        {move || match loaded.get() {
            None => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert">{failed("Couldn't load the help centers", &e)}</p> }.into_any(),
            Some(Ok(_)) => ().into_any(),
        }}
        <Show when=move || matches!(loaded.get(), Some(Ok(_)))>
            <AddHelpCenterForm refusal=add_refusal notice=notice on_added=move |_| reload()/>
            <HelpCenterList centers=centers notice=notice on_changed=move |_| reload()/>
        </Show>
    }
}

/// "Add a help center", or why not.
#[component]
fn AddHelpCenterForm(
    refusal: Memo<Option<Denial>>,
    notice: RwSignal<Option<String>>,
    #[prop(into)] on_added: Callback<()>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let send = write_action(
        |wanted: &String| {
            let wanted = wanted.clone();
            async move { api::settings::add_help_center(&wanted).await }
        },
        move |_, outcome| match outcome {
            Ok(hc) => {
                name.set(String::new());
                notice.set(Some(format!("Added {} at /help/{}.", hc.name, hc.slug)));
                on_added.run(());
            }
            Err(e) => problem.set(Some(failed("Couldn't add it", &e))),
        },
    );
    let adding = send.pending();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let wanted = name.get_untracked().trim().to_string();
        if let Err(refused) = HelpCenterName::parse(&wanted) {
            problem.set(Some(refused.message()));
            return;
        }
        problem.set(None);
        send.dispatch_local(wanted);
    };
    move || {
        match refusal.get() {
        Some(denial) => view! {
            <div class="why-nots">
                <MaybeWhyNot question="Why can't I add help centers?" denial=Some(denial)/>
            </div>
        }
        .into_any(),
        None => view! {
            <form class="settings-form" on:submit=add novalidate>
                <label for="new-help-center">"Add a help center"</label>
                <p class="muted field-hint" id="new-help-center-hint">"Its address is made from the name: /help/name."</p>
                <div class="inline-form">
                    <input id="new-help-center" type="text" autocomplete="off" maxlength=HelpCenterName::MAX.to_string()
                        aria-describedby="new-help-center-hint new-help-center-problem" bind:value=name/>
                    <button type="submit" class="button-primary" disabled=move || adding.get()>
                        {move || if adding.get() { "Adding…" } else { "Add" }}
                    </button>
                </div>
                <p id="new-help-center-problem" class="field-error" aria-live="polite">{move || problem.get()}</p>
            </form>
        }
        .into_any(),
    }
    }
}

/// The help centers, with Rename and Remove.
#[component]
fn HelpCenterList(
    centers: Memo<Vec<HelpCenter>>,
    notice: RwSignal<Option<String>>,
    #[prop(into)] on_changed: Callback<()>,
) -> impl IntoView {
    // Renaming or removing, each from its dialog.
    let dialogs = DialogState::<Open, Change, String>::new(
        notice,
        |change: &Change| {
            let change = change.clone();
            async move {
                match change {
                    Change::Rename(hc, wanted) => api::settings::rename_help_center(&hc.id, &wanted)
                        .await
                        .map(|renamed| format!("Renamed {} to {}.", hc.name, renamed.name)),
                    Change::Remove(hc) => api::settings::remove_help_center(&hc.id)
                        .await
                        .map(|()| format!("Removed {}.", hc.name)),
                }
            }
        },
        move |dialogs, change, outcome| match outcome {
            Ok(done) => {
                return_focus_to(&["#new-help-center", "#help-centers-title"]);
                dialogs.done(done);
                on_changed.run(());
            }
            Err(e) => dialogs.failed.set(Some(failed(
                match change {
                    Change::Rename(..) => "Couldn't rename it",
                    Change::Remove(_) => "Couldn't remove it",
                },
                &e,
            ))),
        },
    );
    let (pending, dialog_error) = (dialogs.pending(), dialogs.failed);
    let show = move |what: Open| dialogs.show(what);
    let send = move |change: Change| {
        dialogs.failed.set(None);
        dialogs.send(change);
    };
    let remove = move |_| {
        if let Some(Open::Remove(hc)) = dialogs.opened() {
            send(Change::Remove(hc));
        }
    };
    let rename = move |hc: HelpCenter, wanted: String| send(Change::Rename(hc, wanted));
    let rows = move || {
        let all = centers.get();
        let only_one = all.len() < 2;
        all.into_iter()
            .map(|hc| {
                let (rename_label, remove_label) = (format!("Rename {}", hc.name), format!("Remove {}", hc.name));
                let (a, b) = (hc.clone(), hc.clone());
                view! {
                    <tr>
                        <td>{hc.name.clone()} {hc.is_default.then(|| view! { <span class="status">"Default"</span> })}</td>
                        <td class="email">{format!("/help/{}", hc.slug)}</td>
                        <td class="row-actions">
                            <button type="button" class="button-small" aria-label=rename_label
                                on:click=move |_| show(Open::Rename(a.clone()))>"Rename"</button>
                            {(!only_one).then(|| view! {
                                <button type="button" class="button-small" aria-label=remove_label
                                    on:click=move |_| show(Open::Remove(b.clone()))>"Remove"</button>
                            })}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    let open_dialog = move || {
        Some(match dialogs.open.get()? {
            Open::Rename(hc) => view! {
                <RenameHelpCenterDialog current=hc.clone() pending=pending error=dialog_error
                    on_save=move |wanted: String| rename(hc.clone(), wanted) on_cancel=dialogs.on_close()/>
            }
            .into_any(),
            Open::Remove(hc) => {
                let default = if hc.is_default {
                    " It is the default: the oldest remaining help center becomes the default."
                } else {
                    ""
                };
                view! {
                    <ConfirmDialog title=format!("Remove {}?", hc.name)
                        message=format!(
                            "Customers can still sign in through the other help centers. Links already sent that \
                             point at /help/{} won't open it any more.{default}",
                            hc.slug
                        )
                        confirm_label="Remove" pending=pending error=dialog_error
                        on_confirm=remove on_cancel=dialogs.on_close()/>
                }
                .into_any()
            }
        })
    };
    view! {
        <section class="section" aria-labelledby="help-centers-title">
            <h2 id="help-centers-title" tabindex="-1">"The site's help centers"</h2>
            <div class="table-wrap">
                <table class="data-table">
                    <caption class="visually-hidden">"Help centers"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Address"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <Show when=move || centers.with(|c| c.len() == 1)>
                <p class="muted field-hint">"The only help center can't be removed: customers need one to sign in."</p>
            </Show>
        </section>
        {open_dialog}
    }
}

/// "Rename" a help center; its address stays.
#[component]
fn RenameHelpCenterDialog(
    current: HelpCenter,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] on_save: Callback<String>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let name = RwSignal::new(current.name.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_save.run(name.get_untracked().trim().to_string());
    };
    view! {
        <Modal labelled_by="rename-help-center-title" on_close=on_cancel>
            <form on:submit=submit novalidate>
                <h2 id="rename-help-center-title">{format!("Rename {}", current.name)}</h2>
                <label for="help-center-name">"Name"</label>
                <p class="muted field-hint">{format!("Its address stays /help/{}.", current.slug)}</p>
                <input id="help-center-name" type="text" autocomplete="off" maxlength=HelpCenterName::MAX.to_string()
                    data-autofocus bind:value=name/>
                <Feedback error=error/>
                <div class="dialog-buttons">
                    <button type="submit" class="button-primary" disabled=move || pending.get()>
                        {move || if pending.get() { "Saving…" } else { "Rename" }}
                    </button>
                    <button type="button" on:click=move |_| on_cancel.run(())>"Cancel"</button>
                </div>
            </form>
        </Modal>
    }
}
