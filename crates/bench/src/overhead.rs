//! Gateway overhead: the same `ListOAuthCredentials` straight to the sandbox and through the
//! gateway (session check, validation, credential added, secrets stripped), at concurrency
//! 1 and 32, one after the other in one run; and the gateway's memory while it serves.

use std::time::Duration;

use crate::load::{self, Outcome, Request};
use crate::report::Report;
use crate::stack::Stack;

/// Through the gateway, the median at concurrency 32 may be at most this × the direct one.
const MEDIAN_RATIO_BUDGET: f64 = 1.3;
/// "Flat": a second identical round of load may grow the gateway's memory by at most this.
const RSS_GROWTH_BUDGET_PERCENT: f64 = 10.0;
/// No single load run may take longer.
const RUN_LIMIT: Duration = Duration::from_secs(60);

struct Scenario {
    label: &'static str,
    command: &'static str,
    /// (concurrency, requests)
    runs: [(usize, usize); 2],
}

pub async fn measure(stack: &Stack, report: &mut Report) -> Result<(), String> {
    let rows = stack.credentials;
    let scenarios = [
        Scenario {
            label: "limit 100",
            command: "action=ListOAuthCredentials&limit=100",
            runs: [(1, 500), (32, 4000)],
        },
        Scenario {
            label: "limit 0",
            command: "action=ListOAuthCredentials&limit=0",
            runs: [(1, 8), (32, 96)],
        },
    ];
    let direct = Request {
        http: reqwest::Client::new(),
        url: stack.api_url.clone(),
        body: String::new(),
        origin: None,
    };
    let via_gateway = Request {
        http: stack.gateway_client().await?,
        url: format!("{}/api/whmcs", stack.gateway_url),
        body: String::new(),
        origin: Some(stack.gateway_url.clone()),
    };

    for s in &scenarios {
        let direct = Request {
            body: stack.direct_body(s.command),
            ..direct.clone()
        };
        let gateway = Request {
            body: s.command.to_owned(),
            ..via_gateway.clone()
        };
        // Warm both paths (connections, SQLite's page cache, allocator) before measuring.
        load::run(direct.clone(), 2, 4, RUN_LIMIT)
            .await
            .check("warm-up")?;
        load::run(gateway.clone(), 2, 4, RUN_LIMIT)
            .await
            .check("warm-up")?;
        for (concurrency, requests) in s.runs {
            let name = format!("gateway: {} ({rows} rows), c={concurrency}", s.label);
            let d = load::run(direct.clone(), concurrency, requests, RUN_LIMIT).await;
            d.check(&format!("{name}, direct"))?;
            let g = load::run(gateway.clone(), concurrency, requests, RUN_LIMIT).await;
            g.check(&format!("{name}, via gateway"))?;
            record(report, &name, concurrency, &d, &g);
        }
    }

    // Flat memory: a second, identical round must not leave the gateway bigger than the first.
    let round = Request {
        body: "action=ListOAuthCredentials&limit=100".into(),
        ..via_gateway.clone()
    };
    load::run(round.clone(), 32, 4000, RUN_LIMIT)
        .await
        .check("memory round 1")?;
    let after_first = stack.gateway.rss_kib();
    load::run(round.clone(), 32, 4000, RUN_LIMIT)
        .await
        .check("memory round 2")?;
    let after_second = stack.gateway.rss_kib();
    if let (Some(start), Some(first), Some(second), Some(peak)) = (
        stack.gateway_rss_at_start,
        after_first,
        after_second,
        stack.gateway.peak_rss_kib(),
    ) {
        report.add("gateway memory: at start", mib(start), "MiB", None);
        report.add(
            "gateway memory: peak during the whole run",
            mib(peak),
            "MiB",
            None,
        );
        report.add("gateway memory: after load", mib(second), "MiB", None);
        let growth = (second as f64 - first as f64) / first as f64 * 100.0;
        report.add(
            "gateway memory: growth over a repeated round (c=32)",
            (growth.max(0.0) * 10.0).round() / 10.0,
            "%",
            Some(RSS_GROWTH_BUDGET_PERCENT),
        );
    }
    Ok(())
}

fn record(report: &mut Report, name: &str, concurrency: usize, d: &Outcome, g: &Outcome) {
    let budget = (concurrency > 1).then_some(MEDIAN_RATIO_BUDGET);
    report.add(
        format!("{name}: direct median"),
        round2(d.median()),
        "ms",
        None,
    );
    report.add(
        format!("{name}: gateway median"),
        round2(g.median()),
        "ms",
        None,
    );
    report.add(format!("{name}: direct p99"), round2(d.p99()), "ms", None);
    report.add(format!("{name}: gateway p99"), round2(g.p99()), "ms", None);
    report.add(
        format!("{name}: median ratio"),
        round2(g.median() / d.median()),
        "×",
        budget,
    );
    report.add(
        format!("{name}: p99 ratio"),
        round2(g.p99() / d.p99()),
        "×",
        None,
    );
    report.add(
        format!("{name}: direct throughput"),
        round2(d.per_second()),
        "req/s",
        None,
    );
    report.add(
        format!("{name}: gateway throughput"),
        round2(g.per_second()),
        "req/s",
        None,
    );
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn mib(kib: u64) -> f64 {
    (kib as f64 / 1024.0 * 10.0).round() / 10.0
}
