//! `/oauth/userinfo.php` (contract point 24): the customer behind a bearer access token,
//! taken from the `Authorization` header, the query string or the POST body (one of them),
//! with `openid` required in its scope. Errors as the OAuth library words them. The token's
//! credential is not consulted: tokens outlive a deleted credential (point 13).

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use whmcs_api::Params;

use super::{claims, json_error, now_secs, scope_within};
use crate::state::SandboxState;
use crate::store::tokens;

const REALM: &str = "Bearer realm=\"Service\"";

/// The token a request carries; `Err` when it carries more than one.
fn presented(headers: &HeaderMap, query: &Params, body: &Params) -> Result<Option<String>, ()> {
    let from_header = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned());
    let from_query = query.get("access_token").filter(|t| !t.is_empty());
    let from_body = body.get("access_token").filter(|t| !t.is_empty());
    let mut found = [
        from_header,
        from_query.map(str::to_owned),
        from_body.map(str::to_owned),
    ]
    .into_iter()
    .flatten();
    let first = found.next();
    if found.next().is_some() {
        return Err(());
    }
    Ok(first)
}

fn unauthorized(error: Option<(&str, &str)>) -> Response {
    let (mut response, challenge) = match error {
        Some((error, description)) => (
            json_error(StatusCode::UNAUTHORIZED, error, description),
            format!("{REALM}, error=\"{error}\", error_description=\"{description}\""),
        ),
        None => (
            (StatusCode::UNAUTHORIZED, Json(serde_json::json!([]))).into_response(),
            REALM.to_owned(),
        ),
    };
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_str(&challenge).expect("a challenge is a header value"),
    );
    response
}

pub async fn userinfo(
    State(state): State<Arc<SandboxState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let query = Params::parse(query.as_deref().unwrap_or(""));
    let body = Params::parse(&String::from_utf8_lossy(&body));
    let token = match presented(&headers, &query, &body) {
        Ok(Some(token)) => token,
        Ok(None) => return unauthorized(None),
        Err(()) => {
            return json_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "Only one method may be used to authenticate at a time (Auth header, GET or POST)",
            );
        }
    };
    let conn = state.store.lock();
    let found = match tokens::find_access_token(&conn, &token) {
        Ok(found) => found,
        Err(e) => {
            tracing::error!(error = %e, "userinfo: store failed");
            return json_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                "The sandbox's database failed",
            );
        }
    };
    let Some(found) = found else {
        return unauthorized(Some((
            "invalid_token",
            "The access token provided is invalid",
        )));
    };
    if found.expires_at < now_secs() {
        return unauthorized(Some((
            "invalid_token",
            "The access token provided has expired",
        )));
    }
    if !scope_within("openid", &found.scope) {
        let description =
            "The request requires higher privileges than provided by the access token";
        let mut response = json_error(StatusCode::FORBIDDEN, "insufficient_scope", description);
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_str(&format!(
                "{REALM}, scope=\"openid\", error=\"insufficient_scope\", error_description=\"{description}\""
            ))
            .expect("a challenge is a header value"),
        );
        return response;
    }
    let scopes = whmcs_api::scope::split_scopes(&found.scope);
    match claims::userinfo(&conn, found.holder.user_id, &scopes) {
        Ok(Some(claims)) => Json(claims).into_response(),
        Ok(None) => unauthorized(Some((
            "invalid_token",
            "The access token provided is invalid",
        ))),
        Err(e) => {
            tracing::error!(error = %e, "userinfo: store failed");
            json_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                "The sandbox's database failed",
            )
        }
    }
}
