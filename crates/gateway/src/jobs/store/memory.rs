//! Jobs kept in this process, for a gateway that runs alone.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use super::keys::JOB_TTL;
use crate::jobs::model::{Counts, JobItem, JobMeta, Outcome};

#[derive(Default)]
pub struct Memory {
    pub(super) jobs: HashMap<String, MemoryJob>,
    pub(super) owners: HashMap<String, Vec<String>>,
}

pub(super) struct MemoryJob {
    pub(super) meta: JobMeta,
    pub(super) items: Arc<Vec<JobItem>>,
    pub(super) outcomes: HashMap<usize, Outcome>,
    pub(super) counts: Counts,
    pub(super) lease: Option<(String, Instant)>,
    pub(super) secrets: HashMap<usize, String>,
    pub(super) record: Option<String>,
    pub(super) touched: Instant,
}

impl Memory {
    /// Drops jobs untouched for `JOB_TTL`, as Redis would expire them.
    pub(super) fn sweep(&mut self) {
        let now = Instant::now();
        self.jobs
            .retain(|_, j| now.duration_since(j.touched) < JOB_TTL);
        let jobs = &self.jobs;
        self.owners.retain(|_, ids| {
            ids.retain(|id| jobs.contains_key(id));
            !ids.is_empty()
        });
    }
}
