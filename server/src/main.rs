//! `clientele`: the server binary.

use clap::{Parser, Subcommand};
use clientele_server::demo::{DEMO_PASSWORD, DEMO_SIGN_INS};
use clientele_server::{ServeConfig, Server};

#[derive(Parser)]
#[command(
    name = "clientele",
    version,
    about = "Customer and organization management for service desks"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the JSON API and serve the built web app.
    Serve(ServeConfig),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "clientele_server=info,tower_http=warn".into()),
        )
        .init();
    match Cli::parse().command {
        Command::Serve(config) => serve(config).await,
    }
}

async fn serve(config: ServeConfig) -> anyhow::Result<()> {
    let demo = config.demo;
    if !config.dist.join("index.html").exists() {
        tracing::warn!(dist = %config.dist.display(), "no built web app here; only the API will answer");
    }
    let server = Server::bind(config).await?;
    println!("Clientele is running at {}/", server.base_url());
    if demo {
        println!("Demo sign-ins (password: {DEMO_PASSWORD}):");
        for (email, what) in DEMO_SIGN_INS {
            println!("  {email:<22} {what}");
        }
    }
    server
        .serve(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
