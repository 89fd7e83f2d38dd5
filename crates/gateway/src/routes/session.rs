//! `/api/session`: log in with a WHMCS API credential, see who is logged in, log out.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum_extra::extract::PrivateCookieJar;
use axum_extra::extract::cookie::Key;
use serde::Deserialize;
use whmcs_api::ListQuery;
use whmcs_api::messages::INVALID_PERMISSIONS_PREFIX;

use crate::error::GatewayError;
use crate::routes::client_ip;
use crate::secret::Secret;
use crate::session::ApiLogin;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct LoginForm {
    pub identifier: String,
    pub secret: Secret,
}

pub use whmcs_api::panel_config::SessionInfo;

pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    jar: PrivateCookieJar<Key>,
    Json(form): Json<LoginForm>,
) -> Result<(PrivateCookieJar<Key>, Json<SessionInfo>), GatewayError> {
    let identifier = form.identifier.trim().to_owned();
    if identifier.is_empty() || form.secret.expose().is_empty() {
        return Err(GatewayError::BadRequest(
            "Enter the API credential's identifier and secret.".into(),
        ));
    }
    if let Err(wait) = state.login_limiter.check(client_ip(peer), &identifier) {
        tracing::warn!(identifier = %identifier, client = %peer.ip(), "login rate-limited");
        return Err(GatewayError::RateLimited {
            retry_after: wait.as_secs().max(1),
        });
    }
    let login = ApiLogin {
        identifier: identifier.clone(),
        secret: form.secret,
    };
    // A harmless call proves the credential: WHMCS checks it before anything else.
    let probe = ListQuery {
        limit: 1,
        ..ListQuery::default()
    };
    let reply = state.upstream.call(&probe.to_params(), &login).await?;
    let message = reply.body["message"].as_str().unwrap_or("");
    let accepted = reply.body["result"] == "success"
        // A role without List is still a valid credential; the panel shows what it may do.
        || message.starts_with(INVALID_PERMISSIONS_PREFIX);
    if !accepted {
        tracing::info!(identifier = %identifier, client = %peer.ip(), "login refused by WHMCS");
        return Err(GatewayError::LoginRefused(message.to_owned()));
    }
    tracing::info!(identifier = %identifier, client = %peer.ip(), "logged in");
    let jar = state.sessions.start(jar, login);
    Ok((jar, Json(state.session_info(identifier))))
}

pub async fn whoami(
    State(state): State<AppState>,
    jar: PrivateCookieJar<Key>,
) -> Result<(PrivateCookieJar<Key>, Json<SessionInfo>), GatewayError> {
    let session = state
        .sessions
        .current(&jar)
        .ok_or(GatewayError::NotLoggedIn)?;
    let identifier = session.login.identifier.clone();
    Ok((
        state.sessions.store(jar, session),
        Json(state.session_info(identifier)),
    ))
}

pub async fn logout(
    State(state): State<AppState>,
    jar: PrivateCookieJar<Key>,
) -> (PrivateCookieJar<Key>, Json<serde_json::Value>) {
    (
        state.sessions.end(jar),
        Json(serde_json::json!({ "result": "success" })),
    )
}
