//! Settings → Customers → one account (flow 8): its service projects and organizations, and the
//! account actions of site admins — Edit name, Change password (portal-only), Migrate to full
//! account, Revoke or Restore access, Delete account — each confirmed when it takes something
//! away, and each saying that it worked or why not.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use clientele_domain::account::AccountStatus;
use clientele_domain::policy::Action;
use clientele_domain::wire::CustomerDetail;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::account_dialogs::{ChangePasswordDialog, DeleteAccountDialog, EditNameDialog};
use super::SettingsFlash;
use crate::api::{self, ApiError};
use crate::components::audit_log::AuditHistory;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::customer_table::status_label;
use crate::components::dialog_state::DialogState;
use crate::components::feedback::{failed, Feedback};
use crate::components::why_not::MaybeWhyNot;
use crate::session::Session;

/// A change to an account, as the page asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountChange {
    /// A new display name.
    Rename(String),
    /// A new password (portal-only accounts).
    Password(String),
    /// Portal-only → full account.
    Migrate,
    /// No more sign-in of any kind.
    Revoke,
    /// Access again.
    Restore,
    /// The account goes; the address is free.
    Delete,
}

/// An answer from the server, later.
pub type Answer<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

/// What the account page asks of the server: the API client in the app, a stand-in in tests.
#[derive(Clone)]
pub struct AccountBackend {
    /// Loads an account with its projects and organizations.
    pub load: Arc<dyn Fn(String) -> Answer<CustomerDetail> + Send + Sync>,
    /// Makes one change to an account.
    pub change: Arc<dyn Fn(String, AccountChange) -> Answer<()> + Send + Sync>,
}

impl AccountBackend {
    /// The real one: the API client.
    pub fn api() -> AccountBackend {
        AccountBackend {
            load: Arc::new(|id| Box::pin(async move { api::accounts::detail(&id).await })),
            change: Arc::new(|id, change| {
                Box::pin(async move {
                    match change {
                        AccountChange::Rename(name) => api::accounts::edit_name(&id, &name).await.map(drop),
                        AccountChange::Password(password) => {
                            api::accounts::set_password(&id, &password).await
                        }
                        AccountChange::Migrate => api::accounts::migrate(&id).await.map(drop),
                        AccountChange::Revoke => api::accounts::revoke(&id).await.map(drop),
                        AccountChange::Restore => api::accounts::restore(&id).await.map(drop),
                        AccountChange::Delete => api::accounts::delete_account(&id).await,
                    }
                })
            }),
        }
    }
}

/// The kind of an account, in words.
pub fn kind_label(account_type: &str) -> &'static str {
    match account_type {
        "customer" => "Portal-only",
        _ => "Full account",
    }
}

/// The route: the account in the address.
#[component]
pub fn AccountPage() -> impl IntoView {
    crate::pages::project::reread_myself_on_navigation();
    let session = Session::use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let flash = SettingsFlash::use_flash();
    let navigate = use_navigate();
    let on_deleted = Callback::new(move |done: String| {
        flash.set(done);
        navigate("/settings/customers", Default::default());
    });
    move || {
        let me = session.me()?;
        let why_not = me
            .permissions
            .decision(Action::AdministerCustomerAccounts)
            .and_then(|d| d.denial())
            .cloned();
        Some(match why_not {
            Some(denial) => view! {
                <h1>"You can't manage customer accounts"</h1>
                <MaybeWhyNot question="Why not?" denial=Some(denial)/>
            }
            .into_any(),
            None => {
                let history = me.permissions.can(Action::ViewAuditLog).then(|| {
                    view! { <AuditHistory target=format!("account:{}", id.get())/> }
                });
                view! {
                    <AccountView account_id=id.get() backend=AccountBackend::api() own_account_id=me.account_id
                        on_deleted=on_deleted/>
                    {history}
                }
                .into_any()
            }
        })
    }
}

/// The dialog open on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    EditName,
    Password,
    Migrate,
    Revoke,
    Delete,
}

/// A change asked for, with what to say when it is done or fails.
#[derive(Debug, Clone)]
struct Asked {
    change: AccountChange,
    done: String,
    failure: &'static str,
    /// Asked from a dialog: a failure is said there, else under the page's heading.
    in_dialog: bool,
}

/// What to say when `change` to `account` is done, and what failed when it is not.
fn sentences(change: &AccountChange, account: &CustomerDetail) -> (String, &'static str) {
    let (name, email) = (&account.customer.display_name, &account.customer.email_address);
    match change {
        AccountChange::Rename(new) => (format!("Saved: the name is now {new}."), "Couldn't save the name"),
        AccountChange::Password(_) => (
            format!("Password changed: {name} can sign in with it now."),
            "Couldn't change the password",
        ),
        AccountChange::Migrate => (format!("{name} now has a full account."), "Couldn't migrate the account"),
        AccountChange::Revoke => (
            format!("Access revoked: {email} can no longer sign in, by any means."),
            "Couldn't revoke access",
        ),
        AccountChange::Restore => (format!("Access restored: {email} can sign in again."), "Couldn't restore access"),
        AccountChange::Delete => (
            format!("Deleted the account of {email}. The address is free: it can be added again as a new customer."),
            "Couldn't delete the account",
        ),
    }
}

/// The account page for `account_id`, talking to `backend`. `on_deleted` gets a sentence to
/// show once the account is gone.
#[component]
pub fn AccountView(
    #[prop(into)] account_id: String,
    backend: AccountBackend,
    /// The signed-in admin's own account id: it can't be revoked or deleted from here.
    #[prop(optional, into)]
    own_account_id: String,
    #[prop(into)] on_deleted: Callback<String>,
) -> impl IntoView {
    let detail = RwSignal::new(None::<Result<CustomerDetail, ApiError>>);
    let reloads = RwSignal::new(0u32);
    {
        let (id, load) = (account_id.clone(), backend.load.clone());
        Effect::new(move |_| {
            reloads.track();
            let answer = load(id.clone());
            leptos::task::spawn_local(async move {
                detail.try_set(Some(answer.await));
            });
        });
    }
    let loaded = move || detail.with(|d| d.as_ref().and_then(|d| d.as_ref().ok()).cloned());
    let error = RwSignal::new(None::<String>);
    // A change: on success says so (and reloads what the server now holds), on failure says
    // why and keeps the dialog and what was typed.
    let dialogs = DialogState::<Open, Asked, ()>::new(
        RwSignal::new(None),
        {
            let (id, change) = (account_id.clone(), backend.change.clone());
            move |asked: &Asked| change(id.clone(), asked.change.clone())
        },
        move |dialogs, asked, outcome| match outcome {
            Ok(()) if asked.change == AccountChange::Delete => on_deleted.run(asked.done),
            Ok(()) => {
                dialogs.done(asked.done);
                reloads.update(|n| *n += 1);
            }
            Err(e) if asked.in_dialog => dialogs.failed.set(Some(failed(asked.failure, &e))),
            Err(e) => error.set(Some(failed(asked.failure, &e))),
        },
    );
    let pending = dialogs.pending();
    let show = move |what: Open| {
        dialogs.notice.set(None);
        dialogs.show(what);
    };
    let close = dialogs.on_close();

    let run = move |what: AccountChange| {
        if pending.get_untracked() {
            return;
        }
        let Some(account) = loaded() else { return };
        let (done, failure) = sentences(&what, &account);
        dialogs.failed.set(None);
        error.set(None);
        dialogs.send(Asked {
            change: what,
            done,
            failure,
            in_dialog: dialogs.opened().is_some(),
        });
    };

    let own = move || loaded().is_some_and(|a| a.customer.account_id == own_account_id);
    let actions = {
        move || {
            let account = loaded()?;
            let c = &account.customer;
            let portal = c.account_type == "customer";
            let revoked = c.status == AccountStatus::Revoked;
            let own = own();
            Some(view! {
                <div class="page-actions">
                    <button type="button" on:click=move |_| show(Open::EditName)>"Edit name"</button>
                    {portal.then(|| view! {
                        <button type="button" on:click=move |_| show(Open::Password)>"Change password"</button>
                        <button type="button" on:click=move |_| show(Open::Migrate)>"Migrate to full account"</button>
                    })}
                    {(revoked).then(|| view! {
                        <button type="button" disabled=move || pending.get()
                            on:click=move |_| run(AccountChange::Restore)>"Restore access"</button>
                    })}
                    {(!revoked && !own).then(|| view! {
                        <button type="button" on:click=move |_| show(Open::Revoke)>"Revoke access"</button>
                    })}
                    {(!own).then(|| view! {
                        <button type="button" class="button-danger" on:click=move |_| show(Open::Delete)>"Delete account"</button>
                    })}
                </div>
                {(!portal).then(|| view! {
                    <p class="muted field-hint">
                        "A full account's owner changes their own password; only portal-only accounts are changed here."
                    </p>
                })}
                {own.then(|| view! {
                    <p class="muted field-hint">
                        "This is your own account: you can't revoke or delete it. Another site admin can."
                    </p>
                })}
            })
        }
    };

    let open_dialog = {
        move || {
            let what = dialogs.open.get()?;
            // Untracked: an open dialog must not re-open when the account reloads behind it.
            let account = detail.with_untracked(|d| d.as_ref().and_then(|d| d.as_ref().ok()).cloned())?;
            let c = account.customer;
            let (r1, r2, r3, r4, r5) = (run, run, run, run, run);
            Some(match what {
                Open::EditName => view! {
                    <EditNameDialog current=c.display_name pending=pending error=dialogs.failed
                        on_save=move |name| r1(AccountChange::Rename(name)) on_cancel=close/>
                }
                .into_any(),
                Open::Password => view! {
                    <ChangePasswordDialog name=c.display_name pending=pending error=dialogs.failed
                        on_save=move |password| r2(AccountChange::Password(password)) on_cancel=close/>
                }
                .into_any(),
                Open::Migrate => view! {
                    <ConfirmDialog title=format!("Migrate {} to a full account?", c.display_name)
                        message=format!(
                            "{} stops being portal-only: the account becomes a full account of the site. Their \
                             sign-in, service projects and organizations stay as they are. There is no way back \
                             to portal-only, and its password is then changed only by its owner.",
                            c.email_address
                        )
                        confirm_label="Migrate" pending=pending error=dialogs.failed
                        on_confirm=move |_| r3(AccountChange::Migrate) on_cancel=close/>
                }
                .into_any(),
                Open::Revoke => view! {
                    <ConfirmDialog title=format!("Revoke access for {}?", c.display_name)
                        message=format!(
                            "{} is signed out everywhere at once and can no longer sign in: not with a password, \
                             an API token or basic auth. Their service projects and organizations stay, so you can \
                             restore access later.",
                            c.email_address
                        )
                        confirm_label="Revoke access" pending=pending error=dialogs.failed
                        on_confirm=move |_| r4(AccountChange::Revoke) on_cancel=close/>
                }
                .into_any(),
                Open::Delete => view! {
                    <DeleteAccountDialog email=c.email_address pending=pending error=dialogs.failed
                        on_confirm=move |_| r5(AccountChange::Delete) on_cancel=close/>
                }
                .into_any(),
            })
        }
    };

    view! {
        <p class="back-link"><A href="/settings/customers">"← Customers"</A></p>
        {move || match detail.get() {
            None => view! { <p class="muted" role="status">"Loading…"</p> }.into_any(),
            Some(Err(e)) => view! {
                <h1>"Account not found"</h1>
                <p class="error" role="alert">{failed("Couldn't open this account", &e)}</p>
            }
            .into_any(),
            Some(Ok(account)) => view! { <AccountFacts account=account/> }.into_any(),
        }}
        {actions}
        <Feedback notice=dialogs.notice error=error/>
        {open_dialog}
    }
}

/// Who the account is, and where it belongs.
#[component]
fn AccountFacts(account: CustomerDetail) -> impl IntoView {
    let c = account.customer;
    let projects = if account.projects.is_empty() {
        view! { <p class="muted">"None directly."</p> }.into_any()
    } else {
        let items = account
            .projects
            .into_iter()
            .map(|p| view! { <li><A href=format!("/projects/{}/customers", p.key)>{p.name}</A></li> })
            .collect_view();
        view! { <ul class="inline-list">{items}</ul> }.into_any()
    };
    let organizations = if account.organizations.is_empty() {
        view! { <p class="muted">"None."</p> }.into_any()
    } else {
        let items = account
            .organizations
            .into_iter()
            .map(|o| view! { <li><A href=format!("/settings/organizations/{}", o.id)>{o.name}</A></li> })
            .collect_view();
        view! { <ul class="inline-list">{items}</ul> }.into_any()
    };
    view! {
        <h1 class="settings-title">{c.display_name.clone()}</h1>
        <dl class="facts">
            <dt>"Email"</dt><dd class="email">{c.email_address.clone()}</dd>
            <dt>"Status"</dt>
            <dd><span class=format!("status status-{}", c.status)>{status_label(c.status)}</span></dd>
            <dt>"Kind"</dt><dd>{kind_label(&c.account_type)}</dd>
            <dt>"Service projects"</dt><dd>{projects}</dd>
            <dt>"Organizations"</dt><dd>{organizations}</dd>
        </dl>
    }
}
