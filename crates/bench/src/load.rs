//! A small closed-loop load generator on tokio and reqwest: `concurrency` workers send the
//! same request back to back until `requests` are done or the time limit passes. Every
//! answer is read to its end and checked to be a WHMCS success, so a fast error page can
//! never pass for a fast answer.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::stats::{median, percentile};

/// One kind of request, sent again and again.
#[derive(Clone)]
pub struct Request {
    pub http: reqwest::Client,
    pub url: String,
    pub body: String,
    /// Sent as `Origin` (the gateway refuses state-changing requests without its own).
    pub origin: Option<String>,
}

#[derive(Debug, Default)]
pub struct Outcome {
    /// Milliseconds, one per successful request.
    pub latencies: Vec<f64>,
    pub failures: usize,
    pub first_failure: Option<String>,
    pub wall: Duration,
    pub bytes: u64,
}

impl Outcome {
    pub fn median(&self) -> f64 {
        median(&self.latencies)
    }

    pub fn p99(&self) -> f64 {
        percentile(&self.latencies, 99.0)
    }

    pub fn per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.wall.as_secs_f64()
    }

    /// An error when anything failed: figures over failed requests mean nothing.
    pub fn check(&self, what: &str) -> Result<(), String> {
        match &self.first_failure {
            None if !self.latencies.is_empty() => Ok(()),
            None => Err(format!("{what}: no request finished")),
            Some(f) => Err(format!(
                "{what}: {} requests failed, first: {f}",
                self.failures
            )),
        }
    }
}

pub async fn run(
    request: Request,
    concurrency: usize,
    requests: usize,
    time_limit: Duration,
) -> Outcome {
    let tickets = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + time_limit;
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (request, tickets) = (request.clone(), tickets.clone());
            tokio::spawn(async move {
                let mut mine = Outcome::default();
                while tickets.fetch_add(1, Ordering::Relaxed) < requests
                    && Instant::now() < deadline
                {
                    let t = Instant::now();
                    match send(&request).await {
                        Ok(bytes) => {
                            mine.latencies.push(t.elapsed().as_secs_f64() * 1000.0);
                            mine.bytes += bytes;
                        }
                        Err(e) => {
                            mine.failures += 1;
                            mine.first_failure.get_or_insert(e);
                        }
                    }
                }
                mine
            })
        })
        .collect();
    let mut all = Outcome::default();
    for w in workers {
        let mine = w.await.expect("a load worker does not panic");
        all.latencies.extend(mine.latencies);
        all.failures += mine.failures;
        all.bytes += mine.bytes;
        if all.first_failure.is_none() {
            all.first_failure = mine.first_failure;
        }
    }
    all.wall = started.elapsed();
    all
}

/// Sends one request and reads the whole answer; the number of bytes read.
async fn send(r: &Request) -> Result<u64, String> {
    let mut builder = r
        .http
        .post(&r.url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(r.body.clone());
    if let Some(origin) = &r.origin {
        builder = builder.header("origin", origin);
    }
    let response = builder.send().await.map_err(|e| e.to_string())?;
    let status = response.status();
    let body = response.bytes().await.map_err(|e| e.to_string())?;
    if status != 200 || !body.starts_with(b"{\"result\":\"success\"") {
        let start = String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned();
        return Err(format!("HTTP {status}: {start}"));
    }
    Ok(body.len() as u64)
}
