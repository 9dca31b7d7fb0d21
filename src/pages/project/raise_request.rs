//! **Raise request** on behalf of a customer, from the queue or a row of the Customers list:
//! an existing customer (found by name or email) or a new email address, which the server adds
//! to the project as a customer when this person may add customers.

use clientele_domain::email::Email;
use clientele_domain::policy::{decide_add_address, Action};
use clientele_domain::wire::request::{CreateRequest, CustomerRequest};
use clientele_domain::wire::Customer;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::requests::flexible_id;
use crate::api::{self, ListParams};
use crate::components::dialog_state::write_action;
use crate::components::feedback::{failed, Feedback};
use crate::components::modal::Modal;
use crate::components::paged_list::SEARCH_DELAY;
use crate::components::request_view::{request_text, RequestTextFields, RequestTypeSelect};
use crate::components::why_not::MaybeWhyNot;
use crate::project_scope::ProjectScope;

/// Customers suggested per search.
const SUGGESTED: usize = 6;

/// What the notice after raising a request says: the request, and for whom.
#[derive(Debug, Clone, PartialEq)]
pub struct Raised {
    /// The request's key, e.g. `ITH-5`.
    pub issue_key: String,
    /// Whom it is for: "Jane Doe (jane@example.com)".
    pub who: String,
    /// They haven't signed up yet.
    pub invited: bool,
}

impl From<&CustomerRequest> for Raised {
    fn from(request: &CustomerRequest) -> Raised {
        Raised {
            issue_key: request.issue_key.clone(),
            who: format!(
                "{} ({})",
                request.reporter.display_name, request.reporter.email_address
            ),
            invited: request.reporter.status == clientele_domain::account::AccountStatus::Invited,
        }
    }
}

/// What was raised, and for whom, said under the page's heading with a link to the request.
#[component]
pub fn RaisedNotice(scope: ProjectScope, raised: RwSignal<Option<Raised>>) -> impl IntoView {
    move || {
        raised.get().map(|Raised { issue_key, who, invited }| {
            let invited = invited
                .then_some(" They haven't signed up yet: the request is waiting in their account, and they were sent a link to sign up.");
            view! {
                <p class="notice" role="status">
                    "Raised "
                    <A href=scope.path(&format!("requests/{issue_key}"))>{issue_key.clone()}</A>
                    {format!(" for {who}.")}
                    {invited}
                </p>
            }
        })
    }
}

/// The dialog. `customer` is the customer it is for when opened from their row.
#[component]
pub fn RaiseRequestDialog(
    scope: ProjectScope,
    #[prop(optional)] customer: Option<Customer>,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_raised: Callback<CustomerRequest>,
) -> impl IntoView {
    let key = scope.project.key.clone();
    let chosen = RwSignal::new(customer);
    let typed = RwSignal::new(String::new());
    let suggestions = RwSignal::new(Vec::<Customer>::new());
    let type_id = RwSignal::new(String::new());
    let summary = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);

    let types = {
        let key = key.clone();
        LocalResource::new(move || {
            let key = key.clone();
            async move { api::requests::list_request_types(&key).await }
        })
    };
    // The first type is chosen until the person picks another.
    Effect::new(move |_| {
        if let Some(Ok(page)) = types.get() {
            if type_id.get_untracked().is_empty() {
                if let Some(first) = page.values.first() {
                    type_id.set(first.id.clone());
                }
            }
        }
    });

    // Suggestions: the project's customers matching what is typed, once typing pauses.
    let searches = StoredValue::new(0u64);
    let on_typed = {
        let key = key.clone();
        move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            typed.set(text.clone());
            let this = searches.get_value() + 1;
            searches.set_value(this);
            let key = key.clone();
            set_timeout(
                move || {
                    if searches.try_get_value() != Some(this) {
                        return;
                    }
                    if text.trim().is_empty() {
                        suggestions.try_set(Vec::new());
                        return;
                    }
                    leptos::task::spawn_local(async move {
                        let params = ListParams {
                            query: text.trim().to_string(),
                            start: 0,
                            limit: SUGGESTED,
                            cursor: None,
                        };
                        let found = api::customers::list_customers(&key, &params, None).await;
                        if searches.try_get_value() == Some(this) {
                            suggestions.try_set(found.map(|p| p.values).unwrap_or_default());
                        }
                    });
                },
                SEARCH_DELAY,
            );
        }
    };

    // What a new address means here: added as a customer, or refused by the policy.
    let address_note = {
        let scope = scope.clone();
        Signal::derive(move || {
            if chosen.with(Option::is_some) {
                return None;
            }
            let text = typed.get();
            let email = Email::parse(text.trim()).ok()?;
            if !scope.can(Action::AddCustomersToProject) {
                return Some(
                    "If this address isn't a customer of this project yet, you can't raise a request for it: \
                     you may not add customers here."
                        .to_string(),
                );
            }
            Some(
                match decide_add_address(scope.role(), email.as_str(), scope.settings()).denial() {
                    Some(denial) => denial.message.clone(),
                    None => format!(
                        "If {} isn't a customer of {} yet, they'll be added and invited.",
                        email.as_str(),
                        scope.project.name
                    ),
                },
            )
        })
    };

    let raise = write_action(
        move |request: &CreateRequest| {
            let request = request.clone();
            async move { api::requests::create_request(&request).await }
        },
        move |_, answer| match answer {
            Ok(request) => on_raised.run(request),
            Err(e) => error.set(Some(failed("Couldn't raise the request", &e))),
        },
    );
    let pending = raise.pending();
    let service_desk = scope.project.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        error.set(None);
        let on_behalf = match chosen.get_untracked() {
            Some(c) => c.account_id,
            None => match Email::parse(typed.get_untracked().trim()) {
                Ok(email) => email.as_str().to_string(),
                Err(_) => {
                    problem.set(Some(
                        "Choose a customer from the suggestions, or type an email address.".into(),
                    ));
                    return;
                }
            },
        };
        let fields = match request_text(&summary.get_untracked(), &description.get_untracked()) {
            Ok(fields) => fields,
            Err(message) => return problem.set(Some(message)),
        };
        let type_id = type_id.get_untracked();
        if type_id.is_empty() {
            return problem.set(Some("Choose a request type.".into()));
        }
        problem.set(None);
        raise.dispatch_local(CreateRequest {
            service_desk_id: flexible_id(&service_desk),
            request_type_id: flexible_id(&type_id),
            request_field_values: fields,
            raise_on_behalf_of: Some(on_behalf),
            request_participants: None,
            organization_id: None,
        });
    };

    let for_field = move || {
        match chosen.get() {
        Some(c) => view! {
            <div class="field">
                <span class="field-label">"For"</span>
                <p class="raise-for-chosen">
                    {format!("{} ({})", c.display_name, c.email_address)}
                    " "
                    <button type="button" class="button-small" on:click=move |_| chosen.set(None)>"Choose someone else"</button>
                </p>
            </div>
        }
        .into_any(),
        None => view! {
            <div class="field">
                <label for="raise-for">"For (a customer's name or email, or a new email address)"</label>
                <input id="raise-for" type="text" autocomplete="off" data-autofocus prop:value=move || typed.get()
                    on:input=on_typed.clone()/>
                <ul class="suggestions" aria-label="Matching customers">
                    {move || suggestions.get().into_iter().map(|c| {
                        let label = format!("{} ({})", c.display_name, c.email_address);
                        let pick = c.clone();
                        view! {
                            <li><button type="button" class="button-quiet suggestion"
                                on:click=move |_| { chosen.set(Some(pick.clone())); suggestions.set(Vec::new()); }>{label}</button></li>
                        }
                    }).collect_view()}
                </ul>
                {move || address_note.get().map(|n| view! { <p class="field-hint muted">{n}</p> })}
            </div>
        }
        .into_any(),
    }
    };

    let type_field = {
        let settings_path = scope.path("settings/request-types");
        move || match types.get() {
            None => view! { <p class="muted" role="status">"Loading request types…"</p> }.into_any(),
            Some(Err(e)) => {
                view! { <p class="error" role="alert">{failed("Couldn't load the request types", &e)}</p> }
                    .into_any()
            }
            Some(Ok(page)) if page.values.is_empty() => view! {
                <p class="error" role="alert">
                    "This project has no request types, so no request can be raised. "
                    <a href=settings_path.clone()>"Request types"</a>
                </p>
            }
            .into_any(),
            Some(Ok(page)) => {
                let types = page.values.into_iter().map(|t| (t.id, t.name)).collect();
                view! { <RequestTypeSelect label="Request type" types=types chosen=type_id/> }.into_any()
            }
        }
    };

    view! {
        <Modal labelled_by="raise-title" on_close=on_close class="raise-dialog">
            <h2 id="raise-title">{format!("Raise a request in {}", scope.project.name)}</h2>
            <form on:submit=submit novalidate>
                {for_field}
                <MaybeWhyNot question="Why can't I raise requests for new addresses?"
                    denial=scope.why_not(Action::AddCustomersToProject)/>
                {type_field}
                <RequestTextFields summary=summary description=description rows=5/>
                <Feedback error=Signal::derive(move || problem.get().or_else(|| error.get()))/>
                <div class="dialog-buttons">
                    <button type="submit" class="button-primary" disabled=move || pending.get()>
                        {move || if pending.get() { "Raising…" } else { "Raise request" }}
                    </button>
                    <button type="button" on:click=move |_| on_close.run(())>"Cancel"</button>
                </div>
            </form>
        </Modal>
    }
}
