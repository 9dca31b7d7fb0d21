//! The parts of a request that the help center and the agent's pages both show: its status,
//! who it is for ("former customer" once they are gone), the conversation (internal notes
//! visibly marked), the comment box, and where the signed-in person stands towards it, for the
//! policy.

use clientele_domain::names::RequestSummary;
use clientele_domain::policy::{decide_on_request, Decision, RequestAction, RequestStanding, Role};
use clientele_domain::request::{parse_text, RequestStatus, Transition};
use clientele_domain::wire::request::{CustomerRequest, RequestComment, RequestFields};
use clientele_domain::wire::{Customer, Myself};
use leptos::prelude::*;

use super::feedback::Feedback;
use super::timestamp::local_time;

/// The reporter as lists show them: their name, or "former customer" (with the name kept, when
/// the account still exists) once they are no longer a customer of the project.
pub fn reporter_label(request: &CustomerRequest) -> String {
    let name = &request.reporter.display_name;
    if request.reporter.account_id.is_empty() {
        "Former customer".into()
    } else if request.reporter_is_customer {
        name.clone()
    } else {
        format!("{name} (former customer)")
    }
}

/// What a list of requests (the Queue, My requests) says when a page is empty, given the
/// search.
pub fn no_requests_text(search: String) -> String {
    if search.is_empty() {
        "No requests here.".to_string()
    } else {
        format!("No requests match “{search}”.")
    }
}

/// A request's page data as shown: `loaded`'s last answer, which stays while it loads again
/// after a change.
pub fn kept_while_reloading<T: Clone + Send + Sync + 'static>(
    loaded: LocalResource<T>,
) -> RwSignal<Option<T>> {
    let shown = RwSignal::new(None::<T>);
    Effect::new(move |_| {
        if let Some(answer) = loaded.get() {
            shown.set(Some(answer));
        }
    });
    shown
}

/// A new request's summary and description, checked with the domain's rules: the fields to
/// send, or what to say.
pub fn request_text(summary: &str, description: &str) -> Result<RequestFields, String> {
    let summary = RequestSummary::parse(summary).map_err(|e| e.message())?;
    let description = parse_text(description, false).map_err(|p| p.message("A description"))?;
    Ok(RequestFields {
        summary: Some(summary.into_string()),
        description: (!description.is_empty()).then_some(description),
    })
}

/// The Summary and Description fields of a form that raises a request.
#[component]
pub fn RequestTextFields(
    summary: RwSignal<String>,
    description: RwSignal<String>,
    /// The description's height in lines.
    rows: u32,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for="raise-summary">"Summary"</label>
            <input id="raise-summary" type="text" maxlength=RequestSummary::MAX.to_string()
                prop:value=move || summary.get() on:input=move |ev| summary.set(event_target_value(&ev))/>
        </div>
        <div class="field">
            <label for="raise-description">"Description"</label>
            <textarea id="raise-description" rows=rows.to_string() prop:value=move || description.get()
                on:input=move |ev| description.set(event_target_value(&ev))></textarea>
        </div>
    }
}

/// The request type select of a form that raises a request: `types` are (id, name).
#[component]
pub fn RequestTypeSelect(
    /// The field's label.
    label: &'static str,
    types: Vec<(String, String)>,
    /// The id of the type chosen.
    chosen: RwSignal<String>,
) -> impl IntoView {
    let options = types
        .into_iter()
        .map(|(id, name)| {
            let value = id.clone();
            view! { <option value=value selected=move || chosen.get() == id>{name}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for="raise-type">{label}</label>
            <select id="raise-type" on:change=move |ev| chosen.set(event_target_value(&ev))>{options}</select>
        </div>
    }
}

/// A status as a small label, its class naming the status (`request-status-resolved`).
#[component]
pub fn StatusLabel(status: RequestStatus) -> impl IntoView {
    view! { <span class=format!("request-status request-status-{}", status.code())>{status.name()}</span> }
}

/// Where `me` stands towards a request they can see. What the page does not know (how the
/// customer uses the project, whether an organization of theirs is the one it is shared with)
/// follows from the server having shown it to them.
pub fn standing(me: &Myself, request: &CustomerRequest, participants: &[Customer]) -> RequestStanding {
    let project_role = me
        .projects
        .iter()
        .find(|p| p.key.eq_ignore_ascii_case(&request.project_key))
        .and_then(|p| p.role)
        .map(Role::from);
    let role = Role::effective(true, me.site_admin, project_role);
    let reporter = !me.account_id.is_empty() && request.reporter.account_id == me.account_id;
    let participant = participants.iter().any(|p| p.account_id == me.account_id);
    RequestStanding {
        role,
        uses_project: true,
        reporter,
        participant,
        in_shared_organization: request.organization.is_some() && !reporter && !participant,
    }
}

/// The transitions that exist from the request's status, each with the policy's decision for
/// this person.
pub fn transition_choices(status: RequestStatus, standing: &RequestStanding) -> Vec<(Transition, Decision)> {
    status
        .transitions()
        .iter()
        .map(|t| (*t, decide_on_request(RequestAction::Transition(*t), standing)))
        .collect()
}

/// The summary, status, type, reporter, who raised it and when, and the description.
#[component]
pub fn RequestDetails(request: CustomerRequest) -> impl IntoView {
    let description = request.field("description").to_string();
    let raised_by = request.raised_by.as_ref().map(|by| {
        view! { <span>{format!(" · raised by {} on their behalf", by.display_name)}</span> }
    });
    let shared = request
        .organization
        .as_ref()
        .map(|org| view! { <span class="request-shared">{format!(" · shared with {}", org.name)}</span> });
    view! {
        <div class="request-head">
            <h2 class="request-summary">
                <span class="request-key">{request.issue_key.clone()}</span>
                " "
                {request.field("summary").to_string()}
            </h2>
            <p class="request-meta">
                <StatusLabel status=request.status/>
                <span>{format!(" · {}", request.request_type_name)}</span>
                <span class="request-reporter">{format!(" · for {}", reporter_label(&request))}</span>
                {raised_by}
                {shared}
                <span class="muted">{format!(" · raised {}", local_time(request.created_date.epoch_millis))}</span>
            </p>
        </div>
        {(!description.is_empty()).then(|| view! { <div class="request-description">{description}</div> })}
    }
}

/// The conversation, oldest first. Internal notes are marked as such (only staff get them).
#[component]
pub fn Conversation(comments: Vec<RequestComment>) -> impl IntoView {
    if comments.is_empty() {
        return view! { <p class="muted conversation-empty">"No comments yet."</p> }.into_any();
    }
    let items = comments
        .into_iter()
        .map(|c| {
            let class = if c.public {
                "comment"
            } else {
                "comment comment-internal"
            };
            let mark = (!c.public).then(|| view! { <span class="internal-mark">"Internal note"</span> });
            view! {
                <li class=class>
                    <p class="comment-head">
                        <span class="comment-author">{c.author.display_name.clone()}</span>
                        {mark}
                        <span class="muted">{local_time(c.created.epoch_millis)}</span>
                    </p>
                    <div class="comment-body">{c.body}</div>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="conversation" aria-label="Conversation">{items}</ol> }.into_any()
}

/// What a comment button sends: the text, and whether customers see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommentButton {
    /// The button's name, e.g. "Reply".
    pub label: &'static str,
    /// Whether the comment is public.
    pub public: bool,
}

/// A comment box with one button per kind of comment this person may add. The text is checked
/// with the domain's rule before it is sent; `error` says why the server refused it.
#[component]
pub fn CommentBox(
    /// The box's label, e.g. "Add a comment".
    #[prop(into)]
    label: String,
    buttons: Vec<CommentButton>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
    /// Called with the checked text and whether it is public.
    #[prop(into)]
    on_send: Callback<(String, bool)>,
    /// Cleared after each successful send, by the owner.
    text: RwSignal<String>,
) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let shown_error = Signal::derive(move || problem.get().or_else(|| error.get()));
    let buttons = buttons
        .into_iter()
        .map(|b| {
            let class = if b.public {
                "button-primary"
            } else {
                "button-internal"
            };
            view! {
                <button type="button" class=class disabled=move || pending.get() on:click=move |_| {
                    match parse_text(&text.get_untracked(), true) {
                        Ok(body) => {
                            problem.set(None);
                            on_send.run((body, b.public));
                        }
                        Err(p) => problem.set(Some(p.message("A comment"))),
                    }
                }>{b.label}</button>
            }
        })
        .collect_view();
    view! {
        <div class="comment-box">
            <label for="comment-text">{label}</label>
            <textarea id="comment-text" rows="4" prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <Feedback error=shown_error/>
            <div class="dialog-buttons">{buttons}</div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use clientele_domain::account::AccountStatus;
    use clientele_domain::policy::{decide_on_request, RequestAction};
    use clientele_domain::wire::request::{CurrentStatus, RequestFieldValue};
    use clientele_domain::wire::JsmDate;

    use super::*;

    fn date() -> JsmDate {
        JsmDate {
            iso8601: String::new(),
            jira: String::new(),
            friendly: String::new(),
            epoch_millis: 0,
        }
    }

    fn person(id: &str, name: &str) -> Customer {
        Customer {
            account_id: id.into(),
            email_address: String::new(),
            display_name: name.into(),
            active: true,
            time_zone: "UTC".into(),
            account_type: "customer".into(),
            status: AccountStatus::Active,
            organizations: None,
            invitation: None,
            requests: None,
            links: Default::default(),
        }
    }

    fn request(reporter: Customer, still_customer: bool) -> CustomerRequest {
        CustomerRequest {
            issue_id: "1".into(),
            issue_key: "ITH-1".into(),
            request_type_id: "1".into(),
            service_desk_id: "1".into(),
            created_date: date(),
            reporter,
            request_field_values: vec![RequestFieldValue {
                field_id: "summary".into(),
                label: "Summary".into(),
                value: "Help".into(),
            }],
            current_status: CurrentStatus {
                status: "Resolved".into(),
                status_category: "DONE".into(),
                status_date: date(),
            },
            links: Default::default(),
            status: RequestStatus::Resolved,
            request_type_name: "Get IT help".into(),
            project_key: "ITH".into(),
            reporter_is_customer: still_customer,
            raised_by: None,
            organization: None,
            updated_date: date(),
            resolved_date: None,
        }
    }

    fn customer(id: &str) -> Myself {
        Myself {
            account_id: id.into(),
            email_address: String::new(),
            display_name: String::new(),
            site_admin: false,
            projects: vec![],
            settings: Default::default(),
            permissions: Default::default(),
            help_centers: vec![],
            bulk_limits: Default::default(),
        }
    }

    #[test]
    fn removed_and_deleted_reporters_read_as_former_customers() {
        assert_eq!(reporter_label(&request(person("4", "Rita"), true)), "Rita");
        assert_eq!(
            reporter_label(&request(person("4", "Rita"), false)),
            "Rita (former customer)"
        );
        assert_eq!(
            reporter_label(&request(person("", "Former customer"), false)),
            "Former customer"
        );
    }

    #[test]
    fn the_reporter_may_reopen_and_a_participant_may_only_comment() {
        let r = request(person("4", "Rita"), true);
        let reporter = standing(&customer("4"), &r, &[]);
        assert!(reporter.reporter);
        assert!(transition_choices(r.status, &reporter)
            .iter()
            .all(|(_, d)| d.is_allowed()));
        let participant = standing(&customer("5"), &r, &[person("5", "Pat")]);
        assert!(participant.participant && !participant.reporter);
        assert!(decide_on_request(RequestAction::Comment, &participant).is_allowed());
        assert!(transition_choices(r.status, &participant)
            .iter()
            .all(|(_, d)| !d.is_allowed()));
        assert!(!decide_on_request(RequestAction::InternalNote, &participant).is_allowed());
    }
}
