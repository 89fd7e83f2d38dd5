//! What the gateway tells the panel at start (`GET /api/config`): shared so both ends agree.

use serde::{Deserialize, Serialize};

use crate::limits;
use crate::scope::ScopeCatalogue;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PanelConfig {
    pub product: String,
    pub version: String,
    /// Which WHMCS installation the gateway manages, for the header.
    pub upstream_label: String,
    pub scopes: ScopeCatalogue,
    pub limits: Limits,
}

/// Field lengths, the same constants validation enforces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    pub name_max: usize,
    pub description_max: usize,
    pub logo_uri_max: usize,
    pub redirect_uris_max: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            name_max: limits::NAME_MAX,
            description_max: limits::DESCRIPTION_MAX,
            logo_uri_max: limits::LOGO_URI_MAX,
            redirect_uris_max: limits::REDIRECT_URIS_MAX,
        }
    }
}

/// Who is logged in at the gateway (`GET /api/session`), for the panel's header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    pub identifier: String,
    pub upstream_label: String,
}
