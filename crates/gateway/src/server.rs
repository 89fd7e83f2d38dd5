//! The router and the running server.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request};
use axum::middleware;
use axum::routing::{any, delete, get, post};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::audit::AuditLog;
use crate::config_for;
use crate::headers;
use crate::jobs::Jobs;
use crate::jobs::store::JobStore;
use crate::middleware as mw;
use crate::rate_limit::LoginLimiter;
use crate::redis_client::RedisClient;
use crate::routes::{
    config, credential_test, fallback, health, job_files, jobs, metrics, reveal, session,
    sign_in_as, whmcs,
};
use crate::sessions::cookie::SessionCookie;
use crate::sessions::store::SessionStore;
use crate::sessions::{SessionPolicy, Sessions};
use crate::settings::Settings;
use crate::spa::{self, PanelFiles};
use crate::state::AppState;
use crate::upstream::Upstream;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

impl AppState {
    /// Everything a gateway needs, from its settings. Connects to the session store (Redis)
    /// when one is configured, so a wrong address stops the gateway at start.
    pub async fn from_settings(
        settings: &Settings,
        public_origin: String,
    ) -> std::io::Result<AppState> {
        let redis = match &settings.session_store {
            Some(url) => Some(
                RedisClient::connect(url, settings.session_store_ca.as_deref())
                    .await
                    .map_err(|e| std::io::Error::other(format!("session store: {e}")))?,
            ),
            None => None,
        };
        let policy = SessionPolicy {
            idle: settings.session_idle,
            absolute: settings.session_absolute,
        };
        let cookie = SessionCookie {
            secure: public_origin.starts_with("https://"),
        };
        let (store, limiter, job_store) = match redis {
            Some(client) => (
                SessionStore::Redis(client.clone()),
                LoginLimiter::redis(settings.login_limits, client.clone()),
                JobStore::Redis(client),
            ),
            None => (
                SessionStore::memory(),
                LoginLimiter::memory(settings.login_limits),
                JobStore::memory(),
            ),
        };
        Ok(AppState {
            config: Arc::new(config_for(settings)),
            upstream: Upstream::new(settings.upstream.clone(), settings.upstream_timeout),
            sessions: Arc::new(Sessions::new(policy, cookie, store, &settings.session_key)),
            audit: AuditLog::open(&settings.audit_log)?,
            login_limiter: Arc::new(limiter),
            public_origin: public_origin.into(),
            reveal_for_readonly: settings.reveal_for_readonly,
            jobs: Arc::new(Jobs::new(
                job_store,
                settings.job_concurrency,
                settings.job_lease,
            )),
        })
    }
}

/// All routes, apart from `main` so tests can drive them in-process.
pub fn router(state: AppState, panel: &PanelFiles) -> Router {
    let index = panel.index_html().unwrap_or_default();
    let csp = headers::content_security_policy(&headers::inline_script_hashes(&index));

    let api = Router::new()
        .route("/api/config", get(config::get_config))
        .route(
            "/api/session",
            get(session::whoami)
                .post(session::login)
                .delete(session::logout),
        )
        .route("/api/sessions", delete(session::logout_everywhere))
        .route("/api/whmcs", post(whmcs::proxy))
        .route(
            "/api/jobs",
            get(jobs::list)
                .post(jobs::start)
                .layer(DefaultBodyLimit::max(jobs::JOB_BODY_LIMIT)),
        )
        .route("/api/jobs/{id}", get(jobs::get))
        .route("/api/jobs/{id}/pause", post(jobs::pause))
        .route("/api/jobs/{id}/resume", post(jobs::resume))
        .route("/api/jobs/{id}/cancel", post(jobs::cancel))
        .route("/api/jobs/{id}/retry", post(jobs::retry))
        .route("/api/jobs/{id}/report", get(job_files::report))
        .route("/api/jobs/{id}/secrets", post(job_files::secrets))
        .route("/api/jobs/{id}/record", get(job_files::record))
        .route("/api/credentials/{id}/secret", post(reveal::reveal))
        .route("/api/credentials/{id}/test", post(credential_test::test))
        .route(
            "/api/credentials/{id}/sign-in-as-customer",
            post(sign_in_as::sign_in_as),
        )
        .route("/api/{*rest}", any(fallback::no_such_endpoint))
        .method_not_allowed_fallback(fallback::method_not_allowed)
        .layer(DefaultBodyLimit::max(crate::extract::BODY_LIMIT))
        .layer(middleware::from_fn(mw::no_store))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            mw::same_origin_only,
        ))
        .with_state(state.clone());

    let mut app = Router::new()
        .route("/healthz", get(health::healthz))
        // Metrics are served on `--metrics-listen` only, never here (not even as the panel).
        .route("/metrics", any(fallback::no_such_endpoint))
        .with_state(state)
        .merge(api)
        .merge(spa::routes(panel))
        .layer(middleware::from_fn(mw::measure));
    for (name, value) in headers::security_headers(&csp) {
        app = app.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    app.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                let id = req
                    .headers()
                    .get(REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                // Path only: a query string could carry anything.
                tracing::info_span!("request", id = %id, method = %req.method(), path = %req.uri().path())
            })
            .on_response(DefaultOnResponse::new().level(Level::INFO)))
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(CompressionLayer::new()),
    )
}

/// A server bound to its port and running in the background.
pub struct Server {
    pub addr: SocketAddr,
    /// Where `/metrics` is served, when `--metrics-listen` asked for it.
    pub metrics_addr: Option<SocketAddr>,
    pub handle: JoinHandle<std::io::Result<()>>,
}

impl Server {
    /// Binds `settings.listen` (port 0 picks a free one) and serves until `shutdown`.
    pub async fn start(
        settings: &Settings,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<Server> {
        Self::start_with(settings, |_| {}, shutdown).await
    }

    /// `start`, with a last change to the state before serving (tests swap in an audit
    /// sink that fails on purpose).
    pub async fn start_with(
        settings: &Settings,
        customize: impl FnOnce(&mut AppState),
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<Server> {
        let listener = TcpListener::bind(settings.listen).await?;
        let addr = listener.local_addr()?;
        let origin = settings
            .public_origin
            .clone()
            .unwrap_or_else(|| format!("http://{addr}"));
        let mut state = AppState::from_settings(settings, origin).await?;
        customize(&mut state);
        let jobs = state.jobs.clone();
        let metrics = match settings.metrics_listen {
            Some(listen) => Some(serve_metrics(listen, state.clone()).await?),
            None => None,
        };
        let metrics_addr = metrics.as_ref().map(|(addr, _)| *addr);
        let app =
            router(state, &settings.panel).into_make_service_with_connect_info::<SocketAddr>();
        let handle = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await;
            jobs.wind_down(Duration::from_secs(10)).await;
            if let Some((_, task)) = metrics {
                task.abort();
            }
            served
        });
        Ok(Server {
            addr,
            metrics_addr,
            handle,
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// The operators' listener: `/metrics` and nothing else. Installs the recorder, so nothing
/// is counted in a gateway without one.
async fn serve_metrics(
    listen: SocketAddr,
    state: AppState,
) -> std::io::Result<(SocketAddr, JoinHandle<()>)> {
    crate::metrics::recorder();
    let listener = TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let app = Router::new()
        .route("/metrics", get(metrics::scrape))
        .with_state(state);
    let task = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "the metrics listener stopped");
        }
    });
    Ok((addr, task))
}
