use reqwest::StatusCode;
use whmcs_api::PanelConfig;

use crate::helpers::{INDEX_HTML, TestApp};

#[tokio::test]
async fn config_reports_version_catalogue_and_upstream() {
    let app = TestApp::spawn().await;
    let response = app.get("/api/config").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let config: PanelConfig = response.json().await.unwrap();
    assert_eq!(config.product, "WHMCS OAuth Admin");
    assert_eq!(config.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(
        config.upstream_label,
        gateway::settings::upstream_label_for(&app.upstream)
    );
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
async fn assets_are_served_as_files_and_cached_long() {
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
async fn security_headers_on_every_response() {
    let app = TestApp::spawn().await;
    for path in ["/", "/api/config", "/app-0123abcd.js", "/healthz"] {
        let r = app.get(path).await;
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        assert!(h.contains_key("x-request-id"), "{path}");
    }
}

#[tokio::test]
async fn healthz_reports_the_upstream() {
    let app = TestApp::spawn().await;
    let v: serde_json::Value = app.get("/healthz").await.json().await.unwrap();
    assert_eq!(v["status"], "ok");
    assert_eq!(v["upstream"], "reachable");
    assert_eq!(v["sessionStore"], "memory");
}

#[tokio::test]
async fn the_demo_refuses_to_start_without_a_built_panel() {
    let options = gateway::demo::DemoOptions {
        listen: "127.0.0.1:0".parse().unwrap(),
        dist: std::env::temp_dir().join("oauth-admin-no-such-dist"),
        audit_log: std::env::temp_dir().join("oauth-admin-unused-audit.log"),
        db: None,
        bulk_credentials: 0,
        app_listen: "127.0.0.1:0".parse().unwrap(),
    };
    let err = gateway::demo::start(options, async {})
        .await
        .err()
        .expect("no dist, no start");
    assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    assert!(err.to_string().contains("cargo xtask demo"), "{err}");
}
