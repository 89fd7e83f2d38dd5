//! `GET /healthz`: the gateway is alive; whether WHMCS answers at all.

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
    Json(json!({ "status": "ok", "upstream": upstream, "version": crate::VERSION }))
}
