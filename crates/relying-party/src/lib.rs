//! A small application that signs people in with WHMCS, as a third party would: OpenID
//! Connect through the `openidconnect` crate (discovery, the authorization code flow with
//! PKCE, state and nonce, ID token verification against the provider's JWKS, userinfo).
//! `oauth-admin demo` runs it next to the panel, so a credential made in the panel can be
//! seen signing a customer in; its tests are the product's interoperability test.

mod pages;
mod sign_in;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use sign_in::Attempt;

/// What the app shares between requests.
pub struct AppState {
    /// The WHMCS installation's issuer (`https://billing.example.com`).
    pub issuer: String,
    /// Where people reach this app; its callback is `{public_base}/callback`.
    pub public_base: String,
    pub http: reqwest::Client,
    /// Sign-ins under way, by the random id in this app's cookie.
    pub attempts: Mutex<HashMap<String, Attempt>>,
}

impl AppState {
    pub fn redirect_uri(&self) -> String {
        format!("{}/callback", self.public_base)
    }
}

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(sign_in::home))
        .route("/start", post(sign_in::start))
        .route("/callback", get(sign_in::callback))
        .with_state(state)
}

/// The app bound to its port and serving in the background.
pub struct RelyingParty {
    pub addr: SocketAddr,
    pub handle: JoinHandle<std::io::Result<()>>,
}

impl RelyingParty {
    /// Binds `listen` (port 0 picks one) and serves, signing in against `issuer`, until
    /// `shutdown`.
    pub async fn start(
        listen: SocketAddr,
        issuer: String,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<RelyingParty> {
        let listener = TcpListener::bind(listen).await?;
        let addr = listener.local_addr()?;
        let http = reqwest::Client::builder()
            // OpenID Connect clients must not follow redirects (SSRF).
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(std::io::Error::other)?;
        let state = Arc::new(AppState {
            issuer,
            public_base: format!("http://{addr}"),
            http,
            attempts: Mutex::new(HashMap::new()),
        });
        let app = router(state);
        let handle = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
        });
        Ok(RelyingParty { addr, handle })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}
