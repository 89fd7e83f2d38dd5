//! Bulk changes that run as jobs in the gateway, not in a browser tab: one WHMCS call per
//! credential (WHMCS changes one per request), a bounded number at a time, each audited
//! (intent before the call, outcome after, naming the job). A job lives in the session
//! store, so any instance that shares it shows its progress; the instance running it holds
//! a lease, and when that instance dies the job shows as interrupted until someone resumes
//! it, from any instance, with exactly the items not yet done.

pub mod model;
pub mod report;
pub mod store;
pub mod view;
pub mod worker;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::audit::AuditLog;
use crate::redis_client::StoreUnavailable;
use crate::sessions::Sessions;
use crate::sessions::clock::Clock;
use crate::upstream::Upstream;
use model::{JobMeta, JobState, Outcome};
use store::JobStore;

/// Everything a job needs besides its own record: how to call WHMCS, where to audit, and
/// whose credential it runs with.
#[derive(Clone)]
pub struct JobContext {
    pub jobs: Arc<Jobs>,
    pub upstream: Upstream,
    pub audit: AuditLog,
    pub sessions: Arc<Sessions>,
}

/// This instance's jobs service.
pub struct Jobs {
    pub store: JobStore,
    /// Names this process in leases.
    instance: String,
    lease: Duration,
    /// Calls towards WHMCS in flight at once, across every job this instance runs.
    permits: Arc<Semaphore>,
    concurrency: usize,
    /// Jobs with a worker in this process.
    running: Mutex<HashSet<String>>,
    clock: Clock,
}

impl Jobs {
    pub fn new(store: JobStore, concurrency: usize, lease: Duration) -> Jobs {
        let concurrency = concurrency.max(1);
        Jobs {
            store,
            instance: crate::sessions::id::random_hex(16),
            lease,
            permits: Arc::new(Semaphore::new(concurrency)),
            concurrency,
            running: Mutex::new(HashSet::new()),
            clock: Clock::system(),
        }
    }

    pub fn now(&self) -> u64 {
        self.clock.now_secs()
    }

    /// Starts (or continues) `id` in this process, unless a worker here already runs it.
    /// The lease decides between instances.
    pub fn spawn(ctx: &JobContext, id: &str) {
        let fresh = ctx
            .jobs
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id.to_owned());
        if !fresh {
            return;
        }
        let (ctx, id) = (ctx.clone(), id.to_owned());
        tokio::spawn(async move {
            if let Err(e) = worker::run(&ctx, &id).await {
                tracing::error!(job = %id, error = %e, "job stopped: the session store is not answering");
            }
            ctx.jobs
                .running
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(&id);
        });
    }

    /// Changes a job's state with `change`, if it applies; the job as it is then.
    pub async fn set_state(
        &self,
        id: &str,
        change: impl FnOnce(&mut JobMeta) -> bool,
    ) -> Result<Option<JobMeta>, StoreUnavailable> {
        let Some(mut meta) = self.store.meta(id).await? else {
            return Ok(None);
        };
        if change(&mut meta) {
            self.store.set_meta(&meta).await?;
        }
        Ok(Some(meta))
    }

    /// Cancels every unfinished job `pick` selects among `owner`'s, saying `why`.
    pub async fn cancel_where(
        &self,
        owner: &str,
        why: &str,
        pick: impl Fn(&JobMeta) -> bool,
    ) -> Result<usize, StoreUnavailable> {
        let mut cancelled = 0;
        for id in self.store.owned(owner).await? {
            let Some(mut meta) = self.store.meta(&id).await? else {
                continue;
            };
            if pick(&meta) && matches!(meta.state, JobState::Running | JobState::Paused) {
                meta.state = JobState::Cancelled(why.to_owned());
                self.store.set_meta(&meta).await?;
                cancelled += 1;
            }
        }
        Ok(cancelled)
    }

    /// Puts every failed item of `id` back in line; how many.
    pub async fn requeue_failed(&self, id: &str) -> Result<usize, StoreUnavailable> {
        let outcomes = self.store.outcomes(id).await?;
        let mut counts = model::Counts::of(outcomes.values());
        let mut requeued = 0;
        for (item, outcome) in &outcomes {
            if let Outcome::Failed(_) = outcome {
                counts.count(outcome, -1);
                self.store.set_outcome(id, *item, None, counts).await?;
                requeued += 1;
            }
        }
        Ok(requeued)
    }

    pub fn concurrency(&self) -> usize {
        self.concurrency
    }

    /// This process's name in leases.
    pub fn instance(&self) -> &str {
        &self.instance
    }

    pub fn lease(&self) -> Duration {
        self.lease
    }
}
