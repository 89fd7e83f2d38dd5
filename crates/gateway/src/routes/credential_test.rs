//! `POST /api/credentials/{id}/test`: proves a single sign-on credential's secret on any
//! installation without creating a token (contract point 19): the gateway asks the token
//! endpoint for `client_credentials` with it. No WHMCS credential may use that grant, and
//! WHMCS checks the secret first, so `unauthorized_client` means the secret was accepted
//! and `invalid_client` that it was refused. Beside that, the readiness list
//! (`whmcs_api::readiness`): is the service there and Active or Suspended, is its customer's
//! account open, does the credential hold `clientarea:sso`. The browser sees neither the
//! secret nor anything WHMCS answered but the words; the test is audited.
//!
//! With `{"clientSecret": …}` the test uses that secret instead of the current one: after a
//! reset, the panel proves the old secret is refused. The secret is used once and dropped.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use whmcs_api::customer::{ClientDetails, ServiceSummaries};
use whmcs_api::readiness::{self, Check, CustomerKnown, ServiceKnown};
use whmcs_api::{ClientQuery, ServicesQuery};

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
    let refusal = "Only single sign-on credentials can be tested from here: an authorization code credential needs a person to sign in (use Try sign-in).";
    let credential = match lookup::single_sign_on(&state, &session, id, refusal).await? {
        Lookup::Found(c) => c,
        Lookup::Answer(response) => return Ok(response),
    };
    let client_id = credential["clientIdentifier"].as_str().unwrap_or("");
    let secret = supplied
        .as_deref()
        .unwrap_or_else(|| credential["clientSecret"].as_str().unwrap_or(""));
    let (status, answer) = state
        .upstream
        .token_grant(client_id, secret, "client_credentials")
        .await?;
    let outcome = if accepted(&answer) {
        "accepted".to_owned()
    } else {
        answer["error"].as_str().unwrap_or("error").to_owned()
    };
    let checks = readiness_of(&state, &session, &credential).await;
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
        job: None,
    };
    if let Err(e) = state.audit.record(&entry).await {
        // Nothing changed and nothing was shown: the answer still goes out.
        tracing::error!(error = %e, "audit log write failed for a credential test");
    }
    let mut report = report(status, &answer);
    report["checks"] = serde_json::to_value(checks).unwrap_or_default();
    Ok(Json(report).into_response())
}

/// The readiness lines, read with the person's own API role: what it may not read is said
/// as unchecked, never guessed.
async fn readiness_of(
    state: &AppState,
    session: &crate::sessions::Session,
    credential: &Value,
) -> Vec<Check> {
    let scopes = whmcs_api::scope::split_scopes(credential["scope"].as_str().unwrap_or(""));
    let service_id = credential["serviceId"]
        .as_u64()
        .or_else(|| {
            credential["serviceId"]
                .as_str()
                .and_then(|s| s.parse().ok())
        })
        .unwrap_or(0);
    let mut query = ServicesQuery::service(service_id);
    query.limit_num = 1;
    let service = match state
        .upstream
        .call(&query.to_params(), &session.login)
        .await
    {
        Ok(reply) if reply.body["result"] == "success" => {
            serde_json::from_value::<ServiceSummaries>(reply.body)
                .ok()
                .map(|page| page.products.into_iter().next())
        }
        _ => None,
    };
    let customer = match &service {
        Some(Some(s)) if s.clientid > 0 => {
            let params = ClientQuery::by_id(s.clientid).to_params();
            match state.upstream.call(&params, &session.login).await {
                Ok(reply) if reply.body["result"] == "success" => {
                    serde_json::from_value::<ClientDetails>(reply.body)
                        .ok()
                        .map(|d| Some(d.client.status))
                }
                Ok(reply) if reply.body["message"] == whmcs_api::messages::CLIENT_NOT_FOUND => {
                    Some(None)
                }
                _ => None,
            }
        }
        Some(Some(_)) => Some(None),
        _ => None,
    };
    readiness::single_sign_on(
        &scopes,
        service_id,
        match &service {
            None => ServiceKnown::Unread,
            Some(None) => ServiceKnown::Missing,
            Some(Some(s)) => ServiceKnown::Found(s),
        },
        match &customer {
            None => CustomerKnown::Unread,
            Some(None) => CustomerKnown::Missing,
            Some(Some(status)) => CustomerKnown::Status(status),
        },
    )
}

/// Whether the token endpoint accepted the secret: `unauthorized_client` comes only after
/// a secret WHMCS accepted; an installation that did issue a token accepted it too.
fn accepted(answer: &Value) -> bool {
    answer["error"] == "unauthorized_client" || answer["access_token"].is_string()
}

/// The optional body: a secret to try instead of the credential's current one.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TestRequest {
    client_secret: Option<String>,
}

/// Longer than any secret WHMCS makes; a bound on what the gateway forwards.
const SECRET_MAX: usize = 255;

/// What the token endpoint said of the secret, for a person. Nothing here says a token was
/// made: none is, on a real installation.
pub fn report(status: u16, answer: &Value) -> Value {
    let error = answer["error"].as_str().unwrap_or("unknown_error");
    let description = answer["error_description"].as_str().unwrap_or("");
    let said = format!(
        "HTTP {status}, WHMCS said: {error}{}",
        if description.is_empty() {
            String::new()
        } else {
            format!(": {description}")
        }
    );
    if accepted(answer) {
        return json!({
            "result": "success",
            "ok": true,
            "message": "WHMCS accepted this secret.",
        });
    }
    let advice = match error {
        "invalid_client" => {
            "WHMCS refused the client identifier or secret. If the secret was reset, the application needs the new one."
        }
        "unsupported_grant_type" => {
            "This installation's token endpoint would not take the check the panel makes, so the secret could not be proven."
        }
        _ => "The token endpoint refused the request.",
    };
    json!({
        "result": "success",
        "ok": false,
        "error": error,
        "message": format!("{advice} ({said})"),
    })
}

#[cfg(test)]
mod tests {
    use super::report;
    use serde_json::json;

    #[test]
    fn a_refusal_says_what_to_do() {
        let r = report(
            400,
            &json!({"error": "invalid_client", "error_description": "The client credentials are invalid"}),
        );
        assert_eq!(r["ok"], false);
        assert_eq!(
            r["message"],
            "WHMCS refused the client identifier or secret. If the secret was reset, the application needs the new one. (HTTP 400, WHMCS said: invalid_client: The client credentials are invalid)"
        );
    }

    #[test]
    fn unauthorized_client_means_the_secret_was_accepted() {
        let r = report(
            400,
            &json!({"error": "unauthorized_client", "error_description": "The grant type is unauthorized for this client_id"}),
        );
        assert_eq!(
            r,
            json!({"result": "success", "ok": true, "message": "WHMCS accepted this secret."})
        );
    }
}
