//! `POST /api/whmcs`: the filtered `api.php` proxy. Only the four OAuth credential commands
//! pass; the browser may not send credential or format parameters (the gateway adds them);
//! requests are validated with the shared rules before anything goes upstream; list answers
//! lose their secrets; every change is audited before the answer leaves.

use std::net::SocketAddr;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::PrivateCookieJar;
use axum_extra::extract::cookie::Key;
use serde_json::Value;
use whmcs_api::response::error_body;
use whmcs_api::validation::Rules;
use whmcs_api::{
    Action, CreateCredential, DeleteCredential, ListQuery, Params, UpdateCredential, messages,
};

use crate::audit::{AuditEntry, timestamp};
use crate::error::GatewayError;
use crate::routes::{RequestId, client_ip};
use crate::session::Session;
use crate::state::AppState;

/// Parameters only the gateway may set.
pub const RESERVED_PARAMS: [&str; 6] = [
    "identifier",
    "secret",
    "username",
    "password",
    "accesskey",
    "responsetype",
];

/// Largest request body accepted, in bytes.
pub const BODY_LIMIT: usize = 64 * 1024;

pub async fn proxy(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    RequestId(request_id): RequestId,
    jar: PrivateCookieJar<Key>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(PrivateCookieJar<Key>, Response), GatewayError> {
    let session = state
        .sessions
        .current(&jar)
        .ok_or(GatewayError::NotLoggedIn)?;
    let body = body.map_err(|_| GatewayError::TooLarge { limit: BODY_LIMIT })?;
    let params = Params::parse(&String::from_utf8_lossy(&body));

    if let Some(name) = params
        .names()
        .into_iter()
        .find(|n| RESERVED_PARAMS.contains(n))
    {
        return Err(GatewayError::Forbidden(format!(
            "The parameter \"{name}\" may not be sent through the gateway: it adds your logged-in credential itself."
        )));
    }
    let raw_action = params.get("action").unwrap_or("").trim();
    if raw_action.is_empty() {
        return Err(GatewayError::BadRequest(messages::EMPTY_ACTION.into()));
    }
    let Some(action) = Action::parse(raw_action) else {
        return Err(GatewayError::Forbidden(format!(
            "The action \"{raw_action}\" is not allowed through this gateway: only the OAuth credential commands are."
        )));
    };

    let fields = match validate(action, &params, &state) {
        Ok(fields) => fields,
        // The message WHMCS itself would give, without the round trip; WHMCS sends these
        // with HTTP 200, and so does the gateway.
        Err(message) => {
            return Ok((
                state.sessions.touch(jar, session),
                Json(error_body(&message)).into_response(),
            ));
        }
    };

    if action == Action::List {
        let reply = state.upstream.list(&params, &session.login).await?;
        let response = (
            StatusCode::from_u16(reply.status).unwrap_or(StatusCode::BAD_GATEWAY),
            [(header::CONTENT_TYPE, "application/json")],
            reply.body,
        );
        return Ok((state.sessions.touch(jar, session), response.into_response()));
    }
    let reply = state.upstream.call(&params, &session.login).await?;
    let body = reply.body;
    if action.is_mutation() {
        audit(
            &state,
            &session,
            peer,
            &request_id,
            action,
            &params,
            &body,
            fields,
        )
        .await?;
    }
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::BAD_GATEWAY);
    Ok((
        state.sessions.touch(jar, session),
        (status, Json(body)).into_response(),
    ))
}

/// Validates with the shared rules; returns the names of the fields the request sets.
fn validate(
    action: Action,
    params: &Params,
    state: &AppState,
) -> Result<Vec<&'static str>, String> {
    let rules = Rules::offline(&state.config.scopes);
    let first = |e: whmcs_api::FieldErrors| e.first_message().to_owned();
    match action {
        Action::Create => {
            let c = CreateCredential::from_params(params, &rules).map_err(first)?;
            let mut fields = vec!["grantType", "scope"];
            for (set, name) in [
                (!c.name.is_empty(), "name"),
                (c.service_id > 0, "serviceId"),
                (!c.description.is_empty(), "description"),
                (!c.logo_uri.is_empty(), "logoUri"),
                (!c.redirect_uris.is_empty(), "redirectUri"),
            ] {
                if set {
                    fields.push(name);
                }
            }
            Ok(fields)
        }
        Action::Update => Ok(UpdateCredential::from_params(params, &rules, None)
            .map_err(first)?
            .changed_fields()),
        Action::Delete => DeleteCredential::from_params(params)
            .map(|_| vec![])
            .map_err(first),
        Action::List => ListQuery::from_params(params)
            .map(|_| vec![])
            .map_err(first),
    }
}

#[allow(clippy::too_many_arguments)]
async fn audit(
    state: &AppState,
    session: &Session,
    peer: SocketAddr,
    request_id: &str,
    action: Action,
    params: &Params,
    body: &Value,
    fields: Vec<&'static str>,
) -> Result<(), GatewayError> {
    let credential_id = body["credentialId"].as_u64().or_else(|| {
        params
            .get("credentialId")
            .and_then(|v| v.trim().parse().ok())
    });
    let outcome = if body["result"] == "success" {
        "success"
    } else {
        body["message"].as_str().unwrap_or("error")
    };
    let resets = fields.contains(&"resetSecret");
    let name = match action {
        Action::Update if resets => "UpdateOAuthCredential+resetSecret",
        other => other.name(),
    };
    let entry = AuditEntry {
        time: timestamp(),
        api_identifier: &session.login.identifier,
        client_address: client_ip(peer),
        action: name,
        credential_id,
        fields,
        outcome,
        request_id,
    };
    state.audit.record(&entry).await.map_err(|e| {
        tracing::error!(error = %e, path = %state.audit.path().display(), "audit log write failed");
        GatewayError::AuditUnavailable
    })
}
