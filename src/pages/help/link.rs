//! `/help/{hc}/invite/{token}`, `/verify/{token}` and `/reset/{token}`: the one-time links of
//! the messages. A valid link asks for what it needs (name and password, or a new password),
//! then the person is signed in. An expired or used link says so and offers a new one.

use clientele_domain::reason::Reason;
use clientele_domain::wire::HelpCenter;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::fields::{FormAlert, Problems, TextField};
use super::forgot::{SendLinkForm, SendLinkKind};
use super::{help_path, use_help_center};
use crate::api;
use crate::api::help_center::{LinkInfo, LinkPurpose, LinkState};
use crate::app::load_from_server;
use crate::components::password_field::{password_problem, NewPasswordField};
use crate::session::{Session, SessionState};

/// The page: reads the link, then shows [`AcceptLink`].
#[component]
pub fn LinkPage() -> impl IntoView {
    let hc = use_help_center();
    let params = use_params_map();
    let token = Memo::new(move |_| params.read().get("token").unwrap_or_default());
    move || {
        let help_center = hc.current.get()?;
        let token = token.get();
        let slug = help_center.slug.clone();
        let info = {
            let token = token.clone();
            LocalResource::new(move || {
                let (slug, token) = (slug.clone(), token.clone());
                async move { api::help_center::link(&slug, &token).await }
            })
        };
        Some(move || match info.get() {
            None => view! { <p class="muted" role="status">"Opening your link…"</p> }.into_any(),
            Some(Ok(info)) => view! {
                <AcceptLink help_center=help_center.clone() token=token.clone() info=info/>
            }
            .into_any(),
            Some(Err(e)) if e.status == 404 => {
                view! { <UnknownLink help_center=help_center.clone() message=e.message/> }.into_any()
            }
            Some(Err(e)) => view! {
                <div class="card help-card">
                    <p class="error" role="alert">{format!("Couldn't open this link: {}", e.message)}</p>
                    <button type="button" on:click=move |_| info.refetch()>"Try again"</button>
                </div>
            }
            .into_any(),
        })
    }
}

#[component]
fn UnknownLink(help_center: HelpCenter, message: String) -> impl IntoView {
    view! {
        <div class="card help-card">
            <h1>"This link doesn't work"</h1>
            <p>{message}</p>
            <p>"If your link came by email, ask for a new one:"</p>
            <SendLinkForm slug=help_center.slug.clone() kind=SendLinkKind::Resend/>
            <p class="help-links">
                <A href=help_path(&help_center.slug, "login")>"Sign in"</A>
                <A href=help_path(&help_center.slug, "forgot")>"Forgot password?"</A>
            </p>
        </div>
    }
}

/// What the page says for each purpose: heading, lead (with the address), button.
fn wording(purpose: LinkPurpose, help_center: &str, email: &str) -> (String, String, &'static str) {
    match purpose {
        LinkPurpose::Invitation => (
            format!("Accept your invitation to {help_center}"),
            format!("Create your account for {email}: tell us your name and choose a password."),
            "Accept invitation",
        ),
        LinkPurpose::Verification => (
            "Verify your email address".into(),
            format!("Verify {email} and choose the password you'll sign in with."),
            "Verify and sign in",
        ),
        LinkPurpose::PasswordReset => (
            "Choose a new password".into(),
            format!("Choose a new password for {email}."),
            "Change password",
        ),
    }
}

/// The link's form, or — expired or used — what happened and a way to get a new one. Shown
/// from what the server said about the link, so it can be mounted without a server.
#[component]
pub fn AcceptLink(help_center: HelpCenter, #[prop(into)] token: String, info: LinkInfo) -> impl IntoView {
    let state = RwSignal::new(info.state);
    let purpose = info.purpose;
    let slug = help_center.slug.clone();
    let hc_name = help_center.name.clone();
    move || match state.get() {
        LinkState::Valid => view! {
            <LinkForm help_center=help_center.clone() token=token.clone() info=info.clone() state=state/>
        }
        .into_any(),
        gone => {
            let (title, lead) = match gone {
                LinkState::Expired => (
                    "This link has expired",
                    "Links in our messages work for a limited time. We can send you a new one.",
                ),
                _ => (
                    "This link was already used",
                    "Each link works once. If you already set your password with it, sign in. Otherwise, ask for a new link.",
                ),
            };
            let kind = match purpose {
                LinkPurpose::PasswordReset => SendLinkKind::PasswordReset,
                _ => SendLinkKind::Resend,
            };
            view! {
                <div class=format!("card help-card link-{}", if gone == LinkState::Expired { "expired" } else { "used" })>
                    <h1>{title}</h1>
                    <p>{lead}</p>
                    <h2 class="help-subtitle">"Send me a new link"</h2>
                    <SendLinkForm slug=slug.clone() kind=kind/>
                    <p class="help-links">
                        <A href=help_path(&slug, "login")>{format!("Sign in to {hc_name}")}</A>
                    </p>
                </div>
            }
            .into_any()
        }
    }
}

#[component]
fn LinkForm(
    help_center: HelpCenter,
    token: String,
    info: LinkInfo,
    state: RwSignal<LinkState>,
) -> impl IntoView {
    let session = Session::use_session();
    let context = use_help_center();
    let asks_name = info.purpose != LinkPurpose::PasswordReset;
    // Someone who chose a password at sign-up only confirms the address.
    let asks_password = !(info.purpose == LinkPurpose::Verification && info.has_password);
    let email = info.email.clone().unwrap_or_default();
    let name = RwSignal::new(info.display_name.clone().unwrap_or_default());
    let password = RwSignal::new(String::new());
    let problems = RwSignal::new(Problems::default());
    let slug = help_center.slug.clone();
    let accept = {
        let (slug, token) = (slug.clone(), token.clone());
        Action::new_local(move |_: &()| {
            let (slug, token) = (slug.clone(), token.clone());
            let (name, pass) = (name.get_untracked(), password.get_untracked());
            async move {
                let name = asks_name
                    .then(|| name.trim().to_string())
                    .filter(|n| !n.is_empty());
                let pass = asks_password.then_some(pass.as_str());
                api::help_center::use_link(&slug, &token, name.as_deref(), pass).await?;
                api::myself().await
            }
        })
    };
    let done = match info.purpose {
        LinkPurpose::Invitation => "Welcome! Your account is ready and you're signed in.",
        LinkPurpose::Verification => "Your address is verified and you're signed in.",
        LinkPurpose::PasswordReset => "Your password is changed and you're signed in.",
    };
    {
        let slug = slug.clone();
        Effect::new(move |_| match accept.value().get() {
            Some(Ok(me)) => {
                context.tell_next_page(done);
                match me {
                    Some(me) => session.state.set(SessionState::SignedIn(me)),
                    None => session.reload(),
                }
                // The home is the help center build's.
                load_from_server(&help_path(&slug, ""));
            }
            Some(Err(e)) => {
                password.set(String::new());
                match e.reason {
                    Reason::LinkExpired => state.set(LinkState::Expired),
                    Reason::LinkUsed => state.set(LinkState::Used),
                    _ => problems.set(Problems::from_error(&e)),
                }
            }
            None => {}
        });
    }
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(problem) = password
            .with_untracked(|p| password_problem(p))
            .filter(|_| asks_password)
        {
            problems.set(Problems {
                password: Some(problem.into()),
                ..Problems::default()
            });
            return;
        }
        problems.set(Problems::default());
        accept.dispatch(());
    };
    let pending = accept.pending();
    let (title, mut lead, button) = wording(info.purpose, &help_center.name, &email);
    if !asks_password {
        lead = format!("Verify {email}: then sign in with the password you chose when you signed up.");
    }
    let password_label = if info.purpose == LinkPurpose::PasswordReset {
        "New password"
    } else {
        "Password"
    };
    view! {
        <form class="card help-card link-valid" on:submit=on_submit novalidate>
            <h1>{title}</h1>
            <p class="link-lead">{lead}</p>
            <p class="link-email"><span class="muted">"Email: "</span><strong>{email}</strong></p>
            {asks_name.then(|| view! {
                <TextField id="link-name" label="Display name" autocomplete="name" value=name
                    maxlength=clientele_domain::names::DisplayName::MAX
                    error=Signal::derive(move || problems.with(|p| p.name.clone()))/>
            })}
            {asks_password.then(|| view! {
                <NewPasswordField id="link-password" label=password_label value=password
                    error=Signal::derive(move || problems.with(|p| p.password.clone()))/>
            })}
            {move || problems.get().form.map(|problem| view! { <FormAlert problem=problem/> })}
            <button type="submit" class="button-primary" disabled=move || pending.get()>
                {move || if pending.get() { "Working…" } else { button }}
            </button>
        </form>
    }
}
