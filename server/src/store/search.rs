//! Customer lists with search, built as one SQL statement per shape.
//!
//! Three characters or more go through the FTS5 trigram index, and the index *drives* the
//! query: it yields matching ids in ascending order, each is checked for membership with a
//! primary-key probe, and `LIMIT` stops the scan as soon as the page is full. (Collecting every
//! match first and then filtering took ~5× longer for common fragments such as "ada".) Shorter
//! strings, which the trigram index cannot answer, fall back to `LIKE`. Every shape orders by
//! account id, so pages are stable whichever way they were found.
//!
//! On PostgreSQL every search is the `LIKE` shape: `pg_trgm`'s GIN indexes on `email_key` and
//! `lower(display_name)` answer `LIKE '%…%'` for three characters or more, and the planner
//! chooses between them and walking the primary key in order. That choice rests on how many
//! accounts the fragment matches, which the planner reads from the columns' statistics (kept
//! finer than the default, migration 0003), so the statement is planned for its own pattern
//! each time rather than kept prepared (a prepared statement may switch to one generic plan
//! for every pattern). At 10,000,000 accounts that estimate fails for a rare fragment (a whole
//! address's local part, a few hundred matches, estimated at ~11,000): the planner walked the
//! primary key expecting an early page, 1.3 million rows, 1.8 s. So a search of three
//! characters or more on PostgreSQL is found in steps ([`searched_in_steps`], run by the
//! store): a bounded window of the key first ([`SEARCH_WINDOW`] accounts; a full page there is
//! the page), a larger window when that one's matches show a common fragment, and otherwise
//! the trigram indexes, every match sorted by id (`ORDER BY id + 0`: no unbounded walk of the
//! key whatever the estimate). The same rows in the same order either way; no schema change.
//! What it still costs at 10M is in the README's benchmark section.

use super::db::Backend;
use super::seek::{Key, Seek};
use super::sql::Statement;
use super::users::USER_COLUMNS;
use clientele_domain::account::AccountStatus;

/// Whose customers a list shows.
#[derive(Debug, Clone, Copy)]
pub(super) enum Scope<'a> {
    /// A project's own customers.
    Project(i64),
    /// An organization's members.
    Organization(i64),
    /// Every account, optionally by status and kind.
    Site {
        status: Option<AccountStatus>,
        kind: Option<&'a str>,
    },
}

/// A search string, classified.
enum Search {
    All,
    /// A quoted FTS5 phrase.
    Indexed(String),
    /// A `LIKE` pattern on lowercased text; `true` when it is three characters or more (what
    /// a trigram index answers).
    Short(String, bool),
}

impl Search {
    fn new(backend: Backend, query: Option<&str>) -> Search {
        // No stored name or address holds a NUL, and PostgreSQL text cannot carry one.
        let query = query.map(|q| q.replace('\0', ""));
        match query.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            None => Search::All,
            Some(q) if q.chars().count() >= 3 && backend == Backend::Sqlite => {
                Search::Indexed(format!("\"{}\"", q.replace('"', "\"\"")))
            }
            Some(q) => {
                let trigrams = q.chars().count() >= 3;
                let escaped = q
                    .to_lowercase()
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                Search::Short(format!("%{escaped}%"), trigrams)
            }
        }
    }
}

/// The membership condition on the account id expression `id`.
fn push_scope(q: &mut Statement, scope: Scope<'_>, id: &str) {
    match scope {
        Scope::Project(project) => {
            q.push(" AND EXISTS (SELECT 1 FROM project_customers m WHERE m.project_id = ");
            q.bind(project).push(&format!(" AND m.user_id = {id})"));
        }
        Scope::Organization(organization) => {
            q.push(" AND EXISTS (SELECT 1 FROM organization_members m WHERE m.organization_id = ");
            q.bind(organization).push(&format!(" AND m.user_id = {id})"));
        }
        Scope::Site { status, kind } => {
            if let Some(status) = status {
                q.push(" AND users.status = ").bind(status.as_str());
            }
            if let Some(kind) = kind {
                q.push(" AND users.kind = ").bind(kind);
            }
        }
    }
}

/// Separates the parts of the texts a list row's details are packed into (no organization
/// name, message kind or state holds a control character).
pub(super) const SEPARATOR: &str = "\u{1f}";

/// One page of accounts ([`customer_page`]) with what a list shows of each, in the same
/// statement (one round trip to the database, not four): the organizations (`id␟name␟…`, by
/// name), the last invitation or verification message (`kind␟queued at␟state`), and with
/// `counts_in`, the open and closed requests in that project.
pub(super) fn customer_page_with_details(
    backend: Backend,
    scope: Scope<'_>,
    query: Option<&str>,
    seek: &Seek,
    limit: i64,
    counts_in: Option<i64>,
) -> Statement {
    with_details(customer_page(backend, scope, query, seek, limit), counts_in)
}

/// How many accounts a search on PostgreSQL first walks in id order before it asks the
/// trigram indexes instead.
pub(super) const SEARCH_WINDOW: i64 = 2_000;

/// Whether a page of [`customer_page_with_details`] is found in steps ([`customer_page_by`]):
/// on PostgreSQL, a search of three characters or more. The planner's own choice there rests
/// on its estimate of how many accounts match, and for a rare fragment at 10,000,000 accounts
/// it walked the primary key expecting an early page (over a million rows, seconds). So the
/// store first walks the next [`SEARCH_WINDOW`] accounts in id order and checks each: a full
/// page there is the page (any later match has a higher id). The matches found in that window
/// say how common the fragment is: a common one gets a window large enough to fill the page;
/// a rare one, or a window that still falls short, is left to the trigram indexes, which find
/// every match and sort them ([`Drive::Matches`]), never walking the whole key.
pub(super) fn searched_in_steps(backend: Backend, query: Option<&str>) -> bool {
    backend == Backend::Postgres && matches!(Search::new(backend, query), Search::Short(_, true))
}

/// A page of [`customer_page_with_details`] with a `LIKE` search driven as `drive` says.
pub(super) fn customer_page_by(
    backend: Backend,
    scope: Scope<'_>,
    query: Option<&str>,
    seek: &Seek,
    limit: i64,
    counts_in: Option<i64>,
    drive: Drive,
) -> Statement {
    let (mut q, offset) = customer_select_by(backend, scope, query, seek, drive);
    q.push(" LIMIT ").bind(limit + 1);
    if offset > 0 {
        q.push(" OFFSET ").bind(offset);
    }
    with_details(q, counts_in)
}

/// `page` with each row's details (see [`customer_page_with_details`]).
fn with_details(page: Statement, counts_in: Option<i64>) -> Statement {
    let mut q = Statement::new("SELECT p.*, COALESCE((SELECT GROUP_CONCAT(o.id || ");
    q.bind(SEPARATOR).push(" || o.name, ").bind(SEPARATOR).push(
        " ORDER BY o.name) FROM organization_members om JOIN organizations o ON o.id = om.organization_id \
         WHERE om.user_id = p.id), '') AS organizations, \
         (SELECT i.kind || ",
    );
    q.bind(SEPARATOR)
        .push(" || i.created_at || ")
        .bind(SEPARATOR)
        .push(
            " || i.state FROM outbox i WHERE i.user_id = p.id AND i.kind IN ('invitation', 'verification') \
         ORDER BY i.id DESC LIMIT 1) AS invitation, ",
        );
    match counts_in {
        // One probe of the counts' primary key per row (a join), not one per count.
        Some(_) => q.push("rc.open_count AS open_count, rc.closed_count AS closed_count"),
        None => q.push("CAST(NULL AS BIGINT) AS open_count, CAST(NULL AS BIGINT) AS closed_count"),
    };
    q.push(" FROM (");
    q.sql.push_str(&page.sql);
    q.values.extend(page.values);
    q.push(") p");
    if let Some(project) = counts_in {
        q.push(" LEFT JOIN request_counts rc ON rc.project_id = ");
        q.bind(project).push(" AND rc.user_id = p.id");
    }
    q.push(" ORDER BY p.id");
    q.plan_each_time = page.plan_each_time;
    q
}

/// `SELECT` of one page (`limit + 1` rows) of accounts in `scope` matching `query`, from `seek`.
///
/// After a key (a cursor) every shape starts at that id through its index, so any page costs
/// what the first one does. An offset on a project's customers or an organization's members
/// without a search is first turned into a key by walking only the membership table's primary
/// key (`… >= (SELECT user_id … LIMIT 1 OFFSET n)`: an index-only walk, no row of `users` read
/// for the rows skipped); the other shapes skip their offset as they go.
pub(super) fn customer_page(
    backend: Backend,
    scope: Scope<'_>,
    query: Option<&str>,
    seek: &Seek,
    limit: i64,
) -> Statement {
    let (mut q, offset) = customer_select(backend, scope, query, seek);
    q.push(" LIMIT ").bind(limit + 1);
    if offset > 0 {
        q.push(" OFFSET ").bind(offset);
    }
    q
}

/// `SELECT` of the next `limit` accounts in `scope` matching `query` with an id above `after`
/// (an export walks the whole list this way, one batch at a time, in constant memory).
pub(super) fn customer_batch(
    backend: Backend,
    scope: Scope<'_>,
    query: Option<&str>,
    after: i64,
    limit: i64,
) -> Statement {
    let (mut q, _) = customer_select(backend, scope, query, &Seek::After(Key::id(after)));
    q.push(" LIMIT ").bind(limit);
    q
}

/// `SELECT COUNT(*)` of the accounts in `scope` matching `query`.
pub(super) fn customer_count(backend: Backend, scope: Scope<'_>, query: Option<&str>) -> Statement {
    let (inner, _) = customer_select(backend, scope, query, &Seek::Offset(0));
    let mut q = Statement::new(format!("SELECT COUNT(*) FROM ({}) counted", inner.sql));
    q.values = inner.values;
    q.plan_each_time = inner.plan_each_time;
    q
}

/// The accounts in `scope` matching `query` from `seek`, by id, without `LIMIT`; and the rows
/// still to skip with `OFFSET`.
fn customer_select(backend: Backend, scope: Scope<'_>, query: Option<&str>, seek: &Seek) -> (Statement, i64) {
    customer_select_by(backend, scope, query, seek, Drive::Planner)
}

/// How a `LIKE` search finds its rows.
#[derive(Debug, Clone, Copy)]
pub(super) enum Drive {
    /// The planner's choice.
    Planner,
    /// Only among the next `n` accounts by id, walked in order.
    Window(i64),
    /// Every match found first (ordered by an expression no index yields), then sorted.
    Matches,
}

/// [`customer_select`], a `LIKE` search driven as `drive` says.
fn customer_select_by(
    backend: Backend,
    scope: Scope<'_>,
    query: Option<&str>,
    seek: &Seek,
    drive: Drive,
) -> (Statement, i64) {
    let mut q = Statement::new(format!("SELECT {USER_COLUMNS} FROM "));
    let mut offset = seek.offset();
    match Search::new(backend, query) {
        Search::Indexed(phrase) => {
            // CROSS JOIN keeps the index as the outer loop.
            q.push(
                "users_search CROSS JOIN users ON users.id = users_search.rowid WHERE users_search MATCH ",
            );
            q.bind(phrase);
            if let Some(after) = seek.after_id() {
                q.push(" AND users_search.rowid > ").bind(after);
            }
            push_scope(&mut q, scope, "users_search.rowid");
            q.push(" ORDER BY users_search.rowid");
        }
        Search::Short(pattern, _) => {
            q.plan_each_time = backend == Backend::Postgres;
            match drive {
                // The next accounts by id, walked on the primary key (a plain subquery with
                // `LIMIT` is not merged into the outer query, so the walk stops there).
                Drive::Window(n) => {
                    q.push("(SELECT * FROM users");
                    if let Some(after) = seek.after_id() {
                        q.push(" WHERE users.id > ").bind(after);
                    }
                    q.push(" ORDER BY users.id LIMIT ").bind(n);
                    q.push(") users WHERE ");
                }
                _ => {
                    q.push("users WHERE ");
                }
            }
            q.push("(users.email_key LIKE ");
            q.bind(pattern.clone())
                .push(" ESCAPE '\\' OR LOWER(users.display_name) LIKE ");
            q.bind(pattern).push(" ESCAPE '\\')");
            if let Some(after) = seek.after_id() {
                q.push(" AND users.id > ").bind(after);
            }
            push_scope(&mut q, scope, "users.id");
            match drive {
                // `+ 0`: no index yields this order, so the planner cannot walk the primary
                // key hoping for an early page (for a rare fragment it read millions of rows).
                Drive::Matches => q.push(" ORDER BY users.id + 0"),
                _ => q.push(" ORDER BY users.id"),
            };
        }
        Search::All => {
            let membership = match scope {
                Scope::Project(project) => Some(("project_customers", "project_id", project)),
                Scope::Organization(organization) => {
                    Some(("organization_members", "organization_id", organization))
                }
                Scope::Site { .. } => None,
            };
            match membership {
                // Walk the membership table's primary key: no scan of other projects' customers.
                Some((table, column, id)) => {
                    // CROSS JOIN keeps the membership key as the outer loop: from a key
                    // (`m.user_id > ?`) SQLite otherwise inferred `users.id > ?`, walked every
                    // later account probing the membership for each, and sorted them all
                    // (seconds at 1M; the page after a cursor near the start cost the most).
                    q.push(&format!(
                        "{table} m CROSS JOIN users WHERE users.id = m.user_id AND m.{column} = "
                    ));
                    q.bind(id);
                    match seek {
                        Seek::After(key) => {
                            // The same bound on the account too: PostgreSQL does not carry a
                            // range across the join's equality, and for some keys planned a
                            // merge join walking the accounts' primary key from the first
                            // account up to the key (1.4 s at 9,000,000 of 10,000,000).
                            q.push(" AND m.user_id > ").bind(key.id);
                            q.push(" AND users.id > ").bind(key.id);
                        }
                        Seek::Offset(n) if *n > 0 => {
                            q.push(&format!(
                                " AND m.user_id >= (SELECT user_id FROM {table} WHERE {column} = "
                            ));
                            q.bind(id)
                                .push(" ORDER BY user_id LIMIT 1 OFFSET ")
                                .bind(*n)
                                .push(")");
                            offset = 0;
                        }
                        Seek::Offset(_) => {}
                    }
                    q.push(" ORDER BY m.user_id");
                }
                None => {
                    q.push("users WHERE 1 = 1");
                    if let Some(after) = seek.after_id() {
                        q.push(" AND users.id > ").bind(after);
                    }
                    push_scope(&mut q, scope, "users.id");
                    q.push(" ORDER BY users.id");
                }
            }
        }
    }
    (q, offset)
}

#[cfg(test)]
mod tests {
    use super::{customer_page_by, customer_page_with_details, Drive, Scope, SEARCH_WINDOW};
    use crate::store::customers::CustomerFilter;
    use crate::store::db::{number_placeholders, Backend, Pool};
    use crate::store::seek::{Key, Seek};
    use crate::store::sql::bind_all;
    use crate::store::Store;
    use sqlx::{Connection, Executor};

    /// A throwaway database on the PostgreSQL test server (`CLIENTELE_TEST_POSTGRES`), opened
    /// as a store and dropped by [`ScratchPostgres::remove`]; `None` on a run without that server.
    struct ScratchPostgres {
        admin: sqlx::PgConnection,
        name: String,
        store: Store,
    }

    impl ScratchPostgres {
        async fn open(prefix: &str) -> Option<ScratchPostgres> {
            let admin = std::env::var("CLIENTELE_TEST_POSTGRES")
                .ok()
                .filter(|v| !v.is_empty())?;
            let name = format!("{prefix}_{}", std::process::id());
            let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
            conn.execute(format!("DROP DATABASE IF EXISTS {name}").as_str())
                .await
                .unwrap();
            conn.execute(format!("CREATE DATABASE {name}").as_str())
                .await
                .unwrap();
            let (server, _) = admin.rsplit_once('/').unwrap();
            let store = Store::open(&format!("{server}/{name}")).await.unwrap();
            Some(ScratchPostgres {
                admin: conn,
                name,
                store,
            })
        }

        fn pool(&self) -> &sqlx::PgPool {
            let Pool::Postgres(pool) = &self.store.pool else {
                unreachable!("a postgres:// URL opens PostgreSQL")
            };
            pool
        }

        async fn remove(mut self) {
            self.store.close().await;
            let name = &self.name;
            self.admin
                .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                .await
                .unwrap();
            self.admin.close().await.ok();
        }
    }

    /// The lines of SQLite's plan for a list page.
    async fn plan(store: &Store, scope: Scope<'_>, query: Option<&str>) -> Vec<String> {
        plan_from(store, scope, query, &Seek::Offset(0)).await
    }

    /// The lines of SQLite's plan for a list page from `seek`.
    async fn plan_from(store: &Store, scope: Scope<'_>, query: Option<&str>, seek: &Seek) -> Vec<String> {
        let Pool::Sqlite(pool) = &store.pool else {
            unreachable!("a sqlite:// URL opens SQLite")
        };
        let page = customer_page_with_details(Backend::Sqlite, scope, query, seek, 50, None);
        let sql = format!("EXPLAIN QUERY PLAN {}", page.sql);
        let rows: Vec<(i64, i64, i64, String)> = bind_all!(sqlx::query_as(&sql), page)
            .fetch_all(pool)
            .await
            .unwrap();
        rows.into_iter().map(|(_, _, _, detail)| detail).collect()
    }

    /// Each listed account's organizations are read from the index by account alone (it holds
    /// the organization's id): no membership row is read from the table for every row of a
    /// page, which at 10,000,000 customers was a third random page read per row.
    #[tokio::test]
    async fn a_listed_accounts_organizations_come_from_the_index_alone() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&format!("sqlite://{}/plans.db", dir.path().display()))
            .await
            .unwrap();
        for (scope, query) in [
            (Scope::Organization(1), None),
            (Scope::Project(1), None),
            (Scope::Project(1), Some("ada")),
            (
                Scope::Site {
                    status: None,
                    kind: None,
                },
                Some("a"),
            ),
        ] {
            let plan = plan(&store, scope, query).await;
            let members: Vec<&String> = plan.iter().filter(|line| line.contains("SEARCH om ")).collect();
            assert_eq!(members.len(), 1, "{scope:?} {query:?}: {plan:#?}");
            assert!(
                members[0].contains("USING COVERING INDEX organization_members_user (user_id=?)"),
                "{scope:?} {query:?}: {plan:#?}"
            );
        }
        store.close().await;
    }

    /// A page after a cursor of a project's customers or an organization's members starts at
    /// the cursor in both the membership and the accounts. PostgreSQL does not carry a range
    /// across a join's equality: bounded on the membership alone, a merge join (which it chose
    /// for some cursors at 10,000,000 customers) walked the accounts' primary key from the first
    /// account up to the cursor, seconds deep in the list. SQLite keeps its loops.
    #[tokio::test]
    async fn a_page_after_a_cursor_starts_at_the_cursor_in_the_accounts_too() {
        let after = Seek::After(Key::id(1000));
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&format!("sqlite://{}/plans.db", dir.path().display()))
            .await
            .unwrap();
        for (scope, table) in [
            (Scope::Project(1), "project_customers"),
            (Scope::Organization(1), "organization_members"),
        ] {
            let plan = plan_from(&store, scope, None, &after).await;
            assert!(
                plan.iter().any(|line| line.starts_with(&format!(
                    "SEARCH m USING COVERING INDEX sqlite_autoindex_{table}_1"
                )) && line.ends_with("user_id>?)")),
                "{plan:#?}"
            );
            assert!(
                plan.iter()
                    .any(|line| line == "SEARCH users USING INTEGER PRIMARY KEY (rowid=?)"),
                "{plan:#?}"
            );
        }
        store.close().await;

        // PostgreSQL, on the run with a test server: with merge joins the only join method left
        // to the planner, the accounts' scan is bounded by the cursor.
        let Some(pg) = ScratchPostgres::open("t_plans").await else {
            return;
        };
        let pool = pg.pool();
        for scope in [Scope::Project(1), Scope::Organization(1)] {
            let page = customer_page_with_details(Backend::Postgres, scope, None, &after, 50, Some(1));
            let mut db = pool.acquire().await.unwrap();
            db.execute(
                "SET enable_nestloop = off; SET enable_hashjoin = off; SET enable_seqscan = off; \
                 SET enable_bitmapscan = off; SET enable_sort = off",
            )
            .await
            .unwrap();
            let sql = format!("EXPLAIN {}", number_placeholders(&page.sql));
            let lines: Vec<String> = bind_all!(sqlx::query_scalar(&sql), page)
                .fetch_all(&mut *db)
                .await
                .unwrap();
            db.execute("RESET ALL").await.unwrap();
            let plan = lines.join("\n");
            let users = plan
                .split("\n")
                .position(|line| line.contains(" on users "))
                .unwrap_or_else(|| panic!("no scan of users: {plan}"));
            assert!(
                lines[users + 1].contains("Index Cond: (id > "),
                "the accounts are scanned from the cursor: {plan}"
            );
        }
        pg.remove().await;
    }

    /// On PostgreSQL a search of three characters or more never leaves the walk of the
    /// accounts' primary key to the planner's estimate (at 10,000,000 accounts it walked 1.3
    /// million rows for a rare address, 1.8 s): the first step walks a bounded window, the
    /// last asks the trigram indexes and sorts (no unbounded walk of the key, whatever the
    /// estimate). And the steps together give the same pages as a scan: common and rare
    /// fragments, matches before and after the window, by cursor and by offset.
    #[tokio::test]
    async fn a_postgres_search_walks_the_key_only_within_a_window() {
        let Some(pg) = ScratchPostgres::open("t_search_steps").await else {
            return;
        };
        let (store, pool) = (&pg.store, pg.pool());
        // 12,000 accounts: `common` in one in 200 of the first 6,000 (too few for a page in
        // the first window, enough to size a second one), `rare.77` in three far apart, and
        // `late` only after the first window.
        sqlx::query(
            "INSERT INTO users (email, email_key, display_name, kind, status, created_at) \
             SELECT a, a, n, 'portal', 'active', 0 FROM ( \
               SELECT 'p' || g || CASE WHEN g % 200 = 0 AND g <= 6000 THEN '.common' ELSE '' END \
                 || CASE WHEN g IN (5, 7001, 11999) THEN '.rare.77' ELSE '' END || '@x.example' AS a, \
                 'Person ' || g || CASE WHEN g > 3000 AND g % 97 = 0 THEN ' Late' ELSE '' END AS n \
               FROM generate_series(1, 12000) g) s",
        )
        .execute(pool)
        .await
        .unwrap();
        sqlx::query("ANALYZE users").execute(pool).await.unwrap();

        let site = Scope::Site {
            status: None,
            kind: None,
        };
        let plan = |drive| {
            let page = customer_page_by(
                Backend::Postgres,
                site,
                Some("rare.77"),
                &Seek::Offset(0),
                50,
                None,
                drive,
            );
            async move {
                let mut db = pool.acquire().await.unwrap();
                // As at scale: the planner picks among the indexes, not a scan of a small table.
                db.execute("SET enable_seqscan = off").await.unwrap();
                let sql = format!("EXPLAIN {}", number_placeholders(&page.sql));
                let lines: Vec<String> = bind_all!(sqlx::query_scalar(&sql), page)
                    .fetch_all(&mut *db)
                    .await
                    .unwrap();
                db.execute("RESET ALL").await.unwrap();
                lines.join("\n")
            }
        };
        let window = plan(Drive::Window(SEARCH_WINDOW)).await;
        let walk = window
            .lines()
            .position(|line| line.contains("Index Scan using users_pkey on users"))
            .unwrap_or_else(|| panic!("the window walks the key: {window}"));
        assert!(
            window
                .lines()
                .nth(walk - 1)
                .unwrap()
                .trim_start()
                .starts_with("->  Limit"),
            "the walk of the key is bounded: {window}"
        );
        let matches = plan(Drive::Matches).await;
        assert!(!matches.contains("users_pkey on users"), "{matches}");
        assert!(
            matches.contains("Bitmap Index Scan on users_email_trgm"),
            "{matches}"
        );

        // The pages, against the matches computed here.
        let all: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT id, email_key, lower(display_name) FROM users ORDER BY id")
                .fetch_all(pool)
                .await
                .unwrap();
        for query in ["common", "rare.77", "late", "person 1", "nobody"] {
            let expected: Vec<i64> = all
                .iter()
                .filter(|(_, email, name)| email.contains(query) || name.contains(query))
                .map(|(id, _, _)| *id)
                .collect();
            let filter = CustomerFilter {
                query: Some(query),
                status: None,
                kind: None,
            };
            let mut seen = Vec::new();
            let mut seek = Seek::Offset(0);
            loop {
                let page = store.all_customers(&filter, &seek, 20).await.unwrap();
                let more = page.len() > 20;
                seen.extend(page.iter().take(20).map(|c| c.user.id));
                if !more {
                    break;
                }
                seek = Seek::After(Key::id(*seen.last().unwrap()));
            }
            assert_eq!(seen, expected, "{query} by cursor");
            let offset = expected.len().min(25);
            let page = store
                .all_customers(&filter, &Seek::Offset(offset as i64), 20)
                .await
                .unwrap();
            let ids: Vec<i64> = page.iter().take(20).map(|c| c.user.id).collect();
            let end = (offset + 20).min(expected.len());
            assert_eq!(ids, expected[offset..end], "{query} from offset {offset}");
        }
        pg.remove().await;
    }
}
