//! The gateway's HTTP surface, one file per concern.

pub mod config;
pub mod credential_test;
pub mod fallback;
pub mod health;
pub mod job_files;
pub mod jobs;
pub mod lookup;
pub mod metrics;
pub mod own_job;
pub mod reveal;
pub mod session;
pub mod sign_in_as;
pub mod whmcs;

use std::net::SocketAddr;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// The id the request-id layer gave this request (for logs and audit lines).
pub struct RequestId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestId(
            parts
                .headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-")
                .to_owned(),
        ))
    }
}

/// The client's address (the TCP peer; put the gateway behind a proxy that terminates TLS
/// on the same host, or this is the proxy's address).
pub fn client_ip(peer: SocketAddr) -> std::net::IpAddr {
    peer.ip()
}
