//! End to end: proving credentials work from the panel. "Test" on a single sign-on
//! credential before and after a secret reset (the new secret accepted, the old refused),
//! with its readiness list for an ended service and a Closed account; "Sign in as the
//! customer" landing in the sandbox client area, and refused for the Closed account; and
//! "Try sign-in" on an authorization code credential: its link signs a customer in, and the
//! code it brings back is exchanged for an ID token with the panel's nonce.

use crate::support::pages::SecretDialog;
use crate::support::{DemoApp, Engine, in_engines, logged_in, within_timeout};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use fantoccini::Locator;
use whmcs_api::Params;

in_engines!(test_a_single_sign_on_credential_before_and_after_a_reset: chromium, firefox, webkit);
async fn test_a_single_sign_on_credential_before_and_after_a_reset(engine: Engine) {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in(&app, engine).await;
        browser.open(&app, "/credentials/7").await;
        browser.click("test-credential").await;
        assert_eq!(
            browser.text_of("test-result").await,
            "Current secret: WHMCS accepted this secret."
        );
        assert_eq!(
            readiness(&browser).await,
            [
                ("Service 101 (Business Hosting) is Active.".to_owned(), true),
                ("The customer's account is Active.".to_owned(), true),
                ("The credential holds clientarea:sso.".to_owned(), true),
            ]
        );

        browser.click("reset-secret").await;
        browser.click("reset-dialog-confirm").await;
        let dialog = SecretDialog(&browser);
        let (_, new_secret) = dialog.read().await;
        dialog.confirm_stored().await;
        assert_eq!(
            browser.text_of("test-offer").await,
            "The secret was just reset. Test it now: the new secret should work and the old one be refused."
        );
        browser.click("test-credential").await;
        let results = browser
            .eventually("two results", || async {
                let items = browser
                    .client
                    .find_all(Locator::Css("[data-testid='test-result']"))
                    .await
                    .ok()?;
                let mut texts = Vec::new();
                for item in items {
                    let class = item.attr("class").await.unwrap().unwrap_or_default();
                    texts.push((item.text().await.unwrap(), class));
                }
                (texts.len() == 2).then_some(texts)
            })
            .await;
        assert_eq!(results[0].0, "Current secret: WHMCS accepted this secret.");
        assert_eq!(
            results[1].0,
            "Old secret: Refused, as it should be. WHMCS refused the client identifier or secret. If the secret was reset, the application needs the new one. (HTTP 400, WHMCS said: invalid_client: The client credentials are invalid)"
        );
        let page = browser.client.source().await.unwrap();
        assert!(!page.contains("token was issued") && !page.contains("issued an access token"));
        assert!(results.iter().all(|(_, class)| class.contains("alert-success")));
        // The offer is gone once taken; no secret was written to the audit log.
        assert!(browser.client.find(Locator::Css("[data-testid='test-offer']")).await.is_err());
        let audit = std::fs::read_to_string(&app.audit_log).unwrap();
        assert!(!audit.contains(&new_secret));
        let tests = app
            .audit_actions()
            .into_iter()
            .filter(|a| a.starts_with("TestCredential"))
            .count();
        assert_eq!(tests, 3);
        browser.close().await;
    })
    .await;
}

in_engines!(try_sign_in_builds_a_link_that_signs_a_customer_in: chromium, firefox, webkit);
async fn try_sign_in_builds_a_link_that_signs_a_customer_in(engine: Engine) {
    within_timeout(async {
        let app = DemoApp::start().await;
        let http = app.api_client().await;
        let redirect = format!("{}/signed-in", app.url);
        let mut create = Params::new();
        create
            .push("action", "CreateOAuthCredential")
            .push("grantType", "authorization_code")
            .push("name", "Try sign-in")
            .push("scope", "openid email")
            .push("redirectUri", redirect.clone());
        let created = app.whmcs(&http, create.encode()).await;
        let (id, client_id, secret) = (
            created["credentialId"].as_u64().unwrap(),
            created["clientIdentifier"].as_str().unwrap().to_owned(),
            created["clientSecret"].as_str().unwrap().to_owned(),
        );

        let browser = logged_in(&app, engine).await;
        browser.open(&app, &format!("/credentials/{id}")).await;
        assert_eq!(
            browser.text_of("setup-ok").await,
            "Setup check: the grant, redirect URIs and scopes are what a sign-in needs."
        );
        browser.click("build-sign-in").await;
        let url = browser.text_of("sign-in-url").await;
        let nonce = browser.text_of("sign-in-nonce").await;
        let state = browser.text_of("sign-in-state").await;
        let (endpoint, query) = url.split_once('?').unwrap();
        assert_eq!(endpoint, format!("{}/oauth/authorize.php", app.sandbox_url));
        let query = Params::parse(query);
        assert_eq!(query.get("client_id"), Some(client_id.as_str()));
        assert_eq!(query.get("redirect_uri"), Some(redirect.as_str()));
        assert_eq!(query.get("scope"), Some("openid email"));
        assert_eq!(query.get("state"), Some(state.as_str()));
        assert_eq!(query.get("nonce"), Some(nonce.as_str()));
        assert_eq!(
            query.get("code_challenge"),
            None,
            "no PKCE: WHMCS ignores it"
        );

        // Open it as a person would: client-area login, consent, back to the app.
        browser.client.goto(&url).await.unwrap();
        let email = browser
            .client
            .wait()
            .for_element(Locator::Id("email"))
            .await
            .unwrap();
        email.send_keys("hana.sato@example.com").await.unwrap();
        let password = browser.client.find(Locator::Id("password")).await.unwrap();
        password.send_keys("hana-demo").await.unwrap();
        let login = Locator::Css("button[type=submit]");
        browser
            .client
            .find(login)
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let allow = Locator::Css("button[value=allow]");
        browser
            .client
            .wait()
            .for_element(allow)
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let back = browser
            .eventually("the redirect back to the app", || async {
                let now = browser.client.current_url().await.ok()?;
                now.as_str().starts_with(&redirect).then_some(now)
            })
            .await;
        let back = Params::parse(back.query().unwrap_or_default());
        assert_eq!(back.get("state"), Some(state.as_str()));
        let code = back.get("code").expect("an authorization code").to_owned();

        // The app's side: the code, the secret and the same redirect URI buy an ID token
        // carrying the nonce.
        let mut exchange = Params::new();
        exchange
            .push("grant_type", "authorization_code")
            .push("code", code)
            .push("redirect_uri", redirect.clone())
            .push("client_id", client_id)
            .push("client_secret", secret);
        let tokens: serde_json::Value = app.token_request(&exchange).await.json().await.unwrap();
        let id_token = tokens["id_token"].as_str().expect("an ID token");
        let payload = id_token.split('.').nth(1).unwrap();
        let claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
        assert_eq!(claims["nonce"], nonce.as_str());
        assert!(
            claims.get("email").is_none(),
            "WHMCS's ID token has no email"
        );
        assert_eq!(
            claims["sub"].as_str().unwrap().len(),
            36,
            "the customer's UUID"
        );
        browser.close().await;
    })
    .await;
}

/// The readiness lines after a Test: text, and whether each is ready.
async fn readiness(browser: &crate::support::Browser) -> Vec<(String, bool)> {
    browser
        .eventually("the readiness list", || async {
            let items = browser
                .client
                .find_all(Locator::Css("[data-testid='readiness-line']"))
                .await
                .ok()?;
            let mut lines = Vec::new();
            for item in items {
                let class = item.attr("class").await.ok()??;
                lines.push((item.text().await.ok()?, class.contains("alert-success")));
            }
            (lines.len() == 3).then_some(lines)
        })
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_names_an_ended_service_and_a_closed_account() {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in(&app, Engine::Chromium).await;
        // Credential 11 is for service 105, Terminated.
        browser.open(&app, "/credentials/11").await;
        browser.click("test-credential").await;
        let lines = readiness(&browser).await;
        assert_eq!(
            lines[0],
            (
                "Service 105 (Email Pro) is Terminated: WHMCS provisions single sign-on only for Active or Suspended services. Reactivate the service, or delete this credential.".to_owned(),
                false
            )
        );
        assert!(lines[1].1 && lines[2].1, "{lines:?}");
        // Credential 12's customer, Lucas Moreau, has a Closed account.
        browser.open(&app, "/credentials/12").await;
        browser.click("test-credential").await;
        let lines = readiness(&browser).await;
        assert_eq!(
            lines[1],
            (
                "The customer's account is Closed: WHMCS refuses the sign-on (\"Single Sign-On authentication denied\"). Reopen the account in WHMCS, or delete this credential.".to_owned(),
                false
            )
        );
        browser.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_as_the_customer_lands_in_the_client_area_and_a_closed_account_is_refused() {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in(&app, Engine::Chromium).await;
        browser.open(&app, "/credentials/7").await;
        let panel = browser.client.window().await.unwrap();
        browser.click("sign-in-as-customer").await;
        let link = browser
            .find("sign-in-as-link")
            .await
            .attr("href")
            .await
            .unwrap()
            .unwrap();
        assert!(
            link.starts_with(&format!(
                "{}/oauth/singlesignon.php?module_type=server&module=cpanel&access_token=",
                app.sandbox_url
            )),
            "{link}"
        );
        // The panel opened it in a new tab; where a popup is blocked, the link is there.
        let windows = browser.client.windows().await.unwrap();
        match windows.into_iter().find(|w| *w != panel) {
            Some(tab) => browser.client.switch_to_window(tab).await.unwrap(),
            None => browser.client.goto(&link).await.unwrap(),
        }
        let customer = browser
            .eventually("the client area", || async {
                let el = browser
                    .client
                    .find(Locator::Css("[data-testid='clientarea-customer']"))
                    .await
                    .ok()?;
                el.text().await.ok()
            })
            .await;
        assert_eq!(
            customer,
            "Signed in as Maria Jensen (maria.jensen@example.com), account Active."
        );
        let service = browser.text_of("clientarea-service").await;
        assert_eq!(
            service,
            "Service #101: Business Hosting · nordlys-design.example · Active"
        );
        assert!(
            app.audit_actions()
                .iter()
                .filter(|a| a.starts_with("SignInAsCustomer"))
                .count()
                == 1,
            "the sign-in is audited (its intent line came first)"
        );

        browser.client.switch_to_window(panel).await.unwrap();
        browser.open(&app, "/credentials/12").await;
        browser.click("sign-in-as-customer").await;
        assert_eq!(
            browser.text_of("sign-in-as-result").await,
            "WHMCS refused to sign this customer in: their account is Closed, or single sign-on is not allowed for it. (HTTP 400, WHMCS said: access_denied: Single Sign-On authentication denied)"
        );
        browser.close().await;
    })
    .await;
}
