//! The `oauth-admin` command line: typed settings from flags and environment variables.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "oauth-admin",
    version,
    about = "Admin panel for WHMCS OAuth credentials"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the panel against the built-in demo installation, on one port.
    Demo(DemoArgs),
    /// Run the WHMCS-compatible sandbox api.php on its own.
    Sandbox(SandboxArgs),
}

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Address to listen on.
    #[arg(long, env = "OAUTH_ADMIN_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Trunk's output folder with the built panel.
    #[arg(long, env = "OAUTH_ADMIN_DIST", default_value = "dist")]
    pub dist: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct SandboxArgs {
    /// Address to listen on.
    #[arg(
        long,
        env = "OAUTH_ADMIN_SANDBOX_LISTEN",
        default_value = "127.0.0.1:8081"
    )]
    pub listen: SocketAddr,
    /// SQLite database file (created if missing; data persists across restarts).
    #[arg(
        long,
        env = "OAUTH_ADMIN_SANDBOX_DB",
        default_value = "sandbox.sqlite3"
    )]
    pub db: PathBuf,
    /// Identifier of the full-access API credential.
    #[arg(long, env = "OAUTH_ADMIN_SANDBOX_API_IDENTIFIER", default_value = sandbox::seed::DEMO_IDENTIFIER)]
    pub api_identifier: String,
    /// Secret of the full-access API credential.
    #[arg(long, env = "OAUTH_ADMIN_SANDBOX_API_SECRET", default_value = sandbox::seed::DEMO_SECRET, hide_default_value = true)]
    pub api_secret: String,
    /// TOML file declaring the installation (API credentials and roles, company, scopes,
    /// clients and services); without it, the built-in demo installation.
    #[arg(long, env = "OAUTH_ADMIN_SANDBOX_CONFIG")]
    pub config: Option<PathBuf>,
}
