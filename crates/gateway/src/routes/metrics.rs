//! `GET /metrics` on the operators' listener (`--metrics-listen`): Prometheus text. The
//! session store is asked at each scrape, so its gauge is as fresh as the scrape.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;

use crate::sessions::store::SessionStore;
use crate::state::AppState;

pub async fn scrape(State(state): State<AppState>) -> impl IntoResponse {
    let store = state.sessions.store();
    let kind = match store {
        SessionStore::Memory(_) => "memory",
        SessionStore::Redis(_) => "redis",
    };
    crate::metrics::session_store(kind, store.health().await != "unreachable");
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        crate::metrics::recorder().render(),
    )
}
