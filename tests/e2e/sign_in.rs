//! End to end, the seeds' tutorial live: create an authorization code credential in the
//! panel, paste it into the demo app, sign in with WHMCS as a demo customer (client-area
//! login, consent), and see the verified ID token claims.

use crate::support::pages::{CreatePage, SecretDialog};
use crate::support::{DemoApp, Engine, logged_in, within_timeout};
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_credential_made_in_the_panel_signs_a_customer_in() {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in(&app, Engine::Chromium).await;

        // The demo app says which redirect URI to register.
        browser.client.goto(&app.app_url).await.unwrap();
        let redirect = browser.text_of("rp-redirect-uri").await;
        assert_eq!(redirect, format!("{}/callback", app.app_url));

        browser.open(&app, "/credentials/new").await;
        let page = CreatePage(&browser);
        page.choose_grant("authorization_code").await;
        browser.type_into("name", "Demo app sign-in").await;
        for scope in ["openid", "profile", "email"] {
            page.tick_scope(scope).await;
        }
        page.add_redirect(0, &redirect).await;
        browser
            .eventually("the form to become valid", || async {
                page.submit_enabled().await.then_some(())
            })
            .await;
        browser.click("submit").await;
        let dialog = SecretDialog(&browser);
        let (client_id, secret) = dialog.read().await;
        dialog.confirm_stored().await;

        // The demo app: paste, press "Sign in with WHMCS".
        browser.client.goto(&app.app_url).await.unwrap();
        browser.type_into("rp-client-id", &client_id).await;
        browser.type_into("rp-client-secret", &secret).await;
        browser.click("rp-sign-in").await;

        // WHMCS's client area: log in as a demo customer, then authorize.
        let by_id = |id: &'static str| Locator::Id(id);
        let email = browser
            .client
            .wait()
            .for_element(by_id("email"))
            .await
            .unwrap();
        email.send_keys("hana.sato@example.com").await.unwrap();
        browser
            .client
            .find(by_id("password"))
            .await
            .unwrap()
            .send_keys("hana-demo")
            .await
            .unwrap();
        browser
            .client
            .find(Locator::Css("button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let consent = browser
            .client
            .wait()
            .for_element(Locator::Css("button[value=allow]"))
            .await
            .unwrap();
        let listed = browser.client.source().await.unwrap();
        assert!(
            listed.contains("<code>email</code>"),
            "the consent lists the scopes"
        );
        consent.click().await.unwrap();

        // Back in the demo app: the ID token verified, the customer's claims shown.
        assert!(browser.text_of("rp-verified").await.contains("verified"));
        let claims = browser.text_of("rp-claims").await;
        assert!(
            claims.contains("email (userinfo) hana.sato@example.com"),
            "the email comes from userinfo: {claims}"
        );
        assert!(claims.contains(&client_id), "aud is the client: {claims}");
        assert!(claims.contains("no refresh token"), "{claims}");
        let userinfo = browser.text_of("rp-userinfo").await;
        assert!(userinfo.contains("\"email_verified\": false"), "{userinfo}");
        assert!(
            browser
                .text_of("rp-whmcs-gives")
                .await
                .contains("sub is the customer's UUID"),
        );
        browser.close().await;
    })
    .await;
}
