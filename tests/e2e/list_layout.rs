//! End to end: the list as a person reads it at 1366×900 — at least fifteen rows on the
//! first screen, one line each, a remembered row density — and its export of what is shown.

use crate::support::pages::ListPage;
use crate::support::{DEMO_CREDENTIALS, DemoApp, Engine, in_engines, logged_in, within_timeout};

in_engines!(a_wide_screen_shows_fifteen_rows_one_line_each_and_keeps_the_density: chromium, firefox, webkit);
async fn a_wide_screen_shows_fifteen_rows_one_line_each_and_keeps_the_density(engine: Engine) {
    within_timeout(async {
        let app = DemoApp::start().await;
        app.add_sso_credentials(10).await;
        let browser = logged_in(&app, engine).await;
        browser.set_viewport(1366, 900).await.unwrap();
        ListPage(&browser).wait_for_count(30).await;
        let measure = "const wrap = document.querySelector('.table-wrap').getBoundingClientRect();
            const bottom = Math.min(wrap.bottom, window.innerHeight);
            const rows = [...document.querySelectorAll(\"[data-testid='row']\")];
            return {
              visible: rows.filter(r => r.getBoundingClientRect().bottom <= bottom).length,
              heights: [...new Set(rows.map(r => Math.round(r.getBoundingClientRect().height)))],
              sideways: document.documentElement.scrollWidth > window.innerWidth,
            };";
        let fit = browser.eval(measure, vec![]).await.unwrap();
        assert!(fit["visible"].as_u64().unwrap() >= 15, "{fit}");
        assert_eq!(
            fit["heights"].as_array().unwrap().len(),
            1,
            "one line per row: {fit}"
        );
        assert_eq!(fit["sideways"], false, "{fit}");

        // Comfortable rows are taller, and the choice survives a reload.
        browser.click("density").await;
        browser.client.refresh().await.unwrap();
        ListPage(&browser).wait_for_count(30).await;
        assert_eq!(
            browser
                .find("density")
                .await
                .attr("aria-pressed")
                .await
                .unwrap()
                .as_deref(),
            Some("true")
        );
        let roomy = browser.eval(measure, vec![]).await.unwrap();
        assert!(
            roomy["heights"][0].as_u64() > fit["heights"][0].as_u64(),
            "{roomy} vs {fit}"
        );
        browser.close().await;
    })
    .await;
}

in_engines!(export_saves_the_rows_the_search_shows_without_secrets: chromium, firefox, webkit);
async fn export_saves_the_rows_the_search_shows_without_secrets(engine: Engine) {
    within_timeout(async {
        let app = DemoApp::start().await;
        let browser = logged_in(&app, engine).await;
        let list = ListPage(&browser);
        list.wait_for_count(DEMO_CREDENTIALS as usize).await;
        list.search("sso").await;
        // The nine single sign-on credentials of the demo (the search has applied).
        let shown = list.wait_for_count(9).await;
        // Keep what the panel hands the browser to save.
        browser.keep_saved_files().await;
        let saved = async |button: &str| {
            browser.click(button).await;
            browser.last_saved_file().await
        };
        let csv = saved("export-csv").await;
        let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
        assert!(lines[0].starts_with("credentialId,name,description,grantTypes"));
        let ids: Vec<u64> = lines[1..]
            .iter()
            .map(|l| l.split(',').next().unwrap().parse().unwrap())
            .collect();
        let mut expected = shown.clone();
        expected.sort_unstable();
        let mut got = ids.clone();
        got.sort_unstable();
        assert_eq!(got, expected, "every row the search shows, and only those");

        let json: serde_json::Value = serde_json::from_str(&saved("export-json").await).unwrap();
        assert_eq!(json.as_array().unwrap().len(), shown.len());
        assert!(
            json.as_array()
                .unwrap()
                .iter()
                .all(|c| c.get("clientSecret").is_none())
        );
        browser.close().await;
    })
    .await;
}
