//! `clientele`: the server binary.

use anyhow::Context;
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
    /// Copy a whole site (accounts with their passwords, projects, organizations, settings,
    /// help centers, tokens, mail) with its ids into an empty database, in one transaction:
    /// SQLite to PostgreSQL or back. Sessions are not copied: everyone signs in again. Prints
    /// the rows of each table on both sides; exits with 1 when nothing was copied.
    MigrateData(MigrateArgs),
    /// Write Brotli (quality 11) and gzip copies beside the built web app's files
    /// (`FILE.br`, `FILE.gz`), which `serve` sends to browsers that accept them. Run once per
    /// build (`scripts/build-web.sh` does); prints each file's raw, gzip and Brotli bytes.
    Compress(CompressArgs),
}

#[derive(clap::Args)]
struct CompressArgs {
    /// The built app (all its builds: the help center, its signed-out pages, the settings
    /// panel, a project's request pages and the Customers page's dialogs are in its
    /// `help-center/`, `help-sign-in/`, `settings-panel/`, `project-requests/` and
    /// `agent-dialogs/`).
    #[arg(default_value = "dist")]
    dist: std::path::PathBuf,
}

#[derive(clap::Args)]
struct MigrateArgs {
    /// The site's database: `sqlite://PATH` or `postgres://USER:PASS@HOST:PORT/DB`.
    #[arg(long)]
    from: String,
    /// An empty database to copy it into (created and migrated when missing on SQLite; on
    /// PostgreSQL, create the database first).
    #[arg(long)]
    to: String,
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
    /// How many requests each customer reports (of IT Help's first request type; every second
    /// one resolved).
    #[arg(long, default_value_t = 2)]
    requests_per_customer: usize,
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
        Command::MigrateData(args) => {
            if let Err(error) = migrate_data(args).await {
                eprintln!("clientele migrate-data: {error:#}");
                std::process::exit(1);
            }
            Ok(())
        }
        Command::Compress(args) => compress(args),
    }
}

fn compress(args: CompressArgs) -> anyhow::Result<()> {
    let files = clientele_server::precompress::precompress(&args.dist)?;
    for file in &files {
        let name = file.path.strip_prefix(&args.dist).unwrap_or(&file.path);
        println!(
            "{:<56} {:>9} raw {:>9} gzip {:>9} br",
            name.display(),
            file.raw,
            file.gzip,
            file.brotli
        );
    }
    Ok(())
}

async fn migrate_data(args: MigrateArgs) -> anyhow::Result<()> {
    use clientele_server::store::{backend_of, same_database, Store, TransferError};
    backend_of(&args.from).context("--from")?;
    backend_of(&args.to).context("--to")?;
    anyhow::ensure!(
        !same_database(&args.from, &args.to),
        "--from and --to name the same database"
    );
    let source = Store::open_existing(&args.from).await.context("--from")?;
    let target = Store::open(&args.to).await.context("--to")?;
    let started = std::time::Instant::now();
    let mut reported = ("", 0);
    let copied = source
        .copy_into(&target, |table, rows| {
            if table != reported.0 {
                reported = (table, 0);
            }
            if rows >= reported.1 + 100_000 {
                eprintln!("  {table}: {rows} rows…");
                reported.1 = rows;
            }
        })
        .await;
    let counts = match copied {
        Ok(counts) => counts,
        Err(TransferError::CountsDiffer(counts)) => {
            print_counts(&counts);
            return Err(TransferError::CountsDiffer(counts).into());
        }
        Err(error) => return Err(error.into()),
    };
    print_counts(&counts);
    println!(
        "Copied in {:.1} s. Sessions are not copied: everyone signs in again.",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn print_counts(counts: &[clientele_server::store::TableCount]) {
    println!("{:<24} {:>10} {:>10}", "table", "source", "target");
    for count in counts {
        let note = if count.copied { "" } else { "  (not copied)" };
        println!(
            "{:<24} {:>10} {:>10}{note}",
            count.table, count.source, count.target
        );
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
        .seed_synthetic(
            project.id,
            args.customers,
            args.organizations,
            args.requests_per_customer,
            |done| {
                eprintln!("  {done} customers…");
            },
        )
        .await?;
    println!(
        "Added {} customers, {} organizations and {} requests in {:.1} s.",
        args.customers,
        args.organizations,
        args.customers * args.requests_per_customer,
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
