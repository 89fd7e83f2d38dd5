//! `GET /api/config`: what the panel needs before it can render or validate anything.

use axum::Json;
use axum::extract::State;
use whmcs_api::PanelConfig;
use whmcs_api::panel_config::Limits;

use crate::settings::Settings;
use crate::state::AppState;

/// The configuration a gateway with these settings hands to the panel.
pub fn config_for(settings: &Settings) -> PanelConfig {
    PanelConfig {
        product: crate::PRODUCT_NAME.to_owned(),
        version: crate::VERSION.to_owned(),
        upstream_label: settings.upstream_label.clone(),
        scopes: settings.scopes.clone(),
        limits: Limits::default(),
        authorize_url: crate::upstream::oauth_url_for(&settings.upstream, "authorize.php"),
        demo_logins: settings.demo_logins.clone(),
    }
}

pub async fn get_config(State(state): State<AppState>) -> Json<PanelConfig> {
    Json(state.config.as_ref().clone())
}
