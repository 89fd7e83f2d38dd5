//! `/api/session`: log in with a WHMCS API credential, see who is logged in, log out (here,
//! or everywhere this identifier is logged in).

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum_extra::extract::CookieJar;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Value, json};
use whmcs_api::messages::INVALID_PERMISSIONS_PREFIX;
use whmcs_api::panel_config::{Permissions, SessionInfo};
use whmcs_api::{Action, ListQuery, Params};

use crate::error::GatewayError;
use crate::extract::{ApiJson, CurrentSession};
use crate::metrics;
use crate::routes::client_ip;
use crate::sessions::{ApiLogin, SessionError, owner};
use crate::state::AppState;

/// WHMCS API identifiers are 32 characters (admin usernames, the old way, are short too);
/// nothing longer is looked at, counted or logged.
pub const IDENTIFIER_MAX: usize = 128;
/// WHMCS API secrets are 32 characters; room for the old admin password login.
pub const SECRET_MAX: usize = 512;

#[derive(Deserialize)]
pub struct LoginForm {
    pub identifier: String,
    pub secret: SecretString,
}

pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    jar: CookieJar,
    ApiJson(form): ApiJson<LoginForm>,
) -> Result<(CookieJar, Json<SessionInfo>), GatewayError> {
    // Lengths first: nothing longer reaches the limiter's tables or the log.
    if form.identifier.chars().count() > IDENTIFIER_MAX {
        return Err(GatewayError::BadRequest(format!(
            "The identifier is too long: WHMCS API identifiers have at most {IDENTIFIER_MAX} characters."
        )));
    }
    if form.secret.expose_secret().chars().count() > SECRET_MAX {
        return Err(GatewayError::BadRequest(format!(
            "The secret is too long: WHMCS API secrets have at most {SECRET_MAX} characters."
        )));
    }
    let identifier = form.identifier.trim().to_owned();
    if identifier.is_empty() || form.secret.expose_secret().is_empty() {
        return Err(GatewayError::BadRequest(
            "Enter the API credential's identifier and secret.".into(),
        ));
    }
    let verdict = state
        .login_limiter
        .check(client_ip(peer), &identifier)
        .await
        .map_err(|e| GatewayError::SessionStoreUnavailable(e.0))?;
    if let Err(wait) = verdict {
        // `?`: the identifier is the client's text; Debug escapes line breaks and
        // terminal controls, so it cannot forge a log line.
        tracing::warn!(identifier = ?identifier, client = %peer.ip(), "login rate-limited");
        metrics::login("rate_limited");
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
    let reply = state
        .upstream
        .call(&probe.to_params(), &login)
        .await
        .map_err(|e| {
            metrics::login("upstream_error");
            GatewayError::for_anonymous(e)
        })?;
    let message = reply.body["message"].as_str().unwrap_or("");
    let list = reply.body["result"] == "success";
    // A role without List is still a valid credential; the panel shows what it may do.
    if !list && !message.starts_with(INVALID_PERMISSIONS_PREFIX) {
        tracing::info!(identifier = ?identifier, client = %peer.ip(), whmcs_message = ?message, "login refused by WHMCS");
        metrics::login("refused");
        // A refusal the installation's setup fixes says how; others are WHMCS's own words.
        let shown =
            whmcs_api::messages::setup_guidance(message).unwrap_or_else(|| message.to_owned());
        return Err(GatewayError::LoginRefused(shown));
    }
    let (create, update, delete, customers, services, customer_details) = tokio::join!(
        allowed(&state, &login, Action::Create),
        allowed(&state, &login, Action::Update),
        allowed(&state, &login, Action::Delete),
        allowed(&state, &login, Action::GetClients),
        allowed(&state, &login, Action::GetClientsProducts),
        allowed(&state, &login, Action::GetClientsDetails),
    );
    let permissions = Permissions {
        list,
        create,
        update,
        delete,
        reveal: list && (update || state.reveal_for_readonly),
        customers,
        services,
        customer_details,
    };
    let id = state.sessions.start(login, permissions).await?;
    tracing::info!(identifier = ?identifier, client = %peer.ip(), ?permissions, "logged in");
    metrics::login("success");
    let jar = jar.add(state.sessions.cookie.naming(&id));
    Ok((jar, Json(state.session_info(identifier, permissions))))
}

/// Whether the role allows `action`: the bare action, with none of its parameters, fails
/// WHMCS's validation (changing nothing) unless the role check, which comes first, refuses;
/// a read asks for one row. A probe that fails says nothing: the action counts as allowed
/// and WHMCS still decides.
async fn allowed(state: &AppState, login: &ApiLogin, action: Action) -> bool {
    let mut params = Params::new();
    params.push("action", action.name());
    if !action.is_mutation() {
        params.push("limitnum", "1");
    }
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
    CurrentSession(session): CurrentSession,
) -> Json<SessionInfo> {
    Json(state.session_info(session.login.identifier, session.permissions))
}

/// Ends this session (its record is deleted, so a copy of the cookie is dead too).
pub async fn logout(
    State(state): State<AppState>,
    jar: CookieJar,
) -> Result<(CookieJar, Json<Value>), GatewayError> {
    let cookie = jar.get(state.sessions.cookie.name());
    match state.sessions.read(cookie.map(|c| c.value())).await {
        Ok(session) => {
            state.sessions.end(&session).await?;
            metrics::sessions_ended("logout", 1);
            // A job runs with the credential of the session that started it: it ends too.
            let cancelled = state
                .jobs
                .cancel_where(&owner(&session.login.identifier), "logged out", |job| {
                    job.session == session.key.0
                })
                .await?;
            if cancelled > 0 {
                tracing::info!(identifier = ?session.login.identifier, cancelled, "jobs cancelled by logout");
            }
        }
        // Already over: logging out is still a success.
        Err(SessionError::NotLoggedIn) => {}
        Err(e) => return Err(e.into()),
    }
    let jar = jar.add(state.sessions.cookie.removal());
    Ok((jar, Json(json!({ "result": "success" }))))
}

/// Ends every session of the logged-in identifier, on every gateway instance that shares
/// the session store.
pub async fn logout_everywhere(
    State(state): State<AppState>,
    jar: CookieJar,
    CurrentSession(session): CurrentSession,
) -> Result<(CookieJar, Json<Value>), GatewayError> {
    let ended = state.sessions.end_all(&session.login.identifier).await?;
    metrics::sessions_ended("logout_everywhere", ended as u64);
    state
        .jobs
        .cancel_where(
            &owner(&session.login.identifier),
            "logged out everywhere",
            |_| true,
        )
        .await?;
    tracing::info!(identifier = ?session.login.identifier, ended, "logged out everywhere");
    let jar = jar.add(state.sessions.cookie.removal());
    Ok((
        jar,
        Json(json!({ "result": "success", "sessionsEnded": ended })),
    ))
}
