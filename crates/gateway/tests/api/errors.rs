//! Every answer under `/api/` is WHMCS-shaped with the right status, whatever was wrong
//! with the request: framework refusals (shape, media type, syntax, size, path) included,
//! and an upstream's server error is the gateway's 502, never its own 500.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, Options, TestApp, client_for};

/// Status and body of a request, the body required to be WHMCS's error shape.
async fn refused(request: reqwest::RequestBuilder) -> (StatusCode, String) {
    let r = request.send().await.unwrap();
    let status = r.status();
    let content_type = r.headers()["content-type"].to_str().unwrap().to_owned();
    let text = r.text().await.unwrap();
    assert_eq!(content_type, "application/json", "{status}: {text}");
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["result"], "error", "{text}");
    assert_eq!(body.as_object().unwrap().len(), 2, "{text}");
    (status, body["message"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn malformed_logins_are_json_errors_with_their_status() {
    let app = TestApp::spawn().await;
    let session = format!("{}/api/session", app.url);
    let post = || app.http.post(&session);
    let cases = [
        (
            post().json(&json!({"identifier": "x"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "The request body lacks a field or has one of the wrong type.",
        ),
        (
            post().json(&json!({"identifier": "x", "secret": 12345})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "The request body lacks a field or has one of the wrong type.",
        ),
        (
            post()
                .header("content-type", "application/x-www-form-urlencoded")
                .body("identifier=x&secret=y"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Send this request as JSON (Content-Type: application/json).",
        ),
        (
            post()
                .header("content-type", "application/json")
                .body("{\"identifier\": \"x\", "),
            StatusCode::BAD_REQUEST,
            "The request body is not valid JSON.",
        ),
        (
            post()
                .header("content-type", "application/json")
                .body(format!(
                    "{{\"identifier\":\"{}\",\"secret\":\"y\"}}",
                    "x".repeat(70_000)
                )),
            StatusCode::PAYLOAD_TOO_LARGE,
            "The request is too large (at most 65536 bytes).",
        ),
    ];
    for (request, status, message) in cases {
        assert_eq!(refused(request).await, (status, message.to_owned()));
    }
    // Nothing the client sent is echoed (a secret sent as a number would have been).
    let (_, message) = refused(post().json(&json!({"identifier": "x", "secret": 987654321}))).await;
    assert!(!message.contains("987654321"));
}

#[tokio::test]
async fn paths_and_methods_without_a_handler_are_json_errors() {
    let app = TestApp::logged_in(ADMIN).await;
    let cases = [
        (
            app.http
                .post(format!("{}/api/credentials/abc/secret", app.url)),
            StatusCode::BAD_REQUEST,
            "The credential ID in the address must be a whole number.",
        ),
        (
            app.http
                .post(format!("{}/api/credentials/-1/secret", app.url)),
            StatusCode::BAD_REQUEST,
            "The credential ID in the address must be a whole number.",
        ),
        (
            app.http.get(format!("{}/api/nothing-here", app.url)),
            StatusCode::NOT_FOUND,
            "There is no such gateway endpoint.",
        ),
        (
            app.http.put(format!("{}/api/session", app.url)),
            StatusCode::METHOD_NOT_ALLOWED,
            "This address does not accept PUT requests.",
        ),
        (
            app.http.get(format!("{}/api/whmcs", app.url)),
            StatusCode::METHOD_NOT_ALLOWED,
            "This address does not accept GET requests.",
        ),
    ];
    for (request, status, message) in cases {
        assert_eq!(refused(request).await, (status, message.to_owned()));
    }
    // The panel's own routes still fall back to the page.
    let page = app.get("/credentials/7").await;
    assert_eq!(page.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_enormous_filter_is_a_whmcs_error_not_a_500() {
    let app = TestApp::logged_in(ADMIN).await;
    let huge = "a".repeat(50_000);
    let (status, body) = app
        .whmcs(&[("action", "ListOAuthCredentials"), ("grantType", &huge)])
        .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::OK,
            json!({"result": "error", "message": "The grant type must be at most 64 characters."})
        )
    );
}

/// An upstream that proves logins, then fails every other call with HTTP 500 and JSON.
async fn failing_upstream() -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/includes/api.php", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 65_536];
                let n = socket.read(&mut buf).await.unwrap_or(0);
                let request = String::from_utf8_lossy(&buf[..n]);
                let (status, body) = if request.contains("limit=1") {
                    (200, r#"{"result":"success","clients":[]}"#)
                } else {
                    (
                        500,
                        r#"{"result":"error","message":"SQLSTATE[HY000]: General error"}"#,
                    )
                };
                let reply = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(reply.as_bytes()).await;
            });
        }
    });
    url
}

#[tokio::test]
async fn an_upstream_500_is_a_502_that_says_so() {
    let app = TestApp::spawn_with(Options {
        upstream: Some(failing_upstream().await),
        ..Options::default()
    })
    .await;
    assert_eq!(app.login(ADMIN).await.0, StatusCode::OK);
    let expected = "WHMCS failed with HTTP 500: \"SQLSTATE[HY000]: General error\". Check the WHMCS error log, then try again.";
    for action in ["ListOAuthCredentials", "DeleteOAuthCredential"] {
        let request = client_for(&app.url)
            .post(format!("{}/api/whmcs", app.url))
            .header("cookie", app.login_cookie(ADMIN).await)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("action={action}&credentialId=1"));
        assert_eq!(
            refused(request).await,
            (StatusCode::BAD_GATEWAY, expected.to_owned()),
            "{action}"
        );
    }
}
