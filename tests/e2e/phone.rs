//! End to end at phone width (390 × 844, a touch device): no page scrolls sideways, and the
//! one-time secret dialog fits the screen whole.

use crate::support::pages::SecretDialog;
use crate::support::{DemoApp, Engine, logged_in, within_timeout};
use serde_json::json;

async fn phone(browser: &crate::support::Browser) {
    browser
        .cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true}),
        )
        .await
        .unwrap();
}

/// How wide the page lays out (a touch browser widens the page to fit what overflows).
async fn page_width(browser: &crate::support::Browser) -> u64 {
    browser
        .eval("return document.documentElement.scrollWidth;", vec![])
        .await
        .unwrap()
        .as_u64()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_scrolls_sideways_at_390_px() {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in(&app, Engine::Chromium).await;
        phone(&browser).await;
        // Each page, with the element that shows it has rendered its data.
        for (path, ready) in [
            ("/", "row-name"),
            ("/credentials/1", "edit-identifier"),
            ("/credentials/new", "submit"),
        ] {
            browser.open(&app, path).await;
            browser.find(ready).await;
            assert_eq!(page_width(&browser).await, 390, "{path}");
        }
        browser.click("logout").await;
        browser.find("login-submit").await;
        assert_eq!(page_width(&browser).await, 390, "/login");
        browser.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secret_dialog_fits_a_phone_whole() {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in(&app, Engine::Chromium).await;
        phone(&browser).await;
        browser.open(&app, "/credentials/2").await;
        browser.click("reset-secret").await;
        browser.click("reset-dialog-confirm").await;
        let dialog = SecretDialog(&browser);
        assert_eq!(dialog.read().await.1.len(), 88);
        let bounds = browser
            .eval(
                "const r = document.querySelector(\"[data-testid='secret-dialog']\").getBoundingClientRect();
                 return [r.left, r.right, window.innerWidth];",
                vec![],
            )
            .await
            .unwrap();
        let [left, right, width] = [0, 1, 2].map(|i| bounds[i].as_f64().unwrap());
        assert!(
            left >= 0.0 && right <= width,
            "the dialog lies within the screen: {bounds}"
        );
        dialog.confirm_stored().await;
        browser.close().await;
    })
    .await;
}
