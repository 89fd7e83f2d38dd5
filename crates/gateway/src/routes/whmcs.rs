//! `POST /api/whmcs`: the filtered `api.php` proxy. Only the four OAuth credential commands
//! and two reads of customers and services (with their documented parameters) pass; the browser may not send credential or format parameters (the gateway adds them);
//! requests are validated with the shared rules before anything goes upstream; list answers
//! lose their secrets; every change is audited: its intent before WHMCS is asked, its
//! outcome after.

use std::net::SocketAddr;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use whmcs_api::response::error_body;
use whmcs_api::validation::Rules;
use whmcs_api::{
    Action, CreateCredential, DeleteCredential, ListQuery, Params, UpdateCredential, messages,
};

use crate::audit::{AuditEntry, Phase, timestamp};
use crate::customer_view;
use crate::error::GatewayError;
use crate::extract::{CurrentSession, body_refusal};
use crate::routes::{RequestId, client_ip};
use crate::sessions::Session;
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

pub async fn proxy(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    RequestId(request_id): RequestId,
    CurrentSession(session): CurrentSession,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, GatewayError> {
    let body = body.map_err(|e| body_refusal(&e))?;
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
        let shown: String = raw_action.chars().take(64).collect();
        return Err(GatewayError::Forbidden(format!(
            "The action \"{shown}\" is not allowed through this gateway: only the OAuth credential commands, GetClients, GetClientsProducts and GetClientsDetails are."
        )));
    };

    if let Some(allowed) = customer_view::allowed_params(action)
        && let Some(name) = params
            .names()
            .into_iter()
            .find(|n| *n != "action" && !allowed.contains(n))
    {
        let shown: String = name.chars().take(64).collect();
        return Err(GatewayError::Forbidden(format!(
            "The parameter \"{shown}\" is not allowed with {} through this gateway: only {} are.",
            action.name(),
            allowed.join(", ")
        )));
    }

    let fields = match validate(action, &params, &state) {
        Ok(fields) => fields,
        // The message WHMCS itself would give, without the round trip; WHMCS sends these
        // with HTTP 200, and so does the gateway.
        Err(message) => return Ok(Json(error_body(&message)).into_response()),
    };

    if action == Action::List {
        let reply = state.upstream.list(&params, &session.login).await?;
        let response = (
            StatusCode::from_u16(reply.status).unwrap_or(StatusCode::BAD_GATEWAY),
            [(header::CONTENT_TYPE, "application/json")],
            reply.body,
        );
        return Ok(response.into_response());
    }
    if !action.is_mutation() {
        // A read of customers or services: only what the panel shows passes.
        let mut reply = state.upstream.call(&params, &session.login).await?;
        customer_view::restrict(action, &mut reply.body);
        let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::BAD_GATEWAY);
        return Ok((status, Json(reply.body)).into_response());
    }

    let audit = ChangeAudit {
        state: &state,
        session: &session,
        peer,
        request_id: &request_id,
        action,
        params: &params,
        fields,
    };
    // No intent on disk, no change: WHMCS is not asked.
    audit
        .record(Phase::Intent, None, None)
        .await
        .map_err(|()| GatewayError::AuditUnavailable {
            consequence: "the change was not made",
        })?;
    let reply = state.upstream.call(&params, &session.login).await;
    match &reply {
        Ok(reply) => {
            let outcome = if reply.body["result"] == "success" {
                "success"
            } else {
                reply.body["message"].as_str().unwrap_or("error")
            };
            // The change is made (or refused) whatever happens to this line: the person
            // gets WHMCS's answer, with its one-time secret; the failure is logged.
            let _ = audit
                .record(
                    Phase::Outcome,
                    reply.body["credentialId"].as_u64(),
                    Some(outcome),
                )
                .await;
        }
        Err(e) => {
            let outcome = format!("no answer from WHMCS: {e}");
            let _ = audit.record(Phase::Outcome, None, Some(&outcome)).await;
        }
    }
    let reply = reply?;
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::BAD_GATEWAY);
    Ok((status, Json(reply.body)).into_response())
}

/// Validates with the shared rules; returns the names of the fields the request sets.
fn validate(
    action: Action,
    params: &Params,
    state: &AppState,
) -> Result<Vec<&'static str>, String> {
    whmcs_api::limits::check_params(params)?;
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
        // Reads WHMCS never refuses for their values (it casts numbers as PHP does).
        Action::GetClients | Action::GetClientsProducts | Action::GetClientsDetails => Ok(vec![]),
    }
}

/// One change's audit lines.
struct ChangeAudit<'a> {
    state: &'a AppState,
    session: &'a Session,
    peer: SocketAddr,
    request_id: &'a str,
    action: Action,
    params: &'a Params,
    fields: Vec<&'static str>,
}

impl ChangeAudit<'_> {
    /// Writes one line; a failure is logged here and reported as `Err(())`.
    async fn record(
        &self,
        phase: Phase,
        created_id: Option<u64>,
        outcome: Option<&str>,
    ) -> Result<(), ()> {
        let credential_id = created_id.or_else(|| {
            self.params
                .get("credentialId")
                .and_then(|v| v.trim().parse().ok())
        });
        let resets = self.fields.contains(&"resetSecret");
        let name = match self.action {
            Action::Update if resets => "UpdateOAuthCredential+resetSecret",
            other => other.name(),
        };
        let entry = AuditEntry {
            time: timestamp(),
            phase,
            api_identifier: &self.session.login.identifier,
            client_address: client_ip(self.peer),
            action: name,
            credential_id,
            fields: self.fields.clone(),
            outcome,
            request_id: self.request_id,
            job: None,
        };
        self.state.audit.record(&entry).await.map_err(|e| {
            tracing::error!(
                error = %e,
                path = %self.state.audit.path().display(),
                ?phase,
                action = name,
                outcome = ?outcome,
                request_id = self.request_id,
                "audit log write failed"
            );
        })
    }
}
