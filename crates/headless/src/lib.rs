//! A browser driven over WebDriver — Chromium, Firefox or WebKit (see `engine`), from the
//! packages `cargo xtask setup` installs — with a fresh profile, killed with its driver's
//! whole process group on drop (even when a test panics). In Chromium, DevTools Protocol
//! commands go through chromedriver's `goog/cdp/execute` endpoint. Shared by the end-to-end
//! tests and the benchmarks.

mod engine;

pub use engine::{ColorScheme, Engine, MINIBROWSER, WINDOW};

use std::os::unix::process::CommandExt;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

pub struct Browser {
    pub client: Client,
    pub engine: Engine,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts `chromedriver` (a path or a name on PATH) and a Chromium session.
    pub async fn start(chromedriver: &str) -> Result<Browser, String> {
        Self::launch_with(Engine::Chromium, chromedriver, None).await
    }

    /// Starts `engine`'s driver (see `Engine::driver`) and a session in it, the page seeing
    /// `scheme` as its `prefers-color-scheme` when one is given.
    pub async fn launch(engine: Engine, scheme: Option<ColorScheme>) -> Result<Browser, String> {
        Self::launch_with(engine, &engine.driver(), scheme).await
    }

    async fn launch_with(
        engine: Engine,
        driver: &str,
        scheme: Option<ColorScheme>,
    ) -> Result<Browser, String> {
        let port = free_port()?;
        let driver_process = engine
            .driver_command(driver, port, scheme)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so the browser's processes die with it.
            .process_group(0)
            .spawn()
            .map_err(|e| format!("{driver}: {e} (cargo xtask setup installs it)"))?;
        let mut guard = Guard(Some(driver_process));
        let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
        let caps = engine.capabilities(profile.path(), scheme);
        let client = connect(engine, &format!("http://127.0.0.1:{port}"), caps).await?;
        let browser = Browser {
            client,
            engine,
            driver: guard.0.take().expect("the driver is still guarded"),
            _profile: profile,
        };
        match engine {
            // Chromium's window is sized by its flags; its colour scheme is emulated.
            Engine::Chromium => {
                if let Some(scheme) = scheme {
                    browser
                        .cdp(
                            "Emulation.setEmulatedMedia",
                            json!({"features": [{"name": "prefers-color-scheme", "value": scheme.name()}]}),
                        )
                        .await?;
                }
            }
            Engine::Firefox | Engine::WebKit => browser.set_viewport(WINDOW.0, WINDOW.1).await?,
        }
        Ok(browser)
    }

    /// Makes the page's viewport `width` × `height` CSS pixels: emulated in Chromium, the
    /// window resized by what its own frame takes in the others.
    pub async fn set_viewport(&self, width: u32, height: u32) -> Result<(), String> {
        if self.engine == Engine::Chromium {
            return self
                .cdp(
                    "Emulation.setDeviceMetricsOverride",
                    json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
                )
                .await
                .map(drop);
        }
        let resize = |w, h| async move {
            self.client
                .set_window_size(w, h)
                .await
                .map_err(|e| format!("window size: {e}"))
        };
        resize(width, height).await?;
        let frame = self
            .eval(
                "return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];",
                vec![],
            )
            .await?;
        let extra = |i: usize| frame[i].as_u64().unwrap_or(0) as u32;
        if extra(0) > 0 || extra(1) > 0 {
            resize(width + extra(0), height + extra(1)).await?;
        }
        Ok(())
    }

    /// Runs one DevTools Protocol command and returns its result.
    pub async fn cdp(&self, cmd: &'static str, params: Value) -> Result<Value, String> {
        self.client
            .issue_cmd(Cdp { cmd, params })
            .await
            .map_err(|e| format!("{cmd}: {e}"))
    }

    /// `execute_script`; the script `return`s its value.
    pub async fn eval(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.client
            .execute(script, args)
            .await
            .map_err(|e| format!("script failed: {e}"))
    }

    /// `execute_async_script`; the script calls `arguments[arguments.length - 1]`.
    pub async fn eval_async(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.client
            .execute_async(script, args)
            .await
            .map_err(|e| format!("script failed: {e}"))
    }

    /// Polls `expression` every 20 ms until it is neither `null` nor `false`.
    pub async fn wait_for(&self, expression: &str, timeout: Duration) -> Result<Value, String> {
        let deadline = Instant::now() + timeout;
        let script = format!("return ({expression});");
        loop {
            let v = self.eval(&script, vec![]).await?;
            if !v.is_null() && v != Value::Bool(false) {
                return Ok(v);
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "timed out after {timeout:?} waiting for {expression}"
                ));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        kill_group(&mut self.driver);
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        kill_group(&mut self.driver);
    }
}

struct Guard(Option<Child>);

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(child) = self.0.as_mut() {
            kill_group(child);
        }
    }
}

fn kill_group(child: &mut Child) {
    // SAFETY: kill(2) on the driver's process group; no memory is involved.
    unsafe {
        libc::kill(-(child.id() as libc::pid_t), libc::SIGKILL);
    }
    let _ = child.wait();
}

/// A port nothing listens on now (for chromedriver, or a server under test).
pub fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

async fn connect(
    engine: Engine,
    driver_url: &str,
    caps: serde_json::Map<String, Value>,
) -> Result<Client, String> {
    // Firefox and WebKit (with its X display) take a few seconds to start.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(driver_url)
            .await
        {
            Ok(c) => return Ok(c),
            // The driver is still starting.
            Err(_) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => return Err(format!("could not start a {engine:?} session: {e}")),
        }
    }
}

/// chromedriver's extension command that forwards one DevTools Protocol call.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}
