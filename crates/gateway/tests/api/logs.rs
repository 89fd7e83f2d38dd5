//! The process log as an operator reads it: `oauth-admin serve` run as its own process,
//! its standard output captured. A client's text cannot forge a line, no colour codes go
//! to a pipe, and `--log-format json` writes one JSON object per line.

use std::process::Command;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{INDEX_HTML, client_for, start_sandbox};
use crate::serve_process::Serve;

/// `oauth-admin serve` (this build) with a throwaway panel, key and audit log.
fn serve(upstream: &str, extra: &[&str]) -> (Serve, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), INDEX_HTML).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_oauth-admin"));
    command
        .args(extra)
        .args(["serve", "--upstream", upstream, "--listen", "127.0.0.1:0"])
        .arg("--dist")
        .arg(dir.path())
        .arg("--session-key-file")
        .arg(dir.path().join("session.key"))
        .arg("--audit-log")
        .arg(dir.path().join("audit.log"));
    (Serve::start(command), dir)
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
    let (serve, _dir) = serve(&upstream, &[]);
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
    let (serve, _dir) = serve(&upstream, &["--log-format", "json"]);
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
