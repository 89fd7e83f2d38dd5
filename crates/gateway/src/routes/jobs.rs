//! `/api/jobs`: bulk changes run by the gateway. Start one over the credentials a person
//! chose (the gateway plans it again from WHMCS's current list with the shared rules, so
//! what runs is what was previewed), watch it from any tab and any instance, pause,
//! resume, cancel and retry what failed. Its files are in `job_files.rs`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use whmcs_api::bulk::{BulkChange, Verdict, plan};
use whmcs_api::{Credential, ListQuery, ListResponse};

use super::own_job::OwnJob;
use crate::error::GatewayError;
use crate::extract::{ApiJson, CurrentSession};
use crate::jobs::Jobs;
use crate::jobs::model::{JobItem, JobMeta, JobState};
use crate::jobs::view::JobView;
use crate::sessions::id::random_hex;
use crate::sessions::{Session, owner};
use crate::state::AppState;

/// Largest job: beyond this, split the selection.
pub const MAX_JOB_ITEMS: usize = 100_000;
/// A job's start carries the chosen ids: room for `MAX_JOB_ITEMS` of them.
pub const JOB_BODY_LIMIT: usize = 2 * 1024 * 1024;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartJob {
    pub change: BulkChange,
    pub credential_ids: Vec<u64>,
}

pub async fn start(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    ApiJson(body): ApiJson<StartJob>,
) -> Result<(StatusCode, Json<JobView>), GatewayError> {
    let allowed = if body.change.is_delete() {
        session.permissions.delete
    } else {
        session.permissions.update
    };
    if !allowed {
        let command = if body.change.is_delete() {
            "DeleteOAuthCredential"
        } else {
            "UpdateOAuthCredential"
        };
        return Err(GatewayError::Forbidden(format!(
            "Your API role may not use {command}, so it cannot run this change."
        )));
    }
    body.change
        .check()
        .map_err(|m| GatewayError::Unprocessable(m.into()))?;
    if body.credential_ids.is_empty() {
        return Err(GatewayError::Unprocessable(
            "Choose at least one credential.".into(),
        ));
    }
    if body.credential_ids.len() > MAX_JOB_ITEMS {
        return Err(GatewayError::Unprocessable(format!(
            "One job changes at most {MAX_JOB_ITEMS} credentials; narrow the selection."
        )));
    }
    // Planned from what WHMCS holds now, with the rules the preview used.
    let listed = state
        .upstream
        .call(&ListQuery::default().to_params(), &session.login)
        .await?;
    if listed.body["result"] != "success" {
        let message = listed.body["message"]
            .as_str()
            .unwrap_or("WHMCS refused the list.");
        return Err(GatewayError::Forbidden(message.to_owned()));
    }
    let all: Vec<Credential> = serde_json::from_value::<ListResponse>(listed.body)
        .map_err(|e| GatewayError::UpstreamGarbled {
            detail: format!("a list WHMCS sent: {e}"),
        })?
        .clients;
    let chosen: std::collections::HashSet<u64> = body.credential_ids.iter().copied().collect();
    let selected: Vec<&Credential> = all
        .iter()
        .filter(|c| chosen.contains(&c.credential_id))
        .collect();
    let (planned, counts) = plan(&body.change, selected.iter().copied(), &state.config.scopes);
    let mut items = Vec::with_capacity(counts.change);
    let mut removed = Vec::new();
    for (p, c) in planned.into_iter().zip(&selected) {
        if let Verdict::Change { request } = p.verdict {
            items.push(JobItem {
                credential_id: p.credential_id,
                client_identifier: p.client_identifier,
                name: p.name,
                before: p.before,
                after: p.after,
                request,
            });
            removed.push(*c);
        }
    }
    if items.is_empty() {
        return Err(GatewayError::Unprocessable(
            "Nothing to change: each chosen credential already is so, WHMCS would refuse the change, or it no longer exists.".into(),
        ));
    }
    let now = state.jobs.now();
    let meta = JobMeta {
        id: random_hex(16),
        owner: owner(&session.login.identifier),
        identifier: session.login.identifier.clone(),
        session: session.key.0.clone(),
        label: body.change.label(),
        total: items.len(),
        refused: counts.refused + (body.credential_ids.len() - selected.len()),
        change: body.change.clone(),
        state: JobState::Running,
        created_at: now,
        run_started_at: now,
        done_at_run_start: 0,
        finished_at: None,
    };
    // What a delete removes is kept first: WHMCS cannot bring a credential back.
    let record = body
        .change
        .is_delete()
        .then(|| whmcs_api::export::json(removed.iter().copied()));
    state.jobs.store.create(&meta, items, record).await?;
    tracing::info!(job = %meta.id, identifier = ?meta.identifier, items = meta.total, change = %meta.label, "job started");
    run(&state, &meta.id).await?;
    let view = state.jobs.view(meta, true).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Takes the lease here and starts the worker.
async fn run(state: &AppState, id: &str) -> Result<(), GatewayError> {
    let ctx = state.job_context();
    ctx.jobs
        .store
        .claim(id, ctx.jobs.instance(), ctx.jobs.lease())
        .await?;
    Jobs::spawn(&ctx, id);
    Ok(())
}

pub async fn list(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
) -> Result<Json<Vec<JobView>>, GatewayError> {
    let mut views = Vec::new();
    for id in state
        .jobs
        .store
        .owned(&owner(&session.login.identifier))
        .await?
    {
        if let Some(meta) = state.jobs.store.meta(&id).await? {
            views.push(state.jobs.view(meta, false).await?);
        }
    }
    views.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    Ok(Json(views))
}

pub async fn get(
    State(state): State<AppState>,
    OwnJob { meta, .. }: OwnJob,
) -> Result<Json<JobView>, GatewayError> {
    Ok(Json(state.jobs.view(meta, true).await?))
}

pub async fn pause(
    State(state): State<AppState>,
    OwnJob { id, meta, .. }: OwnJob,
) -> Result<Json<JobView>, GatewayError> {
    if meta.state != JobState::Running {
        return Err(GatewayError::Conflict(
            "Only a running job can be paused.".into(),
        ));
    }
    let meta = changed(&state, &id, |m| {
        let running = m.state == JobState::Running;
        if running {
            m.state = JobState::Paused;
        }
        running
    })
    .await?;
    Ok(Json(state.jobs.view(meta, true).await?))
}

pub async fn resume(
    State(state): State<AppState>,
    OwnJob { id, meta, session }: OwnJob,
) -> Result<Json<JobView>, GatewayError> {
    let interrupted = meta.state == JobState::Running && !state.jobs.store.leased(&id).await?;
    if meta.state != JobState::Paused && !interrupted {
        return Err(GatewayError::Conflict(
            "Only a paused or interrupted job can be resumed.".into(),
        ));
    }
    restart(&state, &id, &session).await
}

pub async fn cancel(
    State(state): State<AppState>,
    OwnJob { id, session, .. }: OwnJob,
) -> Result<Json<JobView>, GatewayError> {
    let why = format!("cancelled by {}", session.login.identifier);
    let meta = changed(&state, &id, |m| {
        let live = matches!(m.state, JobState::Running | JobState::Paused);
        if live {
            m.state = JobState::Cancelled(why);
        }
        live
    })
    .await?;
    if !matches!(meta.state, JobState::Cancelled(_)) {
        return Err(GatewayError::Conflict("The job has ended already.".into()));
    }
    Ok(Json(state.jobs.view(meta, true).await?))
}

/// "Retry failed": the failed items of a finished job run again, and nothing else.
pub async fn retry(
    State(state): State<AppState>,
    OwnJob { id, meta, session }: OwnJob,
) -> Result<Json<JobView>, GatewayError> {
    if meta.state != JobState::Finished {
        return Err(GatewayError::Conflict(
            "Failed items are retried once the job has finished; resume a paused or interrupted job instead.".into(),
        ));
    }
    let requeued = state.jobs.requeue_failed(&id).await?;
    if requeued == 0 {
        return Err(GatewayError::Conflict("No item failed.".into()));
    }
    restart(&state, &id, &session).await
}

/// Runs the job again from where it is, with `session` (the person resuming or retrying
/// runs it, with their own API credential); its speed is measured from now.
async fn restart(
    state: &AppState,
    id: &str,
    session: &Session,
) -> Result<Json<JobView>, GatewayError> {
    let counts = state.jobs.store.counts(id).await?;
    let now = state.jobs.now();
    let meta = changed(state, id, |m| {
        m.state = JobState::Running;
        m.finished_at = None;
        m.run_started_at = now;
        m.done_at_run_start = counts.done + counts.failed;
        m.session = session.key.0.clone();
        true
    })
    .await?;
    run(state, id).await?;
    Ok(Json(state.jobs.view(meta, true).await?))
}

async fn changed(
    state: &AppState,
    id: &str,
    change: impl FnOnce(&mut JobMeta) -> bool,
) -> Result<JobMeta, GatewayError> {
    state.jobs.set_state(id, change).await?.ok_or_else(|| {
        GatewayError::NotFound("There is no such job (jobs are kept for a day).".into())
    })
}
