//! What each item of a job came to, and the counts the progress bar shows.

use std::collections::HashMap;
use std::time::Instant;

use super::JobStore;
use super::keys::{JOB_TTL, Result, json, key, secs};
use crate::jobs::model::{Counts, Outcome};

impl JobStore {
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
}
