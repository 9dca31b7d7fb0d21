//! Clientele's server: the JSON API (JSM's customer and organization dialect plus Clientele's
//! own endpoints), its storage, and the built web app served from the same origin.

pub mod bulk;
pub mod config;
pub mod csv;
pub mod demo;
pub mod housekeeping;
pub mod http;
pub mod import;
pub mod mail;
pub mod net;
pub mod notify;
pub mod passwords;
pub mod precompress;
pub mod rate_limit;
pub mod security;
pub mod store;

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;

pub use config::ServeConfig;
use store::Store;

/// Everything a request handler needs, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The storage layer.
    pub store: Store,
    /// Settings the server was started with.
    pub config: Arc<ServeConfig>,
    /// The public base URL, e.g. `http://127.0.0.1:8080`, used in links.
    pub base_url: Arc<str>,
    /// Wakes the mail sender when a message was queued.
    pub mail_wake: Arc<tokio::sync::Notify>,
    /// Abuse limits: password checks, forgot password, mail a stranger can trigger.
    pub limits: Arc<rate_limit::Limits>,
    /// The progress of CSV imports running in this process.
    pub imports: Arc<import::Jobs>,
}

impl AppState {
    /// What messages need to know about the site.
    pub fn site(&self) -> notify::Site<'_> {
        notify::Site {
            base_url: &self.base_url,
            token_days: self.config.link_days,
        }
    }
}

/// A server that has bound its port and opened its database, ready to serve.
pub struct Server {
    listener: TcpListener,
    state: AppState,
}

impl Server {
    /// Binds the listen address, opens (and migrates) the database, and fills it with demo data
    /// when asked and when it is empty.
    pub async fn bind(config: ServeConfig) -> anyhow::Result<Server> {
        let listener = TcpListener::bind(&config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        let addr = listener.local_addr()?;
        let store = Store::open(&config.database).await?;
        if config.demo && store.is_empty().await? {
            demo::fill(&store).await?;
        }
        housekeeping::purge(&store).await;
        // An import's transaction dies with the process that ran it.
        store.fail_interrupted_imports().await?;
        let base_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}"));
        let base_url = base_url.trim_end_matches('/').into();
        let limits = rate_limit::Limits::new(&store, config.rate_per_address, config.rate_per_client);
        Ok(Server {
            listener,
            state: AppState {
                store,
                base_url,
                mail_wake: Arc::new(tokio::sync::Notify::new()),
                limits: Arc::new(limits),
                imports: Arc::new(import::Jobs::default()),
                config: Arc::new(config),
            },
        })
    }

    /// The same server with the audit trail switched off: only for the scale benchmark, which
    /// measures a bulk add with and without recording in one run (see
    /// [`Store::without_audit_for_benchmark`]).
    #[doc(hidden)]
    pub fn without_audit_for_benchmark(mut self) -> Server {
        self.state.store = self.state.store.without_audit_for_benchmark();
        self
    }

    /// The storage layer this server uses (tests close it to see the server answer without it).
    pub fn store(&self) -> Store {
        self.state.store.clone()
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("bound listener has an address")
    }

    /// The public base URL links are built on.
    pub fn base_url(&self) -> &str {
        &self.state.base_url
    }

    /// Serves until the future `shutdown` completes.
    pub async fn serve(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        if let Some(url) = &self.state.config.smtp {
            let sender = mail::sender::Sender::new(
                self.state.store.clone(),
                url,
                &self.state.config.mail_from,
                self.state.mail_wake.clone(),
                std::time::Duration::from_secs(self.state.config.mail_lease_secs),
            )?;
            tokio::spawn(sender.run());
        }
        let purging = tokio::spawn(housekeeping::purge_every(
            self.state.store.clone(),
            housekeeping::PURGE_EVERY,
        ));
        let app = http::router(self.state).into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown)
            .await;
        purging.abort();
        served?;
        Ok(())
    }
}
