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
