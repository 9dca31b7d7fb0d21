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
        }
    }
}
