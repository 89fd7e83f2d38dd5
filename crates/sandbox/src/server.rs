//! The sandbox's router and running server.

use std::net::SocketAddr;
use std::sync::Arc;

use crate::{api, oauth, oidc};
use axum::Router;
use axum::routing::{get, post};
use oidc::clientarea;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use crate::state::SandboxState;

/// All routes, apart from `main` so tests can drive them.
pub fn router(state: Arc<SandboxState>) -> Router {
    Router::new()
        .route("/includes/api.php", post(api::api_php))
        .route("/oauth/openid-configuration.php", get(oauth::discovery))
        .route("/oauth/token.php", post(oauth::token))
        .route("/oauth/certs.php", get(oauth::certs))
        .route(
            "/oauth/authorize.php",
            get(oidc::authorize::start).post(oidc::authorize::answer),
        )
        .route(
            "/oauth/userinfo.php",
            get(oidc::userinfo::userinfo).post(oidc::userinfo::userinfo),
        )
        .route("/oauth/singlesignon.php", get(clientarea::single_sign_on))
        .route("/oauth/resource.php", get(clientarea::resource))
        .route("/clientarea.php", get(clientarea::page))
        .route("/.well-known/openid-configuration", get(oauth::discovery))
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
