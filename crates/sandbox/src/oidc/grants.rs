//! The token endpoint's grants once the client has authenticated, as WHMCS 8.12 runs them
//! (contract points 18–21): `authorization_code` (a 30-second code, spent only by a
//! successful exchange, bound to the `redirect_uri` sent to authorize, PKCE ignored; the ID
//! token minted at authorize time rides along), `client_credentials` (no WHMCS credential
//! may use it: the answer proves the secret without issuing anything), and the
//! `single_sign_on` grant a server module's request turns into. No refresh tokens.

use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value, json};
use whmcs_api::{Credential, GrantType, Params};

use super::{now_secs, scope_within, with_query};
use crate::store::tokens::{Holder, TOKEN_LIFETIME_SECS, issue_access_token};
use crate::store::{self, StoreError};

/// An RFC 6749 §5.2 error code and description (always HTTP 400 here).
pub type GrantError = (&'static str, String);

pub const UNAUTHORIZED_CLIENT: &str = "The grant type is unauthorized for this client_id";
/// The scope that lets a single sign-on token open the client area.
pub use whmcs_api::readiness::SSO_SCOPE;
/// WHMCS's refusal of a sign-on into a Closed client's account (point 20).
pub const SSO_DENIED: &str = "Single Sign-On authentication denied";

/// The grants WHMCS's token endpoint knows, and the one only a server module reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    AuthorizationCode,
    ClientCredentials,
    /// Through `token.php?module=…&module_type=server`, never by name (point 18).
    SingleSignOn {
        module: &'static str,
    },
}

fn error(code: &'static str, description: &str) -> Result<Result<Value, GrantError>, StoreError> {
    Ok(Err((code, description.to_owned())))
}

/// Runs `grant` for `client`.
pub fn run(
    conn: &Connection,
    grant: Grant,
    client: &Credential,
    form: &Params,
    system_url: &str,
) -> Result<Result<Value, GrantError>, StoreError> {
    match grant {
        Grant::AuthorizationCode => authorization_code(conn, client, form),
        // No WHMCS credential holds this grant, so the answer is always this one, but only
        // after the secret was accepted (point 19).
        Grant::ClientCredentials => error("unauthorized_client", UNAUTHORIZED_CLIENT),
        Grant::SingleSignOn { module } => single_sign_on(conn, client, form, system_url, module),
    }
}

/// A stored authorization code.
struct IssuedCode {
    client_id: u64,
    user_id: u64,
    redirect_uri: String,
    scope: String,
    id_token: String,
    expires_at: i64,
}

fn authorization_code(
    conn: &Connection,
    client: &Credential,
    form: &Params,
) -> Result<Result<Value, GrantError>, StoreError> {
    let Some(code) = form.get("code").filter(|c| !c.is_empty()) else {
        return error("invalid_request", "Missing parameter: \"code\" is required");
    };
    let found: Option<IssuedCode> = conn
        .query_row(
            "SELECT client_id, user_id, redirect_uri, scope, id_token, expires_at
             FROM tbloauthserver_auth_codes WHERE code = ?1",
            [code],
            |r| {
                Ok(IssuedCode {
                    client_id: r.get(0)?,
                    user_id: r.get(1)?,
                    redirect_uri: r.get(2)?,
                    scope: r.get(3)?,
                    id_token: r.get(4)?,
                    expires_at: r.get(5)?,
                })
            },
        )
        .optional()?;
    let Some(issued) = found else {
        return error(
            "invalid_grant",
            "Authorization code doesn't exist or is invalid for the client",
        );
    };
    if !issued.redirect_uri.is_empty()
        && form.get("redirect_uri") != Some(issued.redirect_uri.as_str())
    {
        return error(
            "redirect_uri_mismatch",
            "The redirect URI is missing or do not match",
        );
    }
    if issued.expires_at < now_secs() {
        return error("invalid_grant", "The authorization code has expired");
    }
    if issued.client_id != client.credential_id {
        return error(
            "invalid_grant",
            "authorization_code doesn't exist or is invalid for the client",
        );
    }
    if !client.has_grant(GrantType::AuthorizationCode) {
        return error("unauthorized_client", UNAUTHORIZED_CLIENT);
    }
    let scope = match form.get("scope").filter(|s| !s.is_empty()) {
        Some(asked) if !scope_within(asked, &issued.scope) => {
            return error(
                "invalid_scope",
                "The scope requested is invalid for this request",
            );
        }
        Some(asked) => asked.to_owned(),
        None => issued.scope.clone(),
    };
    let holder = Holder {
        user_id: issued.user_id,
        service_id: 0,
    };
    let mut body = token_body(
        &issue_access_token(conn, client.credential_id, &scope, holder)?,
        &scope,
    );
    // Spent only now, by the exchange that succeeded (point 21).
    conn.execute(
        "DELETE FROM tbloauthserver_auth_codes WHERE code = ?1",
        [code],
    )?;
    if !issued.id_token.is_empty() {
        body.insert("id_token".into(), issued.id_token.into());
    }
    Ok(Ok(Value::Object(body)))
}

fn single_sign_on(
    conn: &Connection,
    client: &Credential,
    form: &Params,
    system_url: &str,
    module: &str,
) -> Result<Result<Value, GrantError>, StoreError> {
    if !client.has_grant(GrantType::SingleSignOn) {
        return error("unauthorized_client", UNAUTHORIZED_CLIENT);
    }
    let granted = client.scopes.join(" ");
    // `clientarea:sso` is always required of the credential (point 20).
    if !client.scopes.iter().any(|s| s == SSO_SCOPE) {
        return error(
            "invalid_scope",
            "The scope requested is invalid for this client",
        );
    }
    let scope = match form.get("scope").filter(|s| !s.trim().is_empty()) {
        Some(asked) if !scope_within(asked, &granted) => {
            return error(
                "invalid_scope",
                "The scope requested is invalid for this client",
            );
        }
        Some(asked) => asked.trim().to_owned(),
        None => granted,
    };
    let Some((user_id, status)) = store::service_owner(conn, client.service_id)? else {
        return error(
            "invalid_request",
            "The service of this client no longer exists",
        );
    };
    if status == "Closed" {
        return error("access_denied", SSO_DENIED);
    }
    let holder = Holder {
        user_id,
        service_id: client.service_id,
    };
    let token = issue_access_token(conn, client.credential_id, &scope, holder)?;
    // Without `clientarea:sso` in the token, the module is sent to the resource endpoint.
    let page = if scope_within(SSO_SCOPE, &scope) {
        "singlesignon.php"
    } else {
        "resource.php"
    };
    let mut body = token_body(&token, &scope);
    body.insert(
        "redirect_url".into(),
        with_query(
            &format!("{system_url}/oauth/{page}"),
            &[
                ("module_type", "server"),
                ("module", module),
                ("access_token", &token),
            ],
        )
        .into(),
    );
    Ok(Ok(Value::Object(body)))
}

/// The library's access token answer, in its field order; `token_type` in lower case.
fn token_body(token: &str, scope: &str) -> Map<String, Value> {
    match json!({
        "access_token": token,
        "expires_in": TOKEN_LIFETIME_SECS,
        "token_type": "bearer",
        "scope": scope,
    }) {
        Value::Object(map) => map,
        _ => unreachable!("a JSON object literal"),
    }
}
