//! Global switches, managed domains, help centers and project access settings.

use clientele_domain::policy::{GlobalSettings, Plan, ProjectSettings, ProjectType};
use sqlx::FromRow;

use super::db::{on_pool, on_tx};
use super::{ProjectRow, Store, StoreResult};

/// A help center as stored.
#[derive(Debug, Clone, FromRow)]
pub struct HelpCenterRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub is_default: bool,
}

/// What became of a request to remove a help center.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpCenterRemoval {
    Removed,
    NotFound,
    /// It is the only one, and customers need one to sign in.
    Last,
}

impl Store {
    /// The settings the policy reads.
    pub async fn global_settings(&self) -> StoreResult<GlobalSettings> {
        // The switches and the managed domains (key '') in one statement.
        let rows: Vec<(String, String)> = on_pool!(self, pool => sqlx::query_as(
            "SELECT setting_key, value FROM settings UNION ALL SELECT '', domain FROM managed_domains ORDER BY 1, 2",
        )
            .fetch_all(pool)
            .await)?;
        let get = |key: &str| rows.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        let managed_domains = rows
            .iter()
            .filter(|(k, _)| k.is_empty())
            .map(|(_, domain)| domain.clone())
            .collect();
        Ok(GlobalSettings {
            agents_can_manage_organizations: get("agentsCanManageOrganizations") == Some("true"),
            customer_service_management: get("customerServiceManagement") == Some("true"),
            plan: if get("plan") == Some("premium") {
                Plan::Premium
            } else {
                Plan::Standard
            },
            managed_domains,
        })
    }

    /// Saves the switches (all three, in one transaction).
    pub async fn save_global_settings(&self, settings: &GlobalSettings) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let bool_text = |b: bool| if b { "true" } else { "false" };
        super::set_setting(
            &mut tx,
            "agentsCanManageOrganizations",
            bool_text(settings.agents_can_manage_organizations),
        )
        .await?;
        super::set_setting(
            &mut tx,
            "customerServiceManagement",
            bool_text(settings.customer_service_management),
        )
        .await?;
        let plan = match settings.plan {
            Plan::Premium => "premium",
            Plan::Standard => "standard",
        };
        super::set_setting(&mut tx, "plan", plan).await?;
        tx.commit().await
    }

    /// Managed domains, sorted.
    pub async fn managed_domains(&self) -> StoreResult<Vec<String>> {
        Ok(
            on_pool!(self, pool => sqlx::query_scalar("SELECT domain FROM managed_domains ORDER BY domain")
                .fetch_all(pool)
                .await)?,
        )
    }

    /// Adds a managed domain; `false` when it was there already.
    pub async fn insert_managed_domain(&self, domain: &str) -> StoreResult<bool> {
        let done = on_pool!(self, pool => sqlx::query("INSERT INTO managed_domains (domain) VALUES (?) ON CONFLICT (domain) DO NOTHING")
                .bind(domain)
                .execute(pool)
                .await.map(|done| done.rows_affected()))?;
        Ok(done == 1)
    }

    /// Removes a managed domain; `false` when it was not there.
    pub async fn delete_managed_domain(&self, domain: &str) -> StoreResult<bool> {
        let done = on_pool!(self, pool => sqlx::query("DELETE FROM managed_domains WHERE domain = ?")
            .bind(domain)
            .execute(pool)
            .await.map(|done| done.rows_affected()))?;
        Ok(done == 1)
    }

    /// Help centers, the default first.
    pub async fn help_centers(&self) -> StoreResult<Vec<HelpCenterRow>> {
        Ok(on_pool!(self, pool => sqlx::query_as(
                "SELECT id, slug, name, is_default FROM help_centers ORDER BY is_default DESC, id",
            )
            .fetch_all(pool)
            .await)?)
    }

    /// Adds a help center; `None` when the slug is taken.
    pub async fn create_help_center(&self, slug: &str, name: &str) -> StoreResult<Option<i64>> {
        Ok(on_pool!(self, pool => sqlx::query_scalar(
            "INSERT INTO help_centers (slug, name, is_default) VALUES (?, ?, FALSE) \
             ON CONFLICT (slug) DO NOTHING RETURNING id",
        )
        .bind(slug)
        .bind(name)
        .fetch_optional(pool)
        .await)?)
    }

    /// Renames a help center; `false` when there is no such one.
    pub async fn rename_help_center(&self, id: i64, name: &str) -> StoreResult<bool> {
        let done = on_pool!(self, pool => sqlx::query("UPDATE help_centers SET name = ? WHERE id = ?")
            .bind(name)
            .bind(id)
            .execute(pool)
            .await.map(|done| done.rows_affected()))?;
        Ok(done == 1)
    }

    /// Removes a help center unless it is the last one; when it was the default, the oldest
    /// other one becomes default. The count is read inside the write transaction, so two
    /// admins deleting the last two at once cannot both succeed.
    pub async fn delete_help_center(&self, id: i64) -> StoreResult<HelpCenterRemoval> {
        let mut tx = self.write().await?;
        let (exists, count): (bool, i64) = on_tx!(tx, conn => sqlx::query_as(
            "SELECT EXISTS (SELECT 1 FROM help_centers WHERE id = ?), (SELECT COUNT(*) FROM help_centers)",
        )
        .bind(id)
        .fetch_one(conn)
        .await)?;
        if !exists {
            return Ok(HelpCenterRemoval::NotFound);
        }
        if count <= 1 {
            return Ok(HelpCenterRemoval::Last);
        }
        on_tx!(tx, conn => sqlx::query("DELETE FROM help_centers WHERE id = ?")
            .bind(id)
            .execute(conn)
            .await.map(|done| done.rows_affected()))?;
        on_tx!(tx, conn => sqlx::query(
            "UPDATE help_centers SET is_default = TRUE WHERE id = (SELECT MIN(id) FROM help_centers) \
             AND NOT EXISTS (SELECT 1 FROM help_centers WHERE is_default)",
        )
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        tx.commit().await?;
        Ok(HelpCenterRemoval::Removed)
    }

    /// Saves a project's access settings.
    pub async fn save_project_access(
        &self,
        project_id: i64,
        public_signup: bool,
        invited: bool,
    ) -> StoreResult<()> {
        on_pool!(self, pool => sqlx::query("UPDATE projects SET public_signup = ?, customer_invited_notification = ? WHERE id = ?")
            .bind(public_signup)
            .bind(invited)
            .bind(project_id)
            .execute(pool)
            .await.map(|done| done.rows_affected()))?;
        Ok(())
    }
}

impl ProjectRow {
    /// The settings of this project the policy reads.
    pub fn policy_settings(&self) -> ProjectSettings {
        ProjectSettings {
            project_type: if self.project_type == "teamManaged" {
                ProjectType::TeamManaged
            } else {
                ProjectType::CompanyManaged
            },
            public_signup: self.public_signup,
            customer_invited_notification: self.customer_invited_notification,
        }
    }
}
