//! What every request shares.

use std::sync::Arc;

use whmcs_api::PanelConfig;
use whmcs_api::panel_config::{Permissions, SessionInfo};

use crate::audit::AuditLog;
use crate::jobs::{JobContext, Jobs};
use crate::rate_limit::LoginLimiter;
use crate::sessions::Sessions;
use crate::upstream::Upstream;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<PanelConfig>,
    pub upstream: Upstream,
    pub sessions: Arc<Sessions>,
    pub audit: AuditLog,
    pub login_limiter: Arc<LoginLimiter>,
    /// The only `Origin` state-changing requests may come from.
    pub public_origin: Arc<str>,
    /// Whether roles that may not change credentials may still reveal their secrets.
    pub reveal_for_readonly: bool,
    pub jobs: Arc<Jobs>,
}

impl AppState {
    /// What a job's worker needs from the gateway.
    pub fn job_context(&self) -> JobContext {
        JobContext {
            jobs: self.jobs.clone(),
            upstream: self.upstream.clone(),
            audit: self.audit.clone(),
            sessions: self.sessions.clone(),
        }
    }

    pub fn session_info(&self, identifier: String, permissions: Permissions) -> SessionInfo {
        SessionInfo {
            identifier,
            upstream_label: self.config.upstream_label.clone(),
            permissions,
        }
    }
}
