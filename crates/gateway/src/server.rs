//! The router and the running server.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::config_api;
use crate::spa;
use whmcs_api::PanelConfig;

/// Shared by every request.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<PanelConfig>,
}

/// All routes, apart from `main` so tests can drive them in-process.
pub fn router(state: AppState, dist: &std::path::Path) -> Router {
    Router::new()
        .route("/api/config", get(config_api::get_config))
        .with_state(state)
        .merge(spa::routes(dist))
}

/// A server bound to its port and running in the background.
pub struct Server {
    pub addr: SocketAddr,
    pub handle: JoinHandle<std::io::Result<()>>,
}

impl Server {
    /// Binds `listen` (port 0 picks a free one) and serves until the task is dropped or
    /// `shutdown` resolves.
    pub async fn start(
        listen: SocketAddr,
        state: AppState,
        dist: PathBuf,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<Server> {
        let listener = TcpListener::bind(listen).await?;
        let addr = listener.local_addr()?;
        let app = router(state, &dist);
        let handle = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
        });
        Ok(Server { addr, handle })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}
