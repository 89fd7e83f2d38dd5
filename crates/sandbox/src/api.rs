//! `POST /includes/api.php`: the pre-command checks, then the command, in the requested
//! response type.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use whmcs_api::response::error_body;
use whmcs_api::{Action, Params};

use crate::auth;
use crate::commands;
use crate::format::{self, Requested, ResponseType};
use crate::state::SandboxState;

pub async fn api_php(
    State(state): State<Arc<SandboxState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> Response {
    let params = Params::parse(&String::from_utf8_lossy(&body));
    let requested = Requested::from_param(params.get("responsetype"));

    let authorized = match auth::authorize(&state.config, &params, peer.ip()) {
        Ok(a) => a,
        Err(refusal) => {
            let status = StatusCode::from_u16(refusal.status).unwrap_or(StatusCode::FORBIDDEN);
            let action = whmcs_api::action::normalize(params.get("action").unwrap_or(""));
            return reply(
                requested.or_nvp(),
                status,
                &error_body(&refusal.message),
                &action,
            );
        }
    };
    let action_sent = authorized.action.clone();
    let action = Action::parse(&action_sent).expect("authorize checked the action exists");
    let identifier = authorized.credential.identifier.clone();
    let format = match response_type(action, &requested) {
        Ok(format) => format,
        Err(message) => {
            // Command-level, so 200 (point 5); in JSON, the one format every client reads.
            return reply(
                ResponseType::Json,
                StatusCode::OK,
                &error_body(&message),
                &action_sent,
            );
        }
    };

    let worker_state = state.clone();
    let echoed_action = action_sent.clone();
    let result = tokio::task::spawn_blocking(move || {
        let answer = commands::run(
            &worker_state.store.lock(),
            action,
            &params,
            &worker_state.catalogue,
            &worker_state.config.company_name,
        )?;
        // Rendered after the lock is released: other requests need not wait for it.
        let result = answer.result().to_owned();
        Ok::<_, crate::store::StoreError>((result, answer.render(format, &echoed_action)))
    })
    .await;

    match result {
        Ok(Ok((result, text))) => {
            tracing::info!(api_identifier = %identifier, action = action.name(), result = %result, "api call");
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, format.content_type())],
                text,
            )
                .into_response()
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, action = action.name(), "sandbox store failed");
            let body = error_body("An internal error occurred in the sandbox's database.");
            reply(
                format,
                StatusCode::INTERNAL_SERVER_ERROR,
                &body,
                &action_sent,
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "sandbox worker panicked");
            let body = error_body("An internal error occurred in the sandbox.");
            reply(
                format,
                StatusCode::INTERNAL_SERVER_ERROR,
                &body,
                &action_sent,
            )
        }
    }
}

/// The format a command answers in (point 6): the customer reads refuse NVP and default to
/// XML; everything else defaults to NVP.
fn response_type(action: Action, requested: &Requested) -> Result<ResponseType, String> {
    let xml_or_json = matches!(action, Action::GetClients | Action::GetClientsProducts);
    match requested {
        Requested::Unknown(raw) => Err(format::unsupported(raw)),
        Requested::Known(ResponseType::Nvp) if xml_or_json => Err(format::NVP_REFUSED.to_owned()),
        Requested::Known(t) => Ok(*t),
        Requested::Default if xml_or_json => Ok(ResponseType::Xml),
        Requested::Default => Ok(ResponseType::Nvp),
    }
}

fn reply(format: ResponseType, status: StatusCode, body: &Value, action: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, format.content_type())],
        format.render(body, action),
    )
        .into_response()
}
