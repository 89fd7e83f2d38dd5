//! `/oauth/authorize.php`: the authorization code flow's front channel. `GET` checks the
//! request (client, exact redirect URI, response type, scopes, PKCE) and shows the
//! client-area login or, for a logged-in customer, the consent page; `POST` takes the login
//! and the consent. A request that cannot go back to its application (unknown client,
//! unregistered redirect URI) is an error page; every other error goes back to the redirect
//! URI with `error` and `state` (RFC 6749 §4.1.2.1).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use rusqlite::{OptionalExtension, params};
use whmcs_api::params::encode_component;
use whmcs_api::{CredentialRef, GrantType, Params};

use super::flow_state::{Login, Pending};
use super::{CODE_LIFETIME_SECS, now_secs, pages};
use crate::auth::constant_time_eq;
use crate::state::SandboxState;
use crate::{generate, store};

/// The client-area login cookie.
const LOGIN_COOKIE: &str = "sandbox_clientarea";
/// WHMCS's client-area message for a wrong email or password.
pub const LOGIN_INCORRECT: &str = "Login Details Incorrect. Please try again.";

/// `GET /oauth/authorize.php`.
pub async fn start(
    State(state): State<Arc<SandboxState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let q = Params::parse(query.as_deref().unwrap_or(""));
    let company = state.config.company_name.clone();
    let pending = match check_request(&state, &q) {
        Ok(p) => p,
        Err(Refusal::Page(status, error, description)) => {
            return pages::error(&company, status, error, &description);
        }
        Err(Refusal::Redirect(to)) => return Redirect::to(&to).into_response(),
    };
    let app = pending.app_name.clone();
    let scopes = described(&state, &pending.scopes);
    let request = state.oidc.add_pending(pending);
    match current_login(&state, &headers) {
        Some(_) => pages::consent(&company, &app, &request, &scopes),
        None => pages::login(&company, &app, &request, None),
    }
}

/// `POST /oauth/authorize.php`: `step=login` (email, password) or `step=consent`
/// (`decision=allow|deny`), for the waiting request `request`.
pub async fn answer(
    State(state): State<Arc<SandboxState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = Params::parse(&String::from_utf8_lossy(&body));
    let company = state.config.company_name.clone();
    let request = form.get("request").unwrap_or("").to_owned();
    let Some(pending) = state.oidc.pending(&request) else {
        return pages::error(
            &company,
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "This sign-in request has expired or was already answered. Start again from the application.",
        );
    };
    match form.get("step") {
        Some("login") => {
            let email = form.get("email").unwrap_or("").trim().to_owned();
            let password = form.get("password").unwrap_or("").to_owned();
            match verify_customer(&state, &email, &password) {
                Some(client_id) => {
                    let id = state.oidc.add_login(Login {
                        client_id,
                        auth_time: now_secs(),
                    });
                    let scopes = described(&state, &pending.scopes);
                    let mut page = pages::consent(&company, &pending.app_name, &request, &scopes);
                    let cookie = Cookie::build((LOGIN_COOKIE, id))
                        .path("/oauth")
                        .http_only(true)
                        .same_site(SameSite::Lax)
                        .build();
                    page.headers_mut().insert(
                        header::SET_COOKIE,
                        HeaderValue::from_str(&cookie.to_string())
                            .expect("a cookie is a header value"),
                    );
                    page
                }
                None => pages::login(&company, &pending.app_name, &request, Some(LOGIN_INCORRECT)),
            }
        }
        Some("consent") => {
            let Some(login) = current_login(&state, &headers) else {
                return pages::login(&company, &pending.app_name, &request, None);
            };
            // Answered once: a second submission finds nothing.
            let Some(pending) = state.oidc.take_pending(&request) else {
                return pages::error(
                    &company,
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "This sign-in request was already answered.",
                );
            };
            if form.get("decision") != Some("allow") {
                return Redirect::to(&back(
                    &pending.redirect_uri,
                    &[
                        ("error", "access_denied"),
                        ("error_description", "The user denied the request"),
                    ],
                    pending.state.as_deref(),
                ))
                .into_response();
            }
            match issue_code(&state, &pending, login) {
                Ok(code) => Redirect::to(&back(
                    &pending.redirect_uri,
                    &[("code", &code)],
                    pending.state.as_deref(),
                ))
                .into_response(),
                Err(e) => {
                    tracing::error!(error = %e, "storing an authorization code failed");
                    Redirect::to(&back(
                        &pending.redirect_uri,
                        &[("error", "server_error")],
                        pending.state.as_deref(),
                    ))
                    .into_response()
                }
            }
        }
        _ => pages::error(
            &company,
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The form was incomplete.",
        ),
    }
}

enum Refusal {
    /// Not sent back: the application or its redirect URI is not trusted.
    Page(StatusCode, &'static str, String),
    /// Sent back to the (registered) redirect URI.
    Redirect(String),
}

fn check_request(state: &SandboxState, q: &Params) -> Result<Pending, Refusal> {
    let page = |error, description: &str| {
        Refusal::Page(StatusCode::BAD_REQUEST, error, description.to_owned())
    };
    let client_id = q.get("client_id").unwrap_or("").to_owned();
    if client_id.is_empty() {
        return Err(page("invalid_request", "The request has no client_id."));
    }
    let credential = {
        let conn = state.store.lock();
        store::find(&conn, &CredentialRef::ClientIdentifier(client_id)).map_err(|e| {
            tracing::error!(error = %e, "authorize: store failed");
            Refusal::Page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                "The sandbox's database failed.".into(),
            )
        })?
    };
    let Some(credential) = credential else {
        return Err(page("invalid_client", "No application has this client_id."));
    };
    // Matched exactly, character for character, as WHMCS does.
    let redirect_uri = match q.get("redirect_uri") {
        Some(uri) if credential.redirect_uris.iter().any(|r| r == uri) => uri.to_owned(),
        Some(_) => {
            return Err(page(
                "invalid_request",
                "The redirect_uri is not one registered for this application.",
            ));
        }
        None if credential.redirect_uris.len() == 1 => credential.redirect_uris[0].clone(),
        None => {
            return Err(page(
                "invalid_request",
                "The request has no redirect_uri and the application has more than one.",
            ));
        }
    };
    let state_param = q.get("state").map(str::to_owned);
    let back_with = |error: &str, description: &str| {
        Refusal::Redirect(back(
            &redirect_uri,
            &[("error", error), ("error_description", description)],
            state_param.as_deref(),
        ))
    };
    if !credential.has_grant(GrantType::AuthorizationCode) {
        return Err(back_with(
            "unauthorized_client",
            "The client is not authorized to use the authorization code grant",
        ));
    }
    if q.get("response_type") != Some("code") {
        return Err(back_with(
            "unsupported_response_type",
            "Only the authorization code flow (response_type=code) is supported",
        ));
    }
    let scopes = whmcs_api::scope::split_scopes(q.get("scope").unwrap_or(""));
    if !scopes.iter().any(|s| s == "openid") {
        return Err(back_with(
            "invalid_scope",
            "The scope must include openid for an OpenID Connect sign-in",
        ));
    }
    if let Some(s) = scopes.iter().find(|s| !credential.scopes.contains(s)) {
        return Err(back_with(
            "invalid_scope",
            &format!("The scope \"{s}\" is not allowed for this application"),
        ));
    }
    let code_challenge = match (q.get("code_challenge"), q.get("code_challenge_method")) {
        (None, _) => String::new(),
        (Some(c), None | Some("plain")) => format!("plain:{c}"),
        (Some(c), Some("S256")) => format!("S256:{c}"),
        (Some(_), Some(_)) => {
            return Err(back_with(
                "invalid_request",
                "The code_challenge_method must be S256 or plain",
            ));
        }
    };
    Ok(Pending {
        client_db_id: credential.credential_id,
        app_name: credential.display_name(),
        redirect_uri,
        scopes,
        state: state_param,
        nonce: q.get("nonce").unwrap_or("").to_owned(),
        code_challenge,
    })
}

/// The scopes with their descriptions from the installation's catalogue.
fn described(state: &SandboxState, scopes: &[String]) -> Vec<(String, String)> {
    scopes
        .iter()
        .map(|s| {
            let description = state
                .catalogue
                .get(s)
                .map(|i| i.description.clone())
                .unwrap_or_default();
            (s.clone(), description)
        })
        .collect()
}

fn current_login(state: &SandboxState, headers: &HeaderMap) -> Option<Login> {
    CookieJar::from_headers(headers)
        .get(LOGIN_COOKIE)
        .and_then(|c| state.oidc.login(c.value()))
}

/// The active customer with this email and client-area password.
fn verify_customer(state: &SandboxState, email: &str, password: &str) -> Option<u64> {
    let conn = state.store.lock();
    let row: Option<(u64, String, String)> = conn
        .query_row(
            "SELECT id, password, status FROM tblclients WHERE lower(email) = lower(?1)",
            [email],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .ok()
        .flatten();
    row.filter(|(_, stored, status)| {
        !stored.is_empty() && constant_time_eq(stored, password) && status == "Active"
    })
    .map(|(id, _, _)| id)
}

fn issue_code(
    state: &SandboxState,
    pending: &Pending,
    login: Login,
) -> Result<String, store::StoreError> {
    let code = generate::access_token();
    state.store.lock().execute(
        "INSERT INTO tbloauthserver_auth_codes
           (code, client_id, user_id, redirect_uri, scope, nonce, code_challenge, auth_time, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            code,
            pending.client_db_id,
            login.client_id,
            pending.redirect_uri,
            pending.scopes.join(" "),
            pending.nonce,
            pending.code_challenge,
            login.auth_time,
            now_secs() + CODE_LIFETIME_SECS
        ],
    )?;
    Ok(code)
}

/// `redirect_uri` with `pairs` and `state` added to its query.
fn back(redirect_uri: &str, pairs: &[(&str, &str)], state: Option<&str>) -> String {
    let mut out = redirect_uri.to_owned();
    let mut separator = if redirect_uri.contains('?') { '&' } else { '?' };
    for (name, value) in pairs.iter().copied().chain(state.map(|s| ("state", s))) {
        out.push(separator);
        out.push_str(name);
        out.push('=');
        out.push_str(&encode_component(value));
        separator = '&';
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn answers_go_back_on_the_redirect_uris_own_query() {
        assert_eq!(
            super::back("https://app.example/cb", &[("code", "a b")], Some("x/y")),
            "https://app.example/cb?code=a+b&state=x%2Fy"
        );
        assert_eq!(
            super::back(
                "https://app.example/cb?v=1",
                &[("error", "access_denied")],
                None
            ),
            "https://app.example/cb?v=1&error=access_denied"
        );
    }
}
