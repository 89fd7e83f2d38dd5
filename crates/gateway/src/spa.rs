//! Serves the built panel — from a folder (Trunk's `dist/`) or from the copy built into the
//! binary — files as they are, and `index.html` for every other path so the panel's
//! client-side routes (`/credentials/7`) survive a reload.

use std::path::{Path, PathBuf};

use axum::Router;
use axum::http::{HeaderValue, header};
use tower::ServiceBuilder;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// Trunk puts a content hash in every asset name, so an asset never changes under its name.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `index.html` names this release's assets: never cached, so a new release is picked up.
const NO_CACHE: &str = "no-cache";

/// Where the panel's files come from.
#[derive(Clone, Debug)]
pub enum PanelFiles {
    /// A folder with Trunk's output (development, or `--dist`).
    Dir(PathBuf),
    /// The optimised build compiled into this binary (`--features embed-panel`).
    #[cfg(feature = "embed-panel")]
    Embedded,
}

impl From<PathBuf> for PanelFiles {
    fn from(dir: PathBuf) -> PanelFiles {
        PanelFiles::Dir(dir)
    }
}

impl PanelFiles {
    /// The panel built into the binary when there is one, else `dist` in the current folder.
    pub fn default_for_this_build() -> PanelFiles {
        #[cfg(feature = "embed-panel")]
        return PanelFiles::Embedded;
        #[cfg(not(feature = "embed-panel"))]
        PanelFiles::Dir(PathBuf::from("dist"))
    }

    /// `index.html`, if the panel is there.
    pub fn index_html(&self) -> Option<String> {
        match self {
            PanelFiles::Dir(dir) => std::fs::read_to_string(dir.join("index.html")).ok(),
            #[cfg(feature = "embed-panel")]
            PanelFiles::Embedded => embedded::index_html(),
        }
    }

    /// For messages: where the panel is served from.
    pub fn describe(&self) -> String {
        match self {
            PanelFiles::Dir(dir) => dir.display().to_string(),
            #[cfg(feature = "embed-panel")]
            PanelFiles::Embedded => "the panel built into this binary".to_owned(),
        }
    }
}

/// The static part of the router.
pub fn routes(files: &PanelFiles) -> Router {
    match files {
        PanelFiles::Dir(dir) => dir_routes(dir),
        #[cfg(feature = "embed-panel")]
        PanelFiles::Embedded => embedded::routes(),
    }
}

fn dir_routes(dist: &Path) -> Router {
    let index = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static(NO_CACHE),
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

#[cfg(feature = "embed-panel")]
mod embedded {
    use axum::Router;
    use axum::http::{HeaderValue, Uri, header};
    use axum::response::{IntoResponse, Response};

    /// `dist/` as `cargo xtask release` left it when this binary was compiled.
    #[derive(rust_embed::Embed)]
    #[folder = "../../dist/"]
    struct Dist;

    pub fn index_html() -> Option<String> {
        Dist::get("index.html").map(|f| String::from_utf8_lossy(&f.data).into_owned())
    }

    pub fn routes() -> Router {
        Router::new().fallback(serve)
    }

    /// A file by its path, else `index.html` (a client-side route).
    async fn serve(uri: Uri) -> Response {
        let path = uri.path().trim_start_matches('/');
        let (file, cache) = match Dist::get(path).filter(|_| !path.is_empty()) {
            Some(file) if path != "index.html" => (file, super::IMMUTABLE),
            _ => match Dist::get("index.html") {
                Some(index) => (index, super::NO_CACHE),
                None => return axum::http::StatusCode::NOT_FOUND.into_response(),
            },
        };
        let mime = file.metadata.mimetype().to_owned();
        (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_str(&mime)
                        .unwrap_or(HeaderValue::from_static("application/octet-stream")),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            ],
            file.data,
        )
            .into_response()
    }
}
