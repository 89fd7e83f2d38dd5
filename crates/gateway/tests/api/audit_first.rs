//! The audit log comes first: no intent on disk, no change; and once WHMCS has made a
//! change, the person gets its answer (with its one-time secret) even if the outcome line
//! cannot be written.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use gateway::audit::AuditSink;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{ADMIN, Options, TestApp};

const CREATE: [(&str, &str); 4] = [
    ("action", "CreateOAuthCredential"),
    ("grantType", "authorization_code"),
    ("name", "Audit test"),
    ("scope", "openid"),
];

async fn credential_count(app: &TestApp) -> usize {
    let (_, list) = app.whmcs(&[("action", "ListOAuthCredentials")]).await;
    list["clients"].as_array().unwrap().len()
}

#[tokio::test]
async fn an_unwritable_audit_log_stops_a_change_before_whmcs_is_asked() {
    // Every write to /dev/full fails with "no space left on device".
    let app = TestApp::spawn_with(Options {
        audit_log: Some("/dev/full".into()),
        ..Options::default()
    })
    .await;
    assert_eq!(app.login(ADMIN).await.0, StatusCode::OK);
    let before = credential_count(&app).await;
    let (status, body) = app.whmcs(&CREATE).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::SERVICE_UNAVAILABLE,
            json!({"result": "error", "message": "The gateway could not write its audit log, so the change was not made. Tell the gateway's administrator."})
        )
    );
    let (status, _) = app
        .whmcs(&[("action", "DeleteOAuthCredential"), ("credentialId", "1")])
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        credential_count(&app).await,
        before,
        "WHMCS was never asked: nothing created, nothing deleted"
    );
    let (status, body) = app.reveal(1).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        body["message"],
        "The gateway could not write its audit log, so the secret was not shown. Tell the gateway's administrator."
    );
}

/// Takes `ok` lines, then fails every write (a disk that fills up mid-request).
struct FailsAfter {
    ok: usize,
    written: Arc<AtomicUsize>,
}

impl AuditSink for FailsAfter {
    fn append(&mut self, _line: &[u8]) -> std::io::Result<()> {
        if self.written.fetch_add(1, Ordering::SeqCst) < self.ok {
            Ok(())
        } else {
            Err(std::io::Error::other("no space left on device"))
        }
    }
}

#[tokio::test]
async fn a_change_made_is_never_reported_as_not_made() {
    let written = Arc::new(AtomicUsize::new(0));
    let app = TestApp::spawn_with(Options {
        audit_sink: Some(Box::new(FailsAfter {
            ok: 1,
            written: written.clone(),
        })),
        ..Options::default()
    })
    .await;
    assert_eq!(app.login(ADMIN).await.0, StatusCode::OK);
    let before = credential_count(&app).await;
    // The intent is written, WHMCS creates, the outcome line fails: the person still gets
    // the new credential and its one-time secret.
    let (status, body) = app.whmcs(&CREATE).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["result"], "success");
    assert_eq!(body["clientSecret"].as_str().unwrap().len(), 88);
    assert_eq!(
        written.load(Ordering::SeqCst),
        2,
        "intent, then the outcome tried"
    );
    assert_eq!(credential_count(&app).await, before + 1);
}
