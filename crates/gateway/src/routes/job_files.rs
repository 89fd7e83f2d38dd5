//! `/api/jobs/{id}/…` files: a job's report, a bulk reset's new secrets (once) and a bulk
//! delete's record, each as CSV or JSON.

use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use whmcs_api::Credential;

use super::own_job::OwnJob;
use crate::error::GatewayError;
use crate::jobs::report::{self, Format};
use crate::jobs::worker;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct FormatQuery {
    format: Option<String>,
}

/// The format a file is asked in (CSV unless said).
fn format_of(query: &FormatQuery) -> Result<Format, GatewayError> {
    Format::parse(query.format.as_deref().unwrap_or("csv"))
        .ok_or_else(|| GatewayError::BadRequest("Ask for format=csv or format=json.".into()))
}

fn download(name: &str, format: Format, body: String) -> Response {
    let disposition = format!("attachment; filename=\"{name}.{}\"", format.extension());
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).expect("a plain file name"),
            ),
        ],
        body,
    )
        .into_response()
}

pub async fn report(
    State(state): State<AppState>,
    OwnJob { id, meta, .. }: OwnJob,
    Query(query): Query<FormatQuery>,
) -> Result<Response, GatewayError> {
    let format = format_of(&query)?;
    let items = state.jobs.store.items(&id).await?.unwrap_or_default();
    let outcomes = state.jobs.store.outcomes(&id).await?;
    let lines = report::lines(&meta, &items, &outcomes);
    Ok(download(
        &format!("job-{id}-report"),
        format,
        report::render(&lines, format),
    ))
}

/// A bulk reset's new secrets, given out once: they leave the gateway with this answer.
pub async fn secrets(
    State(state): State<AppState>,
    OwnJob { id, session, .. }: OwnJob,
    Query(query): Query<FormatQuery>,
) -> Result<Response, GatewayError> {
    let format = format_of(&query)?;
    let taken = state.jobs.store.take_secrets(&id).await?;
    if taken.is_empty() {
        return Err(GatewayError::Gone(
            "No new secret is waiting: each is shown once, and these were downloaded already (or no reset has succeeded yet).".into(),
        ));
    }
    let items = state.jobs.store.items(&id).await?.unwrap_or_default();
    let ctx = state.job_context();
    let rows: Vec<(u64, &str, String)> = taken
        .iter()
        .filter_map(|(i, sealed)| {
            let item = items.get(*i)?;
            let secret = worker::open_secret(&ctx, &id, *i, sealed)?;
            Some((item.credential_id, item.client_identifier.as_str(), secret))
        })
        .collect();
    tracing::info!(job = %id, identifier = ?session.login.identifier, secrets = rows.len(), "new secrets downloaded");
    Ok(download(
        &format!("job-{id}-secrets"),
        format,
        report::secrets(&rows, format),
    ))
}

/// What a bulk delete removed, as it was before (no secrets).
pub async fn record(
    State(state): State<AppState>,
    OwnJob { id, .. }: OwnJob,
    Query(query): Query<FormatQuery>,
) -> Result<Response, GatewayError> {
    let format = format_of(&query)?;
    let Some(json) = state.jobs.store.record(&id).await? else {
        return Err(GatewayError::NotFound(
            "This job deleted nothing, so it kept no record.".into(),
        ));
    };
    let body = match format {
        Format::Json => json,
        Format::Csv => {
            let rows: Vec<Credential> = serde_json::from_str(&json).unwrap_or_default();
            whmcs_api::export::csv(&rows)
        }
    };
    Ok(download(&format!("job-{id}-deleted"), format, body))
}
