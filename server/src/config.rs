//! Command-line flags, each with an environment fallback.

use std::path::PathBuf;

/// How `clientele serve` runs.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeConfig {
    /// Address to listen on.
    #[arg(long, env = "CLIENTELE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Database URL: `sqlite://PATH` (created when missing).
    #[arg(
        long,
        env = "CLIENTELE_DATABASE",
        default_value = "sqlite://data/clientele.db"
    )]
    pub database: String,
    /// Directory of the built web app (Trunk's output).
    #[arg(long, env = "CLIENTELE_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Fill an empty database with demo data.
    #[arg(long, env = "CLIENTELE_DEMO")]
    pub demo: bool,
    /// Public base URL used in links and emails (default: derived from the listen address).
    #[arg(long, env = "CLIENTELE_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Largest request body accepted, in bytes.
    #[arg(long, env = "CLIENTELE_MAX_BODY_BYTES", default_value_t = 2 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Most entries one bulk add may carry; more is refused, never truncated.
    #[arg(long, env = "CLIENTELE_MAX_BULK_ENTRIES", default_value_t = clientele_domain::email::DEFAULT_MAX_ENTRIES)]
    pub max_bulk_entries: usize,
    /// Most rows one CSV import may have (the header left out); a longer file is refused
    /// before anything runs.
    #[arg(long, env = "CLIENTELE_MAX_IMPORT_ROWS", default_value_t = 100_000)]
    pub max_import_rows: usize,
    /// Largest CSV file an import accepts, in bytes.
    #[arg(long, env = "CLIENTELE_MAX_IMPORT_BYTES", default_value_t = 32 * 1024 * 1024)]
    pub max_import_bytes: usize,
    /// SMTP server for outgoing mail: `smtp://host:port`, `smtps://user:pass@host`, or
    /// `smtp://host?tls=required`. Without it, messages stay in the outbox (Settings → Mail).
    #[arg(long, env = "CLIENTELE_SMTP")]
    pub smtp: Option<String>,
    /// The sender of outgoing mail.
    #[arg(
        long,
        env = "CLIENTELE_MAIL_FROM",
        default_value = "Clientele <noreply@clientele.invalid>"
    )]
    pub mail_from: String,
    /// Seconds a sender holds the messages it claimed before another process may take them
    /// (longer than one delivery: the SMTP timeout is 20 s).
    #[arg(long, env = "CLIENTELE_MAIL_LEASE_SECS", default_value_t = 120)]
    pub mail_lease_secs: u64,
    /// For development and tests without an SMTP server: queued messages keep their one-time
    /// links readable in Settings → Mail and the mail API. Off, links are shown redacted.
    #[arg(long, env = "CLIENTELE_MAIL_CAPTURE")]
    pub mail_capture: bool,
    /// Days an invitation, verification or password-reset link stays valid.
    #[arg(long, env = "CLIENTELE_LINK_DAYS", default_value_t = 7)]
    pub link_days: i64,
    /// Sign-in failures, sign-ups, resets and resends allowed per address per 15 minutes.
    #[arg(long, env = "CLIENTELE_RATE_PER_ADDRESS", default_value_t = 5)]
    pub rate_per_address: u32,
    /// The same, per client IP address.
    #[arg(long, env = "CLIENTELE_RATE_PER_CLIENT", default_value_t = 30)]
    pub rate_per_client: u32,
    /// A proxy or load balancer in front of the server (ADDRESS/PREFIX; repeat the flag, or
    /// separate with commas): requests from it are keyed on the client address it appends to
    /// `X-Forwarded-For`. Without one, that header is ignored.
    #[arg(
        long = "trusted-proxy",
        env = "CLIENTELE_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<crate::net::Cidr>,
}

impl ServeConfig {
    /// A configuration for tests: port 0 on loopback and the given database URL.
    pub fn for_tests(database: String) -> ServeConfig {
        ServeConfig {
            listen: "127.0.0.1:0".into(),
            database,
            dist: PathBuf::from("dist"),
            demo: false,
            public_url: None,
            max_body_bytes: 2 * 1024 * 1024,
            max_bulk_entries: clientele_domain::email::DEFAULT_MAX_ENTRIES,
            max_import_rows: 100_000,
            max_import_bytes: 32 * 1024 * 1024,
            smtp: None,
            mail_from: "Clientele <noreply@clientele.invalid>".into(),
            mail_lease_secs: 120,
            mail_capture: false,
            link_days: 7,
            rate_per_address: 5,
            rate_per_client: 30,
            trusted_proxies: Vec::new(),
        }
    }

    /// The limits on one bulk add, which `myself` publishes to the app.
    pub fn bulk_limits(&self) -> clientele_domain::email::ParseLimits {
        clientele_domain::email::ParseLimits {
            max_entries: self.max_bulk_entries,
        }
    }
}
