//! Who is calling the token endpoint: client credentials from HTTP Basic or the body, checked
//! as the OAuth library WHMCS bundles checks them, with its words and status 400 for every
//! failure (contract point 19).

use axum::http::{HeaderMap, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rusqlite::Connection;
use whmcs_api::{Credential, CredentialRef, Params};

use crate::auth::constant_time_eq;
use crate::store::{self, StoreError};

pub const NOT_FOUND: &str = "Client credentials were not found in the headers or body";
pub const INVALID: &str = "The client credentials are invalid";
pub const NO_SECRET: &str = "This client is invalid or must authenticate using a client secret";

/// The credentials a request carries: HTTP Basic first (read raw, as PHP's
/// `PHP_AUTH_USER`; RFC 6749 §2.3.1's form-encoded reading too), else the body's
/// `client_id` / `client_secret`.
pub fn presented(headers: &HeaderMap, form: &Params) -> Vec<(String, String)> {
    if let Some(basic) = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Basic "))
    {
        let Some((id, secret)) = STANDARD
            .decode(basic.trim())
            .ok()
            .and_then(|d| String::from_utf8(d).ok())
            .and_then(|t| t.split_once(':').map(|(a, b)| (a.to_owned(), b.to_owned())))
        else {
            return Vec::new();
        };
        let unescape = |s: &str| Params::parse(&format!("v={s}")).get("v").map(str::to_owned);
        let mut candidates = vec![(id.clone(), secret.clone())];
        if let (Some(i), Some(s)) = (unescape(&id), unescape(&secret))
            && (i != id || s != secret)
        {
            candidates.push((i, s));
        }
        return candidates;
    }
    match form.get("client_id").filter(|id| !id.is_empty()) {
        Some(id) => vec![(
            id.to_owned(),
            form.get("client_secret").unwrap_or("").to_owned(),
        )],
        None => Vec::new(),
    }
}

/// The credential the request authenticates as, or the library's `invalid_client` words.
pub fn authenticate(
    conn: &Connection,
    candidates: Vec<(String, String)>,
) -> Result<Result<Credential, &'static str>, StoreError> {
    if candidates.is_empty() {
        return Ok(Err(NOT_FOUND));
    }
    if candidates.iter().all(|(_, secret)| secret.is_empty()) {
        return Ok(Err(NO_SECRET));
    }
    for (client_id, secret) in candidates {
        let found = store::find(conn, &CredentialRef::ClientIdentifier(client_id))?;
        if let Some(credential) = found.filter(|c| {
            c.client_secret
                .as_deref()
                .is_some_and(|s| constant_time_eq(s, &secret))
        }) {
            return Ok(Ok(credential));
        }
    }
    Ok(Err(INVALID))
}
