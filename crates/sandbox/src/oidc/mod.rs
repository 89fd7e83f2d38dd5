//! The installation as an OpenID Connect provider, on WHMCS's paths: the authorization
//! code flow (`/oauth/authorize.php`: client-area login, consent, code), the token grants
//! it adds (`authorization_code`, `refresh_token`), `/oauth/userinfo.php`, and the claims
//! both carry. What could not be confirmed against a real installation is listed in
//! `docs/whmcs-contract-notes.md`.

pub mod authorize;
pub mod claims;
pub mod flow_state;
pub mod grants;
pub mod pages;
pub mod userinfo;

/// How long an authorization code may wait for its exchange.
pub const CODE_LIFETIME_SECS: i64 = 60;
/// How long a refresh token lives (each use replaces it).
pub const REFRESH_LIFETIME_SECS: i64 = 30 * 24 * 3600;

/// The issuer: the installation's own origin, as the discovery document names it.
pub fn issuer(headers: &axum::http::HeaderMap) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// Unix seconds now.
pub fn now_secs() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}
