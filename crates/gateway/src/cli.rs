//! The `oauth-admin` command line: typed settings from flags and environment variables.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use secrecy::SecretString;

/// A flag's value held as a secret from the moment it is parsed.
fn secret_value(text: &str) -> Result<SecretString, std::convert::Infallible> {
    Ok(SecretString::from(text))
}

#[derive(Debug, Parser)]
#[command(
    name = "oauth-admin",
    version,
    about = "Admin panel for WHMCS OAuth credentials"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Log as plain text (colours only on a terminal) or as one JSON object per line.
    #[arg(
        long,
        global = true,
        env = "OAUTH_ADMIN_LOG_FORMAT",
        value_enum,
        default_value = "text"
    )]
    pub log_format: crate::logging::LogFormat,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the panel for a real WHMCS installation.
    Serve(ServeArgs),
    /// Serve the panel against the built-in demo installation, on one port.
    #[cfg(feature = "demo")]
    Demo(DemoArgs),
    /// Run the WHMCS-compatible sandbox api.php on its own.
    #[cfg(feature = "demo")]
    Sandbox(SandboxArgs),
}

#[cfg(feature = "demo")]
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Address to listen on.
    #[arg(long, env = "OAUTH_ADMIN_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Trunk's output folder with the built panel.
    #[arg(long, env = "OAUTH_ADMIN_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Append-only audit log of every change (JSON lines).
    #[arg(long, env = "OAUTH_ADMIN_AUDIT_LOG", default_value = "demo-audit.log")]
    pub audit_log: PathBuf,
    /// Keep the demo data in this SQLite file; without it, fresh demo data every start.
    #[arg(long, env = "OAUTH_ADMIN_DEMO_DB")]
    pub db: Option<PathBuf>,
    /// Add this many generated credentials at start (a large installation, for load tests).
    #[arg(long, env = "OAUTH_ADMIN_BULK_CREDENTIALS", default_value_t = 0)]
    pub bulk_credentials: usize,
    /// Address of the demo app that signs customers in with WHMCS.
    #[arg(
        long,
        env = "OAUTH_ADMIN_DEMO_APP_LISTEN",
        default_value = "127.0.0.1:8090"
    )]
    pub app_listen: SocketAddr,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// WHMCS's API endpoint, e.g. https://billing.example.com/includes/api.php
    #[arg(long, env = "OAUTH_ADMIN_UPSTREAM")]
    pub upstream: String,
    /// Address to listen on.
    #[arg(long, env = "OAUTH_ADMIN_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Serve the panel from this folder (Trunk's output) instead of the one built into the
    /// binary; a build without one built in needs it.
    #[arg(long, env = "OAUTH_ADMIN_DIST")]
    pub dist: Option<PathBuf>,
    /// File with the 64-byte session key (created if missing). Instances that share it
    /// accept each other's sessions. Default: `session.key` in the state directory
    /// (`$STATE_DIRECTORY` under systemd, else ~/.local/share/oauth-admin).
    #[arg(long, env = "OAUTH_ADMIN_SESSION_KEY_FILE")]
    pub session_key_file: Option<PathBuf>,
    /// Append-only audit log of every change (JSON lines). Default: `audit.log` in the
    /// state directory.
    #[arg(long, env = "OAUTH_ADMIN_AUDIT_LOG")]
    pub audit_log: Option<PathBuf>,
    /// The origin people open the panel at (e.g. https://oauth.example.com); state-changing
    /// requests from any other origin are refused. Default: http://<listen>.
    #[arg(long, env = "OAUTH_ADMIN_PUBLIC_ORIGIN")]
    pub public_origin: Option<String>,
    /// Name of the installation shown in the panel; default: the upstream's host.
    #[arg(long, env = "OAUTH_ADMIN_UPSTREAM_LABEL")]
    pub upstream_label: Option<String>,
    /// Seconds to wait for WHMCS before giving up.
    #[arg(long, env = "OAUTH_ADMIN_UPSTREAM_TIMEOUT", default_value_t = 30)]
    pub upstream_timeout: u64,
    /// Redis or Valkey (`redis://[:password@]host:port[/db]`) that holds sessions and login
    /// limits, shared by every instance behind a load balancer. Default: in this process.
    /// Held as a secret (it may carry the password): never printed.
    #[arg(long, env = "OAUTH_ADMIN_SESSION_STORE", value_parser = secret_value)]
    pub session_store: Option<SecretString>,
    /// PEM file with the CA that signed the session store's certificate (`rediss://` with a
    /// private CA); default: the system's trusted roots.
    #[arg(long, env = "OAUTH_ADMIN_SESSION_STORE_CA")]
    pub session_store_ca: Option<PathBuf>,
    /// Let API roles that may not change credentials reveal client secrets too.
    #[arg(long, env = "OAUTH_ADMIN_REVEAL_FOR_READONLY")]
    pub reveal_for_readonly: bool,
    /// WHMCS calls bulk jobs make at once from this instance (so a job never floods
    /// the installation).
    #[arg(long, env = "OAUTH_ADMIN_JOB_CONCURRENCY", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub job_concurrency: u16,
    /// Seconds a job's lease lasts unrenewed: when an instance dies, its jobs show as
    /// interrupted (and can be resumed elsewhere) this long after.
    #[arg(long, env = "OAUTH_ADMIN_JOB_LEASE_SECONDS", default_value_t = 15, value_parser = clap::value_parser!(u64).range(2..=3600))]
    pub job_lease_seconds: u64,
    /// Serve Prometheus metrics at `http://ADDR/metrics` (a separate listener, never the
    /// public one; off unless given), e.g. 127.0.0.1:9090.
    #[arg(long, env = "OAUTH_ADMIN_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
}

#[cfg(feature = "demo")]
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
    /// Add this many generated credentials at start (a large installation, for load tests).
    #[arg(long, env = "OAUTH_ADMIN_BULK_CREDENTIALS", default_value_t = 0)]
    pub bulk_credentials: usize,
}
