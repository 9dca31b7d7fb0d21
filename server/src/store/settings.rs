//! Global switches, managed domains, help centers and project access settings.

use clientele_domain::policy::{GlobalSettings, Plan, ProjectSettings, ProjectType};
use sqlx::FromRow;

use super::audit::{record, Actor, Event, Thing};
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

    /// Saves the switches and the audit trail's retention (in one transaction).
    pub async fn save_global_settings(
        &self,
        actor: &Actor,
        settings: &GlobalSettings,
        audit_retention_days: u32,
    ) -> StoreResult<()> {
        let before = self.global_settings().await?;
        let retention_before = self.audit_retention_days().await?;
        let mut tx = self.write().await?;
        let bool_text = |b: bool| if b { "true" } else { "false" };
        let plan_text = |plan: Plan| match plan {
            Plan::Premium => "premium",
            Plan::Standard => "standard",
        };
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
        super::set_setting(&mut tx, "plan", plan_text(settings.plan)).await?;
        on_tx!(tx, conn => sqlx::query(
            "INSERT INTO settings (setting_key, value) VALUES ('auditRetentionDays', ?) \
             ON CONFLICT (setting_key) DO UPDATE SET value = excluded.value",
        )
        .bind(audit_retention_days.to_string())
        .execute(conn)
        .await
        .map(|_| ()))?;
        let event = Event::new("settings.changed", Thing::settings())
            .change(
                "agentsCanManageOrganizations",
                Some(bool_text(before.agents_can_manage_organizations)),
                Some(bool_text(settings.agents_can_manage_organizations)),
            )
            .change(
                "customerServiceManagement",
                Some(bool_text(before.customer_service_management)),
                Some(bool_text(settings.customer_service_management)),
            )
            .change(
                "plan",
                Some(plan_text(before.plan)),
                Some(plan_text(settings.plan)),
            )
            .change(
                "auditRetentionDays",
                Some(retention_before),
                Some(audit_retention_days),
            );
        if !event.changes.is_empty() {
            record(&mut tx, actor, event).await?;
        }
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
    pub async fn insert_managed_domain(&self, actor: &Actor, domain: &str) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let done = on_tx!(tx, conn => sqlx::query("INSERT INTO managed_domains (domain) VALUES (?) ON CONFLICT (domain) DO NOTHING")
                .bind(domain)
                .execute(conn)
                .await.map(|done| done.rows_affected()))?;
        if done == 1 {
            record(
                &mut tx,
                actor,
                Event::new("managedDomain.added", Thing::managed_domain(domain)),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(done == 1)
    }

    /// Removes a managed domain; `false` when it was not there.
    pub async fn delete_managed_domain(&self, actor: &Actor, domain: &str) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let done = on_tx!(tx, conn => sqlx::query("DELETE FROM managed_domains WHERE domain = ?")
            .bind(domain)
            .execute(conn)
            .await.map(|done| done.rows_affected()))?;
        if done == 1 {
            record(
                &mut tx,
                actor,
                Event::new("managedDomain.removed", Thing::managed_domain(domain)),
            )
            .await?;
        }
        tx.commit().await?;
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
    pub async fn create_help_center(
        &self,
        actor: &Actor,
        slug: &str,
        name: &str,
    ) -> StoreResult<Option<i64>> {
        let mut tx = self.write().await?;
        let id: Option<i64> = on_tx!(tx, conn => sqlx::query_scalar(
            "INSERT INTO help_centers (slug, name, is_default) VALUES (?, ?, FALSE) \
             ON CONFLICT (slug) DO NOTHING RETURNING id",
        )
        .bind(slug)
        .bind(name)
        .fetch_optional(conn)
        .await)?;
        if let Some(id) = id {
            let event = Event::new("helpCenter.created", Thing::help_center(id, name))
                .change("slug", None::<String>, Some(slug))
                .change("name", None::<String>, Some(name));
            record(&mut tx, actor, event).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Renames a help center; `false` when there is no such one.
    pub async fn rename_help_center(&self, actor: &Actor, id: i64, name: &str) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let before: Option<String> = on_tx!(tx, conn => sqlx::query_scalar("SELECT name FROM help_centers WHERE id = ?")
            .bind(id)
            .fetch_optional(conn)
            .await)?;
        let Some(before) = before else {
            return Ok(false);
        };
        on_tx!(tx, conn => sqlx::query("UPDATE help_centers SET name = ? WHERE id = ?")
            .bind(name)
            .bind(id)
            .execute(conn)
            .await.map(|done| done.rows_affected()))?;
        let event = Event::new("helpCenter.renamed", Thing::help_center(id, name)).change(
            "name",
            Some(before),
            Some(name),
        );
        record(&mut tx, actor, event).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Removes a help center unless it is the last one; when it was the default, the oldest
    /// other one becomes default. The count is read inside the write transaction, so two
    /// admins deleting the last two at once cannot both succeed.
    pub async fn delete_help_center(&self, actor: &Actor, id: i64) -> StoreResult<HelpCenterRemoval> {
        let mut tx = self.write().await?;
        let before: Option<(String, String)> = on_tx!(tx, conn => sqlx::query_as("SELECT slug, name FROM help_centers WHERE id = ?")
            .bind(id)
            .fetch_optional(conn)
            .await)?;
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
        if let Some((slug, name)) = before {
            let event = Event::new("helpCenter.deleted", Thing::help_center(id, &name))
                .change("slug", Some(slug), None::<String>)
                .change("name", Some(&name), None::<String>);
            record(&mut tx, actor, event).await?;
        }
        tx.commit().await?;
        Ok(HelpCenterRemoval::Removed)
    }

    /// Saves a project's access settings.
    pub async fn save_project_access(
        &self,
        actor: &Actor,
        project_id: i64,
        public_signup: bool,
        invited: bool,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let before: Option<(String, bool, bool)> = on_tx!(tx, conn => sqlx::query_as(
            "SELECT name, public_signup, customer_invited_notification FROM projects WHERE id = ?",
        )
        .bind(project_id)
        .fetch_optional(conn)
        .await)?;
        on_tx!(tx, conn => sqlx::query("UPDATE projects SET public_signup = ?, customer_invited_notification = ? WHERE id = ?")
            .bind(public_signup)
            .bind(invited)
            .bind(project_id)
            .execute(conn)
            .await.map(|done| done.rows_affected()))?;
        if let Some((name, signup_before, invited_before)) = before {
            let event = Event::new("project.accessChanged", Thing::project(project_id, &name))
                .change("publicSignup", Some(signup_before), Some(public_signup))
                .change("customerInvitedNotification", Some(invited_before), Some(invited));
            if !event.changes.is_empty() {
                record(&mut tx, actor, event).await?;
            }
        }
        tx.commit().await
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
