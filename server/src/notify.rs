//! Queuing the messages that carry one-time links, inside the caller's transaction: a failed
//! change leaves no message, and a committed one always has its message.

use crate::mail::compose::{compose, MessageKind};
use crate::security::{hash_secret, new_secret};
use crate::store::outbox::{enqueue, enqueue_many, insert_account_token, LinkMessage};
use crate::store::{now_millis, HelpCenterRow, NewMessage, StoreResult, Tx};

/// What a message needs to know about the site.
#[derive(Debug, Clone)]
pub struct Site<'a> {
    /// The public base URL links are built on.
    pub base_url: &'a str,
    /// How long one-time links stay valid.
    pub token_days: i64,
}

/// An account to write to.
#[derive(Debug, Clone)]
pub struct Recipient<'a> {
    pub user_id: i64,
    pub email: &'a str,
    pub display_name: &'a str,
}

/// Issues a one-time link for `kind` and queues its message. Returns the message id.
/// `pending_password` is a password hash chosen at sign-up: bound to this link alone, it
/// becomes the account's only when this link is used.
pub async fn queue_link_message(
    tx: &mut Tx,
    site: &Site<'_>,
    help_center: &HelpCenterRow,
    recipient: &Recipient<'_>,
    kind: MessageKind,
    pending_password: Option<&str>,
) -> StoreResult<i64> {
    let token = new_secret();
    let expires_at = now_millis() + site.token_days * 24 * 3600 * 1000;
    insert_account_token(
        tx,
        &hash_secret(&token),
        recipient.user_id,
        kind.as_str(),
        Some(help_center.id),
        expires_at,
        pending_password,
    )
    .await?;
    let link = format!(
        "{}/help/{}/{}/{token}",
        site.base_url,
        help_center.slug,
        kind.link_segment()
    );
    let message = compose(
        kind,
        recipient.display_name,
        &help_center.name,
        &link,
        site.token_days,
    );
    enqueue(
        tx,
        &NewMessage {
            recipient: recipient.email,
            user_id: Some(recipient.user_id),
            kind: kind.as_str(),
            subject: &message.subject,
            text_body: &message.text,
            html_body: &message.html,
            link: Some(&link),
        },
    )
    .await
}

/// The message new customers get, decided by the caller: which kind, from which help center.
#[derive(Debug, Clone)]
pub struct Welcome<'a> {
    pub site: Site<'a>,
    pub help_center: HelpCenterRow,
    pub kind: MessageKind,
}

/// Issues a one-time link and queues the `welcome` message for each new account, in one go.
pub async fn queue_welcomes(
    tx: &mut Tx,
    welcome: &Welcome<'_>,
    recipients: &[Recipient<'_>],
) -> StoreResult<()> {
    let expires_at = now_millis() + welcome.site.token_days * 24 * 3600 * 1000;
    let center = &welcome.help_center;
    let messages: Vec<LinkMessage> = recipients
        .iter()
        .map(|r| {
            let token = new_secret();
            let link = format!(
                "{}/help/{}/{}/{token}",
                welcome.site.base_url,
                center.slug,
                welcome.kind.link_segment()
            );
            let composed = compose(
                welcome.kind,
                r.display_name,
                &center.name,
                &link,
                welcome.site.token_days,
            );
            LinkMessage {
                token_hash: hash_secret(&token),
                user_id: r.user_id,
                recipient: r.email.to_string(),
                subject: composed.subject,
                text_body: composed.text,
                html_body: composed.html,
                link,
            }
        })
        .collect();
    enqueue_many(tx, welcome.kind.as_str(), center.id, expires_at, &messages).await
}

/// The welcome for people newly added to `target`: the project's (or the organization's
/// projects') notification setting picks invitation or verification — an organization attached
/// to no project invites — sent from the chosen help center, else the default one.
pub async fn welcome_for<'a>(
    store: &crate::store::Store,
    site: Site<'a>,
    target: crate::bulk::BulkTarget,
    help_center_id: Option<i64>,
) -> StoreResult<Option<Welcome<'a>>> {
    let invites = match target {
        crate::bulk::BulkTarget::Project(p) => store.invitation_notification(Some(p), None).await?,
        crate::bulk::BulkTarget::Organization(o) => store.invitation_notification(None, Some(o)).await?,
    };
    welcome_from(store, site, invites.unwrap_or(true), help_center_id).await
}

/// The welcome for people added to no project or organization (a CSV import's row with
/// neither): an invitation, from the default help center.
pub async fn invitation_welcome<'a>(
    store: &crate::store::Store,
    site: Site<'a>,
) -> StoreResult<Option<Welcome<'a>>> {
    welcome_from(store, site, true, None).await
}

/// An invitation (`invites`) or a verification message, from the chosen help center, else the
/// default one; none when the site has no help center.
async fn welcome_from<'a>(
    store: &crate::store::Store,
    site: Site<'a>,
    invites: bool,
    help_center_id: Option<i64>,
) -> StoreResult<Option<Welcome<'a>>> {
    let centers = store.help_centers().await?;
    let chosen = help_center_id.and_then(|id| centers.iter().find(|h| h.id == id));
    let Some(help_center) = chosen
        .or_else(|| centers.iter().find(|h| h.is_default))
        .or(centers.first())
        .cloned()
    else {
        return Ok(None);
    };
    let kind = if invites {
        MessageKind::Invitation
    } else {
        MessageKind::Verification
    };
    Ok(Some(Welcome {
        site,
        help_center,
        kind,
    }))
}
