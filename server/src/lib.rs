//! Clientele's server: the JSON API (JSM's customer and organization dialect plus Clientele's
//! own endpoints), its storage, and the built web app served from the same origin.

pub mod config;
pub mod demo;
pub mod http;
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
        let base_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}"));
        let base_url = base_url.trim_end_matches('/').into();
        Ok(Server {
            listener,
            state: AppState {
                store,
                config: Arc::new(config),
                base_url,
            },
        })
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
        let app = http::router(self.state);
        axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown)
            .await?;
        Ok(())
    }
}
