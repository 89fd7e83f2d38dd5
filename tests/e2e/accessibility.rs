//! Accessibility measured: axe-core (its WCAG 2.0/2.1 A and AA rules) over every page of the
//! panel, in the light and the dark theme, finds no serious or critical violation.

use std::path::PathBuf;

use crate::support::{Browser, ColorScheme, DemoApp, Engine, in_engines, log_in, within_timeout};

/// axe-core's browser script: `AXE_CORE_JS` (set by `cargo xtask test`) or where
/// `cargo xtask setup` installs it.
fn axe_source() -> String {
    let path = std::env::var_os("AXE_CORE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target/tools/axe-core/node_modules/axe-core/axe.min.js")
        });
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is not at {} ({e}): run `cargo xtask setup` or `cargo xtask test`",
            path.display()
        )
    })
}

/// The serious and critical violations on the page as it is now, one line each.
async fn violations(browser: &Browser, axe: &str) -> Vec<String> {
    browser
        .eval(&format!("{axe}\n;return true;"), vec![])
        .await
        .unwrap();
    let found = browser
        .eval_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
               .then(r => done(r.violations
                   .filter(v => v.impact === 'serious' || v.impact === 'critical')
                   .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' +
                        v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))),
                     e => done(['axe-core failed: ' + e]));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

in_engines!(every_page_in_both_themes_has_no_serious_violation: chromium, firefox, webkit);
async fn every_page_in_both_themes_has_no_serious_violation(engine: Engine) {
    within_timeout(async {
        let axe = axe_source();
        let app = DemoApp::start().await;
        let mut found = Vec::new();
        // A browser per theme: Firefox takes its colour scheme from its profile, WebKitGTK from
        // the GTK theme it starts with.
        for scheme in [ColorScheme::Light, ColorScheme::Dark] {
            let name = scheme.name();
            let browser = Browser::start_with(engine, Some(scheme)).await;
            browser.open(&app, "/login").await;
            browser.find("login-submit").await;
            let dark = browser
                .eval(
                    "return matchMedia('(prefers-color-scheme: dark)').matches;",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(
                dark,
                scheme == ColorScheme::Dark,
                "the page sees the {name} theme"
            );
            for v in violations(&browser, &axe).await {
                found.push(format!("{name} /login: {v}"));
            }
            let browser = log_in(browser, &app, app.login.0, app.login.1).await;
            for (path, ready) in [
                ("/", "row-name"),
                ("/credentials/7", "test-credential"),
                ("/credentials/4", "build-sign-in"),
                ("/credentials/new", "grant-single_sign_on"),
            ] {
                browser.open(&app, path).await;
                browser.find(ready).await;
                for v in violations(&browser, &axe).await {
                    found.push(format!("{name} {path}: {v}"));
                }
            }
            // The create form once a grant is chosen.
            browser.click("grant-authorization_code").await;
            browser.find("name").await;
            for v in violations(&browser, &axe).await {
                found.push(format!("{name} /credentials/new (authorization code): {v}"));
            }
            browser.close().await;
        }
        assert!(found.is_empty(), "axe-core found:\n{}", found.join("\n"));
    })
    .await;
}
