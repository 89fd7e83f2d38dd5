//! An upstream that misbehaves on purpose: the gateway answers each fault with a clear,
//! WHMCS-shaped error and the right status, and never retries a create.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::helpers::{ADMIN, Options, TestApp};

#[derive(Clone, Copy)]
enum Fault {
    Html,
    PhpWarning,
    Truncated,
    Slow,
}

/// A raw-TCP upstream: answers the login probe properly, then misbehaves. Counts creates.
async fn fake_upstream(fault: Fault) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/includes/api.php", listener.local_addr().unwrap());
    let creates = Arc::new(AtomicUsize::new(0));
    let counter = creates.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let counter = counter.clone();
            tokio::spawn(async move {
                let request = read_request(&mut socket).await;
                let probe =
                    request.contains("action=ListOAuthCredentials") && request.contains("limit=1");
                // Only real creates count (the login's permission probe sends the bare action).
                if request.contains("action=CreateOAuthCredential") && request.contains("grantType")
                {
                    counter.fetch_add(1, Ordering::SeqCst);
                }
                let reply: String = if probe {
                    http(
                        200,
                        "application/json",
                        r#"{"result":"success","clients":[]}"#,
                    )
                } else {
                    match fault {
                        Fault::Html => http(500, "text/html", "<html><body><h1>500 Internal Server Error</h1></body></html>"),
                        Fault::PhpWarning => http(200, "text/html", "<br />\n<b>Warning</b>: Undefined variable $x in /var/www/includes/api.php on line 3<br />\n{\"result\":\"success\",\"clients\":[]}"),
                        Fault::Truncated => "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\nConnection: close\r\n\r\n{\"result\":\"success\",\"clie".to_owned(),
                        Fault::Slow => {
                            tokio::time::sleep(Duration::from_secs(3)).await;
                            http(200, "application/json", r#"{"result":"success","credentialId":1,"clientIdentifier":"X.1","clientSecret":"s"}"#)
                        }
                    }
                };
                let _ = socket.write_all(reply.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (url, creates)
}

fn http(status: u16, content_type: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> String {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = socket.read(&mut buf).await.unwrap_or(0);
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&data);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                })
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                break;
            }
        }
    }
    String::from_utf8_lossy(&data).into_owned()
}

async fn logged_in_against(url: String) -> TestApp {
    let app = TestApp::spawn_with(Options {
        upstream: Some(url),
        upstream_timeout: Duration::from_secs(1),
        ..Options::default()
    })
    .await;
    assert_eq!(app.login(ADMIN).await.0, StatusCode::OK);
    app
}

#[tokio::test]
async fn html_error_page_is_502() {
    let (url, _) = fake_upstream(Fault::Html).await;
    let app = logged_in_against(url).await;
    let (status, body) = app.whmcs(&[("action", "ListOAuthCredentials")]).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert_eq!(
        body["message"],
        "WHMCS answered with something that is not an API response (an HTML page, HTTP 500). Check the WHMCS error log."
    );
}

#[tokio::test]
async fn php_warning_before_the_json_is_502() {
    let (url, _) = fake_upstream(Fault::PhpWarning).await;
    let app = logged_in_against(url).await;
    let (status, body) = app.whmcs(&[("action", "ListOAuthCredentials")]).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert_eq!(
        body["message"],
        "WHMCS answered with something that is not an API response (PHP warnings before the JSON, HTTP 200). Check the WHMCS error log."
    );
}

#[tokio::test]
async fn a_truncated_body_is_502() {
    let (url, _) = fake_upstream(Fault::Truncated).await;
    let app = logged_in_against(url).await;
    let (status, body) = app.whmcs(&[("action", "ListOAuthCredentials")]).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert_eq!(
        body["message"],
        "WHMCS answered with something that is not an API response (the answer was cut off). Check the WHMCS error log."
    );
}

#[tokio::test]
async fn a_slow_upstream_is_504_and_a_create_is_never_retried() {
    let (url, creates) = fake_upstream(Fault::Slow).await;
    let app = logged_in_against(url).await;
    let (status, body) = app
        .whmcs(&[
            ("action", "CreateOAuthCredential"),
            ("grantType", "single_sign_on"),
            ("serviceId", "1"),
            ("scope", "clientarea:sso"),
        ])
        .await;
    assert_eq!(status, StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(
        body["message"],
        "WHMCS did not answer within 1 second. It may be overloaded; try again shortly."
    );
    tokio::time::sleep(Duration::from_millis(3500)).await;
    assert_eq!(
        creates.load(Ordering::SeqCst),
        1,
        "exactly one create reached WHMCS"
    );
}

#[tokio::test]
async fn a_down_upstream_is_502_without_its_address_before_login() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/includes/api.php");
    let app = TestApp::spawn_with(Options {
        upstream: Some(url.clone()),
        ..Options::default()
    })
    .await;
    let (status, body) = app.login(ADMIN).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    // Its internal address is for logged-in people and the log, not for anyone at the door.
    assert_eq!(
        body["message"],
        "WHMCS could not be reached. Check that the installation is up, then try again."
    );
    let health: serde_json::Value = app.get("/healthz").await.json().await.unwrap();
    assert_eq!(health["upstream"], "unreachable");
}
