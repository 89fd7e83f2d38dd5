//! `POST /api/credentials/{id}/secret`: one credential's secret, when a person asks to see
//! it. WHMCS has no "get one" command, so the gateway lists and picks; the reveal is audited.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::PrivateCookieJar;
use axum_extra::extract::cookie::Key;
use serde_json::{Value, json};
use whmcs_api::response::error_body;
use whmcs_api::{ListQuery, messages};

use crate::audit::{AuditEntry, timestamp};
use crate::error::GatewayError;
use crate::routes::{RequestId, client_ip};
use crate::state::AppState;

pub async fn reveal(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    RequestId(request_id): RequestId,
    Path(id): Path<u64>,
    jar: PrivateCookieJar<Key>,
) -> Result<(PrivateCookieJar<Key>, Response), GatewayError> {
    let session = state
        .sessions
        .current(&jar)
        .ok_or(GatewayError::NotLoggedIn)?;
    let reply = state
        .upstream
        .call(&ListQuery::default().to_params(), &session.login)
        .await?;
    if reply.body["result"] != "success" {
        // WHMCS's refusal (a role without List, a revoked credential) as it came.
        let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::BAD_GATEWAY);
        let status = if status == StatusCode::OK {
            StatusCode::FORBIDDEN
        } else {
            status
        };
        return Ok((
            state.sessions.touch(jar, session),
            (status, Json(reply.body)).into_response(),
        ));
    }
    let secret = reply.body["clients"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| {
            c["credentialId"].as_u64() == Some(id)
                || c["credentialId"].as_str() == Some(&id.to_string())
        })
        .and_then(|c| c["clientSecret"].as_str().map(str::to_owned));
    let Some(secret) = secret else {
        let body = error_body(messages::CREDENTIAL_ID_INVALID);
        return Ok((
            state.sessions.touch(jar, session),
            (StatusCode::NOT_FOUND, Json(body)).into_response(),
        ));
    };
    let entry = AuditEntry {
        time: timestamp(),
        api_identifier: &session.login.identifier,
        client_address: client_ip(peer),
        action: "RevealClientSecret",
        credential_id: Some(id),
        fields: vec!["clientSecret"],
        outcome: "success",
        request_id: &request_id,
    };
    state.audit.record(&entry).await.map_err(|e| {
        tracing::error!(error = %e, "audit log write failed");
        GatewayError::AuditUnavailable
    })?;
    let body: Value = json!({ "result": "success", "credentialId": id, "clientSecret": secret });
    Ok((
        state.sessions.touch(jar, session),
        Json(body).into_response(),
    ))
}
