//! The gateway: serves the built panel and the filtered, credential-adding proxy to WHMCS's
//! `api.php`. `main.rs` only parses the command line; everything here is reachable from tests.

pub mod audit;
pub mod cli;
pub mod customer_view;
#[cfg(feature = "demo")]
pub mod demo;
pub mod error;
pub mod extract;
pub mod headers;
pub mod jobs;
pub mod logging;
pub mod metrics;
pub mod middleware;
pub mod rate_limit;
pub mod redis_client;
pub mod routes;
pub mod server;
pub mod sessions;
pub mod settings;
pub mod spa;
pub mod state;
pub mod state_dir;
pub mod strip;
pub mod upstream;

pub use routes::config::config_for;
pub use server::{Server, router};
pub use settings::Settings;
pub use state::AppState;

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
