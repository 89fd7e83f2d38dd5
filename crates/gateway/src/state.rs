//! What every request shares.

use std::sync::Arc;

use axum::extract::FromRef;
use axum_extra::extract::cookie::Key;
use whmcs_api::PanelConfig;
use whmcs_api::panel_config::Permissions;

use crate::audit::AuditLog;
use crate::rate_limit::LoginLimiter;
use crate::routes::session::SessionInfo;
use crate::session::SessionPolicy;
use crate::upstream::Upstream;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<PanelConfig>,
    pub upstream: Upstream,
    pub sessions: Arc<SessionPolicy>,
    pub key: Key,
    pub audit: AuditLog,
    pub login_limiter: Arc<LoginLimiter>,
    /// The only `Origin` state-changing requests may come from.
    pub public_origin: Arc<str>,
}

impl AppState {
    pub fn session_info(&self, identifier: String, permissions: Permissions) -> SessionInfo {
        SessionInfo {
            identifier,
            upstream_label: self.config.upstream_label.clone(),
            permissions,
        }
    }
}

impl FromRef<AppState> for Key {
    fn from_ref(state: &AppState) -> Key {
        state.key.clone()
    }
}
