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
    assert_eq!(body["message"], "WHMCS accepted this secret.", "{body}");
    assert_eq!(
        body["checks"],
        serde_json::json!([
            {"verdict": "ready", "text": "Service 101 (Business Hosting) is Active."},
            {"verdict": "ready", "text": "The customer's account is Active."},
            {"verdict": "ready", "text": "The credential holds clientarea:sso."},
        ]),
        "the readiness list"
    );
    assert!(
        !body.to_string().contains("token was"),
        "nothing says a token was issued: {body}"
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
            ("accepted".into(), current()),
            ("accepted".into(), supplied()),
            ("accepted".into(), current()),
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

#[tokio::test]
async fn the_readiness_list_names_an_ended_service_and_a_closed_account() {
    let app = TestApp::logged_in(ADMIN).await;
    let (_, list) = app.whmcs(&[("action", "ListOAuthCredentials")]).await;
    let by_service = |service: u64| {
        list["clients"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["serviceId"] == service)
            .map(|c| c["credentialId"].as_u64().unwrap())
            .unwrap()
    };
    let (_, body) = test(&app, by_service(105)).await;
    assert_eq!(body["checks"][0]["verdict"], "problem", "{body}");
    assert!(
        body["checks"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Service 105 (Email Pro) is Terminated: WHMCS provisions single sign-on only for Active or Suspended services."),
        "{body}"
    );
    let (_, body) = test(&app, by_service(sandbox::seed::CLOSED_CLIENT_SERVICE)).await;
    assert_eq!(body["checks"][1]["verdict"], "problem", "{body}");
    assert!(
        body["checks"][1]["text"]
            .as_str()
            .unwrap()
            .starts_with("The customer's account is Closed"),
        "{body}"
    );
}

async fn sign_in_as(app: &TestApp, id: u64) -> (StatusCode, Value) {
    let r = app
        .http
        .post(format!(
            "{}/api/credentials/{id}/sign-in-as-customer",
            app.url
        ))
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap())
}

#[tokio::test]
async fn sign_in_as_the_customer_hands_over_only_the_one_time_link_and_is_audited() {
    let app = TestApp::logged_in(ADMIN).await;
    let sso = ids_with(&app, "single_sign_on").await[0];
    let (status, body) = sign_in_as(&app, sso).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["result"], "success");
    let url = body["redirectUrl"].as_str().unwrap();
    assert!(
        url.contains("/oauth/singlesignon.php?module_type=server&module=cpanel&access_token="),
        "{url}"
    );
    assert_eq!(body.as_object().unwrap().len(), 2, "nothing else: {body}");
    let phases: Vec<_> = app
        .audit_lines()
        .into_iter()
        .filter(|l| l["action"] == "SignInAsCustomer")
        .map(|l| (l["phase"].clone(), l["outcome"].clone()))
        .collect();
    assert_eq!(
        phases,
        [
            ("intent".into(), Value::Null),
            ("outcome".into(), "success".into())
        ]
    );

    let read_only = TestApp::logged_in(SUPPORT).await;
    let (status, _) = sign_in_as(&read_only, sso).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn sign_in_as_a_closed_customer_shows_whmcss_refusal() {
    let app = TestApp::logged_in(ADMIN).await;
    let (_, list) = app.whmcs(&[("action", "ListOAuthCredentials")]).await;
    let id = list["clients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["serviceId"] == sandbox::seed::CLOSED_CLIENT_SERVICE)
        .map(|c| c["credentialId"].as_u64().unwrap())
        .unwrap();
    let (status, body) = sign_in_as(&app, id).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        serde_json::json!({"result": "error", "message": "WHMCS refused to sign this customer in: their account is Closed, or single sign-on is not allowed for it. (HTTP 400, WHMCS said: access_denied: Single Sign-On authentication denied)"})
    );
}
