//! The sandbox's client area: the login that a sign-in or a single sign-on leaves behind (a
//! cookie holding a random id), `/clientarea.php` showing who is signed in and for which
//! service, and the two pages a server module's `redirect_url` opens (contract point 20):
//! `/oauth/singlesignon.php`, which takes its access token once and signs the service's
//! customer in, and `/oauth/resource.php` for a token without `clientarea:sso`.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use rusqlite::OptionalExtension;
use whmcs_api::Params;

use super::grants::{SSO_DENIED, SSO_SCOPE};
use super::{now_secs, pages, scope_within};
use crate::flow_state::Login;
use crate::state::SandboxState;
use crate::store::{self, StoreError, tokens};

/// The client-area login cookie.
const LOGIN_COOKIE: &str = "sandbox_clientarea";

/// A `Set-Cookie` value for a new client-area login.
pub fn login_cookie(state: &SandboxState, login: Login) -> String {
    let id = state.oidc.add_login(login);
    Cookie::build((LOGIN_COOKIE, id))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .build()
        .to_string()
}

pub fn current_login(state: &SandboxState, headers: &HeaderMap) -> Option<Login> {
    CookieJar::from_headers(headers)
        .get(LOGIN_COOKIE)
        .and_then(|c| state.oidc.login(c.value()))
}

/// `GET /oauth/singlesignon.php?module_type=server&module=…&access_token=…`.
pub async fn single_sign_on(
    State(state): State<Arc<SandboxState>>,
    RawQuery(query): RawQuery,
) -> Response {
    let q = Params::parse(query.as_deref().unwrap_or(""));
    let token = q.get("access_token").unwrap_or("").to_owned();
    let company = state.config.company_name.clone();
    let refused =
        |status, description: &str| pages::error(&company, status, "access_denied", description);
    let signed_in = {
        let conn = state.store.lock();
        sign_on(&conn, &token)
    };
    match signed_in {
        Ok(Ok(login)) => {
            let cookie = login_cookie(&state, login);
            let mut response = Redirect::to("/clientarea.php").into_response();
            response.headers_mut().insert(
                header::SET_COOKIE,
                HeaderValue::from_str(&cookie).expect("a cookie is a header value"),
            );
            response
        }
        Ok(Err(description)) => refused(StatusCode::FORBIDDEN, description),
        Err(e) => {
            tracing::error!(error = %e, "single sign-on: store failed");
            refused(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The sandbox's database failed.",
            )
        }
    }
}

/// Spends `token` and names whom it signs in, or says why not.
fn sign_on(
    conn: &rusqlite::Connection,
    token: &str,
) -> Result<Result<Login, &'static str>, StoreError> {
    let Some(found) = tokens::find_access_token(conn, token)? else {
        return Ok(Err("This single sign-on link is not valid."));
    };
    if found.used {
        return Ok(Err("This single sign-on link was already used."));
    }
    if found.expires_at < now_secs() {
        return Ok(Err("This single sign-on link has expired."));
    }
    if found.holder.service_id == 0 || !scope_within(SSO_SCOPE, &found.scope) {
        return Ok(Err(
            "This access token does not allow a client-area sign-in.",
        ));
    }
    match store::service_owner(conn, found.holder.service_id)? {
        Some((_, status)) if status == "Closed" => return Ok(Err(SSO_DENIED)),
        Some(_) => {}
        None => return Ok(Err(SSO_DENIED)),
    }
    if !tokens::spend(conn, token)? {
        return Ok(Err("This single sign-on link was already used."));
    }
    Ok(Ok(Login {
        client_id: found.holder.user_id,
        auth_time: now_secs(),
        service_id: found.holder.service_id,
    }))
}

/// `GET /oauth/resource.php`: where a token without `clientarea:sso` is sent.
pub async fn resource(State(state): State<Arc<SandboxState>>) -> Response {
    pages::error(
        &state.config.company_name,
        StatusCode::FORBIDDEN,
        "insufficient_scope",
        "This access token was issued without clientarea:sso, so it cannot sign anyone in to the client area.",
    )
}

/// `GET /clientarea.php`: who is signed in, and the service a single sign-on was for.
pub async fn page(State(state): State<Arc<SandboxState>>, headers: HeaderMap) -> Response {
    let company = state.config.company_name.clone();
    let Some(login) = current_login(&state, &headers) else {
        return pages::client_area(&company, None);
    };
    let shown = describe(&state.store.lock(), login);
    match shown {
        Ok(Some(who)) => pages::client_area(&company, Some(&who)),
        Ok(None) => pages::client_area(&company, None),
        Err(e) => {
            tracing::error!(error = %e, "client area: store failed");
            pages::error(
                &company,
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                "The sandbox's database failed.",
            )
        }
    }
}

fn describe(
    conn: &rusqlite::Connection,
    login: Login,
) -> Result<Option<pages::SignedIn>, StoreError> {
    let customer: Option<(String, String, String)> = conn
        .query_row(
            "SELECT firstname || ' ' || lastname, email, status FROM tblclients WHERE id = ?1",
            [login.client_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((name, email, status)) = customer else {
        return Ok(None);
    };
    let service = if login.service_id > 0 {
        conn.query_row(
            "SELECT id, product, domain, domainstatus FROM tblhosting WHERE id = ?1",
            [login.service_id],
            |r| {
                Ok(pages::ServiceShown {
                    id: r.get(0)?,
                    product: r.get(1)?,
                    domain: r.get(2)?,
                    status: r.get(3)?,
                })
            },
        )
        .optional()?
    } else {
        None
    };
    Ok(Some(pages::SignedIn {
        name,
        email,
        status,
        service,
    }))
}
