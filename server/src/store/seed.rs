//! Synthetic data for measurement (`clientele seed`): many customers and organizations, in
//! chunked multi-row inserts inside large transactions.

use super::db::{on_pool, on_tx, Backend};
use super::sql::{bind_all, Statement, Value};
use super::{now_millis, Store, StoreResult, Tx};
use clientele_domain::account::AccountStatus;

const FIRST: [&str; 20] = [
    "Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemal", "Lena",
    "Mateo", "Nadia", "Oren", "Priya", "Quinn", "Rosa", "Sven", "Tariq",
];
const LAST: [&str; 20] = [
    "Moreau",
    "Okafor",
    "Lindqvist",
    "Tanaka",
    "Garcia",
    "Novak",
    "Haddad",
    "Kowalski",
    "Silva",
    "Nguyen",
    "Brennan",
    "Adeyemi",
    "Rossi",
    "Jansen",
    "Petrov",
    "Dubois",
    "Mensah",
    "Kaur",
    "Schmidt",
    "Costa",
];
const ROWS_PER_STATEMENT: usize = 500;
const ROWS_PER_TRANSACTION: usize = 50_000;

/// The display name and address of synthetic customer `n` (stable, so benchmarks can search
/// for known people).
pub fn synthetic_customer(n: usize) -> (String, String) {
    let first = FIRST[n % FIRST.len()];
    let last = LAST[(n / FIRST.len()) % LAST.len()];
    let name = format!("{first} {last} {n}");
    let email = format!(
        "{}.{}.{n}@customer{}.example",
        first.to_lowercase(),
        last.to_lowercase(),
        n % 97
    );
    (name, email)
}

impl Store {
    /// Adds `customers` portal-only customers (active) to the project `project_id`, and
    /// `organizations` organizations among which they are spread evenly (every organization
    /// attached to the project), and `requests_per_customer` requests reported by each (of the
    /// project's first request type; every second one resolved), with their counts. Returns the
    /// id of the first organization created.
    pub async fn seed_synthetic(
        &self,
        project_id: i64,
        customers: usize,
        organizations: usize,
        requests_per_customer: usize,
        mut progress: impl FnMut(usize),
    ) -> StoreResult<Option<i64>> {
        let now = now_millis();
        let request_type: Option<i64> = on_pool!(self, pool => sqlx::query_scalar(
            "SELECT MIN(id) FROM request_types WHERE project_id = ?",
        )
        .bind(project_id)
        .fetch_one(pool)
        .await)?;
        let requests_per_customer = if request_type.is_some() {
            requests_per_customer
        } else {
            0
        };
        let first_number: i64 = on_pool!(self, pool => sqlx::query_scalar(
            "SELECT last_request_number FROM projects WHERE id = ?",
        )
        .bind(project_id)
        .fetch_one(pool)
        .await)?;
        let start_at: i64 = on_pool!(self, pool => sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM users")
            .fetch_one(pool)
            .await)?;
        let org_start: i64 = on_pool!(self, pool => sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM organizations")
            .fetch_one(pool)
            .await)?;

        let mut tx = self.write().await?;
        for chunk in (0..organizations).collect::<Vec<_>>().chunks(ROWS_PER_STATEMENT) {
            let mut q = Statement::new("INSERT INTO organizations (id, name, name_key, created_at) ");
            q.rows(chunk, |n| {
                let name = format!("Synthetic organization {:05}", n + 1);
                let key = name.to_lowercase();
                vec![
                    Value::from(org_start + *n as i64 + 1),
                    Value::from(name),
                    Value::from(key),
                    Value::from(now),
                ]
            });
            execute(&mut tx, q).await?;
            let mut q = Statement::new("INSERT INTO organization_projects (organization_id, project_id) ");
            q.rows(chunk, |n| {
                vec![Value::from(org_start + *n as i64 + 1), Value::from(project_id)]
            });
            execute(&mut tx, q).await?;
        }
        tx.commit().await?;

        let mut done = 0;
        while done < customers {
            let upto = (done + ROWS_PER_TRANSACTION).min(customers);
            let mut tx = self.write().await?;
            for chunk in (done..upto).collect::<Vec<_>>().chunks(ROWS_PER_STATEMENT) {
                let mut q = Statement::new(
                    "INSERT INTO users (id, email, email_key, display_name, kind, status, site_admin, created_at) ",
                );
                q.rows(chunk, |n| {
                    let (name, email) = synthetic_customer(*n);
                    vec![
                        Value::from(start_at + *n as i64 + 1),
                        Value::from(email.clone()),
                        Value::from(email),
                        Value::from(name),
                        Value::from("portal"),
                        Value::from(AccountStatus::Active.as_str()),
                        Value::from(false),
                        Value::from(now),
                    ]
                });
                execute(&mut tx, q).await?;
                let mut q = Statement::new("INSERT INTO project_customers (project_id, user_id, added_at) ");
                q.rows(chunk, |n| {
                    vec![
                        Value::from(project_id),
                        Value::from(start_at + *n as i64 + 1),
                        Value::from(now),
                    ]
                });
                execute(&mut tx, q).await?;
                if organizations > 0 {
                    let mut q = Statement::new(
                        "INSERT INTO organization_members (organization_id, user_id, added_at) ",
                    );
                    q.rows(chunk, |n| {
                        vec![
                            Value::from(org_start + (*n % organizations) as i64 + 1),
                            Value::from(start_at + *n as i64 + 1),
                            Value::from(now),
                        ]
                    });
                    execute(&mut tx, q).await?;
                }
                if let Some(request_type) = request_type.filter(|_| requests_per_customer > 0) {
                    let requests: Vec<(usize, usize)> = chunk
                        .iter()
                        .flat_map(|n| (0..requests_per_customer).map(move |k| (*n, k)))
                        .collect();
                    let mut q = Statement::new(
                        "INSERT INTO requests (project_id, number, request_type_id, summary, summary_key, description, \
                         reporter_id, raised_by_id, status, created_at, updated_at, status_at, resolved_at) ",
                    );
                    q.rows(&requests, |(n, k)| {
                        let user = start_at + *n as i64 + 1;
                        let number = first_number + (*n * requests_per_customer + k) as i64 + 1;
                        let summary = format!("Synthetic request {number}");
                        let resolved = k % 2 == 1;
                        vec![
                            Value::from(project_id),
                            Value::from(number),
                            Value::from(request_type),
                            Value::from(summary.clone()),
                            Value::from(summary.to_lowercase()),
                            Value::from(""),
                            Value::from(user),
                            Value::from(user),
                            Value::from(if resolved { "resolved" } else { "waitingForSupport" }),
                            Value::from(now),
                            Value::from(now),
                            Value::from(now),
                            Value::from(resolved.then_some(now)),
                        ]
                    });
                    execute(&mut tx, q).await?;
                    let mut q = Statement::new(
                        "INSERT INTO request_counts (project_id, user_id, open_count, closed_count) ",
                    );
                    q.rows(chunk, |n| {
                        vec![
                            Value::from(project_id),
                            Value::from(start_at + *n as i64 + 1),
                            Value::from(requests_per_customer.div_ceil(2) as i64),
                            Value::from((requests_per_customer / 2) as i64),
                        ]
                    });
                    execute(&mut tx, q).await?;
                }
            }
            tx.commit().await?;
            done = upto;
            progress(done);
        }
        let mut tx = self.write().await?;
        let mut q = Statement::new("UPDATE projects SET last_request_number = ");
        q.bind(first_number + (customers * requests_per_customer) as i64)
            .push(" WHERE id = ")
            .bind(project_id);
        execute(&mut tx, q).await?;
        tx.commit().await?;
        self.after_bulk_load().await?;
        Ok((organizations > 0).then_some(org_start + 1))
    }
}

async fn execute(tx: &mut Tx, q: Statement) -> StoreResult<()> {
    on_tx!(tx, conn => bind_all!(sqlx::query(&q.sql), q).execute(conn).await.map(|_| ()))?;
    Ok(())
}

impl Store {
    /// After rows were inserted with their ids: statistics for the planner, identity
    /// sequences past the largest id (PostgreSQL), and on SQLite the write-ahead log folded
    /// into the file, so that the file alone can be copied.
    pub(super) async fn after_bulk_load(&self) -> StoreResult<()> {
        on_pool!(self, pool => sqlx::query("ANALYZE").execute(pool).await.map(|_| ()))?;
        match self.backend() {
            Backend::Sqlite => {
                on_pool!(self, pool => sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(pool).await.map(|_| ()))?;
            }
            Backend::Postgres => {
                for table in IDENTITY_TABLES {
                    let sql = format!(
                        "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                         GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), 1))"
                    );
                    on_pool!(self, pool => sqlx::query(&sql).execute(pool).await.map(|_| ()))?;
                }
            }
        }
        Ok(())
    }
}

/// The tables whose ids are identity columns on PostgreSQL.
pub(super) const IDENTITY_TABLES: &[&str] = &[
    "users",
    "api_tokens",
    "projects",
    "organizations",
    "help_centers",
    "outbox",
    "mail_attempts",
    "request_types",
    "requests",
    "request_comments",
    "request_status_changes",
    "change_sets",
    "audit_events",
];
