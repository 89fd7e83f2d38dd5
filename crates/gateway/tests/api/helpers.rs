//! `TestApp`: a sandbox and a gateway in front of it on free ports, a throwaway `dist/` and
//! audit log, and a cookie-keeping client that sends the panel's `Origin`. Stopped on drop.

use std::path::PathBuf;
use std::time::Duration;

use axum_extra::extract::cookie::Key;
use gateway::Settings;
use gateway::audit::{AuditLog, AuditSink};
use gateway::rate_limit::LoginLimits;
use reqwest::StatusCode;
use sandbox::server::SandboxState;
use serde_json::{Value, json};

pub const ADMIN: (&str, &str) = (sandbox::seed::DEMO_IDENTIFIER, sandbox::seed::DEMO_SECRET);
pub const SUPPORT: (&str, &str) = (
    sandbox::seed::READONLY_IDENTIFIER,
    sandbox::seed::READONLY_SECRET,
);
/// How many OAuth credentials the demo installation starts with (`demo.toml`).
pub const DEMO_CREDENTIALS: usize = 20;

pub const INDEX_HTML: &str = "<!DOCTYPE html><title>panel</title><script type=\"module\">import init from '/app.js';</script><body></body>";

pub struct TestApp {
    pub url: String,
    /// This instance's jobs (a test stops its workers as a dying process would).
    pub jobs: std::sync::Arc<gateway::jobs::Jobs>,
    pub http: reqwest::Client,
    pub audit_log: PathBuf,
    pub upstream: String,
    /// `http://…/metrics` on the operators' listener, when `Options::metrics` asked for it.
    pub metrics_url: Option<String>,
    _dir: tempfile::TempDir,
    stops: Vec<tokio::sync::oneshot::Sender<()>>,
}

/// Knobs a test may turn before the gateway starts.
pub struct Options {
    pub upstream: Option<String>,
    pub key: Option<Key>,
    pub idle: Duration,
    pub limits: LoginLimits,
    pub upstream_timeout: Duration,
    /// `redis://…`: sessions and login limits there instead of in the process.
    pub session_store: Option<String>,
    /// The CA that signed a `rediss://` session store's certificate.
    pub session_store_ca: Option<PathBuf>,
    pub reveal_for_readonly: bool,
    /// Where audit lines go instead of the temporary file (a sink that fails on purpose).
    pub audit_sink: Option<Box<dyn AuditSink>>,
    /// The audit log's path instead of a temporary file (`/dev/full`: every write fails).
    pub audit_log: Option<PathBuf>,
    pub job_concurrency: usize,
    pub job_lease: Duration,
    /// Serve `/metrics` on a listener of its own (`TestApp::metrics_url`).
    pub metrics: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            upstream: None,
            key: None,
            idle: Duration::from_secs(1800),
            limits: LoginLimits {
                per_address: 1000,
                per_identifier: 1000,
            },
            upstream_timeout: Duration::from_secs(10),
            session_store: None,
            session_store_ca: None,
            reveal_for_readonly: false,
            audit_sink: None,
            audit_log: None,
            job_concurrency: 4,
            job_lease: Duration::from_secs(15),
            metrics: false,
        }
    }
}

pub async fn start_sandbox() -> (String, tokio::sync::oneshot::Sender<()>) {
    start_sandbox_with(sandbox::seed::demo_config(ADMIN.0, ADMIN.1)).await
}

/// The demo installation and `extra` generated credentials (ids 13 on; every tenth an app).
pub async fn start_big_sandbox(extra: usize) -> (String, tokio::sync::oneshot::Sender<()>) {
    let state = SandboxState::open(sandbox::seed::demo_config(ADMIN.0, ADMIN.1), None).unwrap();
    state.add_generated_credentials(extra).unwrap();
    serve_sandbox(state).await
}

/// A sandbox with its own installation (API IP restrictions, say).
pub async fn start_sandbox_with(
    config: sandbox::SandboxConfig,
) -> (String, tokio::sync::oneshot::Sender<()>) {
    serve_sandbox(SandboxState::open(config, None).unwrap()).await
}

async fn serve_sandbox(state: SandboxState) -> (String, tokio::sync::oneshot::Sender<()>) {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let sb = sandbox::Sandbox::start("127.0.0.1:0".parse().unwrap(), state, async {
        let _ = stopped.await;
    })
    .await
    .unwrap();
    (sb.api_url(), stop)
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(Options::default()).await
    }

    pub async fn spawn_with(options: Options) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(dist.join("index.html"), INDEX_HTML).unwrap();
        std::fs::write(dist.join("app-0123abcd.js"), "export {};").unwrap();

        let mut stops = Vec::new();
        let upstream = match options.upstream {
            Some(u) => u,
            None => {
                let (url, stop) = start_sandbox().await;
                stops.push(stop);
                url
            }
        };
        let key = options.key.unwrap_or_else(Key::generate);
        let audit_log = options
            .audit_log
            .unwrap_or_else(|| dir.path().join("audit.log"));
        let mut settings = Settings::new(
            "127.0.0.1:0".parse().unwrap(),
            dist,
            upstream.clone(),
            audit_log.clone(),
            key.clone(),
        );
        settings.session_idle = options.idle;
        settings.login_limits = options.limits;
        settings.upstream_timeout = options.upstream_timeout;
        settings.session_store = options.session_store.map(secrecy::SecretString::from);
        settings.session_store_ca = options.session_store_ca;
        settings.reveal_for_readonly = options.reveal_for_readonly;
        settings.job_concurrency = options.job_concurrency;
        settings.job_lease = options.job_lease;
        settings.metrics_listen = options.metrics.then(|| "127.0.0.1:0".parse().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        stops.push(stop);
        let sink = options.audit_sink;
        let sink_path = audit_log.clone();
        let jobs = std::sync::Arc::new(std::sync::Mutex::new(None));
        let jobs_of_state = jobs.clone();
        let server = gateway::Server::start_with(
            &settings,
            move |state| {
                if let Some(sink) = sink {
                    state.audit = AuditLog::with_sink(&sink_path, sink);
                }
                *jobs_of_state.lock().unwrap() = Some(state.jobs.clone());
            },
            async {
                let _ = stopped.await;
            },
        )
        .await
        .unwrap();
        let url = server.url();
        let metrics_url = server.metrics_addr.map(|a| format!("http://{a}/metrics"));
        let jobs = jobs.lock().unwrap().take().expect("the state was made");
        TestApp {
            jobs,
            metrics_url,
            http: client_for(&url),
            url,
            audit_log,
            upstream,
            _dir: dir,
            stops,
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.url))
            .send()
            .await
            .expect("request sent")
    }

    pub async fn login(&self, who: (&str, &str)) -> (StatusCode, Value) {
        let r = self.login_response(who).await;
        (r.status(), r.json().await.unwrap())
    }

    /// The login answer itself, for its headers (cookie, `Retry-After`).
    pub async fn login_response(&self, who: (&str, &str)) -> reqwest::Response {
        self.http
            .post(format!("{}/api/session", self.url))
            .json(&json!({ "identifier": who.0, "secret": who.1 }))
            .send()
            .await
            .unwrap()
    }

    /// Logs in and returns the session cookie (`name=value`), as a person could copy it.
    pub async fn login_cookie(&self, who: (&str, &str)) -> String {
        let r = self.login_response(who).await;
        assert_eq!(r.status(), StatusCode::OK);
        r.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned()
    }

    /// `GET /api/session` with `cookie` alone (no cookie store): is that session alive here?
    pub async fn whoami_with(&self, cookie: &str) -> (StatusCode, Value) {
        let r = client_for(&self.url)
            .get(format!("{}/api/session", self.url))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        (r.status(), r.json().await.unwrap())
    }

    /// `DELETE {path}` with `cookie` alone (log out, or log out everywhere).
    pub async fn delete_with(&self, path: &str, cookie: &str) -> reqwest::Response {
        client_for(&self.url)
            .delete(format!("{}{path}", self.url))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap()
    }

    /// `POST /api/whmcs` with `cookie` alone; the answer's status.
    pub async fn whmcs_with(&self, cookie: &str, body: &str) -> StatusCode {
        client_for(&self.url)
            .post(format!("{}/api/whmcs", self.url))
            .header("cookie", cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_owned())
            .send()
            .await
            .unwrap()
            .status()
    }

    pub async fn logged_in(who: (&str, &str)) -> TestApp {
        let app = TestApp::spawn().await;
        let (status, body) = app.login(who).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        app
    }

    /// `POST /api/whmcs` with form parameters.
    pub async fn whmcs(&self, params: &[(&str, &str)]) -> (StatusCode, Value) {
        let body: whmcs_api::Params = params.iter().copied().collect();
        self.whmcs_raw(body.encode()).await
    }

    pub async fn whmcs_raw(&self, body: String) -> (StatusCode, Value) {
        let r = self
            .http
            .post(format!("{}/api/whmcs", self.url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        let status = r.status();
        let text = r.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}")),
        )
    }

    pub async fn reveal(&self, id: u64) -> (StatusCode, Value) {
        let r = self
            .http
            .post(format!("{}/api/credentials/{id}/secret", self.url))
            .send()
            .await
            .unwrap();
        (r.status(), r.json().await.unwrap())
    }

    pub fn audit_lines(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.audit_log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("each audit line is JSON"))
            .collect()
    }
}

/// A 429's `Retry-After`, checked to be a wait of 1 to 60 seconds.
pub fn retry_after(r: &reqwest::Response) -> u64 {
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    wait
}

/// A client that keeps cookies and sends the gateway's own `Origin`, as the panel does.
pub fn client_for(url: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::ORIGIN, url.parse().unwrap());
    reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .build()
        .unwrap()
}

impl Drop for TestApp {
    fn drop(&mut self) {
        for stop in self.stops.drain(..) {
            let _ = stop.send(());
        }
    }
}
