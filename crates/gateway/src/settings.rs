//! Typed settings for a gateway, whatever started it (`serve`, `demo`, a test).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum_extra::extract::cookie::Key;
use secrecy::SecretString;
use whmcs_api::ScopeCatalogue;
use whmcs_api::panel_config::DemoLogin;

use crate::rate_limit::LoginLimits;
use crate::spa::PanelFiles;

#[derive(Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    /// The built panel: a folder, or the copy built into the binary.
    pub panel: PanelFiles,
    /// WHMCS's `…/includes/api.php`.
    pub upstream: String,
    /// How the installation is named in the panel's header.
    pub upstream_label: String,
    pub upstream_timeout: Duration,
    /// `scheme://host[:port]` people reach the gateway at; `None` means `http://<listen>`.
    pub public_origin: Option<String>,
    pub session_key: Key,
    pub session_idle: Duration,
    pub session_absolute: Duration,
    pub audit_log: PathBuf,
    pub login_limits: LoginLimits,
    pub scopes: ScopeCatalogue,
    /// `redis://…` of the Redis / Valkey that holds sessions and login limits for several
    /// instances; `None` keeps them in this process.
    pub session_store: Option<SecretString>,
    /// A PEM file with the CA that signed the session store's TLS certificate (`rediss://`),
    /// when it is not one the system trusts.
    pub session_store_ca: Option<PathBuf>,
    /// Whether roles that may not change credentials may still reveal their secrets.
    pub reveal_for_readonly: bool,
    /// API logins the login page offers: a demo's public ones, never a real installation's.
    pub demo_logins: Vec<DemoLogin>,
    /// WHMCS calls a bulk job makes at once, across this instance's jobs.
    pub job_concurrency: usize,
    /// How long a job's lease lasts without being renewed: after an instance dies, its
    /// jobs show as interrupted this long after.
    pub job_lease: Duration,
    /// Where to serve Prometheus metrics; `None`: no metrics at all.
    pub metrics_listen: Option<SocketAddr>,
}

impl Settings {
    /// Defaults for everything but where things are.
    pub fn new(
        listen: SocketAddr,
        panel: impl Into<PanelFiles>,
        upstream: String,
        audit_log: PathBuf,
        session_key: Key,
    ) -> Settings {
        Settings {
            listen,
            panel: panel.into(),
            upstream_label: upstream_label_for(&upstream),
            upstream,
            upstream_timeout: Duration::from_secs(30),
            public_origin: None,
            session_key,
            session_idle: Duration::from_secs(30 * 60),
            session_absolute: Duration::from_secs(12 * 60 * 60),
            audit_log,
            login_limits: LoginLimits::default(),
            scopes: ScopeCatalogue::default(),
            session_store: None,
            session_store_ca: None,
            reveal_for_readonly: false,
            demo_logins: Vec::new(),
            job_concurrency: 4,
            job_lease: Duration::from_secs(15),
            metrics_listen: None,
        }
    }
}

/// `https://billing.example.com/includes/api.php` → `billing.example.com`.
pub fn upstream_label_for(url: &str) -> String {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    without_scheme
        .split('/')
        .next()
        .unwrap_or(without_scheme)
        .to_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn label_is_the_host() {
        assert_eq!(
            super::upstream_label_for("https://billing.example.com/includes/api.php"),
            "billing.example.com"
        );
        assert_eq!(
            super::upstream_label_for("http://127.0.0.1:8081/includes/api.php"),
            "127.0.0.1:8081"
        );
    }
}
