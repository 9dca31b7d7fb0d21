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
    /// Fill a database with synthetic customers and organizations, for measurement. Adds the
    /// demo data first when the database is empty; the customers become customers of ITH and
    /// are spread over the organizations, all attached to ITH.
    Seed(SeedArgs),
}

#[derive(clap::Args)]
struct SeedArgs {
    /// Database URL: `sqlite://PATH` (created when missing) or
    /// `postgres://USER:PASS@HOST:PORT/DB` (an existing database).
    #[arg(
        long,
        env = "CLIENTELE_DATABASE",
        default_value = "sqlite://data/clientele.db"
    )]
    database: String,
    /// How many customers to add.
    #[arg(long, default_value_t = 1_000_000)]
    customers: usize,
    /// How many organizations to add.
    #[arg(long, default_value_t = 10_000)]
    organizations: usize,
}

/// Runs the command; a failure is one line on stderr (what failed and why) and exit code 1.
#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("clientele: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "clientele_server=info,tower_http=warn".into()),
        )
        .init();
    match Cli::parse().command {
        Command::Serve(config) => serve(config).await,
        Command::Seed(args) => seed(args).await,
    }
}

async fn seed(args: SeedArgs) -> anyhow::Result<()> {
    let store = clientele_server::store::Store::open(&args.database).await?;
    if store.is_empty().await? {
        clientele_server::demo::fill(&store).await?;
    }
    let project = store
        .project_by_id_or_key("ITH")
        .await?
        .ok_or_else(|| anyhow::anyhow!("the database has no project ITH"))?;
    let started = std::time::Instant::now();
    store
        .seed_synthetic(project.id, args.customers, args.organizations, |done| {
            eprintln!("  {done} customers…");
        })
        .await?;
    println!(
        "Added {} customers and {} organizations in {:.1} s.",
        args.customers,
        args.organizations,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn serve(config: ServeConfig) -> anyhow::Result<()> {
    let demo = config.demo;
    if !config.dist.join("index.html").exists() {
        tracing::warn!(dist = %config.dist.display(), "no built web app here; only the API will answer");
    }
    let capture = config.mail_capture;
    let server = Server::bind(config).await?;
    println!("Clientele is running at {}/", server.base_url());
    if capture {
        println!(
            "Mail capture is on: queued messages show their one-time links in Settings → Mail. \
             Never use this on a site with real people."
        );
    }
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
