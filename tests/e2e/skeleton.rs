//! End to end: the built panel, served by the gateway's demo, rendered in headless Chromium.

use crate::support::{Browser, DemoApp, Engine, within_timeout};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_panel_shows_the_version_from_api_config() {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = Browser::start(Engine::Chromium).await;
        browser.client.goto(&app.url).await.expect("page opens");

        assert_eq!(browser.text_of("product-name").await, "WHMCS OAuth Admin");
        assert_eq!(browser.text_of("app-version").await, gateway::VERSION);
        assert_eq!(
            browser.text_of("upstream-label").await,
            gateway::demo::DEMO_UPSTREAM_LABEL
        );
        browser.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_side_route_reloads_into_the_panel() {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = Browser::start(Engine::Chromium).await;
        browser
            .client
            .goto(&format!("{}/credentials/42", app.url))
            .await
            .expect("page opens");
        assert_eq!(browser.text_of("app-version").await, gateway::VERSION);
        browser.close().await;
    })
    .await;
}
