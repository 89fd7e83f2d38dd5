use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{ADMIN, Options, SUPPORT, TestApp, client_for};

#[tokio::test]
async fn login_whoami_logout() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.get("/api/session").await.status(),
        StatusCode::UNAUTHORIZED
    );

    let r = app.login_response(ADMIN).await;
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain http origin: no Secure flag"
    );
    assert!(
        !cookie.contains(ADMIN.1),
        "the secret is encrypted in the cookie"
    );
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["identifier"], ADMIN.0);

    let who: serde_json::Value = app.get("/api/session").await.json().await.unwrap();
    assert_eq!(who["identifier"], ADMIN.0);
    assert!(who.get("secret").is_none());

    let r = app
        .http
        .delete(format!("{}/api/session", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        app.get("/api/session").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let (status, body) = app.whmcs(&[("action", "ListOAuthCredentials")]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["result"], "error");
}

#[tokio::test]
async fn wrong_credentials_get_whmcs_own_message() {
    let app = TestApp::spawn().await;
    let (status, body) = app.login((ADMIN.0, "wrong")).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::UNAUTHORIZED,
            json!({"result": "error", "message": "Authentication Failed"})
        )
    );
    let (status, body) = app.login(("nobody", "x")).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::UNAUTHORIZED,
            json!({"result": "error", "message": "Invalid or missing credentials"})
        )
    );
    let (status, _) = app.login(("", "")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.get("/api/session").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_session_says_what_the_role_allows() {
    let app = TestApp::spawn().await;
    let (_, body) = app.login(SUPPORT).await;
    assert_eq!(
        body["permissions"],
        json!({"list": true, "create": false, "update": false, "delete": false})
    );
    let who: serde_json::Value = app.get("/api/session").await.json().await.unwrap();
    assert_eq!(
        who["permissions"], body["permissions"],
        "kept in the session"
    );
    let (_, body) = app.login(ADMIN).await;
    assert_eq!(
        body["permissions"],
        json!({"list": true, "create": true, "update": true, "delete": true})
    );
    let (_, list) = app.whmcs(&[("action", "ListOAuthCredentials")]).await;
    assert_eq!(
        list["clients"].as_array().unwrap().len(),
        12,
        "probing created nothing"
    );
}

#[tokio::test]
async fn a_read_only_role_logs_in_and_is_refused_changes_by_whmcs() {
    let app = TestApp::logged_in(SUPPORT).await;
    let (status, body) = app.whmcs(&[("action", "ListOAuthCredentials")]).await;
    assert_eq!(
        (status, body["result"].as_str().unwrap()),
        (StatusCode::OK, "success")
    );
    let (status, body) = app
        .whmcs(&[("action", "DeleteOAuthCredential"), ("credentialId", "1")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        body["message"],
        "Invalid Permissions: API action \"deleteoauthcredential\" is not allowed"
    );
}

#[tokio::test]
async fn an_idle_session_expires() {
    let app = TestApp::spawn_with(Options {
        idle: Duration::from_secs(1),
        ..Options::default()
    })
    .await;
    assert_eq!(app.login(ADMIN).await.0, StatusCode::OK);
    assert_eq!(app.get("/api/session").await.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(
        app.get("/api/session").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn two_instances_sharing_a_key_accept_each_others_cookies() {
    let first = TestApp::logged_in(ADMIN).await;
    let second = TestApp::spawn_with(Options {
        upstream: Some(first.upstream.clone()),
        key: Some(first.key.clone()),
        ..Options::default()
    })
    .await;
    let cookie = first
        .http
        .get(format!("{}/api/session", first.url))
        .send()
        .await
        .unwrap()
        .headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let r = client_for(&second.url)
        .get(format!("{}/api/session", second.url))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    // A third instance with another key does not.
    let stranger = TestApp::spawn_with(Options {
        upstream: Some(first.upstream.clone()),
        ..Options::default()
    })
    .await;
    let r = client_for(&stranger.url)
        .get(format!("{}/api/session", stranger.url))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn api_calls_refresh_the_cookie_only_when_it_has_aged() {
    // Idle timeout 20 s: the cookie is re-issued once it is 2 s old, not on every call.
    let app = TestApp::spawn_with(Options {
        idle: Duration::from_secs(20),
        ..Options::default()
    })
    .await;
    assert_eq!(app.login(ADMIN).await.0, StatusCode::OK);
    let list = || {
        app.http
            .post(format!("{}/api/whmcs", app.url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("action=ListOAuthCredentials&limit=1")
            .send()
    };
    let fresh = list().await.unwrap();
    assert_eq!(fresh.status(), StatusCode::OK);
    assert!(fresh.headers().get("set-cookie").is_none());
    tokio::time::sleep(Duration::from_millis(3100)).await;
    let aged = list().await.unwrap();
    assert_eq!(aged.status(), StatusCode::OK);
    let cookie = aged.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("oauth-admin-session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
}
