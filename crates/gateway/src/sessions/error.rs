//! What can go wrong with a session, in the session layer's own terms; the gateway turns
//! it into its WHMCS-shaped answer at the boundary (`GatewayError: From<SessionError>`).

use crate::redis_client::StoreUnavailable;

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// No cookie, an unknown or ended session, or one past its timeouts.
    #[error("not logged in")]
    NotLoggedIn,
    /// The store did not answer; the cause, for the log.
    #[error("the session store is unavailable: {0}")]
    StoreUnavailable(String),
}

impl From<StoreUnavailable> for SessionError {
    fn from(e: StoreUnavailable) -> SessionError {
        SessionError::StoreUnavailable(e.0)
    }
}
