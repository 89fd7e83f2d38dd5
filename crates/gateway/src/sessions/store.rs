//! Where session records live: in this process (one instance, the demo) or in Redis /
//! Valkey (any number of instances behind a load balancer). A record is opaque text here;
//! each is indexed under its owner (the API identifier's hash) so "log out everywhere"
//! can find them.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::redis_client::{RedisClient, StoreUnavailable};

use super::id::RecordKey;

const PREFIX: &str = "oauth-admin:";

pub enum SessionStore {
    Memory(MemoryStore),
    Redis(RedisClient),
}

impl SessionStore {
    pub fn memory() -> SessionStore {
        SessionStore::Memory(MemoryStore::default())
    }

    /// `memory`, or whether Redis answers (for `/healthz`).
    pub async fn health(&self) -> &'static str {
        match self {
            SessionStore::Memory(_) => "memory",
            SessionStore::Redis(r) => {
                let mut pipe = redis::pipe();
                pipe.ping();
                match r.run::<(String,)>(&pipe).await {
                    Ok(_) => "reachable",
                    Err(_) => "unreachable",
                }
            }
        }
    }

    pub async fn load(&self, key: &RecordKey) -> Result<Option<String>, StoreUnavailable> {
        match self {
            SessionStore::Memory(m) => Ok(m.load(key)),
            SessionStore::Redis(r) => {
                let mut pipe = redis::pipe();
                pipe.get(record(key));
                let (value,): (Option<String>,) = r.run(&pipe).await?;
                Ok(value)
            }
        }
    }

    /// Stores `value` for `ttl`, and indexes it under `owner` for `owner_ttl`.
    pub async fn save(
        &self,
        key: &RecordKey,
        owner: &str,
        value: String,
        ttl: Duration,
        owner_ttl: Duration,
    ) -> Result<(), StoreUnavailable> {
        match self {
            SessionStore::Memory(m) => {
                m.save(key, owner, value, ttl);
                Ok(())
            }
            SessionStore::Redis(r) => {
                let mut pipe = redis::pipe();
                pipe.atomic()
                    .pset_ex(record(key), value, millis(ttl))
                    .ignore()
                    .sadd(owned_by(owner), &key.0)
                    .ignore()
                    .pexpire(owned_by(owner), millis(owner_ttl) as i64)
                    .ignore();
                r.run::<()>(&pipe).await
            }
        }
    }

    /// Removes one record and its place in its owner's index.
    pub async fn remove(&self, key: &RecordKey, owner: &str) -> Result<(), StoreUnavailable> {
        match self {
            SessionStore::Memory(m) => {
                m.remove(key, owner);
                Ok(())
            }
            SessionStore::Redis(r) => {
                let mut pipe = redis::pipe();
                pipe.atomic()
                    .del(record(key))
                    .ignore()
                    .srem(owned_by(owner), &key.0)
                    .ignore();
                r.run::<()>(&pipe).await
            }
        }
    }

    /// Removes every record of `owner`; returns how many were live.
    pub async fn remove_all_of(&self, owner: &str) -> Result<usize, StoreUnavailable> {
        match self {
            SessionStore::Memory(m) => Ok(m.remove_all_of(owner)),
            SessionStore::Redis(r) => {
                let mut pipe = redis::pipe();
                pipe.smembers(owned_by(owner));
                let (keys,): (Vec<String>,) = r.run(&pipe).await?;
                let mut pipe = redis::pipe();
                pipe.atomic();
                for k in &keys {
                    pipe.del(format!("{PREFIX}session:{k}"));
                }
                pipe.del(owned_by(owner)).ignore();
                let removed: Vec<usize> = r.run(&pipe).await?;
                Ok(removed.iter().sum())
            }
        }
    }
}

fn record(key: &RecordKey) -> String {
    format!("{PREFIX}session:{}", key.0)
}

fn owned_by(owner: &str) -> String {
    format!("{PREFIX}sessions-of:{owner}")
}

fn millis(d: Duration) -> u64 {
    (d.as_millis() as u64).max(1)
}

/// Records in this process; expired ones are swept as new ones arrive, so memory follows
/// the number of live sessions.
#[derive(Default)]
pub struct MemoryStore {
    inner: Mutex<Memory>,
}

#[derive(Default)]
struct Memory {
    records: HashMap<RecordKey, (String, Instant)>,
    owners: HashMap<String, HashSet<RecordKey>>,
    swept_at: Option<Instant>,
}

const SWEEP_EVERY: Duration = Duration::from_secs(60);

impl MemoryStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, Memory> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn load(&self, key: &RecordKey) -> Option<String> {
        let m = self.lock();
        m.records
            .get(key)
            .filter(|(_, until)| *until > Instant::now())
            .map(|(v, _)| v.clone())
    }

    fn save(&self, key: &RecordKey, owner: &str, value: String, ttl: Duration) {
        let now = Instant::now();
        let mut m = self.lock();
        if m.swept_at
            .is_none_or(|t| now.duration_since(t) >= SWEEP_EVERY)
        {
            m.sweep(now);
        }
        m.records.insert(key.clone(), (value, now + ttl));
        m.owners
            .entry(owner.to_owned())
            .or_default()
            .insert(key.clone());
    }

    fn remove(&self, key: &RecordKey, owner: &str) {
        let mut m = self.lock();
        m.records.remove(key);
        if let Some(keys) = m.owners.get_mut(owner) {
            keys.remove(key);
            if keys.is_empty() {
                m.owners.remove(owner);
            }
        }
    }

    fn remove_all_of(&self, owner: &str) -> usize {
        let now = Instant::now();
        let mut m = self.lock();
        let keys = m.owners.remove(owner).unwrap_or_default();
        keys.iter()
            .filter_map(|k| m.records.remove(k))
            .filter(|(_, until)| *until > now)
            .count()
    }

    /// How many records are held (live or not yet swept).
    pub fn len(&self) -> usize {
        self.lock().records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Memory {
    fn sweep(&mut self, now: Instant) {
        self.records.retain(|_, (_, until)| *until > now);
        let records = &self.records;
        self.owners.retain(|_, keys| {
            keys.retain(|k| records.contains_key(k));
            !keys.is_empty()
        });
        self.swept_at = Some(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> RecordKey {
        RecordKey(format!("{n:064}"))
    }

    #[test]
    fn memory_records_expire_and_are_swept() {
        let m = MemoryStore::default();
        m.save(&key(1), "o", "a".into(), Duration::ZERO);
        assert_eq!(m.load(&key(1)), None, "expired at once");
        m.lock().swept_at = None;
        m.save(&key(2), "o", "b".into(), Duration::from_secs(60));
        assert_eq!(m.len(), 1, "the expired record was swept");
        assert_eq!(m.load(&key(2)).as_deref(), Some("b"));
    }

    #[test]
    fn memory_remove_all_of_one_owner_only() {
        let m = MemoryStore::default();
        let hour = Duration::from_secs(3600);
        m.save(&key(1), "alice", "1".into(), hour);
        m.save(&key(2), "alice", "2".into(), hour);
        m.save(&key(3), "bob", "3".into(), hour);
        assert_eq!(m.remove_all_of("alice"), 2);
        assert_eq!(m.load(&key(1)), None);
        assert_eq!(m.load(&key(3)).as_deref(), Some("3"));
        m.remove(&key(3), "bob");
        assert!(m.is_empty());
        assert!(m.lock().owners.is_empty());
    }
}
