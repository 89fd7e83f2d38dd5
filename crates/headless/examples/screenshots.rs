//! Screenshots of a running panel as people see it: every page given, at 1366×900 and at
//! 390×844, in the light and the dark theme, after logging in through the gateway. Each is
//! taken twice: the first screen (`…-light.png`), and the whole page (`…-light-full.png`).
//! A path may carry JavaScript to run once the page has loaded, after a `|` (an open
//! picker, say: `'/credentials/new|document.querySelector("…").click()'`); its files end
//! in `-then`.
//!
//! ```sh
//! cargo xtask demo &    # or any running gateway
//! cargo run -p headless --example screenshots -- http://127.0.0.1:8080 \
//!     demo-admin demo-admin-secret target/screenshots / /credentials/1 /credentials/new
//! ```

use std::time::Duration;

use base64::Engine;
use serde_json::json;

const SIZES: [(&str, u32, u32); 2] = [("wide", 1366, 900), ("phone", 390, 844)];
const THEMES: [&str; 2] = ["light", "dark"];

#[tokio::main]
async fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, identifier, secret, out, paths @ ..] = args.as_slice() else {
        return Err("usage: screenshots BASE_URL IDENTIFIER SECRET OUT_DIR PATH…".into());
    };
    std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
    let browser = headless::Browser::start("chromedriver").await?;
    browser
        .client
        .goto(&format!("{base}/login"))
        .await
        .map_err(|e| e.to_string())?;
    let status = browser
        .eval_async(
            "const done = arguments[arguments.length - 1];
             fetch('/api/session', {method: 'POST', headers: {'content-type': 'application/json'},
                 body: JSON.stringify({identifier: arguments[0], secret: arguments[1]})})
               .then(r => done(r.status), e => done(String(e)));",
            vec![json!(identifier), json!(secret)],
        )
        .await?;
    if status != json!(200) {
        return Err(format!("login answered {status}"));
    }
    for (size, width, height) in SIZES {
        browser
            .cdp(
                "Emulation.setDeviceMetricsOverride",
                json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500}),
            )
            .await?;
        for theme in THEMES {
            browser
                .cdp(
                    "Emulation.setEmulatedMedia",
                    json!({"features": [{"name": "prefers-color-scheme", "value": theme}]}),
                )
                .await?;
            for arg in paths {
                let (path, then) = match arg.split_once('|') {
                    Some((path, script)) => (path, Some(script)),
                    None => (arg.as_str(), None),
                };
                browser
                    .client
                    .goto(&format!("{base}{path}"))
                    .await
                    .map_err(|e| e.to_string())?;
                // Let the panel load its data and settle; this is for people to look at.
                tokio::time::sleep(Duration::from_millis(1500)).await;
                if let Some(script) = then {
                    browser.eval(script, vec![]).await?;
                    tokio::time::sleep(Duration::from_millis(1000)).await;
                }
                let name = path.trim_matches('/').replace('/', "-");
                let name = if name.is_empty() { "list" } else { &name };
                let name = if then.is_some() {
                    format!("{name}-then")
                } else {
                    name.to_owned()
                };
                let metrics = browser.cdp("Page.getLayoutMetrics", json!({})).await?;
                let full_height = metrics["cssContentSize"]["height"].as_f64().unwrap_or(0.0);
                for (suffix, params) in [
                    ("", json!({"format": "png"})),
                    (
                        "-full",
                        json!({"format": "png", "captureBeyondViewport": true,
                               "clip": {"x": 0, "y": 0, "width": width, "height": full_height, "scale": 1}}),
                    ),
                ] {
                    let shot = browser.cdp("Page.captureScreenshot", params).await?;
                    let png = base64::engine::general_purpose::STANDARD
                        .decode(shot["data"].as_str().unwrap_or_default())
                        .map_err(|e| e.to_string())?;
                    let file = format!("{out}/{name}-{size}-{theme}{suffix}.png");
                    std::fs::write(&file, png).map_err(|e| e.to_string())?;
                    println!("{file}");
                }
            }
        }
    }
    browser.close().await;
    Ok(())
}
