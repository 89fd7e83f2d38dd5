//! The process log as an operator reads it: `oauth-admin serve` run as its own process,
//! its standard output captured. A client's text cannot forge a line, no colour codes go
//! to a pipe, and `--log-format json` writes one JSON object per line.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{INDEX_HTML, client_for, start_sandbox};

/// A running `oauth-admin serve`, its log lines collected on a thread.
struct Serve {
    child: Child,
    url: String,
    lines: std::sync::mpsc::Receiver<String>,
    _dir: tempfile::TempDir,
}

impl Serve {
    fn start(upstream: &str, extra: &[&str]) -> Serve {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), INDEX_HTML).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_oauth-admin"))
            .args(extra)
            .args(["serve", "--upstream", upstream, "--listen", "127.0.0.1:0"])
            .arg("--dist")
            .arg(dir.path())
            .arg("--session-key-file")
            .arg(dir.path().join("session.key"))
            .arg("--audit-log")
            .arg(dir.path().join("audit.log"))
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let (send, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in stdout.lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        let started = lines
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("the gateway says where it runs");
        let url = started
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {started:?}"))
            .to_owned();
        Serve {
            child,
            url,
            lines,
            _dir: dir,
        }
    }

    /// Stops the process and returns every line it logged.
    fn stop(mut self) -> Vec<String> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.lines.try_iter().collect()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

const FORGED: &str = "admin\n2026-11-25T00:00:00.000000Z  INFO request: gateway::routes::session: logged in identifier=\"demo-admin\"\r\u{1b}[2K";

async fn attempt_forged_login(url: &str) {
    let r = client_for(url)
        .post(format!("{url}/api/session"))
        .json(&json!({"identifier": FORGED, "secret": "wrong"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_client_cannot_forge_log_lines() {
    let (upstream, _stop) = start_sandbox().await;
    let serve = Serve::start(&upstream, &[]);
    attempt_forged_login(&serve.url).await;
    let lines = serve.stop();
    let refused = lines
        .iter()
        .find(|l| l.contains("login refused by WHMCS"))
        .unwrap_or_else(|| panic!("the refusal is logged: {lines:#?}"));
    assert!(
        refused.contains(r#"identifier="admin\n2026-11-25T00:00:00.000000Z"#),
        "escaped, on one line: {refused}"
    );
    assert!(
        !lines.iter().any(|l| l.starts_with("2026-11-25T00:00:00")),
        "a forged line: {lines:#?}"
    );
    let all = lines.join("\n");
    assert!(
        !all.contains('\u{1b}'),
        "no escape codes into a pipe: {all}"
    );
    assert!(!all.contains('\r'), "no carriage returns: {all}");
}

#[tokio::test]
async fn json_logs_are_one_object_per_line_with_the_input_as_a_field() {
    let (upstream, _stop) = start_sandbox().await;
    let serve = Serve::start(&upstream, &["--log-format", "json"]);
    attempt_forged_login(&serve.url).await;
    let lines = serve.stop();
    assert!(!lines.is_empty());
    let events: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let refused = events
        .iter()
        .find(|e| e["fields"]["message"] == "login refused by WHMCS")
        .unwrap_or_else(|| panic!("{lines:#?}"));
    // Debug-formatted, so the field holds the quoted, escaped text.
    assert_eq!(
        refused["fields"]["identifier"],
        format!("{FORGED:?}"),
        "{refused}"
    );
    assert_eq!(refused["level"], "INFO");
}
