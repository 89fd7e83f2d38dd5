//! A bulk job in the gateway against the sandbox at the default concurrency: items per
//! second, the time per item at the gateway next to WHMCS's own (the sandbox's, called
//! directly), and the gateway's memory while 20,000 items run.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::report::Report;
use crate::stack::Stack;

/// Items in the measured job.
const ITEMS: usize = 20_000;
/// The gateway's default `--job-concurrency`.
const CONCURRENCY: usize = 4;
/// The gateway may grow by at most this while the job runs (from a quarter done to the end).
const GROWTH_BUDGET_MIB: f64 = 16.0;

pub async fn measure(stack: &Stack, report: &mut Report) -> Result<(), String> {
    let direct = reqwest::Client::new();
    // The 20,000 credentials: the first single sign-on ones WHMCS lists.
    let listed: Value = direct
        .post(&stack.api_url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(stack.direct_body(&format!(
            "action=ListOAuthCredentials&grantType=single_sign_on&limit={ITEMS}"
        )))
        .send_json()
        .await?;
    let ids: Vec<u64> = listed["clients"]
        .as_array()
        .ok_or("no list")?
        .iter()
        .filter_map(|c| c["credentialId"].as_u64())
        .collect();

    // WHMCS's own time per change, at the same concurrency, on credentials the job leaves.
    let spare: Vec<u64> = ids.iter().rev().take(400).copied().collect();
    let started = Instant::now();
    let mut calls = Vec::new();
    for lane in spare.chunks(spare.len().div_ceil(CONCURRENCY)) {
        let (direct, stack_body) = (direct.clone(), lane.to_vec());
        let url = stack.api_url.clone();
        let bodies: Vec<String> = stack_body
            .iter()
            .map(|id| {
                stack.direct_body(&format!(
                    "action=UpdateOAuthCredential&credentialId={id}&description=bench"
                ))
            })
            .collect();
        calls.push(tokio::spawn(async move {
            for body in bodies {
                direct
                    .post(&url)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(body)
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
            }
            Ok::<(), String>(())
        }));
    }
    for c in calls {
        c.await.map_err(|e| e.to_string())??;
    }
    let direct_ms =
        started.elapsed().as_secs_f64() * 1000.0 * CONCURRENCY as f64 / spare.len() as f64;

    let job_ids: Vec<u64> = ids.iter().take(ITEMS - spare.len()).copied().collect();
    let gateway = stack.gateway_client().await?;
    let started = Instant::now();
    let answer: Value = gateway
        .post(format!("{}/api/jobs", stack.gateway_url))
        .header("origin", &stack.gateway_url)
        .json(&json!({"change": {"kind": "addScopes", "scopes": ["clientarea:services"]}, "credentialIds": job_ids}))
        .send_json()
    .await?;
    let id = answer["id"]
        .as_str()
        .ok_or_else(|| format!("no job: {answer}"))?
        .to_owned();
    let total = answer["total"].as_u64().unwrap_or(0) as f64;
    let mut at_quarter = None;
    let mut peak = 0u64;
    let deadline = Instant::now() + Duration::from_secs(1800);
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let job: Value = gateway
            .get(format!("{}/api/jobs/{id}", stack.gateway_url))
            .send_json()
            .await?;
        let rss = stack.gateway.rss_kib().unwrap_or(0);
        peak = peak.max(rss);
        let done =
            job["done"].as_u64().unwrap_or(0) as f64 + job["failed"].as_u64().unwrap_or(0) as f64;
        if at_quarter.is_none() && done >= total / 4.0 {
            at_quarter = Some(rss);
        }
        if job["state"] == "finished" {
            break;
        }
        if Instant::now() > deadline {
            return Err(format!("the job did not finish: {job}"));
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let end = stack.gateway.rss_kib().unwrap_or(0);
    let per_second = total / seconds;
    let mib = |kib: u64| (kib as f64 / 1024.0 * 10.0).round() / 10.0;
    report.add(
        format!("job ({total} items, concurrency {CONCURRENCY}): items per second"),
        (per_second * 10.0).round() / 10.0,
        "items/s",
        None,
    );
    report.add(
        "job: time per item at the gateway (concurrency / rate)",
        (CONCURRENCY as f64 / per_second * 1000.0 * 10.0).round() / 10.0,
        "ms",
        None,
    );
    report.add(
        "job: WHMCS's own time per change (the sandbox, direct, same concurrency)",
        (direct_ms * 10.0).round() / 10.0,
        "ms",
        None,
    );
    report.add(
        "job: gateway memory at a quarter done",
        mib(at_quarter.unwrap_or(end)),
        "MiB",
        None,
    );
    report.add("job: gateway memory, peak", mib(peak), "MiB", None);
    report.add(
        "job: gateway memory growth from a quarter done to the end",
        mib(end.saturating_sub(at_quarter.unwrap_or(end))),
        "MiB",
        Some(GROWTH_BUDGET_MIB),
    );
    Ok(())
}

/// Sends a request and reads its answer as JSON; any failure as text.
trait SendJson {
    async fn send_json(self) -> Result<Value, String>;
}

impl SendJson for reqwest::RequestBuilder {
    async fn send_json(self) -> Result<Value, String> {
        let answer = self.send().await.map_err(|e| e.to_string())?;
        answer.json().await.map_err(|e| e.to_string())
    }
}
