//! `POST /api/credentials/{id}/test`: a single sign-on credential proven against the
//! installation's real token endpoint, from the gateway; the browser sees no secret and no
//! token.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{ADMIN, SUPPORT, TestApp};

async fn test(app: &TestApp, id: u64) -> (StatusCode, Value) {
    let r = app
        .http
        .post(format!("{}/api/credentials/{id}/test", app.url))
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap())
}

/// The test with a secret the person supplies (the old one, after a reset).
async fn test_secret(app: &TestApp, id: u64, secret: &str) -> (StatusCode, Value) {
    let r = app
        .http
        .post(format!("{}/api/credentials/{id}/test", app.url))
        .json(&serde_json::json!({ "clientSecret": secret }))
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap())
}

/// The ids of the demo's credentials with `grant`.
async fn ids_with(app: &TestApp, grant: &str) -> Vec<u64> {
    let (_, list) = app.whmcs(&[("action", "ListOAuthCredentials")]).await;
    list["clients"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["grantTypes"] == grant)
        .map(|c| c["credentialId"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_single_sign_on_credential_is_proven_before_and_after_a_reset() {
    let app = TestApp::logged_in(ADMIN).await;
    let sso = ids_with(&app, "single_sign_on").await[0];
    let (status, body) = test(&app, sso).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["ok"], true);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .ends_with("The credential works."),
        "{body}"
    );
    assert!(
        body.get("access_token").is_none(),
        "no token reaches the browser"
    );

    let (_, revealed) = app.reveal(sso).await;
    let old_secret = revealed["clientSecret"].as_str().unwrap().to_owned();
    let (_, body) = test_secret(&app, sso, &old_secret).await;
    assert_eq!(
        body["ok"], true,
        "the current secret, supplied, works: {body}"
    );

    let (_, reset) = app
        .whmcs(&[
            ("action", "UpdateOAuthCredential"),
            ("credentialId", &sso.to_string()),
            ("resetSecret", "1"),
        ])
        .await;
    let new_secret = reset["newClientSecret"].as_str().unwrap().to_owned();
    let (_, body) = test(&app, sso).await;
    assert_eq!(body["ok"], true, "the new secret works: {body}");
    let (status, body) = test_secret(&app, sso, &old_secret).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (body["ok"].clone(), body["error"].clone()),
        (false.into(), "invalid_client".into()),
        "the old secret is refused: {body}"
    );
    let raw = std::fs::read_to_string(&app.audit_log).unwrap();
    assert!(!raw.contains(&new_secret), "no secret in the audit log");
    assert!(!raw.contains(&old_secret), "no secret in the audit log");
    let tests: Vec<_> = app
        .audit_lines()
        .into_iter()
        .filter(|l| l["action"] == "TestCredential")
        .map(|l| (l["outcome"].clone(), l["fields"].clone()))
        .collect();
    let current = || serde_json::json!([]);
    let supplied = || serde_json::json!(["clientSecret"]);
    assert_eq!(
        tests,
        [
            ("ok".into(), current()),
            ("ok".into(), supplied()),
            ("ok".into(), current()),
            ("invalid_client".into(), supplied()),
        ]
    );
}

#[tokio::test]
async fn only_single_sign_on_credentials_and_listed_ids() {
    let app = TestApp::logged_in(SUPPORT).await;
    let app_credential = ids_with(&app, "authorization_code").await[0];
    let (status, body) = test(&app, app_credential).await;
    assert_eq!(
        (status, body["message"].as_str().unwrap()),
        (
            StatusCode::BAD_REQUEST,
            "Only single sign-on credentials can be tested from here: an authorization code credential needs a person to sign in (use Try sign-in)."
        )
    );
    let (status, body) = test(&app, 99_999).await;
    assert_eq!(
        (status, body["message"].as_str().unwrap()),
        (StatusCode::NOT_FOUND, "Invalid Credential ID provided.")
    );
    // A read-only role may prove a credential works: it sees no secret doing so.
    let sso = ids_with(&app, "single_sign_on").await[0];
    let (status, body) = test(&app, sso).await;
    assert_eq!((status, body["ok"].clone()), (StatusCode::OK, true.into()));
    let (status, body) = test_secret(&app, sso, &"x".repeat(256)).await;
    assert_eq!(
        (status, body["message"].as_str().unwrap()),
        (
            StatusCode::BAD_REQUEST,
            "The client secret to test is longer than 255 characters."
        )
    );
}
