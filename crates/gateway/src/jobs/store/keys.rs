//! How a job's parts are named and kept in Redis / Valkey, and for how long.

use std::time::Duration;

use crate::redis_client::StoreUnavailable;

const PREFIX: &str = "oauth-admin:job:";
/// A job, its items, outcomes, report and unread secrets are kept this long after its
/// last change.
pub const JOB_TTL: Duration = Duration::from_secs(24 * 3600);

pub(super) type Result<T> = std::result::Result<T, StoreUnavailable>;

pub(super) fn key(id: &str, part: &str) -> String {
    if part.is_empty() {
        format!("{PREFIX}{id}")
    } else {
        format!("{PREFIX}{id}:{part}")
    }
}

pub(super) fn owned_by(owner: &str) -> String {
    format!("oauth-admin:jobs-of:{owner}")
}

pub(super) fn secs(d: Duration) -> u64 {
    d.as_secs().max(1)
}

pub(super) fn millis(d: Duration) -> u64 {
    (d.as_millis() as u64).max(1)
}

/// Parts of a job that live as long as the job.
pub(super) const PARTS: [&str; 7] = [
    "", "items", "outcomes", "failures", "counts", "secrets", "record",
];

pub(super) fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("a job's parts serialize")
}
