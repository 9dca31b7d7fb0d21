//! The mail outbox and one-time account tokens.

use sqlx::{FromRow, SqliteConnection};

use super::{now_millis, Store, StoreResult};

/// A message to queue (inside the transaction of the change that causes it).
pub struct NewMessage<'a> {
    pub recipient: &'a str,
    pub user_id: Option<i64>,
    /// `invitation`, `verification` or `passwordReset`.
    pub kind: &'a str,
    pub subject: &'a str,
    pub text_body: &'a str,
    pub html_body: &'a str,
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
    /// `queued` or `sent`.
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

const MESSAGE_COLUMNS: &str =
    "id, recipient, user_id, kind, subject, text_body, html_body, state, attempts, last_error, created_at, sent_at";

/// Queues a message; the sender picks it up after the transaction commits.
pub async fn enqueue(conn: &mut SqliteConnection, message: &NewMessage<'_>) -> StoreResult<i64> {
    let now = now_millis();
    sqlx::query_scalar(
        "INSERT INTO outbox (recipient, user_id, kind, subject, text_body, html_body, next_attempt_at, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(message.recipient)
    .bind(message.user_id)
    .bind(message.kind)
    .bind(message.subject)
    .bind(message.text_body)
    .bind(message.html_body)
    .bind(now)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// Records a one-time token (stored as its hash) for an account.
pub async fn insert_account_token(
    conn: &mut SqliteConnection,
    token_hash: &str,
    user_id: i64,
    purpose: &str,
    help_center_id: Option<i64>,
    expires_at: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO account_tokens (token_hash, user_id, purpose, help_center_id, created_at, expires_at) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(purpose)
    .bind(help_center_id)
    .bind(now_millis())
    .bind(expires_at)
    .execute(conn)
    .await?;
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
}

impl Store {
    /// Messages due for delivery, oldest first.
    pub async fn due_messages(&self, limit: i64) -> StoreResult<Vec<MessageRow>> {
        sqlx::query_as(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM outbox WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY id LIMIT ?"
        ))
        .bind(now_millis())
        .bind(limit)
        .fetch_all(&self.pool)
        .await
    }

    /// Records one delivery attempt: sent, or failed with the error and the time of the next try.
    pub async fn record_attempt(
        &self,
        id: i64,
        error: Option<&str>,
        next_attempt_at: i64,
    ) -> StoreResult<()> {
        let now = now_millis();
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO mail_attempts (outbox_id, attempted_at, succeeded, error) VALUES (?, ?, ?, ?)",
        )
        .bind(id)
        .bind(now)
        .bind(error.is_none())
        .bind(error)
        .execute(&mut *tx)
        .await?;
        match error {
            None => sqlx::query(
                "UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE id = ?",
            )
            .bind(now)
            .bind(id),
            Some(error) => sqlx::query(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
            )
            .bind(error)
            .bind(next_attempt_at)
            .bind(id),
        }
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    /// Messages, newest first, optionally to one address (compared ignoring case).
    pub async fn messages(
        &self,
        recipient: Option<&str>,
        start: i64,
        limit: i64,
    ) -> StoreResult<Vec<MessageRow>> {
        sqlx::query_as(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM outbox WHERE (? IS NULL OR LOWER(recipient) = LOWER(?)) \
             ORDER BY id DESC LIMIT ? OFFSET ?"
        ))
        .bind(recipient)
        .bind(recipient)
        .bind(limit + 1)
        .bind(start)
        .fetch_all(&self.pool)
        .await
    }

    /// One message.
    pub async fn message(&self, id: i64) -> StoreResult<Option<MessageRow>> {
        sqlx::query_as(&format!("SELECT {MESSAGE_COLUMNS} FROM outbox WHERE id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
    }

    /// Queues a copy of a message (resend); returns the new message's id.
    pub async fn resend_message(&self, id: i64) -> StoreResult<Option<i64>> {
        let now = now_millis();
        sqlx::query_scalar(
            "INSERT INTO outbox (recipient, user_id, kind, subject, text_body, html_body, next_attempt_at, created_at) \
             SELECT recipient, user_id, kind, subject, text_body, html_body, ?, ? FROM outbox WHERE id = ? RETURNING id",
        )
        .bind(now)
        .bind(now)
        .bind(id)
        .fetch_optional(&self.pool)
        .await
    }

    /// The newest invitation or verification message of each of these accounts:
    /// (user id, kind, created at, state).
    pub async fn last_invitations(&self, user_ids: &[i64]) -> StoreResult<Vec<(i64, String, i64, String)>> {
        if user_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "SELECT o.user_id, o.kind, o.created_at, o.state FROM outbox o WHERE o.id IN \
             (SELECT MAX(id) FROM outbox WHERE kind IN ('invitation', 'verification') AND user_id IN (",
        );
        let mut list = q.separated(", ");
        for id in user_ids {
            list.push_bind(id);
        }
        q.push(") GROUP BY user_id)");
        q.build_query_as().fetch_all(&self.pool).await
    }

    /// A one-time token by its hash.
    pub async fn account_token(&self, token_hash: &str) -> StoreResult<Option<AccountTokenRow>> {
        sqlx::query_as(
            "SELECT user_id, purpose, help_center_id, expires_at, used_at FROM account_tokens WHERE token_hash = ?",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
    }
}

impl Store {
    /// Uses a one-time token: in one transaction, marks it used (only if unused and unexpired)
    /// and applies `password_hash` / `display_name` (each kept when `None`) to its account, which
    /// becomes active and verified. Returns the account id, or `None` when the token was not usable.
    pub async fn use_account_token(
        &self,
        token_hash: &str,
        password_hash: Option<&str>,
        display_name: Option<&str>,
    ) -> StoreResult<Option<i64>> {
        let now = now_millis();
        let mut tx = self.write().await?;
        let user_id: Option<i64> = sqlx::query_scalar(
            "UPDATE account_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? \
             RETURNING user_id",
        )
        .bind(now)
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(user_id) = user_id else { return Ok(None) };
        sqlx::query(
            "UPDATE users SET password_hash = COALESCE(?, password_hash), display_name = COALESCE(?, display_name), email_verified = TRUE, \
             status = CASE status WHEN 'revoked' THEN 'revoked' ELSE 'active' END WHERE id = ?",
        )
        .bind(password_hash)
        .bind(display_name)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(user_id))
    }

    /// A help center by its slug.
    pub async fn help_center_by_slug(&self, slug: &str) -> StoreResult<Option<super::HelpCenterRow>> {
        sqlx::query_as("SELECT id, slug, name, is_default FROM help_centers WHERE slug = ?")
            .bind(slug)
            .fetch_optional(&self.pool)
            .await
    }

    /// The projects that allow public sign-up: (key, name).
    pub async fn public_signup_projects(&self) -> StoreResult<Vec<(String, String)>> {
        sqlx::query_as("SELECT project_key, name FROM projects WHERE public_signup ORDER BY name")
            .fetch_all(&self.pool)
            .await
    }

    /// The projects a customer may use: directly, through an organization, or by public
    /// sign-up — (key, name, how).
    pub async fn customer_usable_projects(&self, user_id: i64) -> StoreResult<Vec<(String, String, String)>> {
        sqlx::query_as(
            "SELECT p.project_key, p.name, MIN(via) FROM ( \
                 SELECT project_id, 'customer' AS via FROM project_customers WHERE user_id = ? \
                 UNION ALL SELECT op.project_id, 'organization' FROM organization_projects op \
                     JOIN organization_members om ON om.organization_id = op.organization_id WHERE om.user_id = ? \
                 UNION ALL SELECT id, 'publicSignup' FROM projects WHERE public_signup \
             ) access JOIN projects p ON p.id = access.project_id GROUP BY p.id ORDER BY p.name",
        )
        .bind(user_id)
        .bind(user_id)
        .fetch_all(&self.pool)
        .await
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
}

/// Queues many link messages of one kind at once (chunked multi-row inserts), with their tokens.
pub async fn enqueue_many(
    conn: &mut SqliteConnection,
    kind: &str,
    help_center_id: i64,
    expires_at: i64,
    messages: &[LinkMessage],
) -> StoreResult<()> {
    let now = now_millis();
    for chunk in messages.chunks(300) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO account_tokens (token_hash, user_id, purpose, help_center_id, created_at, expires_at) ",
        );
        q.push_values(chunk, |mut row, m| {
            row.push_bind(&m.token_hash)
                .push_bind(m.user_id)
                .push_bind(kind)
                .push_bind(help_center_id)
                .push_bind(now)
                .push_bind(expires_at);
        });
        q.build().execute(&mut *conn).await?;
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO outbox (recipient, user_id, kind, subject, text_body, html_body, next_attempt_at, created_at) ",
        );
        q.push_values(chunk, |mut row, m| {
            row.push_bind(&m.recipient)
                .push_bind(m.user_id)
                .push_bind(kind)
                .push_bind(&m.subject)
                .push_bind(&m.text_body)
                .push_bind(&m.html_body)
                .push_bind(now)
                .push_bind(now);
        });
        q.build().execute(&mut *conn).await?;
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
            return sqlx::query_scalar("SELECT customer_invited_notification FROM projects WHERE id = ?")
                .bind(project)
                .fetch_optional(&self.pool)
                .await;
        }
        let on: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(CASE WHEN p.customer_invited_notification THEN 1 ELSE 0 END) FROM organization_projects op \
             JOIN projects p ON p.id = op.project_id WHERE op.organization_id = ?",
        )
        .bind(organization_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(on.map(|n| n == 1))
    }
}
