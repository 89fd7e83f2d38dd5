//! The sign-in itself, as a third-party application does it with `openidconnect`: discover
//! the installation, send the person to its authorization endpoint (state, nonce; no PKCE,
//! which WHMCS ignores), and on the way back exchange the code, verify the ID token against the JWKS and
//! ask userinfo. The client secret stays on this server, in the attempt, never in a page.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreProviderMetadata, CoreUserInfoClaims,
};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse,
    RedirectUrl, RequestTokenError, Scope, TokenResponse,
};
use serde::Deserialize;

use crate::{AppState, pages};

const COOKIE: &str = "rp_attempt";
/// A sign-in must come back within this.
const ATTEMPT_TTL: Duration = Duration::from_secs(10 * 60);

/// One sign-in under way.
pub struct Attempt {
    client_id: String,
    client_secret: String,
    csrf: String,
    nonce: String,
    started: Instant,
}

pub async fn home(State(state): State<Arc<AppState>>) -> Response {
    pages::home(&state.redirect_uri(), &state.issuer, None)
}

#[derive(Deserialize)]
pub struct StartForm {
    client_id: String,
    client_secret: String,
    #[serde(default)]
    scope: String,
}

pub async fn start(State(state): State<Arc<AppState>>, Form(form): Form<StartForm>) -> Response {
    let (client_id, client_secret) = (form.client_id.trim(), form.client_secret.trim());
    if client_id.is_empty() || client_secret.is_empty() {
        return pages::home(
            &state.redirect_uri(),
            &state.issuer,
            Some("Paste the credential's client identifier and secret."),
        );
    }
    let client = match client(&state, client_id, client_secret).await {
        Ok(c) => c,
        Err(message) => return pages::home(&state.redirect_uri(), &state.issuer, Some(&message)),
    };
    // No PKCE: WHMCS ignores it (contract point 21), so it would protect nothing here.
    let mut request = client.authorize_url(
        CoreAuthenticationFlow::AuthorizationCode,
        CsrfToken::new_random,
        Nonce::new_random,
    );
    for scope in form.scope.split_whitespace().filter(|s| *s != "openid") {
        request = request.add_scope(Scope::new(scope.to_owned()));
    }
    let (url, csrf, nonce) = request.url();
    let id = random_id();
    {
        let mut attempts = state.attempts.lock().unwrap_or_else(|p| p.into_inner());
        attempts.retain(|_, a| a.started.elapsed() < ATTEMPT_TTL);
        attempts.insert(
            id.clone(),
            Attempt {
                client_id: client_id.to_owned(),
                client_secret: client_secret.to_owned(),
                csrf: csrf.secret().clone(),
                nonce: nonce.secret().clone(),
                started: Instant::now(),
            },
        );
    }
    let mut response = Redirect::to(url.as_str()).into_response();
    let cookie = Cookie::build((COOKIE, id))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .build();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie.to_string()).expect("a cookie is a header value"),
    );
    response
}

#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

pub async fn callback(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(back): Query<Callback>,
) -> Response {
    let attempt = cookie(&headers).and_then(|id| {
        let mut attempts = state.attempts.lock().unwrap_or_else(|p| p.into_inner());
        attempts.remove(&id)
    });
    let Some(attempt) = attempt.filter(|a| a.started.elapsed() < ATTEMPT_TTL) else {
        return pages::failed("This sign-in was not started here or has expired. Start again.");
    };
    if back.state.as_deref() != Some(attempt.csrf.as_str()) {
        return pages::failed(
            "The state WHMCS sent back does not match this sign-in (a forged or replayed answer).",
        );
    }
    if let Some(error) = back.error {
        return pages::failed(&authorize_error(&error, back.error_description.as_deref()));
    }
    let Some(code) = back.code else {
        return pages::failed("WHMCS sent neither a code nor an error back.");
    };
    match finish(&state, &attempt, code).await {
        Ok((claims, userinfo)) => pages::signed_in(&claims, &userinfo),
        Err(message) => pages::failed(&message),
    }
}

/// Exchanges the code, verifies the ID token, asks userinfo.
async fn finish(
    state: &AppState,
    attempt: &Attempt,
    code: String,
) -> Result<(Vec<(String, String)>, String), String> {
    let client = client(state, &attempt.client_id, &attempt.client_secret).await?;
    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|e| format!("The installation has no token endpoint: {e}"))?
        .request_async(&state.http)
        .await
        .map_err(|e| match e {
            RequestTokenError::ServerResponse(r) => token_error(
                r.error().as_ref(),
                r.error_description().map(String::as_str),
            ),
            other => format!("The token endpoint could not be used: {other}"),
        })?;
    let id_token = tokens
        .id_token()
        .ok_or("WHMCS answered without an ID token (was openid among the scopes?)")?;
    let verifier = client.id_token_verifier();
    let claims = id_token
        .claims(&verifier, &Nonce::new(attempt.nonce.clone()))
        .map_err(|e| format!("The ID token did not verify: {e}"))?;
    let mut shown = vec![
        ("sub".to_owned(), claims.subject().to_string()),
        ("iss".to_owned(), claims.issuer().to_string()),
        (
            "aud".to_owned(),
            claims
                .audiences()
                .iter()
                .map(|a| a.to_string())
                .collect::<Vec<_>>()
                .join(" "),
        ),
        ("exp".to_owned(), claims.expiration().to_rfc3339()),
        ("iat".to_owned(), claims.issue_time().to_rfc3339()),
    ];
    if let Some(t) = claims.auth_time() {
        shown.push(("auth_time".into(), t.to_rfc3339()));
    }
    if let Some(n) = claims.nonce() {
        shown.push(("nonce".into(), n.secret().clone()));
    }
    // WHMCS's ID token names nobody (contract point 23): the name and email come from
    // userinfo, whose `sub` must be the ID token's (the customer's UUID).
    let userinfo: CoreUserInfoClaims = client
        .user_info(
            tokens.access_token().to_owned(),
            Some(claims.subject().clone()),
        )
        .map_err(|e| format!("The installation has no userinfo endpoint: {e}"))?
        .request_async(&state.http)
        .await
        .map_err(|e| format!("Userinfo failed: {e}"))?;
    if let Some(name) = userinfo.name().and_then(|n| n.get(None)) {
        shown.push(("name (userinfo)".into(), name.to_string()));
    }
    if let Some(email) = userinfo.email() {
        shown.push(("email (userinfo)".into(), email.to_string()));
    }
    let refresh = if tokens.refresh_token().is_some() {
        "a refresh token came with the tokens"
    } else {
        "no refresh token (WHMCS never issues one: sign the customer in again when the access token expires)"
    };
    shown.push(("refresh token".into(), refresh.into()));
    let userinfo = serde_json::to_string_pretty(&userinfo).unwrap_or_default();
    Ok((shown, userinfo))
}

/// The installation discovered, as a client for this credential.
async fn client(
    state: &AppState,
    client_id: &str,
    client_secret: &str,
) -> Result<
    CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    >,
    String,
> {
    let issuer = IssuerUrl::new(state.issuer.clone())
        .map_err(|e| format!("The installation's address is not a URL: {e}"))?;
    let metadata = CoreProviderMetadata::discover_async(issuer, &state.http)
        .await
        .map_err(|e| format!("The installation's OpenID Connect discovery failed: {e}"))?;
    let redirect = RedirectUrl::new(state.redirect_uri())
        .map_err(|e| format!("This app's redirect URI is not a URL: {e}"))?;
    Ok(CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(client_id.to_owned()),
        Some(ClientSecret::new(client_secret.to_owned())),
    )
    .set_redirect_uri(redirect))
}

/// An authorization endpoint error, in words a person can act on.
fn authorize_error(error: &str, description: Option<&str>) -> String {
    let advice = match error {
        // WHMCS answers a Deny with `consent_required` (contract point 22).
        "consent_required" | "access_denied" => "The customer pressed Deny on the consent page.",
        "invalid_scope" => {
            "A requested scope is not allowed for this credential, or openid is missing: add it to the credential's scopes in the panel."
        }
        "unauthorized_client" => "This credential is not an authorization code credential.",
        _ => "WHMCS refused the request.",
    };
    format!(
        "{advice} (WHMCS said: {error}{})",
        description.map(|d| format!(": {d}")).unwrap_or_default()
    )
}

/// A token endpoint error, in words a person can act on.
fn token_error(error: &str, description: Option<&str>) -> String {
    let advice = match error {
        "invalid_client" => {
            "WHMCS refused the client identifier or secret: paste them again from the panel (a reset secret replaces the old one)."
        }
        "invalid_grant" => {
            "The code was refused: it was used already, expired, or the redirect URI differs from the credential's."
        }
        "unauthorized_client" => "This credential may not use the authorization code grant.",
        "redirect_uri_mismatch" => {
            "The redirect URI sent with the code differs from the one the sign-in started with."
        }
        _ => "The token endpoint refused the exchange.",
    };
    format!(
        "{advice} (WHMCS said: {error}{})",
        description.map(|d| format!(": {d}")).unwrap_or_default()
    )
}

fn cookie(headers: &HeaderMap) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(COOKIE)
        .map(|c| c.value().to_owned())
}

fn random_id() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source works");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
