//! The three browser engines admins use, each through its own WebDriver server from
//! Debian's packages (or crates.io, for geckodriver): how to start the driver and what to
//! ask it for.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

/// The window every engine opens with (the panel's wide layout).
pub const WINDOW: (u32, u32) = (1366, 900);

/// WebKitGTK's own small browser, which `WebKitWebDriver` drives (Debian's
/// `libwebkit2gtk-4.1-0`).
pub const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Blink, as Chrome and Edge: Debian's `chromium` through `chromedriver`.
    Chromium,
    /// Gecko: Debian's `firefox-esr` through `geckodriver`.
    Firefox,
    /// WebKit, the engine Safari uses: WebKitGTK's MiniBrowser through `WebKitWebDriver`,
    /// in a virtual X display (it has no headless mode).
    WebKit,
}

/// `prefers-color-scheme` the page sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorScheme {
    Light,
    Dark,
}

impl ColorScheme {
    pub fn name(self) -> &'static str {
        match self {
            ColorScheme::Light => "light",
            ColorScheme::Dark => "dark",
        }
    }
}

impl Engine {
    pub const ALL: [Engine; 3] = [Engine::Chromium, Engine::Firefox, Engine::WebKit];

    /// `chromium`, `firefox` or `webkit` (the names tests are generated under).
    pub fn named(name: &str) -> Engine {
        match name {
            "chromium" => Engine::Chromium,
            "firefox" => Engine::Firefox,
            "webkit" => Engine::WebKit,
            other => panic!("no engine named {other}"),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
            Engine::WebKit => "webkit",
        }
    }

    /// The WebDriver server: its environment variable (a path) or its name on PATH.
    pub fn driver(self) -> String {
        let (var, program) = match self {
            Engine::Chromium => ("CHROMEDRIVER", "chromedriver"),
            Engine::Firefox => ("GECKODRIVER", "geckodriver"),
            Engine::WebKit => ("WEBKITWEBDRIVER", "WebKitWebDriver"),
        };
        std::env::var(var).unwrap_or_else(|_| program.to_owned())
    }

    /// The command that starts the driver on `port` (WebKitGTK takes its colour scheme from
    /// the GTK theme it starts with).
    pub(crate) fn driver_command(
        self,
        driver: &str,
        port: u16,
        scheme: Option<ColorScheme>,
    ) -> Command {
        match self {
            Engine::Chromium => {
                let mut c = Command::new(driver);
                c.arg(format!("--port={port}"));
                c
            }
            Engine::Firefox => {
                let mut c = Command::new(driver);
                // Its own BiDi port too: the default (9222) would clash between tests.
                let bidi = crate::free_port().unwrap_or(0);
                c.args(["--host", "127.0.0.1", "--port", &port.to_string()])
                    .args(["--websocket-port", &bidi.to_string()]);
                c
            }
            Engine::WebKit => {
                // A virtual display of its own, big enough for the window.
                let mut c = Command::new("xvfb-run");
                c.args(["-a", "-s", "-screen 0 1920x1200x24", driver])
                    .arg(format!("--port={port}"));
                if let Some(scheme) = scheme {
                    let theme = match scheme {
                        ColorScheme::Light => "Adwaita",
                        ColorScheme::Dark => "Adwaita:dark",
                    };
                    c.env("GTK_THEME", theme);
                }
                c
            }
        }
    }

    /// The session's capabilities: a fresh profile in `profile` and the colour scheme.
    pub(crate) fn capabilities(
        self,
        profile: &Path,
        scheme: Option<ColorScheme>,
    ) -> serde_json::Map<String, Value> {
        let mut caps = serde_json::Map::new();
        match self {
            Engine::Chromium => {
                let mut chrome = json!({
                    "args": [
                        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--disable-extensions",
                        format!("--window-size={},{}", WINDOW.0, WINDOW.1),
                        // Measurements must not be slowed down as if the tab were in the background.
                        "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                        "--disable-backgrounding-occluded-windows",
                        format!("--user-data-dir={}", profile.display()),
                    ]
                });
                if let Some(bin) = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
                    .into_iter()
                    .find(|p| Path::new(p).is_file())
                {
                    chrome["binary"] = json!(bin);
                }
                caps.insert("goog:chromeOptions".into(), chrome);
            }
            Engine::Firefox => {
                let mut prefs = json!({
                    // Nothing reaches out to Mozilla's services (the network is closed).
                    "app.update.enabled": false,
                    "browser.shell.checkDefaultBrowser": false,
                    "datareporting.policy.dataSubmissionEnabled": false,
                    "toolkit.telemetry.enabled": false,
                    "network.captive-portal-service.enabled": false,
                    "network.connectivity-service.enabled": false,
                    "browser.safebrowsing.malware.enabled": false,
                    "browser.safebrowsing.phishing.enabled": false,
                    "extensions.update.enabled": false,
                    // Blob downloads are saved without asking.
                    "browser.download.useDownloadDir": true,
                    "browser.download.dir": profile.join("downloads").display().to_string(),
                    "browser.download.folderList": 2,
                });
                if let Some(scheme) = scheme {
                    // 0 dark, 1 light: what `prefers-color-scheme` answers in pages.
                    prefs["layout.css.prefers-color-scheme.content-override"] =
                        json!(if scheme == ColorScheme::Dark { 0 } else { 1 });
                }
                let mut firefox = json!({
                    "args": ["-headless", "-no-remote",
                             format!("--width={}", WINDOW.0), format!("--height={}", WINDOW.1)],
                    "prefs": prefs,
                });
                if Path::new("/usr/bin/firefox-esr").is_file() {
                    firefox["binary"] = json!("/usr/bin/firefox-esr");
                }
                caps.insert("moz:firefoxOptions".into(), firefox);
            }
            Engine::WebKit => {
                caps.insert(
                    "webkitgtk:browserOptions".into(),
                    json!({ "binary": MINIBROWSER, "args": ["--automation"] }),
                );
            }
        }
        caps
    }
}
