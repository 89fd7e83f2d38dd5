//! End to end: bulk delete, a read-only API role, and a gateway that goes away.

use crate::support::pages::ListPage;
use crate::support::{
    Browser, DEMO_CREDENTIALS, DemoApp, Engine, in_engines, logged_in, logged_in_as_support,
    within_timeout,
};

in_engines!(bulk_delete_with_one_confirmation: chromium, firefox, webkit);
async fn bulk_delete_with_one_confirmation(engine: Engine) {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in(&app, engine).await;
        let list = ListPage(&browser);
        list.search("sso").await;
        let ids = list.wait_for_count(9).await;
        browser.click("select-page").await;
        assert_eq!(browser.text_of("selection-count").await, "9 selected");
        // Untick one.
        browser.find("select-row").await.click().await.unwrap();
        assert_eq!(browser.text_of("selection-count").await, "8 selected");
        browser.click("bulk-delete").await;
        assert_eq!(
            browser.text_of("bulk-dialog-text").await,
            "8 credentials will be deleted. Applications using them stop working at once. This cannot be undone."
        );
        let names = browser.text_of("bulk-dialog-names").await;
        assert_eq!(names.lines().count(), 8, "{names}");
        assert!(names.contains("Webmail SSO (#11)"), "the dialog names them: {names}");
        browser.click("bulk-dialog-confirm").await;
        list.wait_for_ids(&ids[..1]).await;
        assert_eq!(browser.text_of("toast").await, "Deleted 8 credentials.");
        list.search("").await;
        list.wait_for_count(DEMO_CREDENTIALS as usize - 8).await;
        let deletes = app.audit_actions().iter().filter(|a| *a == "DeleteOAuthCredential").count();
        assert_eq!(deletes, 8);
        browser.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_role_sees_everything_and_can_change_nothing() {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in_as_support(&app).await;
        let list = ListPage(&browser);
        list.wait_for_count(DEMO_CREDENTIALS as usize).await;
        assert_eq!(browser.text_of("read-only-badge").await, "Read-only");
        let absent = |testid: &'static str| {
            let b = &browser;
            async move {
                b.client
                    .find_all(fantoccini::Locator::Css(&Browser::css(testid)))
                    .await
                    .unwrap()
                    .is_empty()
            }
        };
        assert!(absent("new-credential").await, "no create button");
        assert!(absent("select-row").await, "no bulk selection");

        browser.open(&app, "/credentials/1").await;
        assert_eq!(
            browser.text_of("read-only-notice").await,
            "This API credential's role cannot change credentials: the form is read-only."
        );
        for control in ["save", "reset-secret", "delete"] {
            assert!(
                !browser.find(control).await.is_enabled().await.unwrap(),
                "{control} is disabled"
            );
        }
        assert!(
            !browser.find("name").await.is_enabled().await.unwrap(),
            "fields are disabled"
        );
        // A secret is enough to sign in as the credential: not shown to this role.
        assert!(absent("reveal-secret").await, "no Reveal button");
        assert_eq!(
            browser.text_of("reveal-not-allowed").await,
            whmcs_api::panel_config::REVEAL_NOT_ALLOWED
        );
        browser.open(&app, "/credentials/new").await;
        assert_eq!(
            browser.text_of("read-only-notice").await,
            "This API credential's role cannot create credentials: the form is read-only."
        );
        // Read-only here as on the edit page: nothing can be filled in.
        for control in ["grant-single_sign_on", "grant-authorization_code", "submit"] {
            assert!(
                !browser.find(control).await.is_enabled().await.unwrap(),
                "{control} is disabled"
            );
        }
        browser.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_the_gateway_goes_away_the_panel_says_so_and_can_retry() {
    within_timeout(async {
        let mut app = DemoApp::start().await;
        let browser = logged_in(&app, Engine::Chromium).await;
        let list = ListPage(&browser);
        list.wait_for_count(DEMO_CREDENTIALS as usize).await;
        // A credential opened from the list, with an edit in its form.
        browser.click("row-name").await;
        browser.type_into("name", "Partner Portal (edited)").await;
        app.stop();
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;

        // Reloading it fails: the form and the edit stay, and the panel says why.
        browser.click("edit-reload").await;
        assert_eq!(
            browser.text_of("toast").await,
            "The gateway cannot be reached. Check your connection and try again."
        );
        assert_eq!(
            browser
                .find("name")
                .await
                .prop("value")
                .await
                .unwrap()
                .as_deref(),
            Some("Partner Portal (edited)")
        );

        browser.client.back().await.unwrap();
        list.select("filter-grant", "single_sign_on").await;
        assert_eq!(
            browser.text_of("list-error").await,
            "The gateway cannot be reached. Check your connection and try again.\nTry again"
        );
        browser.find("retry").await;
        browser.close().await;
    })
    .await;
}
