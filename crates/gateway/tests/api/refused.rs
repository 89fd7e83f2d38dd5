use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{ADMIN, Options, TestApp, retry_after};
use gateway::rate_limit::LoginLimits;

#[tokio::test]
async fn actions_outside_the_allow_list_are_refused_before_upstream() {
    let app = TestApp::logged_in(ADMIN).await;
    for action in [
        "GetClientsDomains",
        "AddClient",
        "DeleteClient",
        "SendEmail",
    ] {
        let (status, body) = app.whmcs(&[("action", action)]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{action}");
        assert_eq!(
            body["message"],
            format!(
                "The action \"{action}\" is not allowed through this gateway: only the OAuth credential commands, GetClients, GetClientsProducts and GetClientsDetails are."
            )
        );
    }
    let (status, body) = app.whmcs(&[]).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::BAD_REQUEST,
            json!({"result": "error", "message": "Empty action request"})
        )
    );
    assert!(
        app.audit_lines().is_empty(),
        "nothing refused reached the audit log"
    );
}

#[tokio::test]
async fn credential_and_format_parameters_from_the_browser_are_refused() {
    let app = TestApp::logged_in(ADMIN).await;
    for name in [
        "identifier",
        "secret",
        "username",
        "password",
        "accesskey",
        "responsetype",
        "secret[]",
    ] {
        let (status, body) = app
            .whmcs(&[("action", "ListOAuthCredentials"), (name, "x")])
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{name}");
        let base = name.trim_end_matches("[]");
        assert_eq!(
            body["message"],
            format!(
                "The parameter \"{base}\" may not be sent through the gateway: it adds your logged-in credential itself."
            )
        );
    }
}

#[tokio::test]
async fn cross_site_requests_are_refused() {
    let app = TestApp::logged_in(ADMIN).await;
    let plain = reqwest::Client::new();
    let cases = [None, Some("https://evil.example"), Some("null")];
    for origin in cases {
        let mut req = plain
            .post(format!("{}/api/session", app.url))
            .json(&json!({"identifier": ADMIN.0, "secret": ADMIN.1}));
        if let Some(o) = origin {
            req = req.header("origin", o);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{origin:?}");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(
            body["message"],
            "Cross-site request refused: this request did not come from the panel's own page."
        );

        let mut del = plain.delete(format!("{}/api/session", app.url));
        if let Some(o) = origin {
            del = del.header("origin", o);
        }
        assert_eq!(
            del.send().await.unwrap().status(),
            StatusCode::FORBIDDEN,
            "{origin:?}"
        );
    }
}

#[tokio::test]
async fn an_oversize_body_is_refused() {
    let app = TestApp::logged_in(ADMIN).await;
    let body = format!(
        "action=ListOAuthCredentials&description={}",
        "x".repeat(70 * 1024)
    );
    let (status, body) = app.whmcs_raw(body).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        body["message"],
        "The request is too large (at most 65536 bytes)."
    );
}

#[tokio::test]
async fn login_attempts_are_rate_limited() {
    let app = TestApp::spawn_with(Options {
        limits: LoginLimits {
            per_address: 100,
            per_identifier: 3,
        },
        ..Options::default()
    })
    .await;
    for _ in 0..3 {
        assert_eq!(
            app.login((ADMIN.0, "wrong")).await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    let r = app.login_response(ADMIN).await;
    let wait = retry_after(&r);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        body["message"],
        format!("Too many login attempts. Try again in {wait} seconds.")
    );
    // Another identifier from the same address is still allowed.
    assert_eq!(
        app.login(("demo-support", "demo-support-secret")).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn not_logged_in_is_401() {
    let app = TestApp::spawn().await;
    let (status, body) = app.whmcs(&[("action", "ListOAuthCredentials")]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body["message"],
        "Your session has expired or you are not logged in. Please log in again."
    );
    assert_eq!(app.reveal(1).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn abusive_identifiers_are_refused_before_they_are_counted_or_logged() {
    // Default limits: 10 attempts a minute from one address.
    let app = TestApp::spawn_with(Options {
        limits: LoginLimits::default(),
        ..Options::default()
    })
    .await;
    let message = "The identifier is too long: WHMCS API identifiers have at most 128 characters.";
    for n in 0..1_500 {
        let identifier = format!("{n:05}{}", "x".repeat(60_000));
        let (status, body) = app.login((&identifier, "secret")).await;
        assert_eq!(
            (status, body),
            (
                StatusCode::BAD_REQUEST,
                serde_json::json!({"result": "error", "message": message})
            )
        );
    }
    // None of them counted against the address: its ten attempts are all still there.
    for n in 0..10 {
        assert_eq!(
            app.login((&format!("nobody-{n}"), "wrong")).await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        app.login(ADMIN).await.0,
        StatusCode::TOO_MANY_REQUESTS,
        "the eleventh is over the limit"
    );
    let (status, body) = app.login((ADMIN.0, &"s".repeat(513))).await;
    assert_eq!(
        (status, body["message"].as_str().unwrap()),
        (
            StatusCode::BAD_REQUEST,
            "The secret is too long: WHMCS API secrets have at most 512 characters."
        )
    );
}
