//! New secrets a reset made, sealed, kept until the person who ran the job reads them once.

use std::collections::HashMap;

use super::JobStore;
use super::keys::{JOB_TTL, Result, key, secs};

impl JobStore {
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
}
