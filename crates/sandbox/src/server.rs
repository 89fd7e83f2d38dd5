//! The sandbox's router and running server.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use whmcs_api::ScopeCatalogue;

use crate::config::SandboxConfig;
use crate::store::{self, Store, StoreError};
use crate::{api, oauth, seed};

/// Shared by every request.
pub struct SandboxState {
    pub config: SandboxConfig,
    pub catalogue: ScopeCatalogue,
    pub store: Store,
}

impl SandboxState {
    /// Opens the database (in memory when `db` is `None`), loads clients and services from
    /// the configuration, and seeds demo credentials into an empty database if asked to.
    pub fn open(config: SandboxConfig, db: Option<&Path>) -> Result<SandboxState, StoreError> {
        let store = match db {
            Some(path) => Store::open(path)?,
            None => Store::in_memory()?,
        };
        {
            let conn = store.lock();
            store::upsert_clients(&conn, &config.clients, &config.orphan_services)?;
            if config.demo_credentials {
                seed::seed_demo_credentials(&conn, &config.company_name)?;
            }
        }
        Ok(SandboxState {
            catalogue: config.catalogue(),
            config,
            store,
        })
    }

    /// Adds `count` generated credentials (a large installation, for load tests).
    pub fn add_generated_credentials(&self, count: usize) -> Result<usize, StoreError> {
        crate::bulk::add_credentials(&self.store.lock(), &self.config.company_name, count)
    }
}

/// All routes, apart from `main` so tests can drive them.
pub fn router(state: Arc<SandboxState>) -> Router {
    Router::new()
        .route("/includes/api.php", post(api::api_php))
        .route("/oauth/openid-configuration.php", get(oauth::discovery))
        .route("/oauth/token.php", post(oauth::token))
        .with_state(state)
}

/// A sandbox bound to its port and serving in the background.
pub struct Sandbox {
    pub addr: SocketAddr,
    pub handle: JoinHandle<std::io::Result<()>>,
}

impl Sandbox {
    pub async fn start(
        listen: SocketAddr,
        state: SandboxState,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<Sandbox> {
        let listener = TcpListener::bind(listen).await?;
        let addr = listener.local_addr()?;
        let app = router(Arc::new(state)).into_make_service_with_connect_info::<SocketAddr>();
        let handle = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
        });
        Ok(Sandbox { addr, handle })
    }

    /// The `api.php` URL clients call.
    pub fn api_url(&self) -> String {
        format!("http://{}/includes/api.php", self.addr)
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}
