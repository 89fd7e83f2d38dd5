//! The installation as WHMCS 8.12's OpenID Connect provider and single sign-on server, on
//! WHMCS's paths (contract points 18–25): the authorization code flow
//! (`/oauth/authorize.php`: client-area login, remembered consent, code and ID token), the
//! token endpoint's grants, `/oauth/userinfo.php`, the server modules' single sign-on
//! (`/oauth/singlesignon.php` into the sandbox client area), and the errors each answers,
//! as the OAuth library WHMCS bundles (bshaffer/oauth2-server-php) words them.

pub mod authorize;
pub mod claims;
pub mod client_auth;
pub mod clientarea;
pub mod consent;
pub mod grants;
pub mod pages;
pub mod userinfo;

use axum::Json;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// How long an authorization code may wait for its exchange (point 21).
pub const CODE_LIFETIME_SECS: i64 = 30;
/// ID tokens expire this long after they were minted (point 23).
pub const ID_TOKEN_LIFETIME_SECS: i64 = 3600;

/// The issuer: the installation's own origin, as the discovery document names it.
pub fn issuer(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// Unix seconds now.
pub fn now_secs() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// An OAuth error as JSON (RFC 6749 §5.2), never cached.
pub fn json_error(status: StatusCode, error: &str, description: &str) -> Response {
    let mut response = (
        status,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response();
    no_store(&mut response);
    response
}

pub fn no_store(response: &mut Response) {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
}

/// Whether every name in `wanted` is in `granted`, both split as the OAuth library does
/// (`explode(" ", trim(…))`).
pub fn scope_within(wanted: &str, granted: &str) -> bool {
    let granted: Vec<&str> = granted.trim().split(' ').collect();
    wanted.trim().split(' ').all(|s| granted.contains(&s))
}

/// `uri` with `pairs` added to its query, as PHP's `http_build_query` writes them.
pub fn with_query(uri: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = uri.to_owned();
    let mut separator = if uri.contains('?') { '&' } else { '?' };
    for (name, value) in pairs {
        out.push(separator);
        out.push_str(name);
        out.push('=');
        out.push_str(&whmcs_api::params::encode_component(value));
        separator = '&';
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_compared_as_the_library_splits_them() {
        assert!(scope_within("openid email", "openid email profile"));
        assert!(scope_within(" openid ", "openid"));
        assert!(!scope_within("openid  email", "openid email"));
        assert!(!scope_within("clientarea:sso", "openid"));
    }

    #[test]
    fn answers_go_back_on_the_uris_own_query() {
        assert_eq!(
            with_query(
                "https://app.example/cb",
                &[("code", "a b"), ("state", "x/y")]
            ),
            "https://app.example/cb?code=a+b&state=x%2Fy"
        );
        assert_eq!(
            with_query(
                "https://app.example/cb?v=1",
                &[("error", "consent_required")]
            ),
            "https://app.example/cb?v=1&error=consent_required"
        );
    }
}
