//! `/oauth/userinfo.php`: the customer behind a bearer access token from the code flow,
//! with the claims its scopes grant (RFC 6750 errors otherwise).

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rusqlite::OptionalExtension;

use super::{claims, now_secs};
use crate::state::SandboxState;

pub async fn userinfo(State(state): State<Arc<SandboxState>>, headers: HeaderMap) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or("");
    let found = {
        let conn = state.store.lock();
        let row: Option<(u64, String, String)> = conn
            .query_row(
                "SELECT user_id, scope, expires_at FROM tbloauthserver_access_tokens WHERE token = ?1",
                [token],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .ok()
            .flatten();
        row.filter(|(user, _, expires)| {
            *user > 0 && expires.parse::<i64>().is_ok_and(|e| e >= now_secs())
        })
        .and_then(|(user, scope, _)| {
            let scopes = whmcs_api::scope::split_scopes(&scope);
            claims::of_customer(&conn, user, &scopes).ok().flatten()
        })
    };
    match found {
        Some(claims) => Json(claims).into_response(),
        None => {
            let mut response = (
                StatusCode::UNAUTHORIZED,
                Json(serde_json::json!({
                    "error": "invalid_token",
                    "error_description": "The access token is missing, invalid or expired"
                })),
            )
                .into_response();
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer error=\"invalid_token\""),
            );
            response
        }
    }
}
