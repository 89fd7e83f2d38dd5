//! Cross-cutting request checks and response headers.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::GatewayError;
use crate::state::AppState;

/// State-changing requests must come from the panel's own origin: a cross-site form or
/// script cannot drive the gateway with the person's cookie.
pub async fn same_origin_only(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let changes_state = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if changes_state {
        let origin = request
            .headers()
            .get(header::ORIGIN)
            .and_then(|o| o.to_str().ok());
        if origin != Some(&*state.public_origin) {
            tracing::warn!(origin = ?origin, path = %request.uri().path(), "cross-site request refused");
            return GatewayError::Forbidden(
                "Cross-site request refused: this request did not come from the panel's own page."
                    .into(),
            )
            .into_response();
        }
    }
    next.run(request).await
}

/// API answers are personal and may carry a secret: never cached anywhere.
pub async fn no_store(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Counts and times every answer by its route's template (`/api/jobs/{id}`), never by the
/// path itself (it may hold an id); the panel's files and client-side routes count as
/// `panel`. The method is one of HTTP's own or `other`.
pub async fn measure(request: Request, next: Next) -> Response {
    // Without a metrics listener there is nothing to record: no work on every request.
    if !crate::metrics::enabled() {
        return next.run(request).await;
    }
    let route = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or_else(|| "panel".to_owned(), |m| m.as_str().to_owned());
    let method = match *request.method() {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    };
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    crate::metrics::request(route, method, response.status().as_u16(), started.elapsed());
    response
}
