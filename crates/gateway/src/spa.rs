//! Serves Trunk's `dist/`: files as they are, and `index.html` for every other path so the
//! panel's client-side routes (`/credentials/7`) survive a reload.

use std::path::Path;

use axum::Router;
use axum::http::{HeaderValue, header};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// The static part of the router. `index.html` is never cached so a new release is picked
/// up at once; Trunk's hashed asset names make long caching of the rest safe.
pub fn routes(dist: &Path) -> Router {
    let index = ServeFile::new(dist.join("index.html"));
    let no_cache = SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache"),
    );
    let assets = ServeDir::new(dist)
        .append_index_html_on_directories(false)
        .fallback(index.clone());
    Router::new()
        .route_service("/", index.clone())
        .route_service("/index.html", index)
        .layer(no_cache)
        .fallback_service(assets)
}
