//! End to end: creating credentials of both grant types, with inline validation that sends
//! nothing while the form is invalid.

use crate::support::pages::{CreatePage, ListPage, SecretDialog};
use crate::support::{DEMO_CREDENTIALS, DemoApp, Engine, in_engines, logged_in, within_timeout};

fn creates_in_audit(app: &DemoApp) -> usize {
    app.audit_actions()
        .iter()
        .filter(|a| *a == "CreateOAuthCredential")
        .count()
}

in_engines!(create_an_authorization_code_app_with_inline_errors_first: chromium, firefox, webkit);
async fn create_an_authorization_code_app_with_inline_errors_first(engine: Engine) {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in(&app, engine).await;
        browser.click("new-credential").await;
        let page = CreatePage(&browser);

        // Nothing chosen: the button is disabled and says why.
        assert!(!page.submit_enabled().await);
        assert_eq!(browser.text_of("form-hint").await, "A valid grant type is required.");

        page.choose_grant("authorization_code").await;
        browser.type_into("name", "x").await;
        browser.type_into("name", "").await;
        assert_eq!(page.error("name").await, "A name for the Client Credential is required.");
        // Too long is said, never silently cut.
        browser.type_into("name", &"n".repeat(256)).await;
        assert_eq!(page.error("name").await, "The name must be at most 255 characters.");
        assert_eq!(
            browser.find("name").await.prop("value").await.unwrap().map(|v| v.len()),
            Some(256),
            "all 256 characters kept for the person to shorten"
        );
        browser.type_into("name", "Status Dashboard").await;

        browser.type_into("other-scopes", "openid bogus").await;
        assert_eq!(page.error("scope").await, "The requested scope \"bogus\" is invalid.");
        browser.type_into("other-scopes", "").await;
        page.tick_scope("openid").await;
        page.tick_scope("email").await;

        page.add_redirect(0, "http://dashboard.example/cb").await;
        assert_eq!(
            page.error("redirect-0").await,
            "Redirect URI \"http://dashboard.example/cb\" must use https (http is allowed only for localhost, 127.0.0.1 or [::1])."
        );
        assert!(!page.submit_enabled().await);
        assert_eq!(creates_in_audit(&app), 0, "nothing was sent while the form was invalid");
        browser.type_into("redirect-0", "https://dashboard.example/cb").await;
        page.add_redirect(1, "http://localhost:3000/cb").await;
        browser.type_into("logo-uri", "javascript:alert(1)").await;
        assert_eq!(
            page.error("logo").await,
            "The logo URI must be an https URL or a path relative to the client area, such as assets/img/logo.png."
        );
        browser.type_into("logo-uri", "assets/img/dash.png").await;
        browser
            .eventually("the form to become valid", || async { page.submit_enabled().await.then_some(()) })
            .await;
        assert!(page.has_no_error("redirect-0").await);

        browser.click("submit").await;
        let dialog = SecretDialog(&browser);
        let (identifier, secret) = dialog.read().await;
        assert!(identifier.starts_with("ACME-HOSTING."), "{identifier}");
        assert_eq!(secret.len(), 88);
        assert_eq!(
            browser.text_of("secret-dialog-warning").await,
            "Copy the client secret now. It is shown only this once; if it is lost, reset it."
        );
        // The .env download carries both values.
        let href = browser
            .find("secret-dialog-download")
            .await
            .attr("href")
            .await
            .unwrap()
            .unwrap();
        let env = format!("WHMCS_CLIENT_ID={identifier}\nWHMCS_CLIENT_SECRET={secret}\n");
        assert_eq!(
            href,
            format!(
                "data:text/plain;charset=utf-8,{}",
                whmcs_api::params::encode_component(&env)
            )
        );
        assert_eq!(creates_in_audit(&app), 1);
        dialog.confirm_stored().await;
        assert_eq!(browser.text_of("created-identifier").await, identifier);
        assert!(
            !browser.text_of("secret-shown-once").await.contains(&secret),
            "the secret is gone from the page"
        );

        browser.click("back-to-list").await;
        let list = ListPage(&browser);
        list.wait_for_count(DEMO_CREDENTIALS as usize + 1).await;
        list.search("status dashboard").await;
        list.wait_for_ids(&[DEMO_CREDENTIALS + 1]).await;
        assert_eq!(browser.text_of("row-redirects").await, "2");
        browser.close().await;
    })
    .await;
}

in_engines!(create_a_single_sign_on_credential_and_hear_whmcs_about_the_service: chromium, firefox, webkit);
async fn create_a_single_sign_on_credential_and_hear_whmcs_about_the_service(engine: Engine) {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in(&app, engine).await;
        browser.open(&app, "/credentials/new").await;
        let page = CreatePage(&browser);
        page.choose_grant("single_sign_on").await;
        page.tick_scope("clientarea:sso").await;
        // WHMCS reads it with `(int)`: `abc` is 0, so missing (contract point 10).
        browser.type_into("service-id", "abc").await;
        assert_eq!(
            page.error("service").await,
            "A service ID is required for the single sign-on grant type."
        );

        // A service that does not exist can only be judged by WHMCS: its message comes back.
        browser.type_into("service-id", "999").await;
        browser.click("submit").await;
        assert_eq!(
            browser.text_of("form-error").await,
            "A valid Service ID is required."
        );
        browser.type_into("service-id", "199").await;
        browser.click("submit").await;
        browser
            .eventually("WHMCS's message about the orphaned service", || async {
                (browser.text_of("form-error").await
                    == "Service ID not associated with valid Client.")
                    .then_some(())
            })
            .await;

        browser.type_into("service-id", "104").await;
        browser.click("submit").await;
        assert_eq!(SecretDialog(&browser).read().await.1.len(), 88);
        assert_eq!(
            creates_in_audit(&app),
            3,
            "two refused by WHMCS, one created"
        );
        browser.close().await;
    })
    .await;
}
