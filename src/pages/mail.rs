//! `/settings/mail`: the outbox, for site admins. Every message Clientele sends (invitations,
//! email verification, password resets) with its delivery state; open one to read it (the
//! plain-text part, shown as text), or queue a copy.

use leptos::prelude::*;

use crate::api;
use crate::api::mail::MailMessage;
use crate::components::feedback::Feedback;
use crate::components::modal::Modal;
use crate::components::paged_list::{PagedList, PagedListFrame, SearchField};
use crate::components::timestamp::local_time;

const PER_PAGE: usize = 50;

/// How a kind of message reads.
pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        "invitation" => "Invitation",
        "verification" => "Email verification",
        "passwordReset" => "Password reset",
        "requestReply" => "Reply to a request",
        "requestResolved" => "Request resolved",
        _ => "Message",
    }
}

/// How a delivery state reads.
pub fn state_label(state: &str) -> &'static str {
    match state {
        "queued" => "Queued",
        "sent" => "Sent",
        "failed" => "Failed: the mail server refused it",
        _ => "Unknown",
    }
}

/// The outbox page.
#[component]
pub fn MailPage() -> impl IntoView {
    let list = PagedList::new(PER_PAGE, |params, abort| async move {
        api::mail::list(&params.query, &params, Some(&abort)).await
    });
    let open = RwSignal::new(None::<MailMessage>);
    let notice = RwSignal::new(None::<String>);
    let on_resent = Callback::new(move |copy: MailMessage| {
        open.set(None);
        notice.set(Some(format!(
            "Queued a copy of “{}” to {}.",
            copy.subject, copy.to
        )));
        list.reload();
    });
    view! {
        <div class="page-header"><h1>"Mail"</h1></div>
        <p class="muted">
            "Every message Clientele sends — invitations, email verification, password resets — newest first. \
             Without a mail server, messages stay queued here."
        </p>
        {move || notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <SearchField label="Recipient" id="search-mail" placeholder="jane@example.com"
            on_search=move |text| list.search_for(text)/>
        <MailTable list=list on_open=move |m: MailMessage| { notice.set(None); open.set(Some(m)); }/>
        {move || open.get().map(|message| view! {
            <MailDialog message=message on_close=move |_| open.set(None) on_resent=on_resent/>
        })}
    }
}

/// A page of the outbox, with its pager.
#[component]
pub fn MailTable(
    list: PagedList<MailMessage>,
    #[prop(into)] on_open: Callback<MailMessage>,
) -> impl IntoView {
    let rows = move || {
        list.items()
            .into_iter()
            .map(|m| {
                let label = format!("Open “{}” to {}", m.subject, m.to);
                let opened = m.clone();
                view! {
                    <tr>
                        <td class="email">{m.to.clone()}</td>
                        <td>
                            <button type="button" class="link-button" aria-label=label
                                on:click=move |_| on_open.run(opened.clone())>{m.subject.clone()}</button>
                        </td>
                        <td>{kind_label(&m.kind)}</td>
                        <td><span class=format!("status mail-{}", m.state)>{state_label(&m.state)}</span></td>
                        <td class="number">{m.attempts}</td>
                        <td class="mail-error">{m.last_error.clone().unwrap_or_default()}</td>
                        <td>{local_time(m.created_at)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let empty = |search: String| {
        if search.is_empty() {
            "No messages yet. Invitations, verification and password reset messages appear here.".to_string()
        } else {
            format!("No messages to {search}.")
        }
    };
    let table = move || {
        view! {
            <table class="data-table mail-table">
                <caption class="visually-hidden">"Outbox"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Recipient"</th>
                        <th scope="col">"Subject"</th>
                        <th scope="col">"Kind"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Attempts"</th>
                        <th scope="col">"Last error"</th>
                        <th scope="col">"Queued"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
    };
    view! {
        <PagedListFrame controls=list.controls() what="the outbox" noun="messages" empty=empty table=table/>
    }
}

/// One message: its headers, its plain-text body as text, and Resend.
#[component]
pub fn MailDialog(
    message: MailMessage,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_resent: Callback<MailMessage>,
) -> impl IntoView {
    let id = message.id.clone();
    let resend = Action::new_local(move |_: &()| {
        let id = id.clone();
        async move { api::mail::resend(&id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(copy)) = resend.value().get() {
            on_resent.run(copy);
        }
    });
    let answer = resend.value();
    let failed = Signal::derive(move || match answer.get() {
        Some(Err(e)) => Some(format!("Couldn't resend it: {}", e.message)),
        _ => None,
    });
    let pending = resend.pending();
    let sent = message.sent_at.map(local_time);
    // A sent message's stored copy no longer holds its one-time link: it cannot be sent again.
    let delivered = message.state == "sent";
    let resend_hint = delivered.then(|| {
        view! {
            <p class="hint" id="mail-resend-why">
                "This message was delivered, and its one-time link was removed from the stored copy, \
                 so it can't be sent again. To send a new link, use Resend invitation on the customer, \
                 or Forgot password in the help center."
            </p>
        }
    });
    view! {
        <Modal labelled_by="mail-title" class="mail-dialog" on_close=on_close>
            <h2 id="mail-title">{message.subject.clone()}</h2>
            <dl class="mail-headers">
                <dt>"To"</dt><dd class="email">{message.to.clone()}</dd>
                <dt>"Kind"</dt><dd>{kind_label(&message.kind)}</dd>
                <dt>"State"</dt><dd>{state_label(&message.state)}{sent.map(|s| format!(" ({s})"))}</dd>
                <dt>"Attempts"</dt><dd>{message.attempts}</dd>
                <dt>"Queued"</dt><dd>{local_time(message.created_at)}</dd>
                {message.last_error.clone().map(|e| view! { <dt>"Last error"</dt><dd class="mail-error">{e}</dd> })}
            </dl>
            // The plain-text part, as text: the HTML part is never put into the page as HTML.
            <pre class="mail-text" aria-label="Message text">{message.text.clone()}</pre>
            <Feedback error=failed/>
            {resend_hint}
            <div class="dialog-buttons">
                <button type="button" class="button-primary" disabled=move || delivered || pending.get()
                    aria-describedby=delivered.then_some("mail-resend-why")
                    on:click=move |_| { resend.dispatch(()); }>
                    {move || if pending.get() { "Resending…" } else { "Resend" }}
                </button>
                <button type="button" data-autofocus on:click=move |_| on_close.run(())>"Close"</button>
            </div>
        </Modal>
    }
}
