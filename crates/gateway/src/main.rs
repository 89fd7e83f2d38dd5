use std::process::ExitCode;

use clap::Parser;
use gateway::cli::{Cli, Command};

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let result = match Cli::parse().command {
        Command::Demo(args) => run_demo(args).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run_demo(args: gateway::cli::DemoArgs) -> std::io::Result<()> {
    let server = gateway::demo::start(args.listen, args.dist, gateway::shutdown_signal()).await?;
    println!("WHMCS OAuth Admin demo is running at {}", server.url());
    println!("Press Ctrl-C to stop.");
    server.handle.await.map_err(std::io::Error::other)?
}
