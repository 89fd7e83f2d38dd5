//! Shared by the end-to-end tests: a browser (Chromium, Firefox or WebKit) driven over
//! WebDriver, and the gateway's demo started in-process on a free port. Both are torn down
//! on drop, even when a test panics, so no browser outlives its test.

pub mod pages;

pub use headless::{ColorScheme, Engine};

/// One test per engine for the flow `async fn $flow(engine: Engine)`: `$flow::chromium`,
/// `$flow::firefox`, `$flow::webkit` (only the engines named), so a filter or a failure
/// names the engine.
macro_rules! in_engines {
    ($flow:ident: $($engine:ident),+ $(,)?) => {
        mod $flow {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $engine() {
                    super::$flow($crate::support::Engine::named(stringify!($engine))).await
                }
            )+
        }
    };
}
pub(crate) use in_engines;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::json;

/// The longest any single end-to-end test may run before it is failed.
/// How many OAuth credentials the demo installation starts with (`demo.toml`).
pub const DEMO_CREDENTIALS: u64 = 20;

pub const TEST_TIMEOUT: Duration = Duration::from_secs(90);
/// How long to wait for one element to appear.
pub const ELEMENT_TIMEOUT: Duration = Duration::from_secs(20);

/// Trunk's output: `OAUTH_ADMIN_DIST` (set by `cargo xtask test`) or `./dist`.
pub fn dist_dir() -> PathBuf {
    let dist = std::env::var_os("OAUTH_ADMIN_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist"));
    assert!(
        dist.join("index.html").is_file(),
        "no built panel in {}: run `cargo xtask test`, which builds it before the tests",
        dist.display()
    );
    dist
}

/// The demo (sandbox with demo data plus gateway) on a free port, stopped on drop.
pub struct DemoApp {
    pub url: String,
    /// The "Sign in with WHMCS" demo app.
    pub app_url: String,
    /// The embedded sandbox (its OAuth endpoints live there).
    pub sandbox_url: String,
    /// The demo login: the full-access API credential.
    pub login: (&'static str, &'static str),
    pub audit_log: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl DemoApp {
    pub async fn start() -> DemoApp {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let audit_log = std::env::temp_dir().join(format!(
            "oauth-admin-e2e-audit-{}-{}.log",
            std::process::id(),
            free_port()
        ));
        let options = gateway::demo::DemoOptions {
            listen: "127.0.0.1:0".parse().unwrap(),
            dist: dist_dir(),
            audit_log: audit_log.clone(),
            db: None,
            bulk_credentials: 0,
            app_listen: "127.0.0.1:0".parse().unwrap(),
        };
        let demo = gateway::demo::start(options, async {
            let _ = stopped.await;
        })
        .await
        .expect("the demo starts");
        DemoApp {
            url: demo.gateway.url(),
            app_url: demo.app.url(),
            sandbox_url: demo.sandbox.base_url(),
            login: demo.login(),
            audit_log,
            stop: Some(stop),
        }
    }
}

impl DemoApp {
    /// Stops the gateway (and its sandbox): the browser keeps its loaded page.
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl Drop for DemoApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = std::fs::remove_file(&self.audit_log);
    }
}

/// A browser (its driver's process group, killed on drop) with the page helpers the tests
/// share; `client` is the WebDriver session.
pub struct Browser {
    session: headless::Browser,
}

impl std::ops::Deref for Browser {
    type Target = headless::Browser;

    fn deref(&self) -> &headless::Browser {
        &self.session
    }
}

impl Browser {
    pub async fn start(engine: Engine) -> Browser {
        Self::start_with(engine, None).await
    }

    /// A browser whose pages see `scheme` as their `prefers-color-scheme`.
    pub async fn start_with(engine: Engine, scheme: Option<ColorScheme>) -> Browser {
        let session = headless::Browser::launch(engine, scheme)
            .await
            .unwrap_or_else(|e| panic!("no {engine:?} session: {e}"));
        Browser { session }
    }

    /// Ends the browser session (the browser quits).
    pub async fn close(&self) {
        self.client
            .clone()
            .close()
            .await
            .expect("the browser session closes");
    }

    /// Waits for the element and returns its text (see `text_at`).
    pub async fn text_of(&self, testid: &str) -> String {
        self.text_at(&Self::css(testid)).await
    }

    /// The text of the first element `css` matches as a person sees it, read again if the
    /// page replaced the element while it was being read. Its `innerText` (empty when it is
    /// not rendered) laid out as WebDriver's element text is — cells apart by a space, one
    /// line break between blocks, no-break spaces plain — read by script because
    /// WebKitWebDriver's element text leaves text right inside a table cell out.
    pub async fn text_at(&self, css: &str) -> String {
        const VISIBLE_TEXT: &str = r"const e = arguments[0];
            if (!e.checkVisibility()) return '';
            return e.innerText.replace(/\u00a0/g, ' ').replace(/\t/g, ' ')
                .replace(/ *\n */g, '\n').replace(/\n{2,}/g, '\n').trim();";
        let text = self
            .on_element(css, "text of", |found| async move {
                let arg = serde_json::to_value(&found).expect("an element is JSON");
                self.client.execute(VISIBLE_TEXT, vec![arg]).await
            })
            .await;
        text.as_str().unwrap_or_default().to_owned()
    }

    /// Waits for the first element `css` matches and runs `act` on it. The panel re-renders
    /// as data arrives, so an element found a moment ago may have been replaced: then it is
    /// found again and `act` retried, until the element timeout.
    async fn on_element<T, F, Fut>(&self, css: &str, what: &str, act: F) -> T
    where
        F: Fn(fantoccini::elements::Element) -> Fut,
        Fut: std::future::Future<Output = Result<T, fantoccini::error::CmdError>>,
    {
        let deadline = Instant::now() + ELEMENT_TIMEOUT;
        loop {
            let found = self
                .client
                .wait()
                .at_most(ELEMENT_TIMEOUT)
                .for_element(Locator::Css(css))
                .await
                .unwrap_or_else(|e| panic!("element {css} did not appear: {e}"));
            match act(found).await {
                Ok(done) => return done,
                // Stale: the element was replaced while we used it.
                Err(_) if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => panic!("{what} {css}: {e}"),
            }
        }
    }
}

fn free_port() -> u16 {
    headless::free_port().expect("a free port")
}

/// Runs a test body under the hard timeout.
pub async fn within_timeout<F: std::future::Future<Output = ()>>(body: F) {
    tokio::time::timeout(TEST_TIMEOUT, body)
        .await
        .expect("the test finished within its hard timeout");
}

impl Browser {
    /// Keeps every file the page hands the browser to save from now on (its Blob).
    pub async fn keep_saved_files(&self) {
        self.eval(
            "window.savedFiles = [];
             const make = URL.createObjectURL;
             URL.createObjectURL = blob => { window.savedFiles.push(blob); return make(blob); };",
            vec![],
        )
        .await
        .unwrap();
    }

    /// The text of the last file the page saved (waiting for one).
    pub async fn last_saved_file(&self) -> String {
        self.eventually("a saved file", || async {
            let text = self
                .eval_async(
                    "const done = arguments[arguments.length - 1];
                     const f = window.savedFiles.pop();
                     f ? f.text().then(done) : done(null);",
                    vec![],
                )
                .await
                .ok()?;
            text.as_str().map(str::to_owned)
        })
        .await
    }
}

impl Browser {
    /// `[data-testid='…']`.
    pub fn css(testid: &str) -> String {
        format!("[data-testid='{testid}']")
    }

    /// Waits for the element and returns it.
    pub async fn find(&self, testid: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(ELEMENT_TIMEOUT)
            .for_element(Locator::Css(&Self::css(testid)))
            .await
            .unwrap_or_else(|e| panic!("element {testid} did not appear: {e}"))
    }

    pub async fn click(&self, testid: &str) {
        self.click_at(&Self::css(testid)).await;
    }

    /// Clicks the first element `css` matches, found again if the page replaced it first.
    pub async fn click_at(&self, css: &str) {
        self.on_element(css, "click on", |found| async move { found.click().await })
            .await;
    }

    /// Replaces the text of an input the way a person does (select all, delete, type), so
    /// the page sees `input` events; WebDriver's `clear` fires none.
    pub async fn type_into(&self, testid: &str, text: &str) {
        use fantoccini::key::Key;
        let el = self.find(testid).await;
        let select_all_delete = format!(
            "{}a{}{}",
            char::from(Key::Control),
            char::from(Key::Null),
            char::from(Key::Backspace)
        );
        el.send_keys(&select_all_delete).await.expect("clear");
        if !text.is_empty() {
            el.send_keys(text).await.expect("type");
        }
    }

    /// Opens a path of the panel, as typing it into the address bar would.
    pub async fn open(&self, app: &DemoApp, path: &str) {
        self.client
            .goto(&format!("{}{path}", app.url))
            .await
            .unwrap();
    }

    pub async fn path_and_query(&self) -> String {
        let url = self.client.current_url().await.expect("url");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Polls `probe` until it returns `Some`, or fails after the element timeout.
    pub async fn eventually<T, F, Fut>(&self, what: &str, mut probe: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Option<T>>,
    {
        let deadline = Instant::now() + ELEMENT_TIMEOUT;
        loop {
            if let Some(v) = probe().await {
                return v;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl DemoApp {
    /// An HTTP client logged in to the gateway as the demo credential.
    pub async fn api_client(&self) -> reqwest::Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::ORIGIN, self.url.parse().unwrap());
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .default_headers(headers)
            .build()
            .unwrap();
        let login = http
            .post(format!("{}/api/session", self.url))
            .json(&json!({"identifier": self.login.0, "secret": self.login.1}))
            .send()
            .await
            .unwrap();
        assert!(login.status().is_success());
        http
    }

    /// Creates `n` single sign-on credentials through the gateway, as the demo login.
    pub async fn add_sso_credentials(&self, n: usize) {
        let http = self.api_client().await;
        for i in 0..n {
            let body = format!(
                "action=CreateOAuthCredential&grantType=single_sign_on&serviceId=101&scope=clientarea%3Asso&name=Bulk+{i:03}"
            );
            let r = self.whmcs(&http, body).await;
            assert_eq!(r["result"], "success", "{r}");
        }
    }

    /// `POST /api/whmcs` with a form body, through a client from `api_client`.
    pub async fn whmcs(&self, http: &reqwest::Client, body: String) -> serde_json::Value {
        http.post(format!("{}/api/whmcs", self.url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

/// A browser on the demo, logged in with the demo credential, on the list.
pub async fn logged_in(app: &DemoApp, engine: Engine) -> Browser {
    logged_in_as(app, engine, app.login.0, app.login.1).await
}

/// A browser on the demo (Chromium), logged in as the demo's read-only support role, which
/// may only list credentials.
pub async fn logged_in_as_support(app: &DemoApp) -> Browser {
    logged_in_as(app, Engine::Chromium, "demo-support", "demo-support-secret").await
}

/// A browser on the demo, logged in with this API credential, on the list.
pub async fn logged_in_as(
    app: &DemoApp,
    engine: Engine,
    identifier: &str,
    secret: &str,
) -> Browser {
    log_in(Browser::start(engine).await, app, identifier, secret).await
}

/// `browser` logged in to the demo with this API credential, on the list.
pub async fn log_in(browser: Browser, app: &DemoApp, identifier: &str, secret: &str) -> Browser {
    browser
        .client
        .goto(&format!("{}/login", app.url))
        .await
        .expect("page opens");
    pages::LoginPage(&browser).log_in(identifier, secret).await;
    browser.find("credentials-table").await;
    browser
}

impl DemoApp {
    /// The token endpoint's error for a `client_credentials` request with this secret, as
    /// WHMCS proves a secret: `unauthorized_client` when it accepted it, `invalid_client`
    /// when not (contract point 19).
    pub async fn secret_check(&self, client_id: &str, secret: &str) -> String {
        let body: whmcs_api::Params = [
            ("grant_type", "client_credentials"),
            ("client_id", client_id),
            ("client_secret", secret),
        ]
        .into_iter()
        .collect();
        let answer: serde_json::Value = self.token_request(&body).await.json().await.unwrap();
        answer["error"].as_str().unwrap_or_default().to_owned()
    }

    /// A form POST to the sandbox's token endpoint.
    pub async fn token_request(&self, form: &whmcs_api::Params) -> reqwest::Response {
        reqwest::Client::new()
            .post(format!("{}/oauth/token.php", self.sandbox_url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.encode())
            .send()
            .await
            .unwrap()
    }

    /// The audited actions, one per change or reveal: their outcome lines (each change
    /// also has an intent line, written before WHMCS was asked).
    pub fn audit_actions(&self) -> Vec<String> {
        std::fs::read_to_string(&self.audit_log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|entry| entry["phase"] == "outcome")
            .map(|entry| entry["action"].as_str().unwrap().to_owned())
            .collect()
    }
}
