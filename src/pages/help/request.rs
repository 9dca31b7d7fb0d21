//! `/help/{hc}/requests/{KEY}`: one request as a customer sees it (the page the mail links to):
//! the public conversation, **Add comment**, and **Resolve this request** / **Reopen** for the
//! reporter; anyone else who sees it is told why they can't.

use clientele_domain::policy::{Decision, RequestStanding};
use clientele_domain::request::Transition;
use clientele_domain::wire::request::{CommentInput, CustomerRequest, RequestComment, TransitionInput};
use clientele_domain::wire::{Customer, HelpCenter, Myself};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::signed_in::{signed_in_page, CustomerWhyNot};
use super::{help_path, use_help_center};
use crate::api::requests::flexible_id;
use crate::api::{self, ApiError};
use crate::components::dialog_state::write_action;
use crate::components::feedback::{failed, Feedback};
use crate::components::request_view::{
    kept_while_reloading, standing, transition_choices, CommentBox, CommentButton, Conversation,
    RequestDetails,
};

/// The request and its public conversation, loaded together.
#[derive(Debug, Clone, PartialEq)]
struct Loaded {
    request: CustomerRequest,
    comments: Vec<RequestComment>,
    participants: Vec<Customer>,
}

async fn load(key: &str) -> Result<Loaded, ApiError> {
    let request = api::requests::get_request(key).await?;
    let comments = api::requests::list_comments(key, false).await?.values;
    let participants = api::requests::list_participants(key).await?.values;
    Ok(Loaded {
        request,
        comments,
        participants,
    })
}

/// A change the customer makes.
#[derive(Debug, Clone, PartialEq)]
enum Change {
    Comment(String),
    Take(Transition),
}

/// The page.
#[component]
pub fn HelpRequestPage() -> impl IntoView {
    let params = use_params_map();
    let key = Memo::new(move |_| params.read().get("key").unwrap_or_default());
    signed_in_page(move |help_center, me| {
        let key = key.get();
        view! { <CustomerRequestView help_center=help_center me=me request_key=key/> }
    })
}

#[component]
fn CustomerRequestView(help_center: HelpCenter, me: Myself, request_key: String) -> impl IntoView {
    let slug = help_center.slug.clone();
    // The sentence of the page that sent here ("Your request was raised"), shown once.
    let arrival = use_help_center().notice;
    let notice = RwSignal::new(arrival.get_untracked());
    on_cleanup(move || {
        arrival.try_set(None);
    });
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
    let error = RwSignal::new(None::<String>);
    let comment_error = RwSignal::new(None::<String>);
    let text = RwSignal::new(String::new());
    let change = {
        let key = request_key.clone();
        write_action(
            move |change: &Change| {
                let (key, change) = (key.clone(), change.clone());
                async move {
                    match change {
                        Change::Comment(body) => {
                            let input = CommentInput {
                                body,
                                public: Some(true),
                            };
                            api::requests::add_comment(&key, &input)
                                .await
                                .map(|_| "Your comment was added.".to_string())
                        }
                        Change::Take(t) => {
                            let input = TransitionInput {
                                id: flexible_id(t.id()),
                                additional_comment: None,
                            };
                            api::requests::transition(&key, &input).await.map(|()| match t {
                                Transition::Resolve => {
                                    "Resolved. If you need more help with this, reopen it.".to_string()
                                }
                                Transition::Reopen => {
                                    "Reopened: the service desk will have another look.".to_string()
                                }
                                other => format!("Done: {}.", other.name()),
                            })
                        }
                    }
                }
            },
            move |change, answer| match answer {
                Ok(done) => {
                    if matches!(change, Change::Comment(_)) {
                        text.set(String::new());
                    }
                    notice.set(Some(done));
                    reloads.update(|n| *n += 1);
                }
                Err(e) => {
                    let message = failed("That didn't work", &e);
                    match change {
                        Change::Comment(_) => comment_error.set(Some(message)),
                        Change::Take(_) => error.set(Some(message)),
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
    let page = move || match shown.get() {
        None => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
        Some(Err(e)) => view! {
            <h1>"Request not found"</h1>
            <p class="error" role="alert">{failed("Couldn't open this request", &e)}</p>
        }
        .into_any(),
        Some(Ok(l)) => {
            let standing = standing(&me, &l.request, &l.participants);
            view! {
                <RequestDetails request=l.request.clone()/>
                <Feedback notice=notice error=error/>
                <CustomerTransitions request=l.request.clone() standing=standing pending=pending
                    on_take=Callback::new(move |t| send(Change::Take(t)))/>
                <section class="section" aria-labelledby="conversation-title">
                    <h2 id="conversation-title" class="help-subtitle">"Conversation"</h2>
                    <Conversation comments=l.comments.clone()/>
                    <CommentBox label="Add a comment"
                        buttons=vec![CommentButton { label: "Add comment", public: true }]
                        pending=pending error=comment_error text=text
                        on_send=Callback::new(move |(body, _)| send(Change::Comment(body)))/>
                </section>
            }
            .into_any()
        }
    };
    view! {
        <p class="back-link"><A href=help_path(&slug, "requests")>"← My requests"</A></p>
        {page}
    }
}

/// Resolve and Reopen, where they exist from the request's status: a button for whoever the
/// policy allows (the reporter), and why not for the others.
#[component]
pub fn CustomerTransitions(
    request: CustomerRequest,
    standing: RequestStanding,
    #[prop(into)] pending: Signal<bool>,
    on_take: Callback<Transition>,
) -> impl IntoView {
    let items = transition_choices(request.status, &standing)
        .into_iter()
        .filter(|(t, _)| matches!(t, Transition::Resolve | Transition::Reopen))
        .map(|(t, decision)| match decision {
            Decision::Allowed => view! {
                <button type="button" class="transition" disabled=move || pending.get()
                    on:click=move |_| on_take.run(t)>{t.name()}</button>
            }
            .into_any(),
            Decision::Denied(denial) => {
                let what = match t {
                    Transition::Reopen => "reopen",
                    _ => "resolve",
                };
                view! { <CustomerWhyNot question=format!("Why can't I {what} this request?") denial=denial/> }
                    .into_any()
            }
        })
        .collect_view();
    view! { <div class="request-actions">{items}</div> }
}
