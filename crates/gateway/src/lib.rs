//! The gateway: serves the built panel and (in later issues) the filtered `api.php` proxy.
//! `main.rs` only parses the command line; everything here is reachable from tests.

pub mod cli;
pub mod config_api;
pub mod demo;
pub mod server;
pub mod spa;

pub use server::{AppState, Server, router};

/// The product name people see.
pub const PRODUCT_NAME: &str = "WHMCS OAuth Admin";
/// This build's version, reported by `GET /api/config`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests finish before the process exits.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
