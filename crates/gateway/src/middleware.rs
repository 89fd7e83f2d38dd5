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
