//! Where jobs are kept: in this process, or in the Redis / Valkey the gateway instances
//! share, so any instance shows a job's progress and can resume it. Only the instance that
//! holds a job's lease writes its outcomes; pause, resume and cancel write its state.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use redis::Script;

use super::model::{Counts, JobItem, JobMeta, Outcome};
use crate::redis_client::{RedisClient, StoreUnavailable};

const PREFIX: &str = "oauth-admin:job:";
/// A job, its items, outcomes, report and unread secrets are kept this long after its
/// last change.
pub const JOB_TTL: Duration = Duration::from_secs(24 * 3600);

pub enum JobStore {
    Memory(Mutex<Memory>),
    Redis(RedisClient),
}

#[derive(Default)]
pub struct Memory {
    jobs: HashMap<String, MemoryJob>,
    owners: HashMap<String, Vec<String>>,
}

struct MemoryJob {
    meta: JobMeta,
    items: Arc<Vec<JobItem>>,
    outcomes: HashMap<usize, Outcome>,
    counts: Counts,
    lease: Option<(String, Instant)>,
    secrets: HashMap<usize, String>,
    record: Option<String>,
    touched: Instant,
}

type Result<T> = std::result::Result<T, StoreUnavailable>;

fn key(id: &str, part: &str) -> String {
    if part.is_empty() {
        format!("{PREFIX}{id}")
    } else {
        format!("{PREFIX}{id}:{part}")
    }
}

fn owned_by(owner: &str) -> String {
    format!("oauth-admin:jobs-of:{owner}")
}

fn secs(d: Duration) -> u64 {
    d.as_secs().max(1)
}

fn millis(d: Duration) -> u64 {
    (d.as_millis() as u64).max(1)
}

/// Parts of a job that live as long as the job.
const PARTS: [&str; 7] = [
    "", "items", "outcomes", "failures", "counts", "secrets", "record",
];

impl JobStore {
    pub fn memory() -> JobStore {
        JobStore::Memory(Mutex::new(Memory::default()))
    }

    fn mem(m: &Mutex<Memory>) -> std::sync::MutexGuard<'_, Memory> {
        m.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Keeps a new job; `record` is what a delete keeps of the credentials it removes.
    pub async fn create(
        &self,
        meta: &JobMeta,
        items: Vec<JobItem>,
        record: Option<String>,
    ) -> Result<()> {
        match self {
            JobStore::Memory(m) => {
                let mut m = Self::mem(m);
                m.sweep();
                m.owners
                    .entry(meta.owner.clone())
                    .or_default()
                    .push(meta.id.clone());
                m.jobs.insert(
                    meta.id.clone(),
                    MemoryJob {
                        meta: meta.clone(),
                        items: Arc::new(items),
                        outcomes: HashMap::new(),
                        counts: Counts::default(),
                        lease: None,
                        secrets: HashMap::new(),
                        record,
                        touched: Instant::now(),
                    },
                );
                Ok(())
            }
            JobStore::Redis(r) => {
                let ttl = secs(JOB_TTL);
                let items = serde_json::to_string(&items).expect("items serialize");
                let mut pipe = redis::pipe();
                pipe.atomic()
                    .set_ex(key(&meta.id, ""), json(meta), ttl)
                    .ignore()
                    .set_ex(key(&meta.id, "items"), items, ttl)
                    .ignore()
                    .sadd(owned_by(&meta.owner), &meta.id)
                    .ignore()
                    .expire(owned_by(&meta.owner), ttl as i64)
                    .ignore();
                if let Some(record) = record {
                    pipe.set_ex(key(&meta.id, "record"), record, ttl).ignore();
                }
                r.run::<()>(&pipe).await
            }
        }
    }

    pub async fn meta(&self, id: &str) -> Result<Option<JobMeta>> {
        match self {
            JobStore::Memory(m) => Ok(Self::mem(m).jobs.get(id).map(|j| j.meta.clone())),
            JobStore::Redis(r) => {
                let mut pipe = redis::pipe();
                pipe.get(key(id, ""));
                let (text,): (Option<String>,) = r.run(&pipe).await?;
                Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
            }
        }
    }

    /// Writes the job's description (its state, its run's start), and keeps every part of
    /// the job another `JOB_TTL`.
    pub async fn set_meta(&self, meta: &JobMeta) -> Result<()> {
        match self {
            JobStore::Memory(m) => {
                if let Some(job) = Self::mem(m).jobs.get_mut(&meta.id) {
                    job.meta = meta.clone();
                    job.touched = Instant::now();
                }
                Ok(())
            }
            JobStore::Redis(r) => {
                let ttl = secs(JOB_TTL);
                let mut pipe = redis::pipe();
                pipe.atomic()
                    .set_ex(key(&meta.id, ""), json(meta), ttl)
                    .ignore();
                for part in &PARTS[1..] {
                    pipe.expire(key(&meta.id, part), ttl as i64).ignore();
                }
                r.run::<()>(&pipe).await
            }
        }
    }

    pub async fn items(&self, id: &str) -> Result<Option<Arc<Vec<JobItem>>>> {
        match self {
            JobStore::Memory(m) => Ok(Self::mem(m).jobs.get(id).map(|j| j.items.clone())),
            JobStore::Redis(r) => {
                let mut pipe = redis::pipe();
                pipe.get(key(id, "items"));
                let (text,): (Option<String>,) = r.run(&pipe).await?;
                Ok(text
                    .and_then(|t| serde_json::from_str(&t).ok())
                    .map(Arc::new))
            }
        }
    }

    pub async fn outcomes(&self, id: &str) -> Result<HashMap<usize, Outcome>> {
        match self {
            JobStore::Memory(m) => Ok(Self::mem(m)
                .jobs
                .get(id)
                .map(|j| j.outcomes.clone())
                .unwrap_or_default()),
            JobStore::Redis(r) => {
                let mut pipe = redis::pipe();
                pipe.hgetall(key(id, "outcomes"));
                let (all,): (HashMap<usize, String>,) = r.run(&pipe).await?;
                Ok(all
                    .into_iter()
                    .filter_map(|(i, t)| Outcome::decode(&t).map(|o| (i, o)))
                    .collect())
            }
        }
    }

    /// Sets (or, with `None`, clears) one item's outcome and the counts with it.
    pub async fn set_outcome(
        &self,
        id: &str,
        item: usize,
        outcome: Option<&Outcome>,
        counts: Counts,
    ) -> Result<()> {
        match self {
            JobStore::Memory(m) => {
                if let Some(job) = Self::mem(m).jobs.get_mut(id) {
                    match outcome {
                        Some(o) => job.outcomes.insert(item, o.clone()),
                        None => job.outcomes.remove(&item),
                    };
                    job.counts = counts;
                    job.touched = Instant::now();
                }
                Ok(())
            }
            JobStore::Redis(r) => {
                let mut pipe = redis::pipe();
                pipe.atomic();
                match outcome {
                    Some(o) => pipe.hset(key(id, "outcomes"), item, o.encode()).ignore(),
                    None => pipe.hdel(key(id, "outcomes"), item).ignore(),
                };
                // Failures apart too, so progress reads them without every outcome.
                match outcome {
                    Some(Outcome::Failed(message)) => pipe
                        .hset(key(id, "failures"), item, message)
                        .ignore()
                        .expire(key(id, "failures"), secs(JOB_TTL) as i64)
                        .ignore(),
                    _ => pipe.hdel(key(id, "failures"), item).ignore(),
                };
                pipe.set_ex(key(id, "counts"), json(&counts), secs(JOB_TTL))
                    .ignore()
                    .expire(key(id, "outcomes"), secs(JOB_TTL) as i64)
                    .ignore();
                r.run::<()>(&pipe).await
            }
        }
    }

    /// The failed items with WHMCS's message, in item order.
    pub async fn failures(&self, id: &str) -> Result<Vec<(usize, String)>> {
        let mut failed: Vec<(usize, String)> = match self {
            JobStore::Memory(m) => Self::mem(m)
                .jobs
                .get(id)
                .map(|j| {
                    j.outcomes
                        .iter()
                        .filter_map(|(i, o)| match o {
                            Outcome::Failed(message) => Some((*i, message.clone())),
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            JobStore::Redis(r) => {
                let mut pipe = redis::pipe();
                pipe.hgetall(key(id, "failures"));
                let (all,): (HashMap<usize, String>,) = r.run(&pipe).await?;
                all.into_iter().collect()
            }
        };
        failed.sort_unstable_by_key(|(i, _)| *i);
        Ok(failed)
    }

    pub async fn counts(&self, id: &str) -> Result<Counts> {
        match self {
            JobStore::Memory(m) => Ok(Self::mem(m)
                .jobs
                .get(id)
                .map(|j| j.counts)
                .unwrap_or_default()),
            JobStore::Redis(r) => {
                let mut pipe = redis::pipe();
                pipe.get(key(id, "counts"));
                let (text,): (Option<String>,) = r.run(&pipe).await?;
                Ok(text
                    .and_then(|t| serde_json::from_str(&t).ok())
                    .unwrap_or_default())
            }
        }
    }

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

    /// The ids of `owner`'s jobs.
    pub async fn owned(&self, owner: &str) -> Result<Vec<String>> {
        match self {
            JobStore::Memory(m) => Ok(Self::mem(m).owners.get(owner).cloned().unwrap_or_default()),
            JobStore::Redis(r) => {
                let mut pipe = redis::pipe();
                pipe.smembers(owned_by(owner));
                let (ids,): (Vec<String>,) = r.run(&pipe).await?;
                Ok(ids)
            }
        }
    }

    /// Keeps one new secret, sealed, until it is taken.
    pub async fn put_secret(&self, id: &str, item: usize, sealed: String) -> Result<()> {
        match self {
            JobStore::Memory(m) => {
                if let Some(job) = Self::mem(m).jobs.get_mut(id) {
                    job.secrets.insert(item, sealed);
                }
                Ok(())
            }
            JobStore::Redis(r) => {
                let mut pipe = redis::pipe();
                pipe.atomic()
                    .hset(key(id, "secrets"), item, sealed)
                    .ignore()
                    .expire(key(id, "secrets"), secs(JOB_TTL) as i64)
                    .ignore();
                r.run::<()>(&pipe).await
            }
        }
    }

    /// How many secrets wait to be taken.
    pub async fn secrets_held(&self, id: &str) -> Result<usize> {
        match self {
            JobStore::Memory(m) => Ok(Self::mem(m).jobs.get(id).map_or(0, |j| j.secrets.len())),
            JobStore::Redis(r) => {
                let mut pipe = redis::pipe();
                pipe.hlen(key(id, "secrets"));
                let (n,): (usize,) = r.run(&pipe).await?;
                Ok(n)
            }
        }
    }

    /// Every secret held, removed from the store in the same step: each is given out once.
    pub async fn take_secrets(&self, id: &str) -> Result<Vec<(usize, String)>> {
        let mut taken: Vec<(usize, String)> = match self {
            JobStore::Memory(m) => Self::mem(m)
                .jobs
                .get_mut(id)
                .map(|j| std::mem::take(&mut j.secrets).into_iter().collect())
                .unwrap_or_default(),
            JobStore::Redis(r) => {
                let mut pipe = redis::pipe();
                pipe.atomic()
                    .hgetall(key(id, "secrets"))
                    .del(key(id, "secrets"))
                    .ignore();
                let (all,): (HashMap<usize, String>,) = r.run(&pipe).await?;
                all.into_iter().collect()
            }
        };
        taken.sort_unstable_by_key(|(i, _)| *i);
        Ok(taken)
    }

    /// What a delete job kept of the credentials it removes.
    pub async fn record(&self, id: &str) -> Result<Option<String>> {
        match self {
            JobStore::Memory(m) => Ok(Self::mem(m).jobs.get(id).and_then(|j| j.record.clone())),
            JobStore::Redis(r) => {
                let mut pipe = redis::pipe();
                pipe.get(key(id, "record"));
                let (text,): (Option<String>,) = r.run(&pipe).await?;
                Ok(text)
            }
        }
    }
}

impl Memory {
    /// Drops jobs untouched for `JOB_TTL`, as Redis would expire them.
    fn sweep(&mut self) {
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

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("a job's parts serialize")
}
