//! Who may see a client secret: by default only roles that may change credentials; with
//! `--reveal-for-readonly`, read-only roles too.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{ADMIN, Options, SUPPORT, TestApp};

#[tokio::test]
async fn a_read_only_role_is_not_shown_secrets_by_default() {
    let app = TestApp::logged_in(SUPPORT).await;
    let (status, body) = app.reveal(1).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::FORBIDDEN,
            json!({"result": "error", "message": gateway::routes::reveal::REVEAL_NOT_ALLOWED})
        )
    );
    assert!(
        app.audit_lines().is_empty(),
        "nothing was revealed, nothing audited"
    );
    // The same person's list still carries no secrets.
    let (_, list) = app.whmcs(&[("action", "ListOAuthCredentials")]).await;
    assert!(list["clients"][0].get("clientSecret").is_none());
}

#[tokio::test]
async fn an_installation_may_allow_read_only_reveals() {
    let app = TestApp::spawn_with(Options {
        reveal_for_readonly: true,
        ..Options::default()
    })
    .await;
    let (_, body) = app.login(SUPPORT).await;
    assert_eq!(body["permissions"]["reveal"], true);
    assert_eq!(body["permissions"]["update"], false);
    let (status, body) = app.reveal(1).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["clientSecret"].as_str().unwrap().len(), 88);
    assert_eq!(app.audit_lines()[0]["api_identifier"], SUPPORT.0);
}

#[tokio::test]
async fn a_full_role_may_reveal() {
    let app = TestApp::logged_in(ADMIN).await;
    let (status, _) = app.reveal(1).await;
    assert_eq!(status, StatusCode::OK);
}
