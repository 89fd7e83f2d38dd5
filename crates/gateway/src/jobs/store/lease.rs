//! The lease: which gateway instance runs a job now, so two never run it at once and
//! another resumes it when the holder stops renewing.

use std::time::{Duration, Instant};

use redis::Script;

use super::JobStore;
use super::keys::{Result, key, millis};

impl JobStore {
    /// Takes the job's lease for `ttl` if nobody else holds it (or renews it if `instance`
    /// does); whether `instance` holds it now.
    pub async fn claim(&self, id: &str, instance: &str, ttl: Duration) -> Result<bool> {
        match self {
            JobStore::Memory(m) => {
                let mut m = Self::mem(m);
                let Some(job) = m.jobs.get_mut(id) else {
                    return Ok(false);
                };
                let now = Instant::now();
                let free = match &job.lease {
                    Some((holder, until)) => holder == instance || *until <= now,
                    None => true,
                };
                if free {
                    job.lease = Some((instance.to_owned(), now + ttl));
                }
                Ok(free)
            }
            JobStore::Redis(r) => {
                let script = Script::new(
                    "local held = redis.call('GET', KEYS[1])
                     if not held then
                       redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1
                     elseif held == ARGV[1] then
                       redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1
                     end
                     return 0",
                );
                let mut invocation = script.key(key(id, "lease"));
                invocation.arg(instance).arg(millis(ttl));
                let claimed: i64 = r.invoke(&invocation).await?;
                Ok(claimed == 1)
            }
        }
    }

    /// Gives the lease up, if `instance` holds it.
    pub async fn release(&self, id: &str, instance: &str) -> Result<()> {
        match self {
            JobStore::Memory(m) => {
                if let Some(job) = Self::mem(m).jobs.get_mut(id)
                    && job.lease.as_ref().is_some_and(|(h, _)| h == instance)
                {
                    job.lease = None;
                }
                Ok(())
            }
            JobStore::Redis(r) => {
                let script = Script::new(
                    "if redis.call('GET', KEYS[1]) == ARGV[1] then
                       return redis.call('DEL', KEYS[1])
                     end
                     return 0",
                );
                let mut invocation = script.key(key(id, "lease"));
                invocation.arg(instance);
                r.invoke::<i64>(&invocation).await.map(|_| ())
            }
        }
    }

    /// Whether any instance holds the job's lease.
    pub async fn leased(&self, id: &str) -> Result<bool> {
        match self {
            JobStore::Memory(m) => Ok(Self::mem(m)
                .jobs
                .get(id)
                .and_then(|j| j.lease.as_ref())
                .is_some_and(|(_, until)| *until > Instant::now())),
            JobStore::Redis(r) => {
                let mut pipe = redis::pipe();
                pipe.exists(key(id, "lease"));
                let (held,): (bool,) = r.run(&pipe).await?;
                Ok(held)
            }
        }
    }
}
