//! `/api/session`: log in with a WHMCS API credential, see who is logged in, log out.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum_extra::extract::PrivateCookieJar;
use axum_extra::extract::cookie::Key;
use serde::Deserialize;
use whmcs_api::messages::INVALID_PERMISSIONS_PREFIX;
use whmcs_api::panel_config::Permissions;
use whmcs_api::{Action, ListQuery, Params};

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
    let list = reply.body["result"] == "success";
    // A role without List is still a valid credential; the panel shows what it may do.
    if !list && !message.starts_with(INVALID_PERMISSIONS_PREFIX) {
        tracing::info!(identifier = %identifier, client = %peer.ip(), "login refused by WHMCS");
        return Err(GatewayError::LoginRefused(message.to_owned()));
    }
    let (create, update, delete) = tokio::join!(
        allowed(&state, &login, Action::Create),
        allowed(&state, &login, Action::Update),
        allowed(&state, &login, Action::Delete),
    );
    let permissions = Permissions {
        list,
        create,
        update,
        delete,
    };
    tracing::info!(identifier = %identifier, client = %peer.ip(), ?permissions, "logged in");
    let jar = state.sessions.start(jar, login, permissions);
    Ok((jar, Json(state.session_info(identifier, permissions))))
}

/// Whether the role allows `action`: the bare action, with none of its parameters, fails
/// WHMCS's validation (changing nothing) unless the role check, which comes first, refuses.
/// A probe that fails says nothing: the action counts as allowed and WHMCS still decides.
async fn allowed(state: &AppState, login: &ApiLogin, action: Action) -> bool {
    let mut params = Params::new();
    params.push("action", action.name());
    match state.upstream.call(&params, login).await {
        Ok(reply) => !reply.body["message"]
            .as_str()
            .is_some_and(|m| m.starts_with(INVALID_PERMISSIONS_PREFIX)),
        Err(e) => {
            tracing::warn!(action = action.name(), error = %e, "permission probe failed");
            true
        }
    }
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
    let permissions = session.permissions;
    Ok((
        state.sessions.store(jar, session),
        Json(state.session_info(identifier, permissions)),
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
