//! Answers under `/api/` for what has no handler: WHMCS-shaped, like every other answer
//! there (the panel's routes fall back to `index.html` instead).

use axum::http::Method;

use crate::error::GatewayError;

pub async fn no_such_endpoint() -> GatewayError {
    GatewayError::NotFound("There is no such gateway endpoint.".into())
}

pub async fn method_not_allowed(method: Method) -> GatewayError {
    GatewayError::MethodNotAllowed {
        method: method.to_string(),
    }
}
