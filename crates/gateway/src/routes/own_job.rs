//! `OwnJob`: the job a `/api/jobs/{id}/…` request names, if it is the logged-in person's.
//! Anyone else's job is not found, as a job that does not exist is.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use crate::error::GatewayError;
use crate::extract::CurrentSession;
use crate::jobs::model::JobMeta;
use crate::sessions::{Session, owner};
use crate::state::AppState;

pub struct OwnJob {
    pub id: String,
    pub meta: JobMeta,
    pub session: Session,
}

impl FromRequestParts<AppState> for OwnJob {
    type Rejection = GatewayError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, GatewayError> {
        let CurrentSession(session) = CurrentSession::from_request_parts(parts, state).await?;
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| no_such_job())?;
        let meta = match id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
            true => state.jobs.store.meta(&id).await?,
            false => None,
        };
        let meta = meta
            .filter(|m| m.owner == owner(&session.login.identifier))
            .ok_or_else(no_such_job)?;
        Ok(OwnJob { id, meta, session })
    }
}

fn no_such_job() -> GatewayError {
    GatewayError::NotFound("There is no such job (jobs are kept for a day).".into())
}
