//! Starts the real server per test, with a fresh database file and the demo data.

use std::path::PathBuf;

use clientele_server::{ServeConfig, Server};
use reqwest::{Client, Method, Response};
use serde_json::Value;

pub const PASSWORD: &str = "clientele-demo";

/// A fresh, empty database for one test: a SQLite file in `dir`, or, when
/// `CLIENTELE_TEST_POSTGRES` names a PostgreSQL server (`scripts/test.sh` starts a throwaway
/// one), a new database on it. The whole suite runs once on each backend.
pub async fn database_url(dir: &std::path::Path) -> String {
    match std::env::var("CLIENTELE_TEST_POSTGRES") {
        Ok(admin) if !admin.is_empty() => new_postgres_database(&admin).await,
        _ => format!("sqlite://{}", dir.join("clientele.db").display()),
    }
}

/// The admin URL of the test PostgreSQL, on the PostgreSQL run of the suite.
pub fn test_postgres() -> Option<String> {
    std::env::var("CLIENTELE_TEST_POSTGRES")
        .ok()
        .filter(|v| !v.is_empty())
}

async fn new_postgres_database(admin: &str) -> String {
    use sqlx::Connection;
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let name = format!(
        "t_{}_{}_{}",
        std::process::id(),
        nanos,
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let mut conn = sqlx::PgConnection::connect(admin)
        .await
        .expect("the test PostgreSQL answers");
    sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("a test database is created");
    conn.close().await.ok();
    let (server, _) = admin.rsplit_once('/').expect("a URL with a database");
    format!("{server}/{name}")
}

/// The real `clientele` binary, `serve --demo` on a free port with the database `database`
/// and the extra flags `extra`; its files (the built app's stand-in) in `dir`.
pub struct ServerProcess {
    child: std::process::Child,
    pub base: String,
}

impl ServerProcess {
    pub fn start(dir: &std::path::Path, database: &str, extra: &[&str]) -> ServerProcess {
        use std::io::{BufRead, BufReader};
        use std::process::{Command, Stdio};
        let dist = dir.join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(dist.join("index.html"), "<!doctype html><title>Clientele</title>").unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_clientele"))
            .args([
                "serve",
                "--demo",
                "--listen",
                "127.0.0.1:0",
                "--database",
                database,
            ])
            .arg("--dist")
            .arg(&dist)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the clientele binary starts");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let base = loop {
            let line = lines.next().expect("the server says where it runs").unwrap();
            if let Some(rest) = line.split("Clientele is running at ").nth(1) {
                break rest.trim().trim_end_matches('/').to_string();
            }
        };
        // Keep reading, so that the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        ServerProcess { child, base }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// SIGKILL: no shutdown, no flush, no rollback by the server itself.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct TestServer {
    pub base: String,
    _dir: tempfile::TempDir,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

impl TestServer {
    /// A server with the demo data.
    pub async fn start() -> TestServer {
        TestServer::start_with(|_| {}).await
    }

    /// A server with the demo data and a changed configuration.
    pub async fn start_with(change: impl FnOnce(&mut ServeConfig)) -> TestServer {
        let dir = tempfile::tempdir().expect("temporary directory");
        let database = database_url(dir.path()).await;
        TestServer::start_in(dir, database, change).await
    }

    /// A server on the database at `url`, which the test made (the demo data when it is
    /// empty), with a changed configuration.
    pub async fn start_on(url: &str, change: impl FnOnce(&mut ServeConfig)) -> TestServer {
        let dir = tempfile::tempdir().expect("temporary directory");
        TestServer::start_in(dir, url.to_string(), change).await
    }

    async fn start_in(
        dir: tempfile::TempDir,
        database: String,
        change: impl FnOnce(&mut ServeConfig),
    ) -> TestServer {
        // RUST_LOG=clientele_server=warn shows the servers' logs under `--nocapture`.
        if std::env::var("RUST_LOG").is_ok() {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
                .with_test_writer()
                .try_init();
        }
        let mut config = ServeConfig::for_tests(database);
        config.demo = true;
        // Tests read invitation links from the outbox, as a developer does with the demo.
        config.mail_capture = true;
        config.dist = dir.path().join("dist");
        std::fs::create_dir_all(&config.dist).unwrap();
        std::fs::write(
            config.dist.join("index.html"),
            "<!doctype html><title>Clientele</title>",
        )
        .unwrap();
        std::fs::write(config.dist.join("app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        change(&mut config);
        let server = Server::bind(config).await.expect("server starts");
        // The bound address, not the public URL: a test may set an https public URL.
        let base = format!("http://{}", server.local_addr());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(server.serve(async {
            let _ = rx.await;
        }));
        TestServer {
            base,
            _dir: dir,
            _shutdown: tx,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn dist(&self) -> PathBuf {
        self._dir.path().join("dist")
    }

    /// A client that keeps cookies, signed in as `email`.
    pub async fn signed_in(&self, email: &str) -> Client {
        let client = Client::builder().cookie_store(true).build().unwrap();
        let response = client
            .post(self.url("/rest/auth/1/session"))
            .json(&serde_json::json!({"username": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "sign-in as {email}");
        client
    }
}

/// The JSON body of a response that must be JSON.
pub async fn json(response: Response) -> Value {
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(
        content_type.starts_with("application/json"),
        "content type {content_type:?}"
    );
    response.json().await.expect("JSON body")
}

/// Asserts a JSON error with this status and reason.
pub async fn assert_error(response: Response, status: u16, reason: &str) -> Value {
    let url = response.url().clone();
    let actual = response.status().as_u16();
    let body = json(response).await;
    assert_eq!(actual, status, "{url}: {body}");
    assert_eq!(body["reason"], reason, "body: {body}");
    assert!(
        body["errorMessage"].as_str().is_some_and(|m| !m.is_empty()),
        "body: {body}"
    );
    assert!(body["i18nErrorMessage"]["i18nKey"].is_string(), "body: {body}");
    body
}

/// The demo accounts, one per role.
pub const ADMIN: &str = "admin@example.com";
pub const LEAD: &str = "lead@example.com";
pub const AGENT: &str = "agent@example.com";
pub const CUSTOMER: &str = "customer@example.com";

impl TestServer {
    /// Sends a request as `email` (HTTP Basic with the demo password), with a JSON body if given.
    pub async fn send_as(&self, email: &str, method: Method, path: &str, body: Option<Value>) -> Response {
        let mut request = Client::new()
            .request(method, self.url(path))
            .basic_auth(email, Some(PASSWORD));
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }

    pub async fn get_as(&self, email: &str, path: &str) -> Response {
        self.send_as(email, Method::GET, path, None).await
    }

    pub async fn post_as(&self, email: &str, path: &str, body: Value) -> Response {
        self.send_as(email, Method::POST, path, Some(body)).await
    }

    pub async fn put_as(&self, email: &str, path: &str, body: Value) -> Response {
        self.send_as(email, Method::PUT, path, Some(body)).await
    }

    pub async fn delete_as(&self, email: &str, path: &str, body: Option<Value>) -> Response {
        self.send_as(email, Method::DELETE, path, body).await
    }

    /// `POST` with a JSON body and no credentials (help-center pages, sign-in).
    pub async fn post_anonymous(&self, path: &str, body: Value) -> Response {
        Client::new()
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// `GET` as `email`, which must answer 200 with JSON.
    pub async fn get_json(&self, email: &str, path: &str) -> Value {
        let response = self.get_as(email, path).await;
        assert_eq!(response.status(), 200, "GET {path} as {email}");
        json(response).await
    }

    /// Changes global settings as the site admin.
    pub async fn set_settings(&self, body: Value) -> Value {
        let response = self.put_as(ADMIN, "/rest/clientele/1/settings", body).await;
        assert_eq!(response.status(), 200, "PUT settings");
        json(response).await
    }

    /// The id of the organization with this name.
    pub async fn organization_id(&self, name: &str) -> String {
        let page = self
            .get_json(
                ADMIN,
                &format!("/rest/servicedeskapi/organization?query={}", encode(name)),
            )
            .await;
        page["values"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == name)
            .unwrap_or_else(|| panic!("no organization {name}"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The accounts with exactly this address (site admin's list); at most one by design.
    pub async fn accounts_with_email(&self, email: &str) -> Vec<Value> {
        let page = self
            .get_json(
                ADMIN,
                &format!("/rest/clientele/1/customer?limit=100&query={}", encode(email)),
            )
            .await;
        page["values"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["emailAddress"].as_str().unwrap().eq_ignore_ascii_case(email))
            .cloned()
            .collect()
    }

    /// The account id of the one account with this address.
    pub async fn account_id(&self, email: &str) -> String {
        let accounts = self.accounts_with_email(email).await;
        assert_eq!(accounts.len(), 1, "accounts for {email}: {accounts:?}");
        accounts[0]["accountId"].as_str().unwrap().to_string()
    }

    /// A bulk add to a project as `email`, which must answer 200.
    pub async fn bulk_add(&self, email: &str, project: &str, body: Value) -> Value {
        let path = format!("/rest/clientele/1/servicedesk/{project}/customer/bulk");
        let response = self.post_as(email, &path, body).await;
        assert_eq!(response.status(), 200, "bulk add to {project} as {email}");
        json(response).await
    }

    /// Every address in a list resource, following pages of 100 as the site admin.
    pub async fn all_emails(&self, path: &str) -> Vec<String> {
        let separator = if path.contains('?') { '&' } else { '?' };
        let mut found = Vec::new();
        loop {
            let page = self
                .get_json(
                    ADMIN,
                    &format!("{path}{separator}limit=100&start={}", found.len()),
                )
                .await;
            found.extend(emails(&page));
            if page["isLastPage"] == true {
                return found;
            }
        }
    }
}

/// The addresses on a page of users.
pub fn emails(page: &Value) -> Vec<String> {
    page["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["emailAddress"].as_str().unwrap().to_string())
        .collect()
}

/// The names on a page of organizations.
pub fn names(page: &Value) -> Vec<String> {
    page["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_string())
        .collect()
}

/// Asserts a permission refusal: 403 with the policy's reason and who can change it.
pub async fn assert_refused(response: Response, reason: &str, who_can_change: &str) -> Value {
    let body = assert_error(response, 403, reason).await;
    assert_eq!(body["whoCanChange"], who_can_change, "body: {body}");
    body
}

/// Asserts an empty success (204).
pub fn assert_no_content(response: &Response) {
    assert_eq!(response.status(), 204, "{}", response.url());
}

/// Percent-encodes a query value: the same encoder as the server's and the app's.
pub use clientele_domain::url::encode_component as encode;
