//! A job as the panel shows it: its state, done / failed / left, items per second and the
//! time left, its failures with WHMCS's words, and what waits to be downloaded.

pub use whmcs_api::job::{JobFailure as FailureView, JobShown as Shown, JobView};

use super::Jobs;
use super::model::{JobMeta, JobState};
use super::store::JobStore;
use crate::redis_client::StoreUnavailable;

/// At most this many failures are listed in a progress answer (the report has them all).
const FAILURES_LISTED: usize = 200;

/// The `kind` of a change, as the panel names it.
pub fn kind_of(meta: &JobMeta) -> &'static str {
    use whmcs_api::bulk::BulkChange;
    match meta.change {
        BulkChange::AddScopes { .. } => "addScopes",
        BulkChange::RemoveScopes { .. } => "removeScopes",
        BulkChange::ReplaceRedirectPrefix { .. } => "replaceRedirectPrefix",
        BulkChange::ResetSecrets => "resetSecrets",
        BulkChange::Delete => "delete",
    }
}

impl Jobs {
    /// How `meta`'s job shows now; with its failures when `detail`.
    pub async fn view(&self, meta: JobMeta, detail: bool) -> Result<JobView, StoreUnavailable> {
        let store: &JobStore = &self.store;
        let counts = store.counts(&meta.id).await?;
        let state = match &meta.state {
            JobState::Running if !store.leased(&meta.id).await? => Shown::Interrupted,
            JobState::Running => Shown::Running,
            JobState::Paused => Shown::Paused,
            JobState::Cancelled(_) => Shown::Cancelled,
            JobState::Finished => Shown::Finished,
        };
        let reason = match &meta.state {
            JobState::Cancelled(why) => Some(why.clone()),
            _ if state == Shown::Interrupted => Some(
                "The gateway instance running it stopped. Resume it to go on with the items not yet done.".into(),
            ),
            _ => None,
        };
        let settled = counts.done + counts.failed;
        let left = meta.total.saturating_sub(settled);
        let elapsed = self.now().saturating_sub(meta.run_started_at).max(1) as f64;
        let rate = match state {
            Shown::Running => settled.saturating_sub(meta.done_at_run_start) as f64 / elapsed,
            _ => 0.0,
        };
        let seconds_left = (rate > 0.0).then(|| (left as f64 / rate).ceil() as u64);
        let mut failures = Vec::new();
        let mut failures_total = counts.failed;
        if detail && counts.failed > 0 {
            let items = store.items(&meta.id).await?.unwrap_or_default();
            let failed = store.failures(&meta.id).await?;
            failures_total = failed.len();
            failures = failed
                .into_iter()
                .take(FAILURES_LISTED)
                .filter_map(|(i, message)| {
                    let item = items.get(i)?;
                    Some(FailureView {
                        credential_id: item.credential_id,
                        client_identifier: item.client_identifier.clone(),
                        name: item.name.clone(),
                        message,
                    })
                })
                .collect();
        }
        Ok(JobView {
            kind: kind_of(&meta).to_owned(),
            state,
            reason,
            total: meta.total,
            done: counts.done,
            failed: counts.failed,
            in_flight: counts.started,
            left,
            refused: meta.refused,
            pace_tenths: (rate * 10.0).round() as u64,
            seconds_left,
            created_at: meta.created_at,
            finished_at: meta.finished_at,
            secrets_held: store.secrets_held(&meta.id).await?,
            has_record: meta.change.is_delete(),
            failures,
            failures_total,
            id: meta.id,
            label: meta.label,
        })
    }
}
