//! The installation's OAuth server: OpenID discovery, the JWKS, and the token endpoint for
//! the `single_sign_on` grant and the code flow's grants (`oidc::grants`), with RFC 6749
//! errors.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;
use whmcs_api::{CredentialRef, GrantType, Params};

use crate::auth::constant_time_eq;
use crate::oidc::grants;
use crate::state::SandboxState;
use crate::store;

use crate::store::tokens::TOKEN_LIFETIME_SECS;

/// `GET /oauth/openid-configuration.php`.
pub async fn discovery(State(state): State<Arc<SandboxState>>, headers: HeaderMap) -> Response {
    let base = crate::oidc::issuer(&headers);
    Json(json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/oauth/authorize.php"),
        "token_endpoint": format!("{base}/oauth/token.php"),
        "userinfo_endpoint": format!("{base}/oauth/userinfo.php"),
        "jwks_uri": format!("{base}/oauth/certs.php"),
        "scopes_supported": state.catalogue.names().collect::<Vec<_>>(),
        "response_types_supported": ["code"],
        "grant_types_supported": [GrantType::AuthorizationCode.as_str(), "refresh_token", GrantType::SingleSignOn.as_str()],
        "code_challenge_methods_supported": ["S256", "plain"],
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "name", "given_name", "family_name", "email", "email_verified"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
    }))
    .into_response()
}

/// `GET /oauth/certs.php`: the JWKS that verifies ID tokens.
pub async fn certs(State(state): State<Arc<SandboxState>>) -> Json<serde_json::Value> {
    Json(state.signing.jwks())
}

/// An RFC 6749 §5.2 error.
fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let mut response = (
        status,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response();
    no_store(&mut response);
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"Service\""),
        );
    }
    response
}

fn no_store(response: &mut Response) {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
        .headers_mut()
        .insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
}

/// Client credentials from HTTP Basic or the body. RFC 6749 §2.3.1 has clients form-encode
/// both parts inside Basic; many (and PHP's own `PHP_AUTH_USER`, which WHMCS reads) take
/// them as they are, so both readings are candidates, raw first.
fn client_credentials(headers: &HeaderMap, form: &Params) -> Vec<(String, String)> {
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
    match (form.get("client_id"), form.get("client_secret")) {
        (Some(id), Some(secret)) => vec![(id.to_owned(), secret.to_owned())],
        _ => Vec::new(),
    }
}

/// `POST /oauth/token.php`.
pub async fn token(
    State(state): State<Arc<SandboxState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = Params::parse(&String::from_utf8_lossy(&body));
    let grant = form.get("grant_type").unwrap_or("");
    if grant.is_empty() {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The grant type was not specified in the request",
        );
    }
    let code_flow = grant == GrantType::AuthorizationCode.as_str() || grant == "refresh_token";
    if grant != GrantType::SingleSignOn.as_str() && !code_flow {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            &format!("Grant type \"{grant}\" not supported"),
        );
    }
    let candidates = client_credentials(&headers, &form);
    if candidates.is_empty() {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "The client credentials are invalid",
        );
    }

    let issuer = crate::oidc::issuer(&headers);
    let grant = grant.to_owned();
    let worker = state.clone();
    let issued = tokio::task::spawn_blocking(move || -> Result<Response, store::StoreError> {
        let conn = worker.store.lock();
        let mut authenticated = None;
        for (client_id, secret) in candidates {
            let found = store::find(&conn, &CredentialRef::ClientIdentifier(client_id))?;
            authenticated = found.filter(|c| {
                c.client_secret
                    .as_deref()
                    .is_some_and(|s| constant_time_eq(s, &secret))
            });
            if authenticated.is_some() {
                break;
            }
        }
        let Some(credential) = authenticated else {
            return Ok(oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "The client credentials are invalid",
            ));
        };
        let needed = if code_flow {
            GrantType::AuthorizationCode
        } else {
            GrantType::SingleSignOn
        };
        if !credential.has_grant(needed) {
            return Ok(oauth_error(
                StatusCode::BAD_REQUEST,
                "unauthorized_client",
                "The grant type is unauthorized for this client_id",
            ));
        }
        if code_flow {
            let i = grants::Issuer {
                conn: &conn,
                signing: &worker.signing,
                issuer: &issuer,
            };
            let answer = if grant == "refresh_token" {
                grants::refresh_token(&i, &credential, &form)?
            } else {
                grants::authorization_code(&i, &credential, &form)?
            };
            return Ok(match answer {
                Ok(body) => {
                    let mut response = Json(body).into_response();
                    no_store(&mut response);
                    response
                }
                Err((error, description)) => {
                    oauth_error(StatusCode::BAD_REQUEST, error, &description)
                }
            });
        }
        let scope = credential.scopes.join(" ");
        let token = store::tokens::issue_access_token(&conn, credential.credential_id, &scope, 0)?;
        let mut response = Json(json!({
            "access_token": token,
            "expires_in": TOKEN_LIFETIME_SECS,
            "token_type": "Bearer",
            "scope": scope,
        }))
        .into_response();
        no_store(&mut response);
        Ok(response)
    })
    .await;

    match issued {
        Ok(Ok(response)) => response,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "token endpoint store failed");
            oauth_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                "The sandbox's database failed",
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "token worker panicked");
            oauth_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                "The sandbox failed",
            )
        }
    }
}
