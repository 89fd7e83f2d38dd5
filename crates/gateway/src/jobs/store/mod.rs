//! Where jobs are kept: in this process, or in the Redis / Valkey the gateway instances
//! share, so any instance shows a job's progress and can resume it. Only the instance that
//! holds a job's lease writes its outcomes; pause, resume and cancel write its state.
//! This file keeps a job and reads it back; its outcomes, lease and unread secrets are
//! each in a file of their own.

mod keys;
mod lease;
mod memory;
mod outcomes;
mod secrets;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

pub use self::keys::JOB_TTL;
use self::keys::{PARTS, Result, json, key, owned_by, secs};
use self::memory::{Memory, MemoryJob};
use super::model::{Counts, JobItem, JobMeta};
use crate::redis_client::RedisClient;

pub enum JobStore {
    Memory(Mutex<Memory>),
    Redis(RedisClient),
}

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
