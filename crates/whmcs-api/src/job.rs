//! A bulk job as the gateway reports it and the panel shows it (`/api/jobs`): shared so
//! both ends agree.

use serde::{Deserialize, Serialize};

/// How a job shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JobShown {
    Running,
    Paused,
    Cancelled,
    Finished,
    /// It should be running, but the gateway instance running it stopped: resume it.
    Interrupted,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobView {
    pub id: String,
    pub label: String,
    /// The change's kind: `addScopes`, `removeScopes`, `replaceRedirectPrefix`,
    /// `resetSecrets` or `delete`.
    pub kind: String,
    pub state: JobShown,
    /// Why it was cancelled, or what interrupted it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub total: usize,
    pub done: usize,
    pub failed: usize,
    /// Called, answer not yet in.
    pub in_flight: usize,
    pub left: usize,
    /// Refused by WHMCS's rules before anything was sent (or no longer in WHMCS).
    pub refused: usize,
    /// Items per second while it runs, in tenths (452 is 45.2 a second): an integer, so
    /// the panel parses no floating-point numbers (their code is sizeable in WebAssembly).
    pub pace_tenths: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds_left: Option<u64>,
    /// Unix seconds.
    pub created_at: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<u64>,
    /// New secrets waiting to be downloaded, once.
    pub secrets_held: usize,
    /// A delete's record of what it removed can be downloaded.
    pub has_record: bool,
    #[serde(default)]
    pub failures: Vec<JobFailure>,
    #[serde(default)]
    pub failures_total: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobFailure {
    pub credential_id: u64,
    pub client_identifier: String,
    pub name: String,
    pub message: String,
}

impl JobView {
    /// Whether it may still change on its own (poll it).
    pub fn is_live(&self) -> bool {
        self.state == JobShown::Running
    }
}
