//! The sandbox on its own: how fast it lists a large installation and creates credentials.

use std::time::Duration;

use crate::load::{self, Request};
use crate::report::Report;
use crate::stack::Stack;

const RUN_LIMIT: Duration = Duration::from_secs(60);

/// Lists every row a few times in a row; rows and megabytes per second.
pub async fn list_throughput(stack: &Stack, report: &mut Report) -> Result<(), String> {
    let request = Request {
        http: reqwest::Client::new(),
        url: stack.api_url.clone(),
        body: stack.direct_body("action=ListOAuthCredentials&limit=0"),
        origin: None,
    };
    let outcome = load::run(request, 1, 5, RUN_LIMIT).await;
    outcome.check("sandbox list")?;
    let seconds = outcome.median() / 1000.0;
    let rows = stack.credentials;
    report.add(
        format!("sandbox: list {rows} rows, median"),
        (outcome.median()).round(),
        "ms",
        None,
    );
    report.add(
        "sandbox: list throughput",
        (rows as f64 / seconds).round(),
        "rows/s",
        None,
    );
    let mb = outcome.bytes as f64 / outcome.latencies.len() as f64 / 1e6;
    report.add(
        "sandbox: list answer size",
        (mb * 10.0).round() / 10.0,
        "MB",
        None,
    );
    if let Some(rss) = stack.sandbox.rss_kib() {
        report.add(
            "sandbox: memory after listing",
            (rss as f64 / 102.4).round() / 10.0,
            "MiB",
            None,
        );
    }
    Ok(())
}

/// Creates single sign-on credentials from 8 concurrent clients.
pub async fn creates(stack: &Stack, report: &mut Report) -> Result<(), String> {
    let request = Request {
        http: reqwest::Client::new(),
        url: stack.api_url.clone(),
        body: stack.direct_body(
            "action=CreateOAuthCredential&grantType=single_sign_on&scope=clientarea%3Asso&serviceId=101&name=Benchmark",
        ),
        origin: None,
    };
    let outcome = load::run(request, 8, 2000, RUN_LIMIT).await;
    outcome.check("sandbox creates")?;
    report.add(
        "sandbox: creates (c=8)",
        outcome.per_second().round(),
        "req/s",
        None,
    );
    report.add(
        "sandbox: create median (c=8)",
        (outcome.median() * 100.0).round() / 100.0,
        "ms",
        None,
    );
    Ok(())
}
