//! Synthetic data for measurement (`clientele seed`): many customers and organizations, in
//! chunked multi-row inserts inside large transactions.

use clientele_domain::account::AccountStatus;
use sqlx::{QueryBuilder, Sqlite};

use super::{now_millis, Store, StoreResult};

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
    /// attached to the project). Returns the id of the first organization created.
    pub async fn seed_synthetic(
        &self,
        project_id: i64,
        customers: usize,
        organizations: usize,
        mut progress: impl FnMut(usize),
    ) -> StoreResult<Option<i64>> {
        let now = now_millis();
        let start_at: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM users")
            .fetch_one(&self.pool)
            .await?;
        let org_start: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM organizations")
            .fetch_one(&self.pool)
            .await?;

        let mut tx = self.write().await?;
        for chunk in (0..organizations).collect::<Vec<_>>().chunks(ROWS_PER_STATEMENT) {
            let mut q =
                QueryBuilder::<Sqlite>::new("INSERT INTO organizations (id, name, name_key, created_at) ");
            q.push_values(chunk, |mut row, n| {
                let name = format!("Synthetic organization {:05}", n + 1);
                row.push_bind(org_start + *n as i64 + 1)
                    .push_bind(name.clone())
                    .push_bind(name.to_lowercase())
                    .push_bind(now);
            });
            q.build().execute(tx.conn()).await?;
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO organization_projects (organization_id, project_id) ",
            );
            q.push_values(chunk, |mut row, n| {
                row.push_bind(org_start + *n as i64 + 1).push_bind(project_id);
            });
            q.build().execute(tx.conn()).await?;
        }
        tx.commit().await?;

        let mut done = 0;
        while done < customers {
            let upto = (done + ROWS_PER_TRANSACTION).min(customers);
            let mut tx = self.write().await?;
            for chunk in (done..upto).collect::<Vec<_>>().chunks(ROWS_PER_STATEMENT) {
                let mut q = QueryBuilder::<Sqlite>::new(
                    "INSERT INTO users (id, email, email_key, display_name, kind, status, site_admin, created_at) ",
                );
                q.push_values(chunk, |mut row, n| {
                    let (name, email) = synthetic_customer(*n);
                    row.push_bind(start_at + *n as i64 + 1)
                        .push_bind(email.clone())
                        .push_bind(email)
                        .push_bind(name)
                        .push_bind("portal")
                        .push_bind(AccountStatus::Active.as_str())
                        .push_bind(false)
                        .push_bind(now);
                });
                q.build().execute(tx.conn()).await?;
                let mut q = QueryBuilder::<Sqlite>::new(
                    "INSERT INTO project_customers (project_id, user_id, added_at) ",
                );
                q.push_values(chunk, |mut row, n| {
                    row.push_bind(project_id)
                        .push_bind(start_at + *n as i64 + 1)
                        .push_bind(now);
                });
                q.build().execute(tx.conn()).await?;
                if organizations > 0 {
                    let mut q = QueryBuilder::<Sqlite>::new(
                        "INSERT INTO organization_members (organization_id, user_id, added_at) ",
                    );
                    q.push_values(chunk, |mut row, n| {
                        let org = org_start + (*n % organizations) as i64 + 1;
                        row.push_bind(org)
                            .push_bind(start_at + *n as i64 + 1)
                            .push_bind(now);
                    });
                    q.build().execute(tx.conn()).await?;
                }
            }
            tx.commit().await?;
            done = upto;
            progress(done);
        }
        sqlx::query("ANALYZE").execute(&self.pool).await?;
        // Fold the write-ahead log into the file, so that the file alone can be copied.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await?;
        Ok((organizations > 0).then_some(org_start + 1))
    }
}
