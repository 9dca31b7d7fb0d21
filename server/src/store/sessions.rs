//! Sign-in sessions and API tokens, both stored only as hashes of their secret.

use super::audit::{account_thing, record, Actor, Event};
use super::db::{on_pool, on_tx};
use super::users::USER_COLUMNS;
use super::{now_millis, Store, StoreResult, UserRow};

impl Store {
    /// Records a new session for `user_id`, valid until `expires_at`.
    pub async fn create_session(&self, token_hash: &str, user_id: i64, expires_at: i64) -> StoreResult<()> {
        on_pool!(self, pool => sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
            .bind(token_hash)
            .bind(user_id)
            .bind(now_millis())
            .bind(expires_at)
            .execute(pool)
            .await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    /// The account behind a session that has not expired.
    pub async fn session_user(&self, token_hash: &str) -> StoreResult<Option<UserRow>> {
        Ok(on_pool!(self, pool => sqlx::query_as(&format!(
            "SELECT {USER_COLUMNS} FROM sessions JOIN users ON users.id = sessions.user_id \
             WHERE sessions.token_hash = ? AND sessions.expires_at > ?"
        ))
        .bind(token_hash)
        .bind(now_millis())
        .fetch_optional(pool)
        .await)?)
    }

    /// Ends a session; an unknown one is a no-op.
    pub async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        on_pool!(self, pool => sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
            .bind(token_hash)
            .execute(pool)
            .await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    /// The account behind an API token.
    pub async fn token_user(&self, token_hash: &str) -> StoreResult<Option<UserRow>> {
        Ok(on_pool!(self, pool => sqlx::query_as(&format!(
            "SELECT {USER_COLUMNS} FROM api_tokens JOIN users ON users.id = api_tokens.user_id \
             WHERE api_tokens.token_hash = ?"
        ))
        .bind(token_hash)
        .fetch_optional(pool)
        .await)?)
    }
}

/// An API token as listed to its owner (never the secret).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiTokenRow {
    pub id: i64,
    pub label: String,
    pub created_at: i64,
}

impl Store {
    /// Records a new API token for `user_id` and returns its id; `None` when they already hold
    /// `max_count` tokens. The count is read inside the write transaction, so racing requests
    /// cannot pass the cap.
    pub async fn create_api_token(
        &self,
        actor: &Actor,
        user_id: i64,
        label: &str,
        token_hash: &str,
        max_count: i64,
    ) -> StoreResult<Option<i64>> {
        let mut tx = self.write().await?;
        let count: i64 = on_tx!(tx, conn => sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens WHERE user_id = ?")
            .bind(user_id)
            .fetch_one(conn)
            .await)?;
        if count >= max_count {
            return Ok(None);
        }
        let id = on_tx!(tx, conn => sqlx::query_scalar(
            "INSERT INTO api_tokens (user_id, label, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id",
        )
        .bind(user_id)
        .bind(label)
        .bind(token_hash)
        .bind(now_millis())
        .fetch_one(conn)
        .await)?;
        if let Some(account) = account_thing(&mut tx, user_id).await? {
            let event = Event::new("account.apiTokenCreated", account).change(
                "apiToken",
                None::<String>,
                Some(label),
            );
            record(&mut tx, actor, event).await?;
        }
        tx.commit().await?;
        Ok(Some(id))
    }

    /// The owner's tokens.
    pub async fn api_tokens(&self, user_id: i64) -> StoreResult<Vec<ApiTokenRow>> {
        Ok(
            on_pool!(self, pool => sqlx::query_as("SELECT id, label, created_at FROM api_tokens WHERE user_id = ? ORDER BY id")
                .bind(user_id)
                .fetch_all(pool)
                .await)?,
        )
    }

    /// Revokes one of the owner's tokens; `false` when they have no such token.
    pub async fn delete_api_token(&self, actor: &Actor, user_id: i64, id: i64) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let label: Option<String> = on_tx!(tx, conn => sqlx::query_scalar("DELETE FROM api_tokens WHERE user_id = ? AND id = ? RETURNING label")
            .bind(user_id)
            .bind(id)
            .fetch_optional(conn)
            .await)?;
        if let (Some(label), Some(account)) = (&label, account_thing(&mut tx, user_id).await?) {
            let event = Event::new("account.apiTokenDeleted", account).change(
                "apiToken",
                Some(label),
                None::<String>,
            );
            record(&mut tx, actor, event).await?;
        }
        tx.commit().await?;
        Ok(label.is_some())
    }
}
