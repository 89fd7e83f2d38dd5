//! The claims a customer's tokens carry, by granted scope: `sub` always; `profile` adds
//! the names; `email` adds the address. The same set goes into the ID token and userinfo.

use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value};

use crate::store::StoreError;

/// `sub` and the scope-granted claims of customer `client_id`, or `None` if it is gone.
pub fn of_customer(
    conn: &Connection,
    client_id: u64,
    scopes: &[String],
) -> Result<Option<Map<String, Value>>, StoreError> {
    let row: Option<(String, String, String)> = conn
        .query_row(
            "SELECT firstname, lastname, email FROM tblclients WHERE id = ?1",
            [client_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((first, last, email)) = row else {
        return Ok(None);
    };
    let mut claims = Map::new();
    claims.insert("sub".into(), client_id.to_string().into());
    if scopes.iter().any(|s| s == "profile") {
        claims.insert("name".into(), format!("{first} {last}").trim().into());
        claims.insert("given_name".into(), first.into());
        claims.insert("family_name".into(), last.into());
    }
    if scopes.iter().any(|s| s == "email") {
        claims.insert("email".into(), email.into());
        claims.insert("email_verified".into(), true.into());
    }
    Ok(Some(claims))
}
