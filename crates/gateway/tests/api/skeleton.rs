use reqwest::StatusCode;
use whmcs_api::PanelConfig;

use crate::helpers::{INDEX_HTML, TestApp};

#[tokio::test]
async fn config_reports_version_catalogue_and_upstream() {
    let app = TestApp::spawn().await;
    let response = app.get("/api/config").await;
    assert_eq!(response.status(), StatusCode::OK);
    let config: PanelConfig = response.json().await.unwrap();
    assert_eq!(config.product, "WHMCS OAuth Admin");
    assert_eq!(config.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(config.upstream_label, gateway::demo::DEMO_UPSTREAM_LABEL);
    assert_eq!(config.scopes, whmcs_api::ScopeCatalogue::default());
    assert_eq!(config.limits.name_max, 255);
}

#[tokio::test]
async fn the_index_and_client_routes_serve_the_panel_uncached() {
    let app = TestApp::spawn().await;
    for path in ["/", "/index.html", "/credentials/7", "/credentials/new"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            response.headers()["cache-control"],
            "no-cache",
            "{path} must not be cached"
        );
        assert_eq!(response.text().await.unwrap(), INDEX_HTML, "{path}");
    }
}

#[tokio::test]
async fn assets_are_served_as_files() {
    let app = TestApp::spawn().await;
    let response = app.get("/app-0123abcd.js").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    assert_eq!(response.text().await.unwrap(), "export {};");
}

#[tokio::test]
async fn the_demo_refuses_to_start_without_a_built_panel() {
    let missing = std::env::temp_dir().join("oauth-admin-no-such-dist");
    let err = gateway::demo::start("127.0.0.1:0".parse().unwrap(), missing, async {})
        .await
        .err()
        .expect("no dist, no start");
    assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    assert!(err.to_string().contains("cargo xtask demo"), "{err}");
}
