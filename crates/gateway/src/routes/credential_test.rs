//! `POST /api/credentials/{id}/test`: proves a single sign-on credential works by asking the
//! installation's token endpoint for a token with it, from the gateway (which knows the
//! installation and the secret; the browser sees neither the secret nor the token). The
//! answer says what happened in words a person can act on; the test is audited.
//!
//! With `{"clientSecret": …}` the test uses that secret instead of the current one: after a
//! reset, the panel proves the old secret is refused. The secret is used once and dropped.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use whmcs_api::GrantType;

use crate::audit::{AuditEntry, Phase, timestamp};
use crate::error::GatewayError;
use crate::extract::{ApiJson, CredentialIdPath, CurrentSession};
use crate::routes::lookup::{self, Lookup};
use crate::routes::{RequestId, client_ip};
use crate::state::AppState;

pub async fn test(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    RequestId(request_id): RequestId,
    CurrentSession(session): CurrentSession,
    CredentialIdPath(id): CredentialIdPath,
    body: Option<ApiJson<TestRequest>>,
) -> Result<Response, GatewayError> {
    let supplied = body.and_then(|ApiJson(b)| b.client_secret);
    if supplied.as_ref().is_some_and(|s| s.len() > SECRET_MAX) {
        return Err(GatewayError::BadRequest(format!(
            "The client secret to test is longer than {SECRET_MAX} characters."
        )));
    }
    let credential = match lookup::credential(&state, &session, id).await? {
        Lookup::Found(c) => c,
        Lookup::Answer(response) => return Ok(response),
    };
    let grants = credential["grantTypes"].as_str().unwrap_or("");
    if !grants
        .split_whitespace()
        .any(|g| g == GrantType::SingleSignOn.as_str())
    {
        return Err(GatewayError::BadRequest(
            "Only single sign-on credentials can be tested from here: an authorization code credential needs a person to sign in (use Try sign-in).".into(),
        ));
    }
    let client_id = credential["clientIdentifier"].as_str().unwrap_or("");
    let secret = supplied
        .as_deref()
        .unwrap_or_else(|| credential["clientSecret"].as_str().unwrap_or(""));
    let (status, answer) = state
        .upstream
        .token_grant(client_id, secret, GrantType::SingleSignOn.as_str())
        .await?;
    let outcome = if answer["access_token"].is_string() {
        "ok".to_owned()
    } else {
        answer["error"].as_str().unwrap_or("error").to_owned()
    };
    let entry = AuditEntry {
        time: timestamp(),
        phase: Phase::Outcome,
        api_identifier: &session.login.identifier,
        client_address: client_ip(peer),
        action: "TestCredential",
        credential_id: Some(id),
        // Which secret was tried, by name only: the credential's own or one the person sent.
        fields: if supplied.is_some() {
            vec!["clientSecret"]
        } else {
            vec![]
        },
        outcome: Some(&outcome),
        request_id: &request_id,
    };
    if let Err(e) = state.audit.record(&entry).await {
        // Nothing changed and nothing was shown: the answer still goes out.
        tracing::error!(error = %e, "audit log write failed for a credential test");
    }
    Ok(Json(report(status, &answer)).into_response())
}

/// The optional body: a secret to try instead of the credential's current one.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TestRequest {
    client_secret: Option<String>,
}

/// Longer than any secret WHMCS makes; a bound on what the gateway forwards.
const SECRET_MAX: usize = 255;

/// What the token endpoint said, for a person.
pub fn report(status: u16, answer: &Value) -> Value {
    if answer["access_token"].is_string() {
        let scope = answer["scope"].as_str().unwrap_or("");
        let expires = answer["expires_in"].as_u64().unwrap_or(0);
        return json!({
            "result": "success",
            "ok": true,
            "message": format!(
                "WHMCS issued an access token with this credential (scope {scope}, valid {expires} seconds). The credential works."
            ),
        });
    }
    let error = answer["error"].as_str().unwrap_or("unknown_error");
    let description = answer["error_description"].as_str().unwrap_or("");
    let advice = match error {
        "invalid_client" => {
            "WHMCS refused the client identifier or secret. If the secret was reset, the application needs the new one."
        }
        "unauthorized_client" => {
            "WHMCS does not allow the single sign-on grant for this credential."
        }
        "unsupported_grant_type" => {
            "This installation's token endpoint does not accept single sign-on tokens."
        }
        _ => "The token endpoint refused the request.",
    };
    json!({
        "result": "success",
        "ok": false,
        "error": error,
        "message": format!("{advice} (HTTP {status}, WHMCS said: {error}{})", if description.is_empty() { String::new() } else { format!(": {description}") }),
    })
}

#[cfg(test)]
mod tests {
    use super::report;
    use serde_json::json;

    #[test]
    fn a_refusal_says_what_to_do() {
        let r = report(
            401,
            &json!({"error": "invalid_client", "error_description": "The client credentials are invalid"}),
        );
        assert_eq!(r["ok"], false);
        assert_eq!(
            r["message"],
            "WHMCS refused the client identifier or secret. If the secret was reset, the application needs the new one. (HTTP 401, WHMCS said: invalid_client: The client credentials are invalid)"
        );
    }
}
