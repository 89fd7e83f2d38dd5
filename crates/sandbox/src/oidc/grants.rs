//! The token endpoint's OpenID Connect grants: `authorization_code` (single use, short
//! lived, bound to its client and redirect URI, PKCE when it was asked for) and
//! `refresh_token` (replaced on each use). Both answer an access token, a refresh token and
//! an RS256 ID token. The caller has authenticated the client.

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use whmcs_api::Credential;

use super::claims;
use super::{REFRESH_LIFETIME_SECS, now_secs};
use crate::generate;
use crate::signing::SigningKey;
use crate::store::StoreError;
use crate::store::tokens::{TOKEN_LIFETIME_SECS, issue_access_token};

/// An RFC 6749 §5.2 error code and description.
pub type GrantError = (&'static str, String);

/// What a grant needs besides the request.
pub struct Issuer<'a> {
    pub conn: &'a Connection,
    pub signing: &'a SigningKey,
    pub issuer: &'a str,
}

/// A stored authorization code.
struct IssuedCode {
    client_id: u64,
    user_id: u64,
    redirect_uri: String,
    scope: String,
    nonce: String,
    challenge: String,
    auth_time: i64,
    expires_at: i64,
}

pub fn authorization_code(
    i: &Issuer<'_>,
    client: &Credential,
    form: &whmcs_api::Params,
) -> Result<Result<Value, GrantError>, StoreError> {
    let invalid = || {
        Ok(Err((
            "invalid_grant",
            "The authorization code is invalid, expired, already used or was issued to another client".to_owned(),
        )))
    };
    let code = form.get("code").unwrap_or("");
    // Taken out whatever happens next: a code is good for one try.
    let row: Option<IssuedCode> = i
        .conn
        .query_row(
            "DELETE FROM tbloauthserver_auth_codes WHERE code = ?1
             RETURNING client_id, user_id, redirect_uri, scope, nonce, code_challenge, auth_time, expires_at",
            [code],
            |r| {
                Ok(IssuedCode {
                    client_id: r.get(0)?,
                    user_id: r.get(1)?,
                    redirect_uri: r.get(2)?,
                    scope: r.get(3)?,
                    nonce: r.get(4)?,
                    challenge: r.get(5)?,
                    auth_time: r.get(6)?,
                    expires_at: r.get(7)?,
                })
            },
        )
        .optional()?;
    let Some(IssuedCode {
        client_id,
        user_id,
        redirect_uri,
        scope,
        nonce,
        challenge,
        auth_time,
        expires_at,
    }) = row
    else {
        return invalid();
    };
    if client_id != client.credential_id || expires_at < now_secs() {
        return invalid();
    }
    if form.get("redirect_uri").is_some_and(|r| r != redirect_uri) {
        return Ok(Err((
            "invalid_grant",
            "The redirect_uri does not match the one the code was issued for".to_owned(),
        )));
    }
    if let Some((method, expected)) = challenge.split_once(':') {
        let verifier = form.get("code_verifier").unwrap_or("");
        let derived = match method {
            "S256" => base64_url(&Sha256::digest(verifier.as_bytes())),
            _ => verifier.to_owned(),
        };
        if verifier.is_empty() || !crate::auth::constant_time_eq(&derived, expected) {
            return Ok(Err((
                "invalid_grant",
                "The code_verifier does not match the code_challenge".to_owned(),
            )));
        }
    }
    let scopes = whmcs_api::scope::split_scopes(&scope);
    tokens(i, client, user_id, &scopes, auth_time, Some(&nonce))
}

pub fn refresh_token(
    i: &Issuer<'_>,
    client: &Credential,
    form: &whmcs_api::Params,
) -> Result<Result<Value, GrantError>, StoreError> {
    let token = form.get("refresh_token").unwrap_or("");
    let row: Option<(u64, u64, String, i64, i64)> = i
        .conn
        .query_row(
            "DELETE FROM tbloauthserver_refresh_tokens WHERE token = ?1
             RETURNING client_id, user_id, scope, auth_time, expires_at",
            [token],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    match row {
        Some((client_id, user_id, scope, auth_time, expires_at))
            if client_id == client.credential_id && expires_at >= now_secs() =>
        {
            let scopes = whmcs_api::scope::split_scopes(&scope);
            tokens(i, client, user_id, &scopes, auth_time, None)
        }
        _ => Ok(Err((
            "invalid_grant",
            "The refresh token is invalid, expired or was issued to another client".to_owned(),
        ))),
    }
}

/// Access token, refresh token and ID token for customer `user_id`.
fn tokens(
    i: &Issuer<'_>,
    client: &Credential,
    user_id: u64,
    scopes: &[String],
    auth_time: i64,
    nonce: Option<&str>,
) -> Result<Result<Value, GrantError>, StoreError> {
    let Some(mut id_claims) = claims::of_customer(i.conn, user_id, scopes)? else {
        return Ok(Err((
            "invalid_grant",
            "The customer this grant was for no longer exists".to_owned(),
        )));
    };
    let now = now_secs();
    let scope = scopes.join(" ");
    let access = issue_access_token(i.conn, client.credential_id, &scope, user_id)?;
    let refresh = generate::access_token();
    i.conn.execute(
        "INSERT INTO tbloauthserver_refresh_tokens (token, client_id, user_id, scope, auth_time, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            refresh,
            client.credential_id,
            user_id,
            scope,
            auth_time,
            now + REFRESH_LIFETIME_SECS
        ],
    )?;
    id_claims.insert("iss".into(), i.issuer.into());
    id_claims.insert("aud".into(), client.client_identifier.clone().into());
    id_claims.insert("iat".into(), now.into());
    id_claims.insert("exp".into(), (now + TOKEN_LIFETIME_SECS).into());
    id_claims.insert("auth_time".into(), auth_time.into());
    if let Some(nonce) = nonce.filter(|n| !n.is_empty()) {
        id_claims.insert("nonce".into(), nonce.into());
    }
    Ok(Ok(json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": TOKEN_LIFETIME_SECS,
        "refresh_token": refresh,
        "id_token": i.signing.sign(&id_claims),
        "scope": scope,
    })))
}

fn base64_url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
