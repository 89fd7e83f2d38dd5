use std::error::Error;
use std::sync::Arc;

use clap::Parser;
use gateway::cli::{Cli, Command};
use gateway::config_api::panel_config;
use gateway::{AppState, Server};
use whmcs_api::ScopeCatalogue;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error + Send + Sync>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    match Cli::parse().command {
        Command::Demo(args) => {
            if !args.dist.join("index.html").is_file() {
                eprintln!(
                    "error: no built panel in {} (run `cargo xtask demo`, which builds it first)",
                    args.dist.display()
                );
                std::process::exit(2);
            }
            let state = AppState {
                config: Arc::new(panel_config(
                    "Demo installation".into(),
                    ScopeCatalogue::default(),
                )),
            };
            let server =
                Server::start(args.listen, state, args.dist, gateway::shutdown_signal()).await?;
            println!("WHMCS OAuth Admin demo is running at {}", server.url());
            println!("Press Ctrl-C to stop.");
            server.handle.await??;
        }
    }
    Ok(())
}
