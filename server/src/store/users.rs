//! Accounts: customers and staff.

use clientele_domain::account::AccountStatus;
use clientele_domain::email::Email;
use sqlx::FromRow;

use super::audit::Actor;
use super::db::{on_pool, on_tx};
use super::sql::{bind_all, Statement, Value};
use super::{now_millis, Store, StoreError, StoreErrorKind, StoreResult, Tx};

/// An account as stored.
#[derive(Debug, Clone, FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    /// `portal` or `full`.
    pub kind: String,
    /// Stored as its wire text.
    #[sqlx(try_from = "String")]
    pub status: AccountStatus,
    pub site_admin: bool,
    pub password_hash: Option<String>,
    pub time_zone: String,
}

impl UserRow {
    /// Whether this account may be authenticated at all.
    pub fn can_authenticate(&self) -> bool {
        self.status == AccountStatus::Active
    }
}

/// A new account.
pub struct NewUser<'a> {
    pub email: &'a Email,
    pub display_name: &'a str,
    pub kind: &'a str,
    pub status: AccountStatus,
    pub site_admin: bool,
    pub password_hash: Option<&'a str>,
}

pub(super) const USER_COLUMNS: &str =
    "users.id, users.email, users.display_name, users.kind, users.status, users.site_admin, users.password_hash, users.time_zone";

impl Store {
    /// The account with this address as typed (compared by [`Email::key`]); none for text that
    /// is not an address, which no account has.
    pub async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRow>> {
        let Ok(email) = Email::parse(email.trim()) else {
            return Ok(None);
        };
        Ok(
            on_pool!(self, pool => sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE email_key = ?"))
                .bind(email.key())
                .fetch_optional(pool)
                .await)?,
        )
    }
}

/// Creates an account (inside a transaction) and returns its id; an address already taken is
/// an error (for the demo data, which starts from an empty database).
pub async fn insert_user(tx: &mut Tx, user: &NewUser<'_>) -> StoreResult<i64> {
    insert_user_if_new(tx, user).await?.ok_or_else(|| {
        StoreError::new(
            StoreErrorKind::Other,
            format!("{} already has an account", user.email),
        )
    })
}

/// Records the creation of an account (inside the transaction that created it).
pub async fn record_new_account(tx: &mut Tx, actor: &Actor, id: i64) -> StoreResult<()> {
    super::audit::record_account(tx, actor, "account.created", id, None).await
}

/// Creates an account (inside a transaction) unless one with this address exists (ignoring
/// case), and returns the new id; `None` when the address was taken, even by a request that
/// committed a moment ago, so racing creates of one address never fail half-way.
pub async fn insert_user_if_new(tx: &mut Tx, user: &NewUser<'_>) -> StoreResult<Option<i64>> {
    let q = insert_user_statement(user);
    Ok(on_tx!(tx, conn => bind_all!(sqlx::query_scalar(&q.sql), q).fetch_optional(conn).await)?)
}

/// The insert of [`insert_user_if_new`]: `RETURNING id` answers no row when the address is taken.
fn insert_user_statement(user: &NewUser<'_>) -> Statement {
    let mut q = Statement::new(
        "INSERT INTO users (email, email_key, display_name, kind, status, site_admin, password_hash, created_at) ",
    );
    q.rows(&[()], |_| {
        vec![
            Value::from(user.email.as_str()),
            Value::from(user.email.key()),
            Value::from(user.display_name),
            Value::from(user.kind),
            Value::from(user.status.as_str()),
            Value::from(user.site_admin),
            Value::MaybeText(user.password_hash.map(str::to_owned)),
            Value::from(now_millis()),
        ]
    });
    q.push(" ON CONFLICT (email_key) DO NOTHING RETURNING id");
    q
}

impl Store {
    /// Creates an account unless one with this address exists; returns the new id.
    pub async fn create_user_if_new(&self, actor: &Actor, user: &NewUser<'_>) -> StoreResult<Option<i64>> {
        let mut tx = self.write().await?;
        let id = insert_user_if_new(&mut tx, user).await?;
        if let Some(id) = id {
            super::audit::record_account(&mut tx, actor, "account.created", id, None).await?;
        }
        tx.commit().await?;
        Ok(id)
    }
}
