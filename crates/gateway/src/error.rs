//! The gateway's own errors, answered in WHMCS's shape (`{"result":"error","message":…}`)
//! with a fitting status. Internal causes go to the log, never to the client.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use whmcs_api::response::error_body;

use crate::redis_client::StoreUnavailable;
use crate::sessions::SessionError;

#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    #[error("Your session has expired or you are not logged in. Please log in again.")]
    NotLoggedIn,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// The request does not fit what the thing is doing now (pausing a finished job).
    #[error("{0}")]
    Conflict(String),
    /// What was asked for was given out once already.
    #[error("{0}")]
    Gone(String),
    #[error("This address does not accept {method} requests.")]
    MethodNotAllowed { method: String },
    #[error("The request is too large (at most {limit} bytes).")]
    TooLarge { limit: usize },
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{0}")]
    Unprocessable(String),
    #[error("Too many login attempts. Try again in {retry_after} seconds.")]
    RateLimited { retry_after: u64 },
    /// WHMCS refused the login; its own message.
    #[error("{0}")]
    LoginRefused(String),
    #[error("{0}")]
    BadRequest(String),
    /// The upstream's address is named only to people who are logged in (and in the log).
    #[error("{}", unreachable_message(upstream.as_deref()))]
    UpstreamUnreachable { upstream: Option<String> },
    #[error("WHMCS did not answer within {} second{}. It may be overloaded; try again shortly.", seconds, if *seconds == 1 { "" } else { "s" })]
    UpstreamTimeout { seconds: u64 },
    #[error(
        "WHMCS answered with something that is not an API response ({detail}). Check the WHMCS error log."
    )]
    UpstreamGarbled { detail: String },
    /// WHMCS answered with a server error (HTTP 5xx); its message, when it sent one.
    #[error("WHMCS failed with HTTP {status}{}. Check the WHMCS error log, then try again.", message.as_deref().map(|m| format!(": \"{m}\"")).unwrap_or_default())]
    UpstreamFailed {
        status: u16,
        message: Option<String>,
    },
    /// The session store (Redis) did not answer; the cause is in the log.
    #[error(
        "The gateway's session store is not answering, so your login cannot be checked. Try again shortly; if this goes on, the gateway's Redis needs attention."
    )]
    SessionStoreUnavailable(String),
    #[error(
        "The gateway could not write its audit log, so {consequence}. Tell the gateway's administrator."
    )]
    AuditUnavailable { consequence: &'static str },
    #[error("An internal error occurred in the gateway.")]
    Internal,
}

fn unreachable_message(upstream: Option<&str>) -> String {
    match upstream {
        Some(url) => format!(
            "WHMCS could not be reached at {url}. Check that the installation is up, then try again."
        ),
        None => {
            "WHMCS could not be reached. Check that the installation is up, then try again.".into()
        }
    }
}

impl GatewayError {
    pub fn status(&self) -> StatusCode {
        match self {
            GatewayError::NotLoggedIn | GatewayError::LoginRefused(_) => StatusCode::UNAUTHORIZED,
            GatewayError::Forbidden(_) => StatusCode::FORBIDDEN,
            GatewayError::NotFound(_) => StatusCode::NOT_FOUND,
            GatewayError::Conflict(_) => StatusCode::CONFLICT,
            GatewayError::Gone(_) => StatusCode::GONE,
            GatewayError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            GatewayError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            GatewayError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            GatewayError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            GatewayError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            GatewayError::BadRequest(_) => StatusCode::BAD_REQUEST,
            GatewayError::UpstreamUnreachable { .. }
            | GatewayError::UpstreamGarbled { .. }
            | GatewayError::UpstreamFailed { .. } => StatusCode::BAD_GATEWAY,
            GatewayError::UpstreamTimeout { .. } => StatusCode::GATEWAY_TIMEOUT,
            GatewayError::SessionStoreUnavailable(_) | GatewayError::AuditUnavailable { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            GatewayError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The same error for someone not logged in: nothing about the installation's
    /// internal address.
    pub fn for_anonymous(self) -> GatewayError {
        match self {
            GatewayError::UpstreamUnreachable { .. } => {
                GatewayError::UpstreamUnreachable { upstream: None }
            }
            other => other,
        }
    }
}

impl From<SessionError> for GatewayError {
    fn from(e: SessionError) -> GatewayError {
        match e {
            SessionError::NotLoggedIn => GatewayError::NotLoggedIn,
            SessionError::StoreUnavailable(cause) => GatewayError::SessionStoreUnavailable(cause),
        }
    }
}

impl From<StoreUnavailable> for GatewayError {
    fn from(e: StoreUnavailable) -> GatewayError {
        GatewayError::SessionStoreUnavailable(e.0)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_upstream_is_named_only_to_people_logged_in() {
        let e = GatewayError::UpstreamUnreachable {
            upstream: Some("http://10.1.2.3/includes/api.php".into()),
        };
        assert!(e.to_string().contains("10.1.2.3"));
        assert_eq!(
            e.for_anonymous().to_string(),
            "WHMCS could not be reached. Check that the installation is up, then try again."
        );
    }

    #[test]
    fn an_upstream_server_error_is_a_bad_gateway_with_its_message() {
        let e = GatewayError::UpstreamFailed {
            status: 500,
            message: Some("Database error".into()),
        };
        assert_eq!(e.status(), StatusCode::BAD_GATEWAY);
        assert_eq!(
            e.to_string(),
            "WHMCS failed with HTTP 500: \"Database error\". Check the WHMCS error log, then try again."
        );
    }
}
