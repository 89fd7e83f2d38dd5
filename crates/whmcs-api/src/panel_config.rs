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
    /// The installation's OAuth authorization endpoint, for the panel's "Try sign-in".
    #[serde(default)]
    pub authorize_url: String,
    /// API logins to offer on the login page: only a demo installation has public ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub demo_logins: Vec<DemoLogin>,
}

/// A demo installation's API credential, shown on its login page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoLogin {
    pub identifier: String,
    pub secret: String,
    /// What its role may do, in words.
    pub role: String,
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
    #[serde(default)]
    pub permissions: Permissions,
}

/// Why a role that may not change credentials is not shown their secrets (the gateway's
/// refusal and the panel's note say the same).
pub const REVEAL_NOT_ALLOWED: &str = "Your API role may not change credentials, so this gateway does not show client secrets to it: a secret is enough to sign in as the credential. Revealing needs a role that allows UpdateOAuthCredential.";

/// What the logged-in API credential's WHMCS role allows, found at login by asking WHMCS
/// (requests that fail validation change nothing, but WHMCS checks the role first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Permissions {
    pub list: bool,
    pub create: bool,
    pub update: bool,
    pub delete: bool,
    /// Whether the gateway shows this person a client secret: a role that may change
    /// credentials, or any role where the gateway allows read-only reveals. A single
    /// sign-on secret is enough to get tokens for a customer's service.
    pub reveal: bool,
    /// `GetClients`: find a customer by name, email or company.
    pub customers: bool,
    /// `GetClientsProducts`: the customer, product, domain and status behind a service id.
    pub services: bool,
    /// `GetClientsDetails`: the customer's name and email behind a service's client id.
    pub customer_details: bool,
}

impl Default for Permissions {
    /// Unknown means allowed: WHMCS still refuses what the role lacks.
    fn default() -> Self {
        Permissions {
            list: true,
            create: true,
            update: true,
            delete: true,
            reveal: true,
            customers: true,
            services: true,
            customer_details: true,
        }
    }
}

impl Permissions {
    /// Whether the role can change anything at all.
    pub fn can_change(&self) -> bool {
        self.create || self.update || self.delete
    }
}
