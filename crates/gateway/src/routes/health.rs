//! `GET /healthz`: the gateway is alive; whether WHMCS answers at all, and where sessions
//! live (`memory`, or whether the shared Redis answers).

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use crate::state::AppState;

pub async fn healthz(State(state): State<AppState>) -> Json<Value> {
    let upstream = if state.upstream.reachable().await {
        "reachable"
    } else {
        "unreachable"
    };
    let session_store = state.sessions.store().health().await;
    Json(json!({
        "status": "ok",
        "upstream": upstream,
        "sessionStore": session_store,
        "version": crate::VERSION
    }))
}
