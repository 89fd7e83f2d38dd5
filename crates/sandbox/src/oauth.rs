//! The installation's OAuth server, as far as a credential can be tried for real: OpenID
//! discovery and the token endpoint for the `single_sign_on` grant, with RFC 6749 errors.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rusqlite::params;
use serde_json::json;
use whmcs_api::{CredentialRef, GrantType, Params};

use crate::auth::constant_time_eq;
use crate::generate;
use crate::state::SandboxState;
use crate::store;

/// How long an access token lives.
pub const TOKEN_LIFETIME_SECS: i64 = 3600;

/// `GET /oauth/openid-configuration.php`.
pub async fn discovery(State(state): State<Arc<SandboxState>>, headers: HeaderMap) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let base = format!("http://{host}");
    Json(json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/oauth/authorize.php"),
        "token_endpoint": format!("{base}/oauth/token.php"),
        "userinfo_endpoint": format!("{base}/oauth/userinfo.php"),
        "jwks_uri": format!("{base}/oauth/certs.php"),
        "scopes_supported": state.catalogue.names().collect::<Vec<_>>(),
        "response_types_supported": ["code"],
        "grant_types_supported": [GrantType::AuthorizationCode.as_str(), GrantType::SingleSignOn.as_str()],
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

/// Client credentials from HTTP Basic (each part form-encoded, RFC 6749 §2.3.1) or the body.
fn client_credentials(headers: &HeaderMap, form: &Params) -> Option<(String, String)> {
    if let Some(basic) = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Basic "))
    {
        let decoded = STANDARD.decode(basic.trim()).ok()?;
        let text = String::from_utf8(decoded).ok()?;
        let (id, secret) = text.split_once(':')?;
        let unescape = |s: &str| Params::parse(&format!("v={s}")).get("v").map(str::to_owned);
        return Some((unescape(id)?, unescape(secret)?));
    }
    Some((
        form.get("client_id")?.to_owned(),
        form.get("client_secret")?.to_owned(),
    ))
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
    if grant != GrantType::SingleSignOn.as_str() {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            &format!("Grant type \"{grant}\" not supported"),
        );
    }
    let Some((client_id, secret)) = client_credentials(&headers, &form) else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "The client credentials are invalid",
        );
    };

    let worker = state.clone();
    let issued = tokio::task::spawn_blocking(move || -> Result<Response, store::StoreError> {
        let conn = worker.store.lock();
        let found = store::find(&conn, &CredentialRef::ClientIdentifier(client_id))?;
        let Some(credential) = found.filter(|c| {
            c.client_secret
                .as_deref()
                .is_some_and(|s| constant_time_eq(s, &secret))
        }) else {
            return Ok(oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "The client credentials are invalid",
            ));
        };
        if !credential.has_grant(GrantType::SingleSignOn) {
            return Ok(oauth_error(
                StatusCode::BAD_REQUEST,
                "unauthorized_client",
                "The grant type is unauthorized for this client_id",
            ));
        }
        let token = generate::access_token();
        let scope = credential.scopes.join(" ");
        let expires =
            time::OffsetDateTime::now_utc() + time::Duration::seconds(TOKEN_LIFETIME_SECS);
        conn.execute(
            "INSERT INTO tbloauthserver_access_tokens (token, client_id, scope, expires_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![
                token,
                credential.credential_id,
                scope,
                expires.unix_timestamp().to_string()
            ],
        )?;
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
