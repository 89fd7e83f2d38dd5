//! Operators' metrics: `/metrics` on its own listener moves with logins, WHMCS's answers
//! and the login limit, holds no identifier, secret or address, and is not on the public
//! listener.
//!
//! A process has one recorder: the exact counts hold because nextest (what `cargo xtask
//! test` runs) gives every test its own process; under plain `cargo test`, tests running
//! alongside may move the same counters.

use gateway::rate_limit::LoginLimits;
use reqwest::StatusCode;

use crate::helpers::{ADMIN, Options, TestApp};

/// The sum of the samples of `name` whose labels include every `(label, value)`.
pub fn sample(text: &str, name: &str, labels: &[(&str, &str)]) -> f64 {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.rsplit_once(' '))
        .filter(|(series, _)| {
            let (metric, rest) = series.split_once('{').unwrap_or((series, ""));
            metric == name
                && labels
                    .iter()
                    .all(|(k, v)| rest.contains(&format!("{k}=\"{v}\"")))
        })
        .map(|(_, value)| value.parse::<f64>().expect("a number"))
        .sum()
}

pub async fn scrape(app: &TestApp) -> String {
    let url = app.metrics_url.as_deref().expect("metrics were asked for");
    let r = reqwest::get(url).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    r.text().await.unwrap()
}

#[tokio::test]
async fn logins_whmcs_errors_and_the_login_limit_move_the_counters() {
    let app = TestApp::spawn_with(Options {
        metrics: true,
        limits: LoginLimits {
            per_address: 100,
            per_identifier: 2,
        },
        ..Options::default()
    })
    .await;
    let before = scrape(&app).await;
    let moved = |after: &str, name: &str, labels: &[(&str, &str)]| {
        sample(after, name, labels) - sample(&before, name, labels)
    };

    // A good login, a WHMCS error, then wrong secrets until the limit says no.
    assert_eq!(app.login(ADMIN).await.0, StatusCode::OK);
    // (The login's permission probes are WHMCS calls too: count the error from here.)
    let logged_in = scrape(&app).await;
    let (_, body) = app
        .whmcs(&[
            ("action", "DeleteOAuthCredential"),
            ("credentialId", "987654"),
        ])
        .await;
    assert_eq!(body["result"], "error", "{body}");
    assert_eq!(
        app.login((ADMIN.0, "wrong")).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login((ADMIN.0, "wrong")).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );

    let after = scrape(&app).await;
    let logins = "oauth_admin_logins_total";
    assert_eq!(moved(&after, logins, &[("outcome", "success")]), 1.0);
    assert_eq!(moved(&after, logins, &[("outcome", "refused")]), 1.0);
    assert_eq!(moved(&after, logins, &[("outcome", "rate_limited")]), 1.0);
    assert_eq!(
        moved(&after, "oauth_admin_sessions_started_total", &[]),
        1.0
    );
    let calls = "oauth_admin_whmcs_calls_total";
    let delete_refused = [
        ("action", "DeleteOAuthCredential"),
        ("outcome", "whmcs_error"),
    ];
    assert_eq!(
        sample(&after, calls, &delete_refused) - sample(&logged_in, calls, &delete_refused),
        1.0
    );
    assert!(
        moved(
            &after,
            calls,
            &[("action", "ListOAuthCredentials"), ("outcome", "success")]
        ) >= 1.0
    );
    let timed = "oauth_admin_whmcs_call_duration_seconds_count";
    let delete = [("action", "DeleteOAuthCredential")];
    assert_eq!(
        sample(&after, timed, &delete) - sample(&logged_in, timed, &delete),
        1.0
    );
    // Requests by their route's template and status, with a latency histogram.
    let requests = "oauth_admin_http_requests_total";
    assert_eq!(
        moved(
            &after,
            requests,
            &[
                ("route", "/api/session"),
                ("method", "POST"),
                ("status", "429")
            ]
        ),
        1.0
    );
    assert_eq!(
        moved(
            &after,
            requests,
            &[
                ("route", "/api/whmcs"),
                ("method", "POST"),
                ("status", "200")
            ]
        ),
        1.0
    );
    assert!(after.contains("oauth_admin_http_request_duration_seconds_bucket{"));
    assert_eq!(
        sample(
            &after,
            "oauth_admin_session_store_up",
            &[("kind", "memory")]
        ),
        1.0
    );
    let version = [("version", gateway::VERSION)];
    assert_eq!(sample(&after, "oauth_admin_build_info", &version), 1.0);

    // Nothing in it names who, with what, or from where.
    for private in [ADMIN.0, ADMIN.1, "wrong", "127.0.0.1", "987654"] {
        assert!(!after.contains(private), "the metrics hold {private}");
    }

    // The public listener has no metrics (not even the panel's page under that path).
    let public = app.get("/metrics").await;
    assert_eq!(public.status(), StatusCode::NOT_FOUND);
    assert!(!public.text().await.unwrap().contains("oauth_admin_"));
}

#[tokio::test]
async fn without_a_metrics_listener_there_is_none() {
    let app = TestApp::spawn().await;
    assert!(app.metrics_url.is_none());
    assert_eq!(app.get("/metrics").await.status(), StatusCode::NOT_FOUND);
}
