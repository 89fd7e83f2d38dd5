//! The gateway's own errors, answered in WHMCS's shape (`{"result":"error","message":…}`)
//! with a fitting status. Internal causes go to the log, never to the client.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use whmcs_api::response::error_body;

#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    #[error("Your session has expired or you are not logged in. Please log in again.")]
    NotLoggedIn,
    #[error("{0}")]
    Forbidden(String),
    #[error("The request is too large (at most {limit} bytes).")]
    TooLarge { limit: usize },
    #[error("Too many login attempts. Try again in {retry_after} seconds.")]
    RateLimited { retry_after: u64 },
    /// WHMCS refused the login; its own message.
    #[error("{0}")]
    LoginRefused(String),
    #[error("{0}")]
    BadRequest(String),
    #[error(
        "WHMCS could not be reached at {upstream}. Check that the installation is up, then try again."
    )]
    UpstreamUnreachable { upstream: String },
    #[error("WHMCS did not answer within {} second{}. It may be overloaded; try again shortly.", seconds, if *seconds == 1 { "" } else { "s" })]
    UpstreamTimeout { seconds: u64 },
    #[error(
        "WHMCS answered with something that is not an API response ({detail}). Check the WHMCS error log."
    )]
    UpstreamGarbled { detail: String },
    #[error("The gateway could not write its audit log, so the change was not made.")]
    AuditUnavailable,
    #[error("An internal error occurred in the gateway.")]
    Internal,
}

impl GatewayError {
    pub fn status(&self) -> StatusCode {
        match self {
            GatewayError::NotLoggedIn => StatusCode::UNAUTHORIZED,
            GatewayError::Forbidden(_) => StatusCode::FORBIDDEN,
            GatewayError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            GatewayError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            GatewayError::LoginRefused(_) => StatusCode::UNAUTHORIZED,
            GatewayError::BadRequest(_) => StatusCode::BAD_REQUEST,
            GatewayError::UpstreamUnreachable { .. } | GatewayError::UpstreamGarbled { .. } => {
                StatusCode::BAD_GATEWAY
            }
            GatewayError::UpstreamTimeout { .. } => StatusCode::GATEWAY_TIMEOUT,
            GatewayError::AuditUnavailable | GatewayError::Internal => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }
}

impl IntoResponse for GatewayError {
    fn into_response(self) -> Response {
        let mut response = (self.status(), Json(error_body(&self.to_string()))).into_response();
        if let GatewayError::RateLimited { retry_after } = self {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from_str(&retry_after.to_string()).expect("digits are a valid header"),
            );
        }
        response
    }
}
