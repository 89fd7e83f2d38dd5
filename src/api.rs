//! The typed client of the gateway's `/api/*`: one method per call, one private
//! send-and-decode helper, and an error that tells a dead network from a refusal.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use whmcs_api::PanelConfig;

/// Why a call failed, worded for the person using the panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientError {
    /// The gateway could not be reached at all.
    Network(String),
    /// The gateway or WHMCS refused, with its message and the HTTP status.
    Refused { status: u16, message: String },
    /// An answer that is not what the gateway sends (a proxy's HTML page, say).
    Malformed(String),
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClientError::Network(_) => {
                f.write_str("The gateway cannot be reached. Check your connection and try again.")
            }
            ClientError::Refused { message, .. } => f.write_str(message),
            ClientError::Malformed(detail) => {
                write!(
                    f,
                    "The gateway sent an answer the panel does not understand ({detail})."
                )
            }
        }
    }
}

/// `GET /api/config`.
pub async fn get_config() -> Result<PanelConfig, ClientError> {
    let response = Request::get("/api/config")
        .send()
        .await
        .map_err(|e| ClientError::Network(e.to_string()))?;
    decode(response).await
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ClientError> {
    let status = response.status();
    let body = response
        .text()
        .await
        .map_err(|e| ClientError::Network(e.to_string()))?;
    if !(200..300).contains(&status) {
        let message = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_owned))
            .unwrap_or_else(|| format!("The gateway answered with HTTP {status}."));
        return Err(ClientError::Refused { status, message });
    }
    serde_json::from_str(&body).map_err(|e| ClientError::Malformed(e.to_string()))
}
