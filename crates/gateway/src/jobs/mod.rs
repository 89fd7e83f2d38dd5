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

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::AbortHandle;

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
    workers: Mutex<HashMap<String, AbortHandle>>,
    /// Set when the gateway shuts down: workers take no new item and give their leases up.
    stopping: AtomicBool,
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
            workers: Mutex::new(HashMap::new()),
            stopping: AtomicBool::new(false),
            clock: Clock::system(),
        }
    }

    pub fn now(&self) -> u64 {
        self.clock.now_secs()
    }

    /// Starts (or continues) `id` in this process, unless a worker here already runs it.
    /// The lease decides between instances.
    pub fn spawn(ctx: &JobContext, id: &str) {
        let mut workers = ctx.jobs.workers();
        if workers.contains_key(id) || ctx.jobs.is_stopping() {
            return;
        }
        let (ctx2, id2) = (ctx.clone(), id.to_owned());
        let task = tokio::spawn(async move {
            if let Err(e) = worker::run(&ctx2, &id2).await {
                tracing::error!(job = %id2, error = %e, "job stopped: the session store is not answering");
            }
            ctx2.jobs.workers().remove(&id2);
        });
        workers.insert(id.to_owned(), task.abort_handle());
    }

    fn workers(&self) -> std::sync::MutexGuard<'_, HashMap<String, AbortHandle>> {
        self.workers.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::Relaxed)
    }

    /// On shutdown: workers finish the calls in flight and give their leases up, so
    /// another instance can resume their jobs at once. Waits at most `patience`.
    pub async fn wind_down(&self, patience: Duration) {
        self.stopping.store(true, Ordering::Relaxed);
        let deadline = tokio::time::Instant::now() + patience;
        while !self.workers().is_empty() && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Stops every worker here at once, leases held and calls cut short: what a process
    /// that dies does (for tests of what another instance then does).
    pub fn abort_workers(&self) {
        for (_, worker) in self.workers().drain() {
            worker.abort();
        }
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
