//! `POST /api/credentials/{id}/secret`: one credential's secret, when a person asks to see
//! it. WHMCS has no "get one" command, so the gateway lists and picks; the reveal is
//! audited before the secret leaves. Only roles that may change credentials may reveal,
//! unless the gateway runs with `--reveal-for-readonly`: a single sign-on secret is enough
//! to get tokens for a customer's service.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use whmcs_api::messages;
use whmcs_api::response::error_body;

use crate::audit::{AuditEntry, Phase, timestamp};
use crate::error::GatewayError;
use crate::extract::{CredentialIdPath, CurrentSession};
use crate::routes::lookup::{self, Lookup};
use crate::routes::{RequestId, client_ip};
use crate::state::AppState;

pub use whmcs_api::panel_config::REVEAL_NOT_ALLOWED;

pub async fn reveal(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    RequestId(request_id): RequestId,
    CurrentSession(session): CurrentSession,
    CredentialIdPath(id): CredentialIdPath,
) -> Result<Response, GatewayError> {
    if !session.permissions.reveal {
        return Err(GatewayError::Forbidden(REVEAL_NOT_ALLOWED.into()));
    }
    let credential = match lookup::credential(&state, &session, id).await? {
        Lookup::Found(c) => c,
        Lookup::Answer(response) => return Ok(response),
    };
    let Some(secret) = credential["clientSecret"].as_str().map(str::to_owned) else {
        let body = error_body(messages::CREDENTIAL_ID_INVALID);
        return Ok((StatusCode::NOT_FOUND, Json(body)).into_response());
    };
    let entry = AuditEntry {
        time: timestamp(),
        phase: Phase::Outcome,
        api_identifier: &session.login.identifier,
        client_address: client_ip(peer),
        action: "RevealClientSecret",
        credential_id: Some(id),
        fields: vec!["clientSecret"],
        outcome: Some("success"),
        request_id: &request_id,
        job: None,
    };
    state.audit.record(&entry).await.map_err(|e| {
        tracing::error!(error = %e, "audit log write failed");
        GatewayError::AuditUnavailable {
            consequence: "the secret was not shown",
        }
    })?;
    let body: Value = json!({ "result": "success", "credentialId": id, "clientSecret": secret });
    Ok(Json(body).into_response())
}
