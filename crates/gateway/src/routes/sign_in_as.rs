//! `POST /api/credentials/{id}/sign-in-as-customer`: opens the customer's client area the way
//! a server module does (contract point 20). The gateway posts the credential to
//! `oauth/token.php?module=cpanel&module_type=server` and hands the browser only WHMCS's
//! one-time `redirect_url`; the secret and the access token stay here. A single sign-on
//! secret is a key to the customer's account, so only roles that may reveal secrets may do
//! this, and the intent is audited before the request goes out.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use whmcs_api::panel_config::REVEAL_NOT_ALLOWED;

use crate::audit::{AuditEntry, Phase, timestamp};
use crate::error::GatewayError;
use crate::extract::{CredentialIdPath, CurrentSession};
use crate::routes::lookup::{self, Lookup};
use crate::routes::{RequestId, client_ip};
use crate::state::AppState;

/// The server module whose request the gateway makes (cPanel's, which WHMCS ships).
pub const MODULE: &str = "cpanel";

pub async fn sign_in_as(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    RequestId(request_id): RequestId,
    CurrentSession(session): CurrentSession,
    CredentialIdPath(id): CredentialIdPath,
) -> Result<Response, GatewayError> {
    if !session.permissions.reveal {
        return Err(GatewayError::Forbidden(REVEAL_NOT_ALLOWED.into()));
    }
    let refusal = "Only a single sign-on credential signs in as its service's customer.";
    let credential = match lookup::single_sign_on(&state, &session, id, refusal).await? {
        Lookup::Found(c) => c,
        Lookup::Answer(response) => return Ok(response),
    };
    let audit = |phase, outcome: Option<&'static str>| AuditEntry {
        time: timestamp(),
        phase,
        api_identifier: &session.login.identifier,
        client_address: client_ip(peer),
        action: "SignInAsCustomer",
        credential_id: Some(id),
        fields: vec![],
        outcome,
        request_id: &request_id,
        job: None,
    };
    state
        .audit
        .record(&audit(Phase::Intent, None))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "audit log write failed");
            GatewayError::AuditUnavailable {
                consequence: "nobody was signed in",
            }
        })?;
    let (status, answer) = state
        .upstream
        .server_module_sign_on(
            MODULE,
            credential["clientIdentifier"].as_str().unwrap_or(""),
            credential["clientSecret"].as_str().unwrap_or(""),
        )
        .await?;
    let body = report(status, &answer);
    let outcome = if body["result"] == "success" {
        "success"
    } else {
        "refused"
    };
    if let Err(e) = state
        .audit
        .record(&audit(Phase::Outcome, Some(outcome)))
        .await
    {
        tracing::error!(error = %e, "audit log write failed for a sign-in as customer");
    }
    Ok(Json(body).into_response())
}

/// The one-time link, or WHMCS's refusal with what it means.
pub fn report(status: u16, answer: &Value) -> Value {
    if let Some(url) = answer["redirect_url"].as_str() {
        return json!({ "result": "success", "redirectUrl": url });
    }
    let error = answer["error"].as_str().unwrap_or("unknown_error");
    let description = answer["error_description"].as_str().unwrap_or("");
    let meaning = match error {
        "access_denied" => {
            "WHMCS refused to sign this customer in: their account is Closed, or single sign-on is not allowed for it."
        }
        "invalid_client" => "WHMCS refused the credential's secret.",
        "invalid_scope" => "The credential does not hold clientarea:sso, which a sign-on needs.",
        "unsupported_grant_type" | "invalid_request" => {
            "This installation's token endpoint did not take the cPanel module's single sign-on request (is the cPanel server module installed?)."
        }
        _ => "WHMCS did not sign the customer in.",
    };
    json!({
        "result": "error",
        "message": format!(
            "{meaning} (HTTP {status}, WHMCS said: {error}{})",
            if description.is_empty() { String::new() } else { format!(": {description}") }
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::report;
    use serde_json::json;

    #[test]
    fn the_link_or_what_the_refusal_means() {
        assert_eq!(
            report(
                200,
                &json!({"access_token": "t", "redirect_url": "https://w/x"})
            ),
            json!({"result": "success", "redirectUrl": "https://w/x"})
        );
        assert_eq!(
            report(
                400,
                &json!({"error": "access_denied", "error_description": "Single Sign-On authentication denied"})
            )["message"],
            "WHMCS refused to sign this customer in: their account is Closed, or single sign-on is not allowed for it. (HTTP 400, WHMCS said: access_denied: Single Sign-On authentication denied)"
        );
    }
}
