//! Roles and account administration.

use clientele_domain::wire::ProjectRole;

use super::audit::{account_state, record_account, Actor};
use super::db::{on_pool, on_tx};
use super::{now_millis, Store, StoreResult, Tx};

/// After a password change (inside its transaction): ends every session of the account but
/// `keep_session`, and voids its unused one-time links, with any sign-up password they carry.
pub(super) async fn end_sessions_and_links(
    tx: &mut Tx,
    user_id: i64,
    keep_session: Option<&str>,
) -> StoreResult<()> {
    on_tx!(tx, conn => sqlx::query("DELETE FROM sessions WHERE user_id = ? AND (? IS NULL OR token_hash <> ?)")
        .bind(user_id)
        .bind(keep_session)
        .bind(keep_session)
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
    on_tx!(tx, conn => sqlx::query(
        "UPDATE account_tokens SET used_at = ?, password_hash = NULL WHERE user_id = ? AND used_at IS NULL",
    )
    .bind(now_millis())
    .bind(user_id)
    .execute(conn)
    .await.map(|done| done.rows_affected()))?;
    Ok(())
}

impl Store {
    /// The role (`projectAdmin` / `agent`) an account has in a project.
    pub async fn project_role(&self, user_id: i64, project_id: i64) -> StoreResult<Option<ProjectRole>> {
        let role: Option<String> = on_pool!(self, pool => sqlx::query_scalar("SELECT role FROM project_roles WHERE user_id = ? AND project_id = ?")
                .bind(user_id)
                .bind(project_id)
                .fetch_optional(pool)
                .await)?;
        Ok(role.as_deref().and_then(ProjectRole::parse))
    }

    /// The strongest role an account has in any project.
    pub async fn strongest_project_role(&self, user_id: i64) -> StoreResult<Option<ProjectRole>> {
        let role: Option<String> = on_pool!(self, pool => sqlx::query_scalar(
            "SELECT role FROM project_roles WHERE user_id = ? \
             ORDER BY CASE role WHEN 'projectAdmin' THEN 0 ELSE 1 END LIMIT 1",
        )
        .bind(user_id)
        .fetch_optional(pool)
        .await)?;
        Ok(role.as_deref().and_then(ProjectRole::parse))
    }

    /// The strongest role an account has in a project that an organization is attached to.
    pub async fn strongest_role_where_attached(
        &self,
        user_id: i64,
        organization_id: i64,
    ) -> StoreResult<Option<ProjectRole>> {
        let role: Option<String> = on_pool!(self, pool => sqlx::query_scalar(
            "SELECT r.role FROM project_roles r \
             JOIN organization_projects op ON op.project_id = r.project_id \
             WHERE r.user_id = ? AND op.organization_id = ? \
             ORDER BY CASE r.role WHEN 'projectAdmin' THEN 0 ELSE 1 END LIMIT 1",
        )
        .bind(user_id)
        .bind(organization_id)
        .fetch_optional(pool)
        .await)?;
        Ok(role.as_deref().and_then(ProjectRole::parse))
    }

    /// Changes an account's display name; `false` when there is no such account.
    pub async fn set_display_name(&self, actor: &Actor, user_id: i64, name: &str) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let before = account_state(&mut tx, user_id).await?;
        let done = on_tx!(tx, conn => sqlx::query("UPDATE users SET display_name = ? WHERE id = ?")
            .bind(name)
            .bind(user_id)
            .execute(conn)
            .await.map(|done| done.rows_affected()))?;
        if done == 1 {
            record_account(&mut tx, actor, "account.renamed", user_id, before).await?;
        }
        tx.commit().await?;
        Ok(done == 1)
    }

    /// Changes an account's password: an invited account becomes active, every session ends
    /// except `keep_session` (the token hash of the session that made the change, if any), and
    /// every unused one-time link stops working — in one transaction. API tokens stay: they are
    /// separate credentials their owner manages.
    pub async fn change_password(
        &self,
        actor: &Actor,
        user_id: i64,
        hash: &str,
        keep_session: Option<&str>,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let before = account_state(&mut tx, user_id).await?;
        on_tx!(tx, conn => sqlx::query(
            "UPDATE users SET password_hash = ?, \
             status = CASE status WHEN 'invited' THEN 'active' ELSE status END WHERE id = ?",
        )
        .bind(hash)
        .bind(user_id)
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        end_sessions_and_links(&mut tx, user_id, keep_session).await?;
        record_account(&mut tx, actor, "account.passwordChanged", user_id, before).await?;
        tx.commit().await
    }

    /// Makes a portal-only account a full account.
    pub async fn migrate_to_full(&self, actor: &Actor, user_id: i64) -> StoreResult<()> {
        self.account_update(
            actor,
            "account.migratedToFull",
            user_id,
            "UPDATE users SET kind = 'full' WHERE id = ?",
            false,
        )
        .await
    }

    /// Revokes access: the status changes and every session ends, in one transaction.
    pub async fn revoke_access(&self, actor: &Actor, user_id: i64) -> StoreResult<()> {
        self.account_update(
            actor,
            "account.accessRevoked",
            user_id,
            "UPDATE users SET status = 'revoked' WHERE id = ?",
            true,
        )
        .await
    }

    /// Restores access: active when the account has a password, invited otherwise.
    pub async fn restore_access(&self, actor: &Actor, user_id: i64) -> StoreResult<()> {
        self.account_update(
            actor,
            "account.accessRestored",
            user_id,
            "UPDATE users SET status = CASE WHEN password_hash IS NULL THEN 'invited' ELSE 'active' END \
             WHERE id = ? AND status = 'revoked'",
            false,
        )
        .await
    }

    /// Deletes an account: memberships, sessions and tokens go with it (foreign keys cascade)
    /// and the address becomes free.
    pub async fn delete_account(&self, actor: &Actor, user_id: i64) -> StoreResult<()> {
        self.account_update(
            actor,
            "account.deleted",
            user_id,
            "DELETE FROM users WHERE id = ?",
            false,
        )
        .await
    }

    /// One statement on one account (bound to its id), recorded as `action` when it changed
    /// something; with `end_sessions`, every session of the account ends too.
    async fn account_update(
        &self,
        actor: &Actor,
        action: &'static str,
        user_id: i64,
        sql: &'static str,
        end_sessions: bool,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let before = account_state(&mut tx, user_id).await?;
        let done = on_tx!(tx, conn => sqlx::query(sql)
            .bind(user_id)
            .execute(conn)
            .await.map(|done| done.rows_affected()))?;
        if end_sessions {
            on_tx!(tx, conn => sqlx::query("DELETE FROM sessions WHERE user_id = ?")
                .bind(user_id)
                .execute(conn)
                .await.map(|done| done.rows_affected()))?;
        }
        if done > 0 {
            record_account(&mut tx, actor, action, user_id, before).await?;
        }
        tx.commit().await
    }
}
