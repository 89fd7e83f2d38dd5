//! Several gateway instances on one real Redis: one session, one logout, one set of login
//! limits; and a Redis that goes away is a clear 503, never a request let through.

use std::path::PathBuf;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{ADMIN, Options, TestApp, retry_after, start_sandbox};
use crate::redis_server::RedisServer;
use gateway::rate_limit::LoginLimits;

async fn instance(
    redis: &RedisServer,
    upstream: &str,
    key: &axum_extra::extract::cookie::Key,
) -> TestApp {
    TestApp::spawn_with(Options {
        upstream: Some(upstream.to_owned()),
        key: Some(key.clone()),
        session_store: Some(redis.url()),
        ..Options::default()
    })
    .await
}

#[tokio::test]
async fn two_instances_share_sessions_and_see_one_logout() {
    let redis = RedisServer::start();
    let (upstream, _stop) = start_sandbox().await;
    let key = axum_extra::extract::cookie::Key::generate();
    let first = instance(&redis, &upstream, &key).await;
    let second = instance(&redis, &upstream, &key).await;

    let cookie = first.login_cookie(ADMIN).await;
    let (status, who) = second.whoami_with(&cookie).await;
    assert_eq!(
        (status, who["identifier"].clone()),
        (StatusCode::OK, json!(ADMIN.0))
    );
    // The second instance can act with it: the API secret came from Redis, sealed.
    assert_eq!(
        second
            .whmcs_with(&cookie, "action=ListOAuthCredentials&limit=1")
            .await,
        StatusCode::OK
    );

    // Logging out on the first ends it on the second.
    let r = first.delete_with("/api/session", &cookie).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        second.whoami_with(&cookie).await.0,
        StatusCode::UNAUTHORIZED
    );

    // An instance with its own memory store knows nothing of Redis's sessions.
    let cookie = first.login_cookie(ADMIN).await;
    let loner = TestApp::spawn_with(Options {
        upstream: Some(upstream.clone()),
        key: Some(key.clone()),
        ..Options::default()
    })
    .await;
    assert_eq!(loner.whoami_with(&cookie).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn redis_holds_no_usable_secret_or_cookie() {
    let redis = RedisServer::start();
    let (upstream, _stop) = start_sandbox().await;
    let key = axum_extra::extract::cookie::Key::generate();
    let app = instance(&redis, &upstream, &key).await;
    let cookie = app.login_cookie(ADMIN).await;
    let id = cookie.split_once('=').unwrap().1;
    let client = redis::Client::open(redis.url()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg("*")
        .query_async(&mut conn)
        .await
        .unwrap();
    let mut dump = keys.join("\n");
    for k in keys
        .iter()
        .filter(|k| k.starts_with("oauth-admin:session:"))
    {
        let v: String = redis::cmd("GET")
            .arg(k)
            .query_async(&mut conn)
            .await
            .unwrap();
        dump.push_str(&v);
    }
    assert!(dump.contains("oauth-admin:session:"), "{dump}");
    assert!(!dump.contains(ADMIN.1), "the API secret is sealed: {dump}");
    assert!(
        !dump.contains(id),
        "records are keyed by the id's hash: {dump}"
    );
}

#[tokio::test]
async fn login_limits_are_shared_by_every_instance() {
    let redis = RedisServer::start();
    let (upstream, _stop) = start_sandbox().await;
    let options = || Options {
        upstream: Some(upstream.clone()),
        session_store: Some(redis.url()),
        limits: LoginLimits {
            per_address: 3,
            per_identifier: 100,
        },
        ..Options::default()
    };
    let a = TestApp::spawn_with(options()).await;
    let b = TestApp::spawn_with(options()).await;
    assert_eq!(
        a.login((ADMIN.0, "wrong")).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        b.login((ADMIN.0, "wrong")).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        a.login((ADMIN.0, "wrong")).await.0,
        StatusCode::UNAUTHORIZED
    );
    // The fourth attempt from this address, on either instance, waits.
    retry_after(&b.login_response(ADMIN).await);
}

#[tokio::test]
async fn a_redis_that_goes_away_is_a_clear_503_and_lets_nothing_through() {
    let mut redis = RedisServer::start();
    let (upstream, _stop) = start_sandbox().await;
    let key = axum_extra::extract::cookie::Key::generate();
    let app = instance(&redis, &upstream, &key).await;
    let cookie = app.login_cookie(ADMIN).await;

    let health: serde_json::Value = app.get("/healthz").await.json().await.unwrap();
    assert_eq!(health["sessionStore"], "reachable");
    redis.kill();
    let health: serde_json::Value = app.get("/healthz").await.json().await.unwrap();
    assert_eq!(health["sessionStore"], "unreachable");
    let message = "The gateway's session store is not answering, so your login cannot be checked. Try again shortly; if this goes on, the gateway's Redis needs attention.";
    let (status, body) = app.whoami_with(&cookie).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::SERVICE_UNAVAILABLE,
            json!({"result": "error", "message": message})
        )
    );
    assert_eq!(
        app.whmcs_with(&cookie, "action=DeleteOAuthCredential&credentialId=1")
            .await,
        StatusCode::SERVICE_UNAVAILABLE
    );
    let (status, body) = app.login(ADMIN).await;
    assert_eq!(
        (status, body["message"].as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some(message))
    );

    // Back again: the gateway reconnects by itself (the session died with Redis's memory).
    redis.restart();
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        let (status, _) = app.login(ADMIN).await;
        if status == StatusCode::OK {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no reconnect: {status}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (upstream_list, _) = app
        .whmcs(&[("action", "ListOAuthCredentials"), ("limit", "1")])
        .await;
    assert_eq!(upstream_list, StatusCode::OK);
}

#[tokio::test]
async fn a_gateway_whose_redis_is_down_does_not_start() {
    let mut redis = RedisServer::start();
    let url = redis.url();
    redis.kill();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), crate::helpers::INDEX_HTML).unwrap();
    let mut settings = gateway::Settings::new(
        "127.0.0.1:0".parse().unwrap(),
        dir.path().to_path_buf(),
        "http://127.0.0.1:9/includes/api.php".into(),
        dir.path().join("audit.log"),
        axum_extra::extract::cookie::Key::generate(),
    );
    settings.session_store = Some(secrecy::SecretString::from(url.clone()));
    let error = gateway::Server::start(&settings, std::future::pending())
        .await
        .err()
        .expect("no start without its session store");
    assert!(
        error
            .to_string()
            .starts_with(&format!("session store: {url}")),
        "{error}"
    );
}

/// A private CA and a certificate it signed for 127.0.0.1, as PEM files in `dir`:
/// (CA certificate, server certificate, server key).
fn private_ca(dir: &std::path::Path) -> (PathBuf, PathBuf, PathBuf) {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::from_params(&ca, &ca_key);
    let server_key = KeyPair::generate().unwrap();
    let server = CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .unwrap()
        .signed_by(&server_key, &issuer)
        .unwrap();
    let paths = (
        dir.join("ca.pem"),
        dir.join("server.pem"),
        dir.join("server-key.pem"),
    );
    std::fs::write(&paths.0, ca_cert.pem()).unwrap();
    std::fs::write(&paths.1, server.pem()).unwrap();
    std::fs::write(&paths.2, server_key.serialize_pem()).unwrap();
    paths
}

#[tokio::test]
async fn a_tls_redis_signed_by_a_private_ca_is_trusted_only_with_that_ca() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, cert, key) = private_ca(dir.path());
    let redis = RedisServer::start_tls(&cert, &key);
    let url = format!("rediss://127.0.0.1:{}", redis.port);

    // Without the CA the certificate is not trusted: the gateway does not start.
    let mut settings = gateway::Settings::new(
        "127.0.0.1:0".parse().unwrap(),
        dir.path().to_path_buf(),
        "http://127.0.0.1:9/includes/api.php".into(),
        dir.path().join("audit.log"),
        axum_extra::extract::cookie::Key::generate(),
    );
    std::fs::write(dir.path().join("index.html"), crate::helpers::INDEX_HTML).unwrap();
    settings.session_store = Some(secrecy::SecretString::from(url.clone()));
    let error = gateway::Server::start(&settings, std::future::pending())
        .await
        .err()
        .expect("an untrusted certificate stops the start");
    assert!(error.to_string().contains("certificate"), "{error}");

    // With it, sessions live there, over TLS.
    let (upstream, _stop) = start_sandbox().await;
    let app = TestApp::spawn_with(Options {
        upstream: Some(upstream),
        session_store: Some(url),
        session_store_ca: Some(ca),
        ..Options::default()
    })
    .await;
    let cookie = app.login_cookie(ADMIN).await;
    assert_eq!(app.whoami_with(&cookie).await.0, StatusCode::OK);
    let health: serde_json::Value = app.get("/healthz").await.json().await.unwrap();
    assert_eq!(health["sessionStore"], "reachable");
}
