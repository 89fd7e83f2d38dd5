//! End to end: editing each field, revealing and resetting the secret, deleting.

use crate::support::pages::{ListPage, SecretDialog};
use crate::support::{DEMO_CREDENTIALS, DemoApp, Engine, in_engines, logged_in, within_timeout};

in_engines!(edit_each_field_with_a_summary_of_changes: chromium, firefox, webkit);
async fn edit_each_field_with_a_summary_of_changes(engine: Engine) {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in(&app, engine).await;
        browser.open(&app, "/credentials/2").await;
        assert_eq!(browser.text_of("edit-title").await, "Community Forum");
        assert_eq!(browser.text_of("change-summary").await, "No changes yet.");
        assert!(!browser.find("save").await.is_enabled().await.unwrap());

        browser
            .type_into("name", "Community Forum (Discourse)")
            .await;
        browser.type_into("description", "Forum login").await;
        browser.click("scope-email").await; // untick
        browser
            .type_into("logo-uri", "https://cdn.example.com/forum.png")
            .await;
        browser.click("add-redirect").await;
        browser
            .type_into("redirect-1", "https://forum-staging.example/cb")
            .await;
        browser.type_into("service-id", "101").await;
        assert_eq!(
            browser.text_of("change-summary").await,
            "Will change: name, description, scope, serviceId, logoUri, redirectUri."
        );
        browser.click("save").await;
        browser
            .eventually("the saved state", || async {
                (browser.text_of("change-summary").await == "No changes yet."
                    && browser.text_of("edit-title").await == "Community Forum (Discourse)")
                    .then_some(())
            })
            .await;
        assert_eq!(browser.text_of("toast").await, "Changes saved.");

        // The list shows what was saved.
        browser.open(&app, "/?q=discourse").await;
        let list = ListPage(&browser);
        list.wait_for_ids(&[2]).await;
        assert_eq!(browser.text_of("row-redirects").await, "2");
        assert_eq!(browser.text_of("row-service").await, "101");
        assert!(
            app.audit_actions()
                .contains(&"UpdateOAuthCredential".to_owned())
        );

        // Clearing the name of an authorization_code credential: WHMCS's message, inline.
        browser.open(&app, "/credentials/2").await;
        browser.type_into("name", "").await;
        assert_eq!(
            browser.text_of("name-error").await,
            "A name for the Client Credential is required."
        );
        assert!(!browser.find("save").await.is_enabled().await.unwrap());
        browser.close().await;
    })
    .await;
}

in_engines!(reveal_then_reset_the_secret_and_the_old_one_dies: chromium, firefox, webkit);
async fn reveal_then_reset_the_secret_and_the_old_one_dies(engine: Engine) {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in(&app, engine).await;
        browser.open(&app, "/credentials/7").await;
        let client_id = browser.text_of("edit-identifier").await;
        assert_eq!(browser.text_of("secret-masked").await, "••••••••••••••••");

        browser.click("reveal-secret").await;
        let old = browser.text_of("revealed-secret").await;
        assert_eq!(old.len(), 88);
        assert_eq!(
            app.secret_check(&client_id, &old).await,
            "unauthorized_client",
            "the revealed secret is the real one (WHMCS accepted it)"
        );
        assert!(
            app.audit_actions()
                .contains(&"RevealClientSecret".to_owned())
        );
        browser.click("hide-secret").await;
        browser.find("secret-masked").await;

        // Cancel first: nothing happens.
        browser.click("reset-secret").await;
        assert!(
            browser
                .text_of("reset-dialog")
                .await
                .contains("stops working at once")
        );
        browser.click("reset-dialog-cancel").await;
        assert_eq!(
            app.secret_check(&client_id, &old).await,
            "unauthorized_client"
        );

        browser.click("reset-secret").await;
        browser.click("reset-dialog-confirm").await;
        let dialog = SecretDialog(&browser);
        let (identifier, new) = dialog.read().await;
        assert_eq!(identifier, client_id);
        assert_eq!(new.len(), 88);
        assert_ne!(new, old);
        assert_eq!(dialog.copy_and_paste("secret").await, new, "Copy put the secret on the clipboard");
        // Nothing covers it: it is the topmost element at its own centre.
        let on_top = browser
            .client
            .execute(
                "const d = document.querySelector(\"[data-testid='secret-dialog']\");
                 const r = d.getBoundingClientRect();
                 return d.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(on_top, serde_json::Value::Bool(true));
        assert_eq!(
            app.secret_check(&client_id, &old).await,
            "invalid_client",
            "the old secret no longer works"
        );
        assert_eq!(
            app.secret_check(&client_id, &new).await,
            "unauthorized_client"
        );
        dialog.confirm_stored().await;
        browser.find("secret-masked").await;
        assert!(
            app.audit_actions()
                .contains(&"UpdateOAuthCredential+resetSecret".to_owned())
        );
        browser.close().await;
    })
    .await;
}

in_engines!(delete_after_a_confirmation_that_names_it: chromium, firefox, webkit);
async fn delete_after_a_confirmation_that_names_it(engine: Engine) {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in(&app, engine).await;
        browser.open(&app, "/credentials/3").await;
        browser.click("delete").await;
        assert_eq!(
            browser.text_of("delete-dialog-text").await,
            "“Status Page” will be deleted. Applications using it stop working at once."
        );
        // Escape closes the dialog without deleting.
        browser
            .find("delete-dialog-cancel")
            .await
            .send_keys(&char::from(fantoccini::key::Key::Escape).to_string())
            .await
            .unwrap();
        browser
            .eventually("the dialog to close", || async {
                (!browser
                    .find("delete-dialog")
                    .await
                    .is_displayed()
                    .await
                    .unwrap())
                .then_some(())
            })
            .await;
        assert!(
            !app.audit_actions()
                .contains(&"DeleteOAuthCredential".to_owned())
        );

        browser.click("delete").await;
        browser.click("delete-dialog-confirm").await;
        let list = ListPage(&browser);
        list.wait_for_count(DEMO_CREDENTIALS as usize - 1).await;
        assert!(!list.ids().await.contains(&3));
        assert_eq!(browser.text_of("toast").await, "Deleted “Status Page”.");

        // Its page now says it is gone.
        browser.open(&app, "/credentials/3").await;
        browser.find("edit-missing").await;
        browser.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opening_from_the_list_uses_its_rows_without_listing_again() {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in(&app, Engine::Chromium).await;
        ListPage(&browser).wait_for_count(DEMO_CREDENTIALS as usize).await;
        // Every request the page makes from now on, by its WHMCS action.
        browser
            .eval(
                "window.actions = [];
                 const send = window.fetch;
                 window.fetch = (request, init) => {
                   const r = new Request(request, init);
                   r.clone().text().then(body => window.actions.push(new URL(r.url).pathname + ' ' + body));
                   return send(r);
                 };",
                vec![],
            )
            .await
            .unwrap();
        // Someone else renames credential 1 after the list loaded.
        let http = app.api_client().await;
        let renamed = app
            .whmcs(
                &http,
                "action=UpdateOAuthCredential&credentialId=1&name=Partner+Portal+v2".into(),
            )
            .await;
        assert_eq!(renamed["result"], "success", "{renamed}");

        // The list's row opens as the list knew it, and WHMCS is not asked again.
        browser.click("row-name").await;
        assert_eq!(browser.text_of("edit-title").await, "Partner Portal");
        browser.find("edit-source").await;
        let actions = browser.eval("return window.actions;", vec![]).await.unwrap();
        assert!(
            !actions.to_string().contains("ListOAuthCredentials"),
            "no second list request: {actions}"
        );

        // "Reload from WHMCS" fetches the current version.
        browser.click("edit-reload").await;
        browser
            .eventually("the newer name", || async {
                (browser.text_of("edit-title").await == "Partner Portal v2").then_some(())
            })
            .await;

        // A deep link, with nothing loaded before, loads on its own.
        browser.open(&app, "/credentials/2").await;
        assert_eq!(browser.text_of("edit-title").await, "Community Forum");
        browser.close().await;
    })
    .await;
}
