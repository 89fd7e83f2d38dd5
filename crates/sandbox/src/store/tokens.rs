//! Access tokens as the token endpoint hands them out, whatever the grant: one insert, one
//! lifetime.

use rusqlite::{Connection, params};

use super::StoreError;
use crate::generate;

/// How long an access token lives.
pub const TOKEN_LIFETIME_SECS: i64 = 3600;

/// A new access token for credential `client_id`, with `scope`, for customer `user_id`
/// (0 for a single sign-on token, which names no customer).
pub fn issue_access_token(
    conn: &Connection,
    client_id: u64,
    scope: &str,
    user_id: u64,
) -> Result<String, StoreError> {
    let token = generate::access_token();
    let expires = time::OffsetDateTime::now_utc().unix_timestamp() + TOKEN_LIFETIME_SECS;
    conn.execute(
        "INSERT INTO tbloauthserver_access_tokens (token, client_id, scope, expires_at, user_id)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![token, client_id, scope, expires.to_string(), user_id],
    )?;
    Ok(token)
}
