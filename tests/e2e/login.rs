//! End to end: logging in and out of the panel in headless Chromium.

use crate::support::pages::{ListPage, LoginPage};
use crate::support::{Browser, DemoApp, Engine, in_engines, within_timeout};

in_engines!(good_login_goes_back_where_the_person_was_going: chromium, firefox, webkit);
async fn good_login_goes_back_where_the_person_was_going(engine: Engine) {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = Browser::start(engine).await;
        browser.open(&app, "/?grant=single_sign_on").await;
        // Not logged in: sent to the login page, with the way back.
        browser.find("login-identifier").await;
        assert_eq!(
            browser.path_and_query().await,
            "/login?next=%2F%3Fgrant%3Dsingle_sign_on"
        );
        // The disabled button says why; the demo says its logins.
        assert_eq!(
            browser.text_of("login-hint").await,
            "Enter the identifier and the secret to log in."
        );
        let demo = browser.text_of("demo-logins").await;
        assert!(
            demo.contains("demo-admin / demo-admin-secret · Full access (demo administrator)"),
            "{demo}"
        );
        assert!(
            demo.contains("Support staff: may list credentials only"),
            "{demo}"
        );

        LoginPage(&browser).log_in(app.login.0, app.login.1).await;
        ListPage(&browser).wait_for_count(10).await;
        assert_eq!(browser.path_and_query().await, "/?grant=single_sign_on");
        assert_eq!(browser.text_of("logged-in-as").await, "demo-admin");
        assert_eq!(
            browser.text_of("upstream-label").await,
            gateway::demo::DEMO_UPSTREAM_LABEL
        );

        // The session survives a reload (it lives in the cookie)…
        browser.client.refresh().await.unwrap();
        ListPage(&browser).wait_for_count(10).await;

        // …and ends with logout.
        browser.click("logout").await;
        browser.find("login-identifier").await;
        browser.client.goto(&app.url).await.unwrap();
        browser.find("login-identifier").await;
        assert_eq!(browser.path_and_query().await, "/login");
        browser.close().await;
    })
    .await;
}

in_engines!(bad_login_shows_whmcs_message_and_stays: chromium, firefox, webkit);
async fn bad_login_shows_whmcs_message_and_stays(engine: Engine) {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = Browser::start(engine).await;
        browser.open(&app, "/login").await;
        let page = LoginPage(&browser);

        page.log_in(app.login.0, "not-the-secret").await;
        assert_eq!(page.error().await, "Authentication Failed");
        page.log_in("nobody", "x").await;
        browser
            .eventually("the second message", || async {
                (page.error().await == "Invalid or missing credentials").then_some(())
            })
            .await;
        assert_eq!(browser.path_and_query().await, "/login");
        // The secret field is not cleared on failure, the identifier is kept for a retry.
        let id = browser
            .find("login-identifier")
            .await
            .prop("value")
            .await
            .unwrap();
        assert_eq!(id.as_deref(), Some("nobody"));
        browser.close().await;
    })
    .await;
}
