//! What WHMCS says about a customer (contract points 23–24): the ID token holds only `iss`,
//! `sub`, `aud`, `iat`, `exp`, `auth_time` and `nonce`, with `sub` the customer's UUID;
//! userinfo adds the profile and email claims its token's scope grants, `email_verified`
//! always false, and `sub` last.

use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value};

use super::ID_TOKEN_LIFETIME_SECS;
use crate::store::StoreError;

/// The ID token's claims, in WHMCS's order.
pub struct IdToken<'a> {
    pub issuer: &'a str,
    pub subject: &'a str,
    pub audience: &'a str,
    pub issued_at: i64,
    pub auth_time: i64,
    /// From the authorize request's query string; left out when empty.
    pub nonce: &'a str,
}

impl IdToken<'_> {
    pub fn claims(&self) -> Map<String, Value> {
        let mut claims = Map::new();
        claims.insert("iss".into(), self.issuer.into());
        claims.insert("sub".into(), self.subject.into());
        claims.insert("aud".into(), self.audience.into());
        claims.insert("iat".into(), self.issued_at.into());
        claims.insert(
            "exp".into(),
            (self.issued_at + ID_TOKEN_LIFETIME_SECS).into(),
        );
        claims.insert("auth_time".into(), self.auth_time.into());
        if !self.nonce.is_empty() {
            claims.insert("nonce".into(), self.nonce.into());
        }
        claims
    }
}

/// Customer `client_id`'s UUID, or `None` when the customer is gone.
pub fn uuid(conn: &Connection, client_id: u64) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT uuid FROM tblclients WHERE id = ?1",
            [client_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// userinfo's claims for customer `client_id` under `scopes`, or `None` if it is gone.
pub fn userinfo(
    conn: &Connection,
    client_id: u64,
    scopes: &[String],
) -> Result<Option<Map<String, Value>>, StoreError> {
    let row: Option<(String, String, String, String, String)> = conn
        .query_row(
            "SELECT firstname, lastname, email, uuid, datecreated FROM tblclients WHERE id = ?1",
            [client_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some((first, last, email, uuid, created)) = row else {
        return Ok(None);
    };
    let mut claims = Map::new();
    if scopes.iter().any(|s| s == "profile") {
        claims.insert("name".into(), format!("{first} {last}").trim().into());
        claims.insert("family_name".into(), last.into());
        claims.insert("given_name".into(), first.into());
        claims.insert("preferred_username".into(), email.clone().into());
        claims.insert("locale".into(), "en".into());
        // Spelled `update_at` by WHMCS; the customer's last change, as Unix seconds.
        claims.insert("update_at".into(), unix_day(&created).into());
    }
    if scopes.iter().any(|s| s == "email") {
        claims.insert("email".into(), email.into());
        claims.insert("email_verified".into(), false.into());
    }
    claims.insert("sub".into(), uuid.into());
    Ok(Some(claims))
}

/// `YYYY-MM-DD` (as `tblclients` keeps dates) as Unix seconds at midnight UTC; 0 if not one.
fn unix_day(date: &str) -> i64 {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(date.get(..10).unwrap_or(date), format)
        .map(|d| d.midnight().assume_utc().unix_timestamp())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_token_holds_exactly_whmcss_claims() {
        let token = IdToken {
            issuer: "http://i",
            subject: "u-u-i-d",
            audience: "ACME.x",
            issued_at: 100,
            auth_time: 90,
            nonce: "",
        };
        let names: Vec<String> = token.claims().keys().cloned().collect();
        assert_eq!(names, ["iss", "sub", "aud", "iat", "exp", "auth_time"]);
        assert_eq!(token.claims()["exp"], 3700);
        let with_nonce = IdToken {
            nonce: "n",
            ..token
        };
        assert_eq!(with_nonce.claims()["nonce"], "n");
    }

    #[test]
    fn dates_become_unix_days() {
        assert_eq!(unix_day("2025-03-14"), 1_741_910_400);
        assert_eq!(unix_day(""), 0);
    }
}
