//! Serves Trunk's `dist/`: files as they are, and `index.html` for every other path so the
//! panel's client-side routes (`/credentials/7`) survive a reload.

use std::path::Path;

use axum::Router;
use axum::http::{HeaderValue, header};
use tower::ServiceBuilder;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// Trunk puts a content hash in every asset name, so an asset never changes under its name.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The static part of the router. `index.html` is never cached, so a new release is picked
/// up at once; the hashed assets are cached for a year.
pub fn routes(dist: &Path) -> Router {
    let index = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        .service(ServeFile::new(dist.join("index.html")));
    let assets = ServiceBuilder::new()
        // `if_not_present`: the index fallback below has already said no-cache.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static(IMMUTABLE),
        ))
        .service(
            ServeDir::new(dist)
                .append_index_html_on_directories(false)
                .fallback(index.clone()),
        );
    Router::new()
        .route_service("/", index.clone())
        .route_service("/index.html", index)
        .fallback_service(assets)
}
