//! Access tokens as the token endpoint hands them out, whatever the grant: one insert, one
//! lifetime. They outlive a reset or a deleted credential (contract point 13).

use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;
use crate::generate;

/// How long an access token lives.
pub const TOKEN_LIFETIME_SECS: i64 = 3600;

/// Whom a token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Holder {
    /// The customer (`tblclients.id`).
    pub user_id: u64,
    /// The service a single sign-on token signs in to; 0 for the code flow.
    pub service_id: u64,
}

/// A stored access token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessToken {
    pub client_id: u64,
    pub scope: String,
    pub holder: Holder,
    pub expires_at: i64,
    /// Spent at `singlesignon.php`, which takes each token once.
    pub used: bool,
}

/// A new access token for credential `client_id`, with `scope`, for `holder`.
pub fn issue_access_token(
    conn: &Connection,
    client_id: u64,
    scope: &str,
    holder: Holder,
) -> Result<String, StoreError> {
    let token = generate::access_token();
    let expires = time::OffsetDateTime::now_utc().unix_timestamp() + TOKEN_LIFETIME_SECS;
    conn.execute(
        "INSERT INTO tbloauthserver_access_tokens
           (token, client_id, scope, expires_at, user_id, service_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            token,
            client_id,
            scope,
            expires.to_string(),
            holder.user_id,
            holder.service_id
        ],
    )?;
    Ok(token)
}

pub fn find_access_token(
    conn: &Connection,
    token: &str,
) -> Result<Option<AccessToken>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT client_id, scope, user_id, service_id, expires_at, used
             FROM tbloauthserver_access_tokens WHERE token = ?1",
            [token],
            |r| {
                Ok(AccessToken {
                    client_id: r.get(0)?,
                    scope: r.get(1)?,
                    holder: Holder {
                        user_id: r.get(2)?,
                        service_id: r.get(3)?,
                    },
                    expires_at: r.get::<_, String>(4)?.parse().unwrap_or(0),
                    used: r.get(5)?,
                })
            },
        )
        .optional()?)
}

/// Marks a token spent; false when it already was (or does not exist).
pub fn spend(conn: &Connection, token: &str) -> Result<bool, StoreError> {
    Ok(conn.execute(
        "UPDATE tbloauthserver_access_tokens SET used = 1 WHERE token = ?1 AND used = 0",
        [token],
    )? == 1)
}
