//! Operators' metrics: what the gateway counts and measures, recorded through the `metrics`
//! facade and served as Prometheus text on `--metrics-listen` only (never on the public
//! listener). No label ever holds an identifier, a secret, a client address or a path with
//! an id in it: routes are their templates, WHMCS actions come from the allow-list.
//!
//! Without a listener no recorder is installed and every call here does nothing.

use std::sync::OnceLock;
use std::time::Duration;

use metrics::{counter, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use whmcs_api::action::Action;

pub const HTTP_REQUESTS: &str = "oauth_admin_http_requests_total";
pub const HTTP_DURATION: &str = "oauth_admin_http_request_duration_seconds";
pub const WHMCS_CALLS: &str = "oauth_admin_whmcs_calls_total";
pub const WHMCS_DURATION: &str = "oauth_admin_whmcs_call_duration_seconds";
pub const LOGINS: &str = "oauth_admin_logins_total";
pub const SESSIONS_STARTED: &str = "oauth_admin_sessions_started_total";
pub const SESSIONS_ENDED: &str = "oauth_admin_sessions_ended_total";
pub const AUDIT_FAILURES: &str = "oauth_admin_audit_write_failures_total";
pub const SESSION_STORE_UP: &str = "oauth_admin_session_store_up";
pub const JOB_ITEMS: &str = "oauth_admin_job_items_total";
pub const BUILD_INFO: &str = "oauth_admin_build_info";

/// Seconds: from a fast local answer to WHMCS's own slow lists and the upstream timeout.
const LATENCY_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Whether this process records metrics (a gateway with `--metrics-listen` started).
pub fn enabled() -> bool {
    HANDLE.get().is_some()
}

/// The process's recorder, installed on first use (a process has one; tests start several
/// gateways in one process and share it).
pub fn recorder() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let handle = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), LATENCY_BUCKETS)
            .expect("the buckets are not empty")
            .install_recorder()
            .expect("no other metrics recorder is installed in this process");
        describe();
        gauge!(BUILD_INFO, "version" => crate::VERSION).set(1.0);
        // Histograms are summed up lazily; keep that bounded between scrapes.
        let upkeep = handle.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(5));
            loop {
                every.tick().await;
                upkeep.run_upkeep();
            }
        });
        handle
    })
}

/// `# HELP` lines, so a scrape explains itself.
fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        HTTP_REQUESTS,
        "Requests answered, by route template, method and status."
    );
    describe_histogram!(
        HTTP_DURATION,
        "Time to answer a request, by route template and method."
    );
    describe_counter!(
        WHMCS_CALLS,
        "Calls to WHMCS's api.php, by action and outcome (success, whmcs_error, http_5xx, timeout, unreachable, unreadable)."
    );
    describe_histogram!(WHMCS_DURATION, "Time WHMCS took to answer, by action.");
    describe_counter!(
        LOGINS,
        "Login attempts, by outcome (success, refused, rate_limited)."
    );
    describe_counter!(SESSIONS_STARTED, "Sessions started (successful logins).");
    describe_counter!(
        SESSIONS_ENDED,
        "Sessions ended, by reason (logout, logout_everywhere, expired)."
    );
    describe_counter!(AUDIT_FAILURES, "Audit log lines that could not be written.");
    describe_gauge!(
        SESSION_STORE_UP,
        "Whether the session store answered at the last scrape (1) or not (0), by kind (memory, redis)."
    );
    describe_counter!(
        JOB_ITEMS,
        "Bulk job items finished, by change and outcome (done, failed)."
    );
}

/// One answered request: `route` is the matched template (`/api/jobs/{id}`) or `panel`.
pub fn request(route: String, method: &'static str, status: u16, took: Duration) {
    counter!(HTTP_REQUESTS, "route" => route.clone(), "method" => method, "status" => status.to_string())
        .increment(1);
    histogram!(HTTP_DURATION, "route" => route, "method" => method).record(took.as_secs_f64());
}

/// How a call to WHMCS ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallOutcome {
    Success,
    /// WHMCS answered `"result":"error"` (a refusal or a validation message).
    WhmcsError,
    /// An HTTP 5xx.
    Http5xx,
    Timeout,
    /// No connection, or the answer was cut off.
    Unreachable,
    /// Something other than WHMCS's JSON (an HTML page, a proxy's error).
    Unreadable,
}

impl CallOutcome {
    fn label(self) -> &'static str {
        match self {
            CallOutcome::Success => "success",
            CallOutcome::WhmcsError => "whmcs_error",
            CallOutcome::Http5xx => "http_5xx",
            CallOutcome::Timeout => "timeout",
            CallOutcome::Unreachable => "unreachable",
            CallOutcome::Unreadable => "unreadable",
        }
    }

    /// From WHMCS's status and the start of its body (WHMCS writes `result` first).
    pub fn of_answer(status: u16, body: &[u8]) -> CallOutcome {
        if status >= 500 {
            return CallOutcome::Http5xx;
        }
        let head = &body[..body.len().min(256)];
        let value = memchr::memmem::find(head, br#""result""#).map(|at| {
            let rest = &head[at + br#""result""#.len()..];
            let start = rest
                .iter()
                .position(|b| !matches!(b, b':' | b' ' | b'\t' | b'\r' | b'\n'))
                .unwrap_or(rest.len());
            &rest[start..]
        });
        match value {
            Some(v) if v.starts_with(br#""success""#) => CallOutcome::Success,
            Some(v) if v.starts_with(br#""error""#) => CallOutcome::WhmcsError,
            _ => CallOutcome::Unreadable,
        }
    }
}

/// One call to WHMCS: `action` as sent (anything not on the allow-list counts as `other`).
pub fn whmcs_call(action: Option<&str>, outcome: CallOutcome, took: Duration) {
    let action = action.and_then(Action::parse).map_or("other", Action::name);
    counter!(WHMCS_CALLS, "action" => action, "outcome" => outcome.label()).increment(1);
    histogram!(WHMCS_DURATION, "action" => action).record(took.as_secs_f64());
}

/// A login attempt: `success`, `refused` (by WHMCS) or `rate_limited`.
pub fn login(outcome: &'static str) {
    counter!(LOGINS, "outcome" => outcome).increment(1);
}

pub fn session_started() {
    counter!(SESSIONS_STARTED).increment(1);
}

/// `count` sessions ended for `reason`: `logout`, `logout_everywhere` or `expired`.
pub fn sessions_ended(reason: &'static str, count: u64) {
    counter!(SESSIONS_ENDED, "reason" => reason).increment(count);
}

pub fn audit_write_failed() {
    counter!(AUDIT_FAILURES).increment(1);
}

/// The session store's answer at a scrape: `kind` is `memory` or `redis`.
pub fn session_store(kind: &'static str, up: bool) {
    gauge!(SESSION_STORE_UP, "kind" => kind).set(if up { 1.0 } else { 0.0 });
}

/// A bulk job's item finished: `change` is the job's kind of change, `outcome` how it ended.
pub fn job_item(change: &'static str, outcome: &'static str) {
    counter!(JOB_ITEMS, "change" => change, "outcome" => outcome).increment(1);
}

#[cfg(test)]
mod tests {
    use super::CallOutcome;

    #[test]
    fn a_call_is_judged_by_its_status_and_whmcs_result() {
        assert_eq!(
            CallOutcome::of_answer(200, br#"{"result":"success","totalresults":0}"#),
            CallOutcome::Success
        );
        assert_eq!(
            CallOutcome::of_answer(403, br#"{"result":"error","message":"Invalid IP 1.2.3.4"}"#),
            CallOutcome::WhmcsError
        );
        assert_eq!(
            CallOutcome::of_answer(
                200,
                b"\xef\xbb\xbf{ \"result\" : \"error\", \"message\": \"x\"}"
            ),
            CallOutcome::WhmcsError,
            "a byte-order mark and spaces are read past"
        );
        assert_eq!(
            CallOutcome::of_answer(502, br#"{"result":"success"}"#),
            CallOutcome::Http5xx
        );
        assert_eq!(
            CallOutcome::of_answer(200, b"<html><body>Maintenance</body></html>"),
            CallOutcome::Unreadable
        );
    }
}
