use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{ADMIN, Options, SUPPORT, TestApp};

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
        json!({"list": true, "create": false, "update": false, "delete": false, "reveal": false,
               "customers": false, "services": false, "customer_details": false})
    );
    let who: serde_json::Value = app.get("/api/session").await.json().await.unwrap();
    assert_eq!(
        who["permissions"], body["permissions"],
        "kept in the session"
    );
    let (_, body) = app.login(ADMIN).await;
    assert_eq!(
        body["permissions"],
        json!({"list": true, "create": true, "update": true, "delete": true, "reveal": true,
               "customers": true, "services": true, "customer_details": true})
    );
    let (_, list) = app.whmcs(&[("action", "ListOAuthCredentials")]).await;
    assert_eq!(
        list["clients"].as_array().unwrap().len(),
        crate::helpers::DEMO_CREDENTIALS,
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
async fn a_cookie_saved_before_logout_is_dead_after_it() {
    let app = TestApp::spawn().await;
    let cookie = app.login_cookie(ADMIN).await;
    assert!(
        !cookie.contains(ADMIN.0) && !cookie.contains(ADMIN.1),
        "{cookie}"
    );
    assert_eq!(app.whoami_with(&cookie).await.0, StatusCode::OK);
    let r = app.delete_with("/api/session", &cookie).await;
    assert_eq!(r.status(), StatusCode::OK);
    let removal = r.headers()["set-cookie"].to_str().unwrap();
    assert!(removal.starts_with("oauth-admin-session=;"), "{removal}");
    assert!(removal.contains("Max-Age=0"), "{removal}");
    // The copy a thief kept from before the logout:
    let (status, body) = app.whoami_with(&cookie).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body["message"],
        "Your session has expired or you are not logged in. Please log in again."
    );
}

#[tokio::test]
async fn log_out_everywhere_ends_every_session_of_the_identifier_only() {
    let app = TestApp::spawn().await;
    let laptop = app.login_cookie(ADMIN).await;
    let phone = app.login_cookie(ADMIN).await;
    let colleague = app.login_cookie(SUPPORT).await;
    let r = app.delete_with("/api/sessions", &phone).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body, json!({"result": "success", "sessionsEnded": 2}));
    assert_eq!(app.whoami_with(&laptop).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(app.whoami_with(&phone).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(app.whoami_with(&colleague).await.0, StatusCode::OK);
}

#[tokio::test]
async fn an_active_session_outlives_its_idle_timeout_without_new_cookies() {
    // Idle 2 s: calls every 0.7 s keep it alive well past 2 s; the cookie is never re-set
    // (the record's lifetime slides server-side).
    let app = TestApp::spawn_with(Options {
        idle: Duration::from_secs(2),
        ..Options::default()
    })
    .await;
    assert_eq!(app.login(ADMIN).await.0, StatusCode::OK);
    for _ in 0..5 {
        tokio::time::sleep(Duration::from_millis(700)).await;
        let r = app
            .http
            .post(format!("{}/api/whmcs", app.url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("action=ListOAuthCredentials&limit=1")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.headers().get("set-cookie").is_none());
    }
    tokio::time::sleep(Duration::from_millis(2600)).await;
    assert_eq!(
        app.get("/api/session").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn an_ip_restriction_is_explained_with_what_to_do() {
    // The installation allows API calls only from another address.
    let mut config = sandbox::seed::demo_config(ADMIN.0, ADMIN.1);
    config.allowed_ips = vec!["203.0.113.7".parse().unwrap()];
    let (upstream, _stop) = crate::helpers::start_sandbox_with(config).await;
    let app = TestApp::spawn_with(Options {
        upstream: Some(upstream),
        ..Options::default()
    })
    .await;
    let (status, body) = app.login(ADMIN).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body["message"],
        "WHMCS refuses API calls from this gateway's address (127.0.0.1). Add 127.0.0.1 in WHMCS under System Settings → General Settings → Security → API IP Access Restriction, then log in again. (WHMCS said: Invalid IP 127.0.0.1)"
    );
}
