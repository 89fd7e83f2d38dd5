//! Remembered consent (contract point 22): once a customer authorized an application, its
//! next sign-ins skip the consent page. Forgotten with the credential.

use rusqlite::{Connection, params};

use crate::store::StoreError;

/// The only scopes WHMCS's consent page offers.
pub const OFFERED: [&str; 3] = ["openid", "profile", "email"];

pub fn remembered(conn: &Connection, client_id: u64, user_id: u64) -> Result<bool, StoreError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM tbloauthserver_consents WHERE client_id = ?1 AND user_id = ?2",
        params![client_id, user_id],
        |r| r.get::<_, i64>(0),
    )? > 0)
}

pub fn remember(conn: &Connection, client_id: u64, user_id: u64) -> Result<(), StoreError> {
    conn.execute(
        "INSERT OR IGNORE INTO tbloauthserver_consents (client_id, user_id) VALUES (?1, ?2)",
        params![client_id, user_id],
    )?;
    Ok(())
}
