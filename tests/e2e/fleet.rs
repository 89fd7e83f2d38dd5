//! End to end: fleet hygiene. The Findings page after reading the whole installation, a
//! finding's filtered list and a credential's own findings; a bulk change previewed, run
//! as a job with a visible progress bar and its report; a bulk reset's secrets downloaded
//! once.

use crate::support::pages::ListPage;
use crate::support::{Browser, DemoApp, Engine, logged_in, within_timeout};

/// What a same-origin GET answers, read inside the page (the session cookie goes with it).
async fn fetched(browser: &Browser, path: &str) -> String {
    browser
        .eval_async(
            "const [path] = arguments; const done = arguments[arguments.length - 1];
             fetch(path).then(r => r.text()).then(done, e => done(String(e)));",
            vec![serde_json::json!(path)],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn findings_of_the_whole_installation_lead_to_their_credentials() {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in(&app, Engine::Chromium).await;
        ListPage(&browser).wait_for_count(20).await;
        browser.click("nav-findings").await;
        browser.click("installation-context-load").await;
        browser
            .eventually("the whole installation read", || async {
                let t = browser.text_of("installation-context-text").await;
                t.starts_with("The whole installation is read").then_some(())
            })
            .await;
        assert_eq!(
            browser.text_of("installation-context-text").await,
            "The whole installation is read: services 9 of 9, customers 5."
        );
        let cell = |key: &'static str, part: &'static str| {
            let browser = &browser;
            async move {
                browser
                    .text_at(&format!("[data-testid='finding-{key}'] {part}"))
                    .await
            }
        };
        // Each row: its severity, its count, what WHMCS does and the fix.
        assert_eq!(cell("no-redirect-uri", ".severity").await, "Danger");
        assert!(
            cell("client-closed", "td:nth-child(4)")
                .await
                .contains("Single Sign-On authentication denied")
        );
        for (key, n) in [
            ("no-redirect-uri", "1"),
            ("unsafe-redirect-uri", "1"),
            ("service-ended", "2"),
            ("client-closed", "1"),
            ("service-not-active", "2"),
            ("duplicate-sso", "2"),
            ("missing-sso-scope", "1"),
            ("unknown-scope", "1"),
            ("missing-openid", "1"),
            ("duplicate-redirect-uri", "1"),
            ("stale", "1"),
        ] {
            assert_eq!(cell(key, "[data-testid='finding-count']").await, n, "{key}");
        }
        assert!(
            browser
                .client
                .find_all(fantoccini::Locator::Css("[data-testid='findings-unjudged']"))
                .await
                .unwrap()
                .is_empty(),
            "every credential judged"
        );
        // A finding opens the list of exactly those credentials.
        browser
            .click_at("[data-testid='finding-unsafe-redirect-uri'] [data-testid='finding-link']")
            .await;
        let list = ListPage(&browser);
        list.wait_for_ids(&[14]).await;
        assert_eq!(
            browser.path_and_query().await,
            "/?finding=unsafe-redirect-uri"
        );
        assert!(browser.text_of("finding-filter").await.contains("Unsafe redirect URI"));
        // The credential's page leads with its findings.
        browser.click("row-name").await;
        let box_text = browser.text_of("credential-findings").await;
        assert!(
            box_text.contains("Unsafe redirect URI: http://intranet.acme-hosting.example/callback sends codes over plain http://"),
            "{box_text}"
        );
        assert!(box_text.contains("Not changed for over a year"), "{box_text}");
        browser.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_change_is_previewed_then_runs_as_a_job_with_its_report() {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in(&app, Engine::Chromium).await;
        let list = ListPage(&browser);
        list.wait_for_count(20).await;
        list.select("filter-grant", "single_sign_on").await;
        list.wait_for_count(10).await;
        assert_eq!(
            browser.text_of("bulk-change-open").await,
            "Change all 10 shown…"
        );
        browser.click("bulk-change-open").await;
        list.select("bulk-kind", "addScopes").await;
        browser.click("bulk-preview-run").await;
        assert_eq!(
            browser.text_of("bulk-mistake").await,
            "Choose at least one scope."
        );
        browser
            .type_into("bulk-scopes", "clientarea:services")
            .await;
        browser.click("bulk-preview-run").await;
        assert_eq!(
            browser.text_of("bulk-counts").await,
            "9 will change, 1 already are so, 0 WHMCS would refuse."
        );
        let preview = browser.text_of("bulk-preview").await;
        assert!(
            preview.contains("clientarea:sso clientarea:services clientarea:product_details"),
            "before → after in catalogue order: {preview}"
        );
        assert_eq!(
            browser.text_of("bulk-confirm").await,
            "Add the scopes to 9 credentials"
        );
        browser.click("bulk-confirm").await;
        browser
            .eventually("the job's page", || async {
                browser
                    .path_and_query()
                    .await
                    .starts_with("/jobs/")
                    .then_some(())
            })
            .await;
        assert_eq!(
            browser.text_of("job-label").await,
            "Add scopes: clientarea:services"
        );
        browser.find("job-counts").await;
        let bar = browser
            .client
            .find(fantoccini::Locator::Css("[role='progressbar']"))
            .await
            .unwrap();
        assert!(bar.is_displayed().await.unwrap(), "the progress bar shows");
        browser
            .eventually("the job finished", || async {
                (browser.text_of("job-state").await == "Finished").then_some(())
            })
            .await;
        assert_eq!(
            browser.text_of("job-counts").await,
            "9 done, 0 failed, 0 left of 9"
        );
        let report = browser
            .find("job-report-csv")
            .await
            .attr("href")
            .await
            .unwrap()
            .unwrap();
        let csv = fetched(&browser, &report).await;
        let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
        assert_eq!(
            lines[0],
            "credentialId,clientIdentifier,name,before,after,outcome,message"
        );
        assert_eq!(lines.len(), 10, "{csv}");
        assert!(lines[1..].iter().all(|l| l.ends_with(",done,")), "{csv}");
        // The jobs page lists it.
        browser.click("nav-jobs").await;
        assert!(
            browser
                .text_of("job-row")
                .await
                .contains("Add scopes: clientarea:services")
        );
        browser.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_resets_new_secrets_are_downloaded_once() {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in(&app, Engine::Chromium).await;
        let list = ListPage(&browser);
        list.wait_for_count(20).await;
        list.search("webmail").await;
        list.wait_for_ids(&[11]).await;
        browser.click("bulk-change-open").await;
        list.select("bulk-kind", "resetSecrets").await;
        assert!(
            browser
                .text_of("bulk-reset-warning")
                .await
                .starts_with("Every integration using these credentials stops working at once")
        );
        browser.click("bulk-preview-run").await;
        assert_eq!(
            browser.text_of("bulk-confirm").await,
            "Reset the secrets of 1 credential"
        );
        browser.click("bulk-confirm").await;
        browser
            .eventually("the job finished", || async {
                (browser.text_of("job-state").await == "Finished").then_some(())
            })
            .await;
        assert!(
            browser
                .text_of("job-secrets")
                .await
                .starts_with("1 new secret wait here, shown once")
        );
        browser.keep_saved_files().await;
        browser.click("job-secrets-csv").await;
        let file = browser.last_saved_file().await;
        let lines: Vec<&str> = file.trim_end().split("\r\n").collect();
        assert_eq!(lines[0], "credentialId,clientIdentifier,clientSecret");
        let fields: Vec<&str> = lines[1].split(',').collect();
        assert_eq!(fields[0], "11");
        assert_eq!(fields[2].len(), 88, "a WHMCS secret: {file}");
        // WHMCS accepts the new secret; the gateway keeps no copy.
        assert_eq!(
            app.secret_check(fields[1], fields[2]).await,
            "unauthorized_client"
        );
        browser
            .eventually("the secrets box gone", || async {
                browser
                    .client
                    .find_all(fantoccini::Locator::Css("[data-testid='job-secrets']"))
                    .await
                    .ok()?
                    .is_empty()
                    .then_some(())
            })
            .await;
        let id = browser
            .path_and_query()
            .await
            .trim_start_matches("/jobs/")
            .to_owned();
        let again = fetched(&browser, &format!("/api/jobs/{id}")).await;
        assert!(again.contains("\"secretsHeld\":0"), "{again}");
        browser.close().await;
    })
    .await;
}
