//! `oauth-admin demo`: the sandbox with its demo installation, a gateway pointed at it, and
//! a demo app that signs customers in with WHMCS, in one process. The panel is on the public
//! port; the demo app on its own; the sandbox (api.php and the client-area sign-in pages the
//! demo app sends people to) on a loopback port.

use std::net::SocketAddr;
use std::path::PathBuf;

use sandbox::Sandbox;
use sandbox::seed::{DEMO_IDENTIFIER, DEMO_SECRET, demo_config};
use sandbox::server::SandboxState;
use whmcs_api::panel_config::DemoLogin;

use crate::server::Server;
use crate::sessions::key::random_key;
use crate::settings::Settings;

/// What people see as the upstream in the demo.
pub const DEMO_UPSTREAM_LABEL: &str = "Demo installation (sandbox)";

pub struct DemoOptions {
    pub listen: SocketAddr,
    pub dist: PathBuf,
    pub audit_log: PathBuf,
    /// The sandbox's database; in memory (fresh demo data every start) when `None`.
    pub db: Option<PathBuf>,
    /// Generated credentials added at start (a large installation, for load tests).
    pub bulk_credentials: usize,
    /// Where the "Sign in with WHMCS" demo app listens.
    pub app_listen: SocketAddr,
}

pub struct Demo {
    pub gateway: Server,
    pub sandbox: Sandbox,
    pub app: relying_party::RelyingParty,
}

impl Demo {
    /// The demo login: the full-access API credential.
    pub fn login(&self) -> (&'static str, &'static str) {
        (DEMO_IDENTIFIER, DEMO_SECRET)
    }
}

/// Starts the sandbox and the gateway; both stop when `shutdown` resolves.
pub async fn start(
    options: DemoOptions,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<Demo> {
    if !options.dist.join("index.html").is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "no built panel in {} (`cargo xtask demo` builds it first)",
                options.dist.display()
            ),
        ));
    }
    let db = options.db.clone();
    let bulk = options.bulk_credentials;
    let state = tokio::task::spawn_blocking(move || {
        let state = SandboxState::open(demo_config(DEMO_IDENTIFIER, DEMO_SECRET), db.as_deref())?;
        state.add_generated_credentials(bulk)?;
        Ok::<_, sandbox::store::StoreError>(state)
    })
    .await
    .map_err(std::io::Error::other)?
    .map_err(std::io::Error::other)?;

    let (stop_sandbox, sandbox_stopped) = tokio::sync::oneshot::channel::<()>();
    let (stop_app, app_stopped) = tokio::sync::oneshot::channel::<()>();
    let sandbox = Sandbox::start("127.0.0.1:0".parse().expect("an address"), state, async {
        let _ = sandbox_stopped.await;
    })
    .await?;

    let mut settings = Settings::new(
        options.listen,
        options.dist,
        sandbox.api_url(),
        options.audit_log,
        random_key(),
    );
    settings.upstream_label = DEMO_UPSTREAM_LABEL.into();
    settings.demo_logins = demo_config(DEMO_IDENTIFIER, DEMO_SECRET)
        .api_credentials
        .into_iter()
        .map(|c| DemoLogin {
            identifier: c.identifier,
            secret: c.secret,
            role: c.description,
        })
        .collect();
    let app = relying_party::RelyingParty::start(options.app_listen, sandbox.base_url(), async {
        let _ = app_stopped.await;
    })
    .await?;
    let gateway = Server::start(&settings, async move {
        shutdown.await;
        let _ = stop_sandbox.send(());
        let _ = stop_app.send(());
    })
    .await?;
    Ok(Demo {
        gateway,
        sandbox,
        app,
    })
}
