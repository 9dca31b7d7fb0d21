//! The mail outbox and one-time account tokens.

use clientele_domain::email::Email;
use sqlx::FromRow;

use super::audit::Actor;
use super::db::{on_pool, on_tx};
use super::sql::{bind_all, Statement, Value};
use super::{now_millis, Store, StoreResult, Tx};

/// A message to queue (inside the transaction of the change that causes it).
pub struct NewMessage<'a> {
    pub recipient: &'a str,
    pub user_id: Option<i64>,
    /// `invitation`, `verification` or `passwordReset`.
    pub kind: &'a str,
    pub subject: &'a str,
    pub text_body: &'a str,
    pub html_body: &'a str,
    /// The one-time link the bodies carry: kept apart so that it can be cut out once sent.
    pub link: Option<&'a str>,
}

/// A message as stored.
#[derive(Debug, Clone, FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub recipient: String,
    pub user_id: Option<i64>,
    pub kind: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    /// `queued`, `sent` or `failed`.
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    /// The one-time link in the bodies while the message is not sent yet; `None` after.
    pub link: Option<String>,
}

const MESSAGE_COLUMNS: &str =
    "id, recipient, user_id, kind, subject, text_body, html_body, state, attempts, last_error, created_at, sent_at, link";

/// What stands in a sent message's stored bodies where its link was.
pub const LINK_REMOVED: &str = "[link removed after sending]";

/// Queues a message; the sender picks it up after the transaction commits.
pub async fn enqueue(tx: &mut Tx, message: &NewMessage<'_>) -> StoreResult<i64> {
    let now = now_millis();
    Ok(on_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO outbox (recipient, user_id, kind, subject, text_body, html_body, link, next_attempt_at, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(message.recipient)
    .bind(message.user_id)
    .bind(message.kind)
    .bind(message.subject)
    .bind(message.text_body)
    .bind(message.html_body)
    .bind(message.link)
    .bind(now)
    .bind(now)
    .fetch_one(conn)
    .await)?)
}

/// Records a one-time token (stored as its hash) for an account. `password_hash` is the
/// password chosen at sign-up, bound to this token alone: the account gets it only when this
/// token is used.
pub async fn insert_account_token(
    tx: &mut Tx,
    token_hash: &str,
    user_id: i64,
    purpose: &str,
    help_center_id: Option<i64>,
    expires_at: i64,
    password_hash: Option<&str>,
) -> StoreResult<()> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO account_tokens (token_hash, user_id, purpose, help_center_id, created_at, expires_at, password_hash) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(purpose)
    .bind(help_center_id)
    .bind(now_millis())
    .bind(expires_at)
    .bind(password_hash)
    .execute(conn)
    .await.map(|done| done.rows_affected()))?;
    Ok(())
}

/// A one-time token as stored.
#[derive(Debug, Clone, FromRow)]
pub struct AccountTokenRow {
    pub user_id: i64,
    pub purpose: String,
    pub help_center_id: Option<i64>,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    /// The password chosen at sign-up, pending until this token is used.
    pub password_hash: Option<String>,
}

impl Store {
    /// Messages due for delivery, oldest first.
    /// Claims up to `limit` messages that are due, for one sender: in one write transaction
    /// (which every process takes in turn) their next attempt moves `lease_ms` ahead, so no
    /// other sender, in this process or another, takes them meanwhile. The claiming sender
    /// records the attempt, which sets the real next time; if it dies first, the messages come
    /// due again when the lease ends.
    pub async fn claim_due_messages(&self, limit: i64, lease_ms: i64) -> StoreResult<Vec<MessageRow>> {
        let now = now_millis();
        let mut tx = self.write().await?;
        let due: Vec<MessageRow> = on_tx!(tx, conn => sqlx::query_as(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM outbox WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY id LIMIT ?"
        ))
        .bind(now)
        .bind(limit)
        .fetch_all(conn)
        .await)?;
        if !due.is_empty() {
            let mut q = Statement::new("UPDATE outbox SET next_attempt_at = ");
            q.bind(now + lease_ms)
                .push(" WHERE id IN (")
                .list(due.iter().map(|m| m.id))
                .push(")");
            on_tx!(tx, conn => bind_all!(sqlx::query(&q.sql), q).execute(conn).await.map(|_| ()))?;
        }
        tx.commit().await?;
        Ok(due)
    }

    /// Messages that are due, without claiming them.
    pub async fn due_messages(&self, limit: i64) -> StoreResult<Vec<MessageRow>> {
        Ok(on_pool!(self, pool => sqlx::query_as(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM outbox WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY id LIMIT ?"
        ))
        .bind(now_millis())
        .bind(limit)
        .fetch_all(pool)
        .await)?)
    }

    /// Records one delivery attempt. Sent: the link is cut out of the stored bodies in the same
    /// transaction. Failed: `next_attempt_at` is the next try, or `None` to give up (`failed`).
    pub async fn record_attempt(
        &self,
        id: i64,
        error: Option<&str>,
        next_attempt_at: Option<i64>,
    ) -> StoreResult<()> {
        let now = now_millis();
        let mut tx = self.write().await?;
        on_tx!(tx, conn => {
            sqlx::query(
                "INSERT INTO mail_attempts (outbox_id, attempted_at, succeeded, error) VALUES (?, ?, ?, ?)",
            )
            .bind(id)
            .bind(now)
            .bind(error.is_none())
            .bind(error)
            .execute(&mut *conn)
            .await?;
            match (error, next_attempt_at) {
                (None, _) => sqlx::query(
                    "UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL, \
                     text_body = CASE WHEN link IS NULL THEN text_body ELSE REPLACE(text_body, link, ?) END, \
                     html_body = CASE WHEN link IS NULL THEN html_body ELSE REPLACE(html_body, link, ?) END, \
                     link = NULL WHERE id = ?",
                )
                .bind(now)
                .bind(LINK_REMOVED)
                .bind(LINK_REMOVED)
                .bind(id),
                (Some(error), Some(next)) => sqlx::query(
                    "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                )
                .bind(error)
                .bind(next)
                .bind(id),
                (Some(error), None) => sqlx::query(
                    "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?",
                )
                .bind(error)
                .bind(id),
            }
            .execute(&mut *conn)
            .await?;
            Ok::<(), sqlx::Error>(())
        })?;
        tx.commit().await
    }

    /// Messages, newest first, optionally to one address (compared by [`Email::key`]; text that
    /// is not an address was never a recipient).
    pub async fn messages(
        &self,
        recipient: Option<&str>,
        seek: &super::Seek,
        limit: i64,
    ) -> StoreResult<Vec<MessageRow>> {
        let Ok(key) = recipient.map(|r| Email::parse(r.trim())).transpose() else {
            return Ok(Vec::new());
        };
        let key = key.map(|email| email.key());
        // Recipients are stored as parsed addresses, whose key is their ASCII lowercase.
        Ok(on_pool!(self, pool => sqlx::query_as(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM outbox WHERE (? IS NULL OR LOWER(recipient) = ?) AND id < ? \
             ORDER BY id DESC LIMIT ? OFFSET ?"
        ))
        .bind(&key)
        .bind(&key)
        .bind(seek.id_below())
        .bind(limit + 1)
        .bind(seek.offset())
        .fetch_all(pool)
        .await)?)
    }

    /// One message.
    pub async fn message(&self, id: i64) -> StoreResult<Option<MessageRow>> {
        Ok(
            on_pool!(self, pool => sqlx::query_as(&format!("SELECT {MESSAGE_COLUMNS} FROM outbox WHERE id = ?"))
                .bind(id)
                .fetch_optional(pool)
                .await)?,
        )
    }

    /// Queues a copy of a message (resend) while it still holds its link, i.e. it was not
    /// sent; returns the new message's id. `Ok(None)` when there is no such message or its
    /// link is gone.
    pub async fn resend_message(&self, id: i64) -> StoreResult<Option<i64>> {
        let now = now_millis();
        Ok(on_pool!(self, pool => sqlx::query_scalar(
            "INSERT INTO outbox (recipient, user_id, kind, subject, text_body, html_body, link, next_attempt_at, created_at) \
             SELECT recipient, user_id, kind, subject, text_body, html_body, link, ?, ? FROM outbox \
             WHERE id = ? AND link IS NOT NULL RETURNING id",
        )
        .bind(now)
        .bind(now)
        .bind(id)
        .fetch_optional(pool)
        .await)?)
    }

    /// Messages queued before links were kept apart (migration 0005) carry their link only in
    /// their bodies: find it in the plain-text part (`…: https://SITE/help/…`) and keep it in
    /// `link`, so that it is hidden from readers and cut out once the message is sent.
    pub async fn adopt_legacy_links(&self) -> StoreResult<()> {
        let rows: Vec<(i64, String)> = on_pool!(self, pool => sqlx::query_as("SELECT id, text_body FROM outbox WHERE state <> 'sent' AND link IS NULL")
                .fetch_all(pool)
                .await)?;
        for (id, text) in rows {
            let link = text
                .split_whitespace()
                .find(|word| word.starts_with("http") && word.contains("/help/"));
            if let Some(link) = link {
                on_pool!(self, pool => sqlx::query("UPDATE outbox SET link = ? WHERE id = ?")
                    .bind(link)
                    .bind(id)
                    .execute(pool)
                    .await.map(|done| done.rows_affected()))?;
            }
        }
        Ok(())
    }

    /// Whether the account was ever sent a one-time link for `purpose`.
    pub async fn has_link_for(&self, user_id: i64, purpose: &str) -> StoreResult<bool> {
        let found: Option<i64> = on_pool!(self, pool => sqlx::query_scalar("SELECT user_id FROM account_tokens WHERE user_id = ? AND purpose = ? LIMIT 1")
                .bind(user_id)
                .bind(purpose)
                .fetch_optional(pool)
                .await)?;
        Ok(found.is_some())
    }

    /// A one-time token by its hash.
    pub async fn account_token(&self, token_hash: &str) -> StoreResult<Option<AccountTokenRow>> {
        Ok(on_pool!(self, pool => sqlx::query_as(
            "SELECT user_id, purpose, help_center_id, expires_at, used_at, password_hash FROM account_tokens \
             WHERE token_hash = ?",
        )
        .bind(token_hash)
        .fetch_optional(pool)
        .await)?)
    }
}

impl Store {
    /// Uses a one-time token, in one transaction: marks it used (only if unused and unexpired),
    /// sets `display_name` when given, and makes the account active and verified. A password —
    /// `password_hash`, else the one this token carries from sign-up — is a password change:
    /// every session of the account ends and its other unused links stop working. Returns the
    /// account id, or `None` when the token was not usable.
    pub async fn use_account_token(
        &self,
        actor: &Actor,
        token_hash: &str,
        password_hash: Option<&str>,
        display_name: Option<&str>,
    ) -> StoreResult<Option<i64>> {
        let now = now_millis();
        let mut tx = self.write().await?;
        // Read the sign-up password before the update clears it (RETURNING gives new values).
        let pending: Option<Option<String>> = on_tx!(tx, conn => sqlx::query_scalar("SELECT password_hash FROM account_tokens WHERE token_hash = ?")
                .bind(token_hash)
                .fetch_optional(conn)
                .await)?;
        let user_id: Option<i64> = on_tx!(tx, conn => sqlx::query_scalar(
            "UPDATE account_tokens SET used_at = ?, password_hash = NULL \
             WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id",
        )
        .bind(now)
        .bind(token_hash)
        .bind(now)
        .fetch_optional(conn)
        .await)?;
        let Some(user_id) = user_id else { return Ok(None) };
        let before = super::audit::account_state(&mut tx, user_id).await?;
        let pending = pending.flatten();
        let password_hash = password_hash.map(str::to_string).or(pending);
        on_tx!(tx, conn => sqlx::query(
            "UPDATE users SET password_hash = COALESCE(?, password_hash), display_name = COALESCE(?, display_name), email_verified = TRUE, \
             status = CASE status WHEN 'revoked' THEN 'revoked' ELSE 'active' END WHERE id = ?",
        )
        .bind(&password_hash)
        .bind(display_name)
        .bind(user_id)
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        if password_hash.is_some() {
            super::accounts::end_sessions_and_links(&mut tx, user_id, None).await?;
        }
        super::audit::record_account(&mut tx, actor, "account.linkUsed", user_id, before).await?;
        tx.commit().await?;
        Ok(Some(user_id))
    }

    /// A help center by its slug.
    pub async fn help_center_by_slug(&self, slug: &str) -> StoreResult<Option<super::HelpCenterRow>> {
        Ok(
            on_pool!(self, pool => sqlx::query_as("SELECT id, slug, name, is_default FROM help_centers WHERE slug = ?")
                .bind(slug)
                .fetch_optional(pool)
                .await)?,
        )
    }

    /// The projects that allow public sign-up: (key, name).
    pub async fn public_signup_projects(&self) -> StoreResult<Vec<(String, String)>> {
        Ok(
            on_pool!(self, pool => sqlx::query_as("SELECT project_key, name FROM projects WHERE public_signup ORDER BY name")
                .fetch_all(pool)
                .await)?,
        )
    }

    /// The projects a customer may use: directly, through an organization, or by public
    /// sign-up — (key, name, how).
    pub async fn customer_usable_projects(&self, user_id: i64) -> StoreResult<Vec<(String, String, String)>> {
        Ok(on_pool!(self, pool => sqlx::query_as(
            "SELECT p.project_key, p.name, MIN(via) FROM ( \
                 SELECT project_id, 'customer' AS via FROM project_customers WHERE user_id = ? \
                 UNION ALL SELECT op.project_id, 'organization' FROM organization_projects op \
                     JOIN organization_members om ON om.organization_id = op.organization_id WHERE om.user_id = ? \
                 UNION ALL SELECT id, 'publicSignup' FROM projects WHERE public_signup \
             ) access JOIN projects p ON p.id = access.project_id GROUP BY p.id ORDER BY p.name",
        )
        .bind(user_id)
        .bind(user_id)
        .fetch_all(pool)
        .await)?)
    }
}

/// A one-time token and its message, for [`enqueue_many`].
pub struct LinkMessage {
    pub token_hash: String,
    pub user_id: i64,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub link: String,
}

/// Queues many link messages of one kind at once (chunked multi-row inserts), with their tokens.
pub async fn enqueue_many(
    tx: &mut Tx,
    kind: &str,
    help_center_id: i64,
    expires_at: i64,
    messages: &[LinkMessage],
) -> StoreResult<()> {
    let now = now_millis();
    for chunk in messages.chunks(300) {
        let mut q = Statement::new(
            "INSERT INTO account_tokens (token_hash, user_id, purpose, help_center_id, created_at, expires_at) ",
        );
        q.rows(chunk, |m| {
            vec![
                Value::from(&m.token_hash),
                Value::from(m.user_id),
                Value::from(kind),
                Value::from(help_center_id),
                Value::from(now),
                Value::from(expires_at),
            ]
        });
        on_tx!(tx, conn => bind_all!(sqlx::query(&q.sql), q).execute(conn).await.map(|_| ()))?;
        let mut q = Statement::new(
            "INSERT INTO outbox (recipient, user_id, kind, subject, text_body, html_body, link, next_attempt_at, created_at) ",
        );
        q.rows(chunk, |m| {
            vec![
                Value::from(&m.recipient),
                Value::from(m.user_id),
                Value::from(kind),
                Value::from(&m.subject),
                Value::from(&m.text_body),
                Value::from(&m.html_body),
                Value::from(&m.link),
                Value::from(now),
                Value::from(now),
            ]
        });
        on_tx!(tx, conn => bind_all!(sqlx::query(&q.sql), q).execute(conn).await.map(|_| ()))?;
    }
    Ok(())
}

impl Store {
    /// Whether new customers added here get an invitation (`true`) or an email-verification
    /// message (`false`): a project's "Customer invited" notification; for an organization,
    /// invitation when any project it is attached to has it on. `None` for an organization
    /// attached to no project.
    pub async fn invitation_notification(
        &self,
        project_id: Option<i64>,
        organization_id: Option<i64>,
    ) -> StoreResult<Option<bool>> {
        if let Some(project) = project_id {
            return Ok(
                on_pool!(self, pool => sqlx::query_scalar("SELECT customer_invited_notification FROM projects WHERE id = ?")
                    .bind(project)
                    .fetch_optional(pool)
                    .await)?,
            );
        }
        let on: Option<i64> = on_pool!(self, pool => sqlx::query_scalar(
            "SELECT MAX(CASE WHEN p.customer_invited_notification THEN CAST(1 AS BIGINT) ELSE CAST(0 AS BIGINT) END) FROM organization_projects op \
             JOIN projects p ON p.id = op.project_id WHERE op.organization_id = ?",
        )
        .bind(organization_id)
        .fetch_one(pool)
        .await)?;
        Ok(on.map(|n| n == 1))
    }
}
