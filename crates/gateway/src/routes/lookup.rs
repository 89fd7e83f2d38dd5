//! One credential as WHMCS lists it, secret included: WHMCS has no "get one" command, so
//! the gateway lists and picks. For the reveal and the credential test; the secret stays in
//! the gateway unless the route shows it on purpose.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use whmcs_api::response::error_body;
use whmcs_api::{ListQuery, messages};

use crate::error::GatewayError;
use crate::sessions::Session;
use crate::state::AppState;

pub enum Lookup {
    /// The credential's JSON object, `clientSecret` included.
    Found(Value),
    /// What to answer instead: WHMCS's refusal, or 404 for an id it does not list.
    Answer(Response),
}

pub async fn credential(
    state: &AppState,
    session: &Session,
    id: u64,
) -> Result<Lookup, GatewayError> {
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
        return Ok(Lookup::Answer((status, Json(reply.body)).into_response()));
    }
    let found = reply.body["clients"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| {
            c["credentialId"].as_u64() == Some(id)
                || c["credentialId"].as_str() == Some(&id.to_string())
        })
        .cloned();
    Ok(match found {
        Some(c) => Lookup::Found(c),
        None => Lookup::Answer(
            (
                StatusCode::NOT_FOUND,
                Json(error_body(messages::CREDENTIAL_ID_INVALID)),
            )
                .into_response(),
        ),
    })
}

/// A single sign-on credential, or `refusal` (a 400) for one of another grant type.
pub async fn single_sign_on(
    state: &AppState,
    session: &Session,
    id: u64,
    refusal: &str,
) -> Result<Lookup, GatewayError> {
    let found = credential(state, session, id).await?;
    if let Lookup::Found(c) = &found {
        let grants = c["grantTypes"].as_str().unwrap_or("");
        if !grants
            .split_whitespace()
            .any(|g| g == whmcs_api::GrantType::SingleSignOn.as_str())
        {
            return Err(GatewayError::BadRequest(refusal.to_owned()));
        }
    }
    Ok(found)
}
