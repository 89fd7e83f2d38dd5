//! `GET /api/config`: what the panel needs before it can render or validate anything.

use axum::Json;
use axum::extract::State;
use whmcs_api::ScopeCatalogue;
use whmcs_api::panel_config::{Limits, PanelConfig};

use crate::server::AppState;

/// The configuration this gateway hands to the panel.
pub fn panel_config(upstream_label: String, scopes: ScopeCatalogue) -> PanelConfig {
    PanelConfig {
        product: crate::PRODUCT_NAME.to_owned(),
        version: crate::VERSION.to_owned(),
        upstream_label,
        scopes,
        limits: Limits::default(),
    }
}

pub async fn get_config(State(state): State<AppState>) -> Json<PanelConfig> {
    Json(state.config.as_ref().clone())
}
