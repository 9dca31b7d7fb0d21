//! Sign-in sessions and API tokens, both stored only as hashes of their secret.

use super::users::USER_COLUMNS;
use super::{now_millis, Store, StoreResult, UserRow};

impl Store {
    /// Records a new session for `user_id`, valid until `expires_at`.
    pub async fn create_session(&self, token_hash: &str, user_id: i64, expires_at: i64) -> StoreResult<()> {
        sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
            .bind(token_hash)
            .bind(user_id)
            .bind(now_millis())
            .bind(expires_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The account behind a session that has not expired.
    pub async fn session_user(&self, token_hash: &str) -> StoreResult<Option<UserRow>> {
        sqlx::query_as(&format!(
            "SELECT {USER_COLUMNS} FROM sessions JOIN users ON users.id = sessions.user_id \
             WHERE sessions.token_hash = ? AND sessions.expires_at > ?"
        ))
        .bind(token_hash)
        .bind(now_millis())
        .fetch_optional(&self.pool)
        .await
    }

    /// Ends a session; an unknown one is a no-op.
    pub async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The account behind an API token.
    pub async fn token_user(&self, token_hash: &str) -> StoreResult<Option<UserRow>> {
        sqlx::query_as(&format!(
            "SELECT {USER_COLUMNS} FROM api_tokens JOIN users ON users.id = api_tokens.user_id \
             WHERE api_tokens.token_hash = ?"
        ))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
    }
}
