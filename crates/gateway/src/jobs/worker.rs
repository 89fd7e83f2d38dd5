//! Running a job: take its lease, settle what a dead run left in flight, then call WHMCS
//! for each item not yet done, a bounded number at a time, auditing each call before and
//! after. Between calls the worker checks that the job is still wanted (not paused or
//! cancelled), that it still holds the lease, and that its person is still logged in.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use tokio::task::JoinSet;
use whmcs_api::{Action, Credential, ListQuery, Params};

use super::JobContext;
use super::model::{Counts, JobItem, JobMeta, JobState, Outcome};
use crate::audit::{AuditEntry, Phase, timestamp};
use crate::redis_client::StoreUnavailable;
use crate::sessions::id::RecordKey;
use crate::sessions::{ApiLogin, SessionError};

/// What a reset's answer hands back to be kept sealed.
struct Answer {
    item: usize,
    outcome: Outcome,
    new_secret: Option<SecretString>,
}

pub(super) async fn run(ctx: &JobContext, id: &str) -> Result<(), StoreUnavailable> {
    let jobs = &ctx.jobs;
    loop {
        if !jobs.store.claim(id, &jobs.instance, jobs.lease).await? {
            return Ok(());
        }
        let worked = work(ctx, id).await;
        jobs.store.release(id, &jobs.instance).await?;
        worked?;
        // A resume that came while this run was winding down finds no worker to wake:
        // look once more.
        let wanted = !jobs.is_stopping()
            && jobs
                .store
                .meta(id)
                .await?
                .is_some_and(|m| m.state == JobState::Running);
        let left = left_to_do(ctx, id).await?;
        if !wanted || left == 0 {
            return Ok(());
        }
    }
}

async fn left_to_do(ctx: &JobContext, id: &str) -> Result<usize, StoreUnavailable> {
    let total = ctx.jobs.store.meta(id).await?.map_or(0, |m| m.total);
    let counts = ctx.jobs.store.counts(id).await?;
    Ok(total.saturating_sub(counts.done + counts.failed))
}

/// One run, while this instance holds the lease.
async fn work(ctx: &JobContext, id: &str) -> Result<(), StoreUnavailable> {
    let jobs = &ctx.jobs;
    let store = &jobs.store;
    let (Some(mut meta), Some(items)) = (store.meta(id).await?, store.items(id).await?) else {
        return Ok(());
    };
    let mut outcomes = store.outcomes(id).await?;
    let mut counts = Counts::of(outcomes.values());
    let Some(mut login) = session_login(ctx, &meta).await? else {
        return Ok(());
    };
    if counts.started > 0 {
        settle_interrupted(ctx, &meta, &items, &login, &mut outcomes, &mut counts).await?;
    }
    let mut pending: VecDeque<usize> = (0..items.len())
        .filter(|i| !outcomes.contains_key(i))
        .collect();
    let mut calls: JoinSet<Answer> = JoinSet::new();
    let check_every = (jobs.lease / 3).max(Duration::from_millis(200));
    let mut checked_at = Instant::now();
    let mut stopping = false;
    loop {
        if !stopping {
            // Pause and cancel are seen before the next item; the lease and the session
            // are renewed a few times per lease.
            meta = store.meta(id).await?.unwrap_or(meta);
            stopping = meta.state != JobState::Running;
        }
        if !stopping && checked_at.elapsed() >= check_every {
            checked_at = Instant::now();
            let lease_kept = store.claim(id, &jobs.instance, jobs.lease).await?;
            match session_login(ctx, &meta).await? {
                Some(fresh) => login = fresh,
                None => stopping = true,
            }
            stopping |= !lease_kept;
        }
        stopping |= jobs.is_stopping();
        while !stopping && calls.len() < jobs.concurrency {
            let Some(item) = pending.pop_front() else {
                break;
            };
            let Ok(permit) = jobs.permits.clone().acquire_owned().await else {
                break;
            };
            if !audit(ctx, &meta, &items[item], Phase::Intent, None).await {
                // No intent on disk, no call: the item waits, the job pauses.
                pending.push_front(item);
                pause(ctx, id, "The gateway could not write its audit log, so the job paused. Resume it once the log is writable.").await?;
                stopping = true;
                break;
            }
            record(ctx, id, item, Outcome::Started, &mut outcomes, &mut counts).await?;
            let (ctx2, login2, request) = (ctx.clone(), login.clone(), items[item].request.clone());
            calls.spawn(async move {
                let answer = call(&ctx2, &login2, item, &request).await;
                drop(permit);
                answer
            });
        }
        let Some(done) = calls.join_next().await else {
            break;
        };
        let Ok(answer) = done else {
            continue;
        };
        if let Some(secret) = &answer.new_secret {
            let sealed = ctx
                .sessions
                .seal_for(secret, &secret_binding(id, answer.item));
            store.put_secret(id, answer.item, sealed).await?;
        }
        let message = match &answer.outcome {
            Outcome::Failed(m) => Some(m.as_str()),
            _ => Some("success"),
        };
        crate::metrics::job_item(
            change_kind(&meta.change),
            if matches!(answer.outcome, Outcome::Failed(_)) {
                "failed"
            } else {
                "done"
            },
        );
        audit(ctx, &meta, &items[answer.item], Phase::Outcome, message).await;
        record(
            ctx,
            id,
            answer.item,
            answer.outcome,
            &mut outcomes,
            &mut counts,
        )
        .await?;
    }
    if pending.is_empty() && !stopping {
        let mut latest = store.meta(id).await?.unwrap_or(meta);
        if latest.state == JobState::Running {
            latest.state = JobState::Finished;
            latest.finished_at = Some(jobs.now());
            store.set_meta(&latest).await?;
        }
    }
    Ok(())
}

/// A job's kind of change, as a metrics label (never its scopes or URIs).
fn change_kind(change: &whmcs_api::bulk::BulkChange) -> &'static str {
    use whmcs_api::bulk::BulkChange;
    match change {
        BulkChange::AddScopes { .. } => "add_scopes",
        BulkChange::RemoveScopes { .. } => "remove_scopes",
        BulkChange::ReplaceRedirectPrefix { .. } => "replace_redirect_prefix",
        BulkChange::ResetSecrets => "reset_secrets",
        BulkChange::Delete => "delete",
    }
}

/// The binding a job's sealed secret is opened with (its job and item).
pub fn secret_binding(job: &str, item: usize) -> String {
    format!("job:{job}:{item}")
}

/// The credential of the person who started the job, while they are logged in (their
/// session is refreshed: the job is their activity). When the session is over, the job is
/// cancelled and says so.
async fn session_login(
    ctx: &JobContext,
    meta: &JobMeta,
) -> Result<Option<ApiLogin>, StoreUnavailable> {
    match ctx
        .sessions
        .read_key_and_refresh(&RecordKey(meta.session.clone()))
        .await
    {
        Ok(session) => Ok(Some(session.login)),
        Err(SessionError::NotLoggedIn) => {
            ctx.jobs
                .set_state(&meta.id, |m| {
                    let live = matches!(m.state, JobState::Running | JobState::Paused);
                    if live {
                        m.state = JobState::Cancelled(
                            "the person who started it logged out (or their session ended)".into(),
                        );
                    }
                    live
                })
                .await?;
            Ok(None)
        }
        Err(SessionError::StoreUnavailable(e)) => Err(StoreUnavailable(e)),
    }
}

async fn pause(ctx: &JobContext, id: &str, why: &str) -> Result<(), StoreUnavailable> {
    tracing::error!(job = %id, "{why}");
    ctx.jobs
        .set_state(id, |m| {
            let running = m.state == JobState::Running;
            if running {
                m.state = JobState::Paused;
            }
            running
        })
        .await
        .map(|_| ())
}

async fn record(
    ctx: &JobContext,
    id: &str,
    item: usize,
    outcome: Outcome,
    outcomes: &mut HashMap<usize, Outcome>,
    counts: &mut Counts,
) -> Result<(), StoreUnavailable> {
    if let Some(old) = outcomes.get(&item) {
        counts.count(old, -1);
    }
    counts.count(&outcome, 1);
    ctx.jobs
        .store
        .set_outcome(id, item, Some(&outcome), *counts)
        .await?;
    outcomes.insert(item, outcome);
    Ok(())
}

/// One WHMCS call and what it means.
async fn call(ctx: &JobContext, login: &ApiLogin, item: usize, request: &str) -> Answer {
    let params = Params::parse(request);
    let resets = params.get("resetSecret").is_some();
    let (outcome, new_secret) = match ctx.upstream.call(&params, login).await {
        Ok(reply) if reply.body["result"] == "success" => {
            let secret = reply.body["newClientSecret"]
                .as_str()
                .map(SecretString::from);
            if resets && secret.is_none() {
                (
                    Outcome::Failed("WHMCS reported success but sent no new secret.".into()),
                    None,
                )
            } else {
                (Outcome::Done, secret)
            }
        }
        Ok(reply) => (
            Outcome::Failed(
                reply.body["message"]
                    .as_str()
                    .unwrap_or("WHMCS refused without a message.")
                    .to_owned(),
            ),
            None,
        ),
        Err(e) => (Outcome::Failed(e.to_string()), None),
    };
    Answer {
        item,
        outcome,
        new_secret,
    }
}

/// Writes one audit line of an item; whether it is on disk.
async fn audit(
    ctx: &JobContext,
    meta: &JobMeta,
    item: &JobItem,
    phase: Phase,
    outcome: Option<&str>,
) -> bool {
    let params = Params::parse(&item.request);
    let action = params.get("action").unwrap_or("").to_owned();
    let fields: Vec<&str> = params
        .names()
        .into_iter()
        .filter(|n| !matches!(*n, "action" | "credentialId"))
        .collect();
    let request_id = format!("job:{}", meta.id);
    let entry = AuditEntry {
        time: timestamp(),
        phase,
        api_identifier: &meta.identifier,
        client_address: std::net::Ipv4Addr::UNSPECIFIED.into(),
        action: &action,
        credential_id: Some(item.credential_id),
        fields,
        outcome,
        request_id: &request_id,
        job: Some(&meta.id),
    };
    match ctx.audit.record(&entry).await {
        Ok(()) => true,
        Err(e) => {
            tracing::error!(job = %meta.id, error = %e, "audit log write failed");
            false
        }
    }
}

/// Items a dead run left started: whether WHMCS made the change is read back from WHMCS
/// (a list), so nothing is done twice and nothing is lost. An update whose credential
/// already reads as planned, or a delete whose credential is gone, is done; any other
/// update or delete goes back in line (sending the planned values again changes nothing
/// twice). A reset cannot be told apart from the old secret without keeping it, so it is
/// failed with what to do.
async fn settle_interrupted(
    ctx: &JobContext,
    meta: &JobMeta,
    items: &Arc<Vec<JobItem>>,
    login: &ApiLogin,
    outcomes: &mut HashMap<usize, Outcome>,
    counts: &mut Counts,
) -> Result<(), StoreUnavailable> {
    let started: Vec<usize> = outcomes
        .iter()
        .filter(|(_, o)| **o == Outcome::Started)
        .map(|(i, _)| *i)
        .collect();
    let listing = ListQuery::default().to_params();
    let current: Option<Vec<Credential>> = match ctx.upstream.call(&listing, login).await {
        Ok(reply) if reply.body["result"] == "success" => {
            serde_json::from_value::<whmcs_api::ListResponse>(reply.body)
                .ok()
                .map(|l| l.clients)
        }
        _ => None,
    };
    for item in started {
        let job_item = &items[item];
        let params = Params::parse(&job_item.request);
        let now = current.as_ref().map(|all| {
            all.iter()
                .find(|c| c.credential_id == job_item.credential_id)
        });
        let settled = if params.get("resetSecret").is_some() {
            Some(Outcome::Failed(
                "The gateway stopped during this reset: WHMCS may have made a new secret, which was not kept. Reset this credential again to see one.".into(),
            ))
        } else {
            match (Action::parse(params.get("action").unwrap_or("")), now) {
                // WHMCS could not be read: leave it for the next resume.
                (_, None) => continue,
                (Some(Action::Delete), Some(None)) => Some(Outcome::Done),
                (Some(Action::Delete), Some(Some(_))) => None,
                (_, Some(Some(c))) if reads_as_planned(c, &params) => Some(Outcome::Done),
                (_, Some(None)) => Some(Outcome::Failed(
                    whmcs_api::messages::CREDENTIAL_ID_INVALID.into(),
                )),
                _ => None,
            }
        };
        match settled {
            Some(outcome) => {
                audit(
                    ctx,
                    meta,
                    job_item,
                    Phase::Outcome,
                    Some(match &outcome {
                        Outcome::Failed(m) => m.as_str(),
                        _ => "success (found done after an interruption)",
                    }),
                )
                .await;
                record(ctx, &meta.id, item, outcome, outcomes, counts).await?;
            }
            None => {
                counts.count(&Outcome::Started, -1);
                ctx.jobs
                    .store
                    .set_outcome(&meta.id, item, None, *counts)
                    .await?;
                outcomes.remove(&item);
            }
        }
    }
    Ok(())
}

/// Whether `c` already holds what the planned update sets (scopes, redirect URIs).
fn reads_as_planned(c: &Credential, params: &Params) -> bool {
    let scopes_ok = params.get("scope").is_none_or(|s| c.scopes.join(" ") == s);
    let redirects_ok = params
        .get_value("redirectUri")
        .is_none_or(|v| c.redirect_uris == v.into_items());
    scopes_ok && redirects_ok
}

/// Used by the report and the secrets download to tell when a secret was a reset's.
pub fn is_reset(request: &str) -> bool {
    Params::parse(request).get("resetSecret").is_some()
}

/// Opens a job's sealed secret.
pub fn open_secret(ctx: &JobContext, job: &str, item: usize, sealed: &str) -> Option<String> {
    ctx.sessions
        .open_for(sealed, &secret_binding(job, item))
        .map(|s| s.expose_secret().to_owned())
}
