//! `oauth-admin demo`: everything on one port for a first look. (The embedded sandbox and
//! the login come with their issues; this proves the pipeline from build to browser.)

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use whmcs_api::ScopeCatalogue;

use crate::config_api::panel_config;
use crate::{AppState, Server};

/// What people see as the upstream in the demo.
pub const DEMO_UPSTREAM_LABEL: &str = "Demo installation (sandbox)";

/// Starts the demo; it runs until `shutdown` resolves.
pub async fn start(
    listen: SocketAddr,
    dist: PathBuf,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<Server> {
    if !dist.join("index.html").is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "no built panel in {} (`cargo xtask demo` builds it first)",
                dist.display()
            ),
        ));
    }
    let state = AppState {
        config: Arc::new(panel_config(
            DEMO_UPSTREAM_LABEL.into(),
            ScopeCatalogue::default(),
        )),
    };
    Server::start(listen, state, dist, shutdown).await
}
