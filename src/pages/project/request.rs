//! `/projects/{KEY}/requests/{REQ-KEY}`: one request as the service desk works on it: the
//! conversation with internal notes (marked), Reply and Add internal note, the status
//! transitions the server offers, participants (add and remove), and the organization it is
//! shared with. Every control asks the policy with where this person stands.

use clientele_domain::policy::{decide_on_request, RequestAction, RequestStanding};
use clientele_domain::wire::request::{
    AdditionalComment, CommentInput, CustomerRequest, ParticipantsInput, RequestComment, RequestTransition,
    SharingInput, TransitionInput,
};
use clientele_domain::wire::{Customer, OrganizationRef};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::attached_organizations;
use crate::api::requests::flexible_id;
use crate::api::{self, ApiError};
use crate::components::dialog_state::write_action;
use crate::components::feedback::{failed, Feedback};
use crate::components::request_view::{
    kept_while_reloading, standing, CommentBox, CommentButton, Conversation, RequestDetails,
};
use crate::components::why_not::MaybeWhyNot;
use crate::project_scope::{use_project, ProjectScope};

/// Everything the page shows, loaded together.
#[derive(Debug, Clone, PartialEq)]
struct Loaded {
    request: CustomerRequest,
    comments: Vec<RequestComment>,
    transitions: Vec<RequestTransition>,
    participants: Vec<Customer>,
}

async fn load(key: &str) -> Result<Loaded, ApiError> {
    let request = api::requests::get_request(key).await?;
    let comments = api::requests::list_comments(key, true).await?.values;
    let transitions = api::requests::list_transitions(key).await?.values;
    let participants = api::requests::list_participants(key).await?.values;
    Ok(Loaded {
        request,
        comments,
        transitions,
        participants,
    })
}

/// A change to the request, and what it is called once done.
#[derive(Debug, Clone, PartialEq)]
enum Change {
    Comment { body: String, public: bool },
    Transition(RequestTransition),
    AddParticipant(String),
    RemoveParticipant(Box<Customer>),
    Share(Option<OrganizationRef>),
}

async fn apply(key: &str, change: &Change) -> Result<String, ApiError> {
    match change {
        Change::Comment { body, public } => {
            let input = CommentInput {
                body: body.clone(),
                public: Some(*public),
            };
            api::requests::add_comment(key, &input).await?;
            Ok(if *public {
                "Replied: the customer sees your reply.".into()
            } else {
                "Added an internal note: customers don't see it.".into()
            })
        }
        Change::Transition(t) => {
            let input = TransitionInput {
                id: flexible_id(&t.id),
                additional_comment: None::<AdditionalComment>,
            };
            api::requests::transition(key, &input).await?;
            Ok(format!("Done: {}.", t.name))
        }
        Change::AddParticipant(who) => {
            let input = ParticipantsInput {
                account_ids: vec![who.clone()],
                usernames: None,
            };
            api::requests::add_participants(key, &input).await?;
            Ok(format!("Added {who} as a participant."))
        }
        Change::RemoveParticipant(c) => {
            let input = ParticipantsInput {
                account_ids: vec![c.account_id.clone()],
                usernames: None,
            };
            api::requests::remove_participants(key, &input).await?;
            Ok(format!("{} no longer participates.", c.display_name))
        }
        Change::Share(org) => {
            let input = SharingInput {
                organization_id: org.as_ref().map(|o| flexible_id(&o.id)),
            };
            api::requests::share_request(key, &input).await?;
            Ok(match org {
                Some(o) => format!("Shared with {}: its members can see this request.", o.name),
                None => "No longer shared with an organization.".into(),
            })
        }
    }
}

/// The page, for the project in context and the request in the address.
#[component]
pub fn AgentRequestPage() -> impl IntoView {
    super::reread_myself_on_navigation();
    let scope = use_project();
    let params = use_params_map();
    let key = Memo::new(move |_| params.read().get("reqkey").unwrap_or_default());
    move || {
        let key = key.get();
        scope
            .get()
            .map(|scope| view! { <AgentRequest scope=scope request_key=key/> })
    }
}

#[component]
fn AgentRequest(scope: ProjectScope, request_key: String) -> impl IntoView {
    let reloads = RwSignal::new(0u32);
    let loaded = {
        let key = request_key.clone();
        LocalResource::new(move || {
            reloads.track();
            let key = key.clone();
            async move { load(&key).await }
        })
    };
    let shown = kept_while_reloading(loaded);
    let organizations = {
        let key = scope.project.key.clone();
        LocalResource::new(move || {
            let key = key.clone();
            async move { attached_organizations(&key).await }
        })
    };
    let notice = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let comment_error = RwSignal::new(None::<String>);
    let comment_text = RwSignal::new(String::new());
    let change = {
        let key = request_key.clone();
        write_action(
            move |change: &Change| {
                let (key, change) = (key.clone(), change.clone());
                async move { apply(&key, &change).await }
            },
            move |change, answer| match answer {
                Ok(done) => {
                    if matches!(change, Change::Comment { .. }) {
                        comment_text.set(String::new());
                    }
                    notice.set(Some(done));
                    reloads.update(|n| *n += 1);
                }
                Err(e) => {
                    let message = failed("That didn't work", &e);
                    if matches!(change, Change::Comment { .. }) {
                        comment_error.set(Some(message));
                    } else {
                        error.set(Some(message));
                    }
                }
            },
        )
    };
    let pending = change.pending();
    let send = move |c: Change| {
        if !pending.get_untracked() {
            notice.set(None);
            error.set(None);
            comment_error.set(None);
            change.dispatch_local(c);
        }
    };

    let back = scope.path("queue");
    let page = move || match shown.get() {
        None => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
        Some(Err(e)) => view! {
            <h2>"Request not found"</h2>
            <p class="error" role="alert">{failed("Couldn't open this request", &e)}</p>
        }
        .into_any(),
        Some(Ok(l)) => {
            let me = scope.me.clone();
            let standing = standing(&me, &l.request, &l.participants);
            view! {
                <RequestDetails request=l.request.clone()/>
                <Feedback notice=notice error=error/>
                <StatusControls transitions=l.transitions.clone() pending=pending
                    on_take=Callback::new(move |t| send(Change::Transition(t)))/>
                <section class="section" aria-labelledby="conversation-title">
                    <h3 id="conversation-title">"Conversation"</h3>
                    <Conversation comments=l.comments.clone()/>
                    <AgentCommentBox standing=standing pending=pending error=comment_error text=comment_text
                        on_send=Callback::new(move |(body, public)| send(Change::Comment { body, public }))/>
                </section>
                <Participants standing=standing participants=l.participants.clone() pending=pending
                    on_add=Callback::new(move |who| send(Change::AddParticipant(who)))
                    on_remove=Callback::new(move |c| send(Change::RemoveParticipant(Box::new(c))))/>
                <Sharing standing=standing request=l.request.clone() pending=pending
                    organizations=Signal::derive(move || organizations.get().and_then(Result::ok).unwrap_or_default())
                    on_share=Callback::new(move |org| send(Change::Share(org)))/>
            }
            .into_any()
        }
    };
    view! {
        <p class="back-link"><A href=back>"← Queue"</A></p>
        {page}
    }
}

/// The status transitions the server offers this person now.
#[component]
fn StatusControls(
    transitions: Vec<RequestTransition>,
    #[prop(into)] pending: Signal<bool>,
    on_take: Callback<RequestTransition>,
) -> impl IntoView {
    if transitions.is_empty() {
        return ().into_any();
    }
    let buttons = transitions
        .into_iter()
        .map(|t| {
            let label = t.name.clone();
            view! {
                <button type="button" class="transition" disabled=move || pending.get()
                    on:click=move |_| on_take.run(t.clone())>{label}</button>
            }
        })
        .collect_view();
    view! {
        <div class="request-actions" role="group" aria-label="Change the status">
            <span class="muted">"Change the status: "</span>
            {buttons}
        </div>
    }
    .into_any()
}

/// Reply (public) and Add internal note, as far as the policy lets this person.
#[component]
fn AgentCommentBox(
    standing: RequestStanding,
    #[prop(into)] pending: Signal<bool>,
    error: RwSignal<Option<String>>,
    text: RwSignal<String>,
    on_send: Callback<(String, bool)>,
) -> impl IntoView {
    let mut buttons = Vec::new();
    if decide_on_request(RequestAction::Comment, &standing).is_allowed() {
        buttons.push(CommentButton {
            label: "Reply to customer",
            public: true,
        });
    }
    let notes = decide_on_request(RequestAction::InternalNote, &standing);
    if notes.is_allowed() {
        buttons.push(CommentButton {
            label: "Add internal note",
            public: false,
        });
    }
    view! {
        <CommentBox label="Reply or add an internal note" buttons=buttons pending=pending error=error
            on_send=on_send text=text/>
        <MaybeWhyNot question="Why can't I add internal notes?" denial=notes.denial().cloned()/>
    }
}

/// The participants, with Remove and an Add field for those who may change them.
#[component]
fn Participants(
    standing: RequestStanding,
    participants: Vec<Customer>,
    #[prop(into)] pending: Signal<bool>,
    on_add: Callback<String>,
    on_remove: Callback<Customer>,
) -> impl IntoView {
    let decision = decide_on_request(RequestAction::ManageParticipants, &standing);
    let may = decision.is_allowed();
    let typed = RwSignal::new(String::new());
    let list = if participants.is_empty() {
        view! { <p class="muted">"Nobody else follows this request."</p> }.into_any()
    } else {
        let items = participants
            .into_iter()
            .map(|c| {
                let name = format!("{} ({})", c.display_name, c.email_address);
                let label = format!("Remove {} from the participants", c.display_name);
                let remove = may.then(|| {
                    view! {
                        <button type="button" class="button-small" aria-label=label disabled=move || pending.get()
                            on:click=move |_| on_remove.run(c.clone())>"Remove"</button>
                    }
                });
                view! { <li>{name} " " {remove}</li> }
            })
            .collect_view();
        view! { <ul class="participants">{items}</ul> }.into_any()
    };
    let add = may.then(|| {
        view! {
            <form class="inline-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let who = typed.get_untracked().trim().to_string();
                if !who.is_empty() {
                    on_add.run(who);
                    typed.set(String::new());
                }
            }>
                <label for="participant-email">"Add a participant (a customer's email)"</label>
                <input id="participant-email" type="text" autocomplete="off" prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))/>
                <button type="submit" disabled=move || pending.get()>"Add"</button>
            </form>
        }
    });
    view! {
        <section class="section" aria-labelledby="participants-title">
            <h3 id="participants-title">"Participants"</h3>
            {list}
            {add}
            <MaybeWhyNot question="Why can't I change the participants?" denial=decision.denial().cloned()/>
        </section>
    }
}

/// The organization the request is shared with, and a choice among the project's attached
/// organizations (the reporter's, when the server says which they belong to).
#[component]
fn Sharing(
    standing: RequestStanding,
    request: CustomerRequest,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] organizations: Signal<Vec<OrganizationRef>>,
    on_share: Callback<Option<OrganizationRef>>,
) -> impl IntoView {
    let decision = decide_on_request(RequestAction::Share, &standing);
    let current = request.organization.clone();
    let reporters = request.reporter.organizations.clone();
    let choices = Signal::derive(move || {
        let attached = organizations.get();
        match &reporters {
            Some(theirs) => attached
                .into_iter()
                .filter(|o| theirs.iter().any(|t| t.id == o.id))
                .collect(),
            None => attached,
        }
    });
    let chosen = RwSignal::new(current.as_ref().map(|o| o.id.clone()).unwrap_or_default());
    let state = match &current {
        Some(o) => format!("Shared with {}: its members can see this request.", o.name),
        None => "Not shared with an organization.".into(),
    };
    let controls = decision.is_allowed().then(|| {
        let stop = current.is_some().then(|| {
            view! {
                <button type="button" disabled=move || pending.get() on:click=move |_| on_share.run(None)>"Stop sharing"</button>
            }
        });
        view! {
            <div class="inline-form">
                <label for="share-with">"Share with"</label>
                <select id="share-with" on:change=move |ev| chosen.set(event_target_value(&ev))>
                    <option value="" selected=move || chosen.get().is_empty()>"Choose an organization"</option>
                    {move || choices.get().into_iter().map(|o| {
                        let id = o.id.clone();
                        view! { <option value=o.id selected=move || chosen.get() == id>{o.name}</option> }
                    }).collect_view()}
                </select>
                <button type="button" disabled=move || pending.get() on:click=move |_| {
                    let id = chosen.get_untracked();
                    if let Some(org) = choices.get_untracked().into_iter().find(|o| o.id == id) {
                        on_share.run(Some(org));
                    }
                }>"Share"</button>
                {stop}
            </div>
        }
    });
    view! {
        <section class="section" aria-labelledby="sharing-title">
            <h3 id="sharing-title">"Sharing"</h3>
            <p class="request-sharing">{state}</p>
            {controls}
            <MaybeWhyNot question="Why can't I change who this request is shared with?" denial=decision.denial().cloned()/>
        </section>
    }
}
