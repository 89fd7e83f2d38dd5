//! `/oauth/authorize.php`: the authorization code flow's front channel, checked as the OAuth
//! library WHMCS bundles checks it (contract point 22). A request that cannot go back to
//! its application (unknown client, a redirect URI it did not register) is a JSON 400;
//! everything else goes back to the redirect URI with `error`, `error_description` and
//! `state`. `GET` shows the client-area login, or the consent page, or (consent remembered)
//! goes straight back with a code; `POST` takes the login and the consent.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use rusqlite::{OptionalExtension, params};
use whmcs_api::{CredentialRef, GrantType, Params};

use super::claims::{self, IdToken};
use super::clientarea;
use super::consent::{self, OFFERED};
use super::{CODE_LIFETIME_SECS, json_error, now_secs, pages, scope_within, with_query};
use crate::auth::constant_time_eq;
use crate::flow_state::{Login, Pending};
use crate::state::SandboxState;
use crate::{generate, signing, store};

/// WHMCS's client-area message for a wrong email or password.
pub const LOGIN_INCORRECT: &str = "Login Details Incorrect. Please try again.";
/// The scope of a request that names none (point 22).
const DEFAULT_SCOPE: &str = "profile";

/// `GET /oauth/authorize.php`.
pub async fn start(
    State(state): State<Arc<SandboxState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let q = Params::parse(query.as_deref().unwrap_or(""));
    let pending = match check_request(&state, &q, super::issuer(&headers)) {
        Ok(p) => p,
        Err(refused) => return *refused,
    };
    let request = state.oidc.add_pending(pending.clone());
    match clientarea::current_login(&state, &headers) {
        Some(login) => after_login(state, pending, &request, login).await,
        None => pages::login(
            &state.config.company_name,
            &pending.app_name,
            &request,
            None,
        ),
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
            let Some(client_id) = verify_customer(&state, &email, &password) else {
                return pages::login(&company, &pending.app_name, &request, Some(LOGIN_INCORRECT));
            };
            let login = Login {
                client_id,
                auth_time: now_secs(),
                service_id: 0,
            };
            let cookie = clientarea::login_cookie(&state, login);
            let mut page = after_login(state, pending, &request, login).await;
            page.headers_mut().insert(
                header::SET_COOKIE,
                HeaderValue::from_str(&cookie).expect("a cookie is a header value"),
            );
            page
        }
        Some("consent") => {
            let Some(login) = clientarea::current_login(&state, &headers) else {
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
                // The library's OpenID answer to a refusal (point 22).
                return back(
                    &pending,
                    &[
                        ("error", "consent_required"),
                        (
                            "error_description",
                            "The user denied access to your application",
                        ),
                    ],
                );
            }
            if let Err(e) =
                consent::remember(&state.store.lock(), pending.client_db_id, login.client_id)
            {
                tracing::error!(error = %e, "storing a consent failed");
            }
            send_code(state, pending, login).await
        }
        _ => pages::error(
            &company,
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The form was incomplete.",
        ),
    }
}

/// A logged-in customer: straight back with a code when this application was authorized
/// before, else the consent page.
async fn after_login(
    state: Arc<SandboxState>,
    pending: Pending,
    request: &str,
    login: Login,
) -> Response {
    let remembered =
        consent::remembered(&state.store.lock(), pending.client_db_id, login.client_id);
    match remembered {
        Ok(true) => {
            state.oidc.take_pending(request);
            send_code(state, pending, login).await
        }
        Ok(false) => {
            let offered: Vec<(String, String)> = OFFERED
                .iter()
                .filter(|s| scope_within(s, &pending.scope))
                .map(|s| {
                    let description = state
                        .catalogue
                        .get(s)
                        .map(|i| i.description.clone())
                        .unwrap_or_default();
                    ((*s).to_owned(), description)
                })
                .collect();
            pages::consent(
                &state.config.company_name,
                &pending.app_name,
                request,
                &offered,
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "reading a consent failed");
            back(&pending, &[("error", "server_error")])
        }
    }
}

/// The answer sent back to the application: `pairs`, then `state`.
fn back(pending: &Pending, pairs: &[(&str, &str)]) -> Response {
    let mut all = pairs.to_vec();
    if !pending.state.is_empty() {
        all.push(("state", &pending.state));
    }
    Redirect::to(&with_query(&pending.redirect_uri, &all)).into_response()
}

/// Checks a request in the library's order; a refusal is the finished answer.
fn check_request(
    state: &SandboxState,
    q: &Params,
    issuer: String,
) -> Result<Pending, Box<Response>> {
    let bad = |error, description: &str| {
        Box::new(json_error(StatusCode::BAD_REQUEST, error, description))
    };
    let client_id = q.get("client_id").unwrap_or("").to_owned();
    let credential = if client_id.is_empty() {
        None
    } else {
        let conn = state.store.lock();
        store::find(&conn, &CredentialRef::ClientIdentifier(client_id)).map_err(|e| {
            tracing::error!(error = %e, "authorize: store failed");
            Box::new(json_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                "The sandbox's database failed",
            ))
        })?
    };
    let Some(credential) = credential else {
        return Err(bad("invalid_client", "The client id supplied is invalid"));
    };

    // Matched exactly; with none registered, any redirect URI is taken (point 22).
    let registered = &credential.redirect_uris;
    let (redirect_uri, redirect_uri_sent) = match q.get("redirect_uri").filter(|u| !u.is_empty()) {
        Some(uri) if uri.contains('#') => {
            return Err(bad(
                "invalid_uri",
                "The redirect URI must not contain a fragment",
            ));
        }
        Some(uri) if !registered.is_empty() && !registered.iter().any(|r| r == uri) => {
            return Err(bad(
                "redirect_uri_mismatch",
                "The redirect URI provided is missing or does not match",
            ));
        }
        Some(uri) => (uri.to_owned(), true),
        None => match registered.as_slice() {
            [] => return Err(bad("invalid_uri", "No redirect URI was supplied or stored")),
            [only] => (only.clone(), false),
            _ => {
                return Err(bad(
                    "invalid_uri",
                    "A redirect URI must be supplied when multiple redirect URIs are registered",
                ));
            }
        },
    };
    let state_param = q.get("state").unwrap_or("").to_owned();
    let refuse = |error: &str, description: &str| {
        let mut pairs = vec![("error", error), ("error_description", description)];
        if !state_param.is_empty() {
            pairs.push(("state", &state_param));
        }
        Box::new(Redirect::to(&with_query(&redirect_uri, &pairs)).into_response())
    };

    // Several response types are compared sorted, as the library sorts them.
    let mut response_types: Vec<&str> = q.get("response_type").unwrap_or("").split(' ').collect();
    response_types.sort_unstable();
    match response_types.join(" ").as_str() {
        "code" => {
            if !credential.has_grant(GrantType::AuthorizationCode) {
                return Err(refuse(
                    "unauthorized_client",
                    "The grant type is unauthorized for this client_id",
                ));
            }
        }
        "token" | "id_token" | "id_token token" | "code id_token" => {
            return Err(refuse(
                "unsupported_response_type",
                "implicit grant type not supported",
            ));
        }
        _ => {
            return Err(refuse(
                "invalid_request",
                "Invalid or missing response type",
            ));
        }
    }

    let scope = match q.get("scope").filter(|s| !s.is_empty()) {
        Some(asked) if !scope_within(asked, &credential.scopes.join(" ")) => {
            return Err(refuse(
                "invalid_scope",
                "An unsupported scope was requested",
            ));
        }
        Some(asked) => asked.trim().to_owned(),
        None => DEFAULT_SCOPE.to_owned(),
    };
    if state_param.is_empty() {
        return Err(refuse("invalid_request", "The state parameter is required"));
    }
    Ok(Pending {
        issuer,
        client_db_id: credential.credential_id,
        client_identifier: credential.client_identifier.clone(),
        key_pair: credential.rsa_key_pair_id,
        app_name: credential.display_name(),
        redirect_uri,
        redirect_uri_sent,
        scope,
        state: state_param,
        // The nonce is read from the query string only (point 23).
        nonce: q.get("nonce").unwrap_or("").to_owned(),
    })
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

/// Issues the code (and, for `openid`, mints its ID token) and sends it back.
async fn send_code(state: Arc<SandboxState>, pending: Pending, login: Login) -> Response {
    let issuer_state = state.clone();
    let for_code = pending.clone();
    let issued =
        tokio::task::spawn_blocking(move || issue_code(&issuer_state, &for_code, login)).await;
    match issued {
        Ok(Ok(code)) => back(&pending, &[("code", &code)]),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "issuing an authorization code failed");
            back(&pending, &[("error", "server_error")])
        }
        Err(e) => {
            tracing::error!(error = %e, "authorization code worker panicked");
            back(&pending, &[("error", "server_error")])
        }
    }
}

fn issue_code(
    state: &SandboxState,
    pending: &Pending,
    login: Login,
) -> Result<String, store::StoreError> {
    // Minted now, at authorize time, and handed out by the exchange (point 23).
    let id_token = if scope_within("openid", &pending.scope) {
        let subject = claims::uuid(&state.store.lock(), login.client_id)?
            .ok_or_else(|| store::StoreError::Corrupt("the customer is gone".into()))?;
        let key = signing::key_pair(&state.store, pending.key_pair, state.config.key_bits())?
            .ok_or_else(|| store::StoreError::Corrupt("the credential has no key pair".into()))?;
        key.sign(
            &IdToken {
                issuer: &pending.issuer,
                subject: &subject,
                audience: &pending.client_identifier,
                issued_at: now_secs(),
                auth_time: login.auth_time,
                nonce: &pending.nonce,
            }
            .claims(),
        )
    } else {
        String::new()
    };
    let code = generate::access_token();
    let bound_to = if pending.redirect_uri_sent {
        pending.redirect_uri.as_str()
    } else {
        ""
    };
    state.store.lock().execute(
        "INSERT INTO tbloauthserver_auth_codes
           (code, client_id, user_id, redirect_uri, scope, nonce, auth_time, expires_at, id_token)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            code,
            pending.client_db_id,
            login.client_id,
            bound_to,
            pending.scope,
            pending.nonce,
            login.auth_time,
            now_secs() + CODE_LIFETIME_SECS,
            id_token
        ],
    )?;
    Ok(code)
}
