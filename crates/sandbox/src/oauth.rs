//! The installation's OAuth server endpoints outside the code flow's pages: OpenID
//! discovery, the JWKS, and `oauth/token.php`, with the OAuth library's checks in its order
//! (contract points 18–20, 23, 25): grant type, client authentication, then the grant.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use whmcs_api::{GrantType, Params};

use crate::oidc::grants::{self, Grant};
use crate::oidc::{client_auth, json_error, no_store};
use crate::state::SandboxState;
use crate::{signing, store};

/// Discovery and the JWKS may be cached this long, as WHMCS caches them.
const CACHE_SECS: &str = "public, max-age=60";

fn cached(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(CACHE_SECS));
    response
}

/// `GET /oauth/openid-configuration.php`: exactly WHMCS's document (point 25): no grant
/// types, no PKCE methods, and an empty list of response types.
pub async fn discovery(headers: HeaderMap) -> Response {
    let base = crate::oidc::issuer(&headers);
    cached(
        Json(json!({
            "issuer": base,
            "authorization_endpoint": format!("{base}/oauth/authorize.php"),
            "token_endpoint": format!("{base}/oauth/token.php"),
            "userinfo_endpoint": format!("{base}/oauth/userinfo.php"),
            "jwks_uri": format!("{base}/oauth/certs.php"),
            "response_types_supported": [],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "claims_supported": ["iss", "aud", "exp", "sub"],
        }))
        .into_response(),
    )
}

/// `GET /oauth/certs.php`: one key per authorization code credential that has signed.
pub async fn certs(State(state): State<Arc<SandboxState>>) -> Response {
    let keys = signing::jwks(&state.store.lock());
    match keys {
        Ok(keys) => cached(Json(keys).into_response()),
        Err(e) => {
            tracing::error!(error = %e, "certs: store failed");
            server_error()
        }
    }
}

fn server_error() -> Response {
    json_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "server_error",
        "The sandbox's database failed",
    )
}

/// The server modules whose single sign-on request the sandbox understands, and how each
/// names the credential in its body (cPanel: `subscriber_unique_id`, `token`, `scope`).
fn server_module(name: &str) -> Option<(&'static str, [&'static str; 2])> {
    match name {
        "cpanel" => Some(("cpanel", ["subscriber_unique_id", "token"])),
        _ => None,
    }
}

/// `POST /oauth/token.php`, and `token.php?module=…&module_type=server` for a server
/// module's single sign-on (point 20).
pub async fn token(
    State(state): State<Arc<SandboxState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let mut form = Params::parse(&String::from_utf8_lossy(&body));
    let query = Params::parse(query.as_deref().unwrap_or(""));
    let bad = |error, description: &str| json_error(StatusCode::BAD_REQUEST, error, description);

    let grant = if query.get("module_type") == Some("server") {
        let asked = query.get("module").unwrap_or("");
        let Some((module, [id_field, secret_field])) = server_module(asked) else {
            return bad(
                "invalid_request",
                &format!("The server module \"{asked}\" is not available"),
            );
        };
        // The module's shim turns its own body into client credentials.
        for (from, to) in [(id_field, "client_id"), (secret_field, "client_secret")] {
            let value = form.get(from).unwrap_or("").to_owned();
            form.set(to, value);
        }
        Grant::SingleSignOn { module }
    } else {
        match form.get("grant_type").unwrap_or("") {
            "" => {
                return bad(
                    "invalid_request",
                    "The grant type was not specified in the request",
                );
            }
            g if g == GrantType::AuthorizationCode.as_str() => Grant::AuthorizationCode,
            "client_credentials" => Grant::ClientCredentials,
            other => {
                return bad(
                    "unsupported_grant_type",
                    &format!("Grant type \"{other}\" not supported"),
                );
            }
        }
    };

    let candidates = client_auth::presented(&headers, &form);
    let system_url = crate::oidc::issuer(&headers);
    let worker = state.clone();
    let answered = tokio::task::spawn_blocking(move || -> Result<Response, store::StoreError> {
        let conn = worker.store.lock();
        let client = match client_auth::authenticate(&conn, candidates)? {
            Ok(client) => client,
            Err(words) => return Ok(bad("invalid_client", words)),
        };
        Ok(
            match grants::run(&conn, grant, &client, &form, &system_url)? {
                Ok(body) => {
                    let mut response = Json(body).into_response();
                    no_store(&mut response);
                    response
                }
                Err((error, description)) => bad(error, &description),
            },
        )
    })
    .await;
    match answered {
        Ok(Ok(response)) => response,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "token endpoint store failed");
            server_error()
        }
        Err(e) => {
            tracing::error!(error = %e, "token worker panicked");
            server_error()
        }
    }
}
