//! The sandbox's installation: API credentials with their roles, the company, the scope
//! catalogue, clients and services, and the OAuth credentials it starts with. Read from a
//! TOML file: the built-in demo (`data/demo.toml`) or `--config FILE`, by the same loader.

use std::fmt;
use std::net::IpAddr;
use std::path::Path;

use serde::Deserialize;
use whmcs_api::{Action, CreateCredential, GrantType, ScopeCatalogue, ScopeInfo};

/// An API credential (`identifier` + `secret`) and the actions its role allows.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiCredential {
    pub identifier: String,
    pub secret: String,
    #[serde(default)]
    pub description: String,
    /// Action names this role allows (any spelling WHMCS accepts); empty means all.
    #[serde(default)]
    pub allowed_actions: Vec<String>,
}

impl fmt::Debug for ApiCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiCredential")
            .field("identifier", &self.identifier)
            .field("secret", &"<redacted>")
            .field("allowed_actions", &self.allowed_actions)
            .finish()
    }
}

impl ApiCredential {
    /// Whether the role allows `action` (raw, as sent).
    pub fn allows(&self, action: &str) -> bool {
        let wanted = whmcs_api::action::normalize(action);
        self.allowed_actions.is_empty()
            || self
                .allowed_actions
                .iter()
                .any(|a| a == "*" || whmcs_api::action::normalize(a) == wanted)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    pub id: u64,
    pub first_name: String,
    pub last_name: String,
    #[serde(default)]
    pub company: String,
    pub email: String,
    /// `Active`, `Inactive` or `Closed`.
    #[serde(default = "active")]
    pub status: String,
    /// The client-area password (signing in with WHMCS); empty means the customer cannot.
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub services: Vec<ServiceConfig>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceConfig {
    pub id: u64,
    pub product: String,
    #[serde(default)]
    pub domain: String,
    /// `Pending`, `Active`, `Suspended`, `Terminated`, `Cancelled`, `Fraud` or `Completed`.
    #[serde(default = "active")]
    pub status: String,
    /// The product group (`Shared Hosting`, `VPS`…).
    #[serde(default)]
    pub group: String,
    /// The control panel login WHMCS keeps for the service; `GetClientsProducts` returns
    /// the password decrypted, as WHMCS does, so the gateway's removal of it is tested.
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
}

/// An OAuth credential the installation starts with (added once, to an empty database).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OAuthCredentialConfig {
    pub grant_type: GrantType,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Space-separated, as WHMCS takes it.
    pub scope: String,
    /// The customer service of a single sign-on credential.
    #[serde(default)]
    pub service_id: u64,
    #[serde(default)]
    pub logo_uri: String,
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    /// When it last changed (`2024-06-01 09:30:00`), for a credential older than the
    /// database; now when absent.
    #[serde(default)]
    pub updated_at: Option<String>,
}

impl OAuthCredentialConfig {
    /// What creating it asks for. Not checked against the services: a credential may
    /// outlive its service, as WHMCS's do.
    pub fn request(&self) -> CreateCredential {
        CreateCredential {
            grant_type: self.grant_type,
            scopes: self.scope.split(' ').map(str::to_owned).collect(),
            name: self.name.clone(),
            service_id: self.service_id,
            description: self.description.clone(),
            logo_uri: self.logo_uri.clone(),
            redirect_uris: self.redirect_uris.clone(),
        }
    }
}

/// A time as the database keeps it (`2024-06-01 09:30:00`), if it is one.
fn parse_stamp(text: &str) -> Option<time::PrimitiveDateTime> {
    time::PrimitiveDateTime::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]"),
    )
    .ok()
}

/// WHMCS's ID token key size.
pub const DEFAULT_KEY_BITS: usize = 4096;

fn active() -> String {
    "Active".into()
}

/// Everything the sandbox needs to act as one WHMCS installation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SandboxConfig {
    /// Used in generated client identifiers (`ACME-HOSTING.…`).
    pub company_name: String,
    pub api_credentials: Vec<ApiCredential>,
    /// The catalogue; the shipped one when absent.
    #[serde(default)]
    pub scopes: Option<Vec<ScopeInfo>>,
    #[serde(default)]
    pub clients: Vec<ClientConfig>,
    /// Orphaned services (their client is gone), for `Service ID not associated with valid Client.`
    #[serde(default)]
    pub orphan_services: Vec<ServiceConfig>,
    /// Caller addresses allowed without an access key; empty allows every address.
    #[serde(default)]
    pub allowed_ips: Vec<IpAddr>,
    /// The access key that lets any address in.
    #[serde(default)]
    pub access_key: Option<String>,
    /// OAuth credentials added once, to an empty database; after that the database is
    /// what was changed through the API.
    #[serde(default)]
    pub oauth_credentials: Vec<OAuthCredentialConfig>,
    /// The size of each authorization code credential's ID token key; WHMCS's 4096 when
    /// absent (tests choose smaller keys, which are made faster).
    #[serde(default)]
    pub id_token_key_bits: Option<usize>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Parse {
        path: String,
        source: Box<toml::de::Error>,
    },
    #[error("{0}")]
    Invalid(String),
}

impl SandboxConfig {
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: shown.clone(),
            source,
        })?;
        SandboxConfig::from_toml(&text, &shown)
    }

    /// Reads and checks an installation; `source` names it in errors.
    pub fn from_toml(text: &str, source: &str) -> Result<Self, ConfigError> {
        let config: SandboxConfig = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: source.to_owned(),
            source: Box::new(e),
        })?;
        config.check()?;
        Ok(config)
    }

    /// Refuses configurations that could not behave like WHMCS.
    pub fn check(&self) -> Result<(), ConfigError> {
        if self.api_credentials.is_empty() {
            return Err(ConfigError::Invalid(
                "at least one API credential is needed".into(),
            ));
        }
        for c in &self.api_credentials {
            if c.identifier.is_empty() || c.secret.is_empty() {
                return Err(ConfigError::Invalid(
                    "every API credential needs an identifier and a secret".into(),
                ));
            }
            if let Some(bad) = c
                .allowed_actions
                .iter()
                .find(|a| *a != "*" && Action::parse(a).is_none())
            {
                return Err(ConfigError::Invalid(format!(
                    "API credential {}: unknown action {bad:?}",
                    c.identifier
                )));
            }
        }
        // A scope outside the catalogue is allowed, as WHMCS keeps one whose catalogue
        // entry was removed (the panel's findings name it); an empty one is a typo.
        for c in &self.oauth_credentials {
            if c.request().scopes.iter().any(|s| s.trim().is_empty()) {
                return Err(ConfigError::Invalid(format!(
                    "OAuth credential {:?}: scopes are separated by single spaces",
                    c.name
                )));
            }
            if let Some(at) = &c.updated_at
                && parse_stamp(at).is_none()
            {
                return Err(ConfigError::Invalid(format!(
                    "OAuth credential {:?}: updated_at {at:?} is not YYYY-MM-DD HH:MM:SS",
                    c.name
                )));
            }
        }
        Ok(())
    }

    pub fn catalogue(&self) -> ScopeCatalogue {
        match &self.scopes {
            Some(scopes) => ScopeCatalogue {
                scopes: scopes.clone(),
            },
            None => ScopeCatalogue::default(),
        }
    }

    pub fn key_bits(&self) -> usize {
        self.id_token_key_bits.unwrap_or(DEFAULT_KEY_BITS)
    }

    pub fn credential(&self, identifier: &str) -> Option<&ApiCredential> {
        self.api_credentials
            .iter()
            .find(|c| c.identifier == identifier)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_match_actions_like_whmcs() {
        let c = ApiCredential {
            identifier: "x".into(),
            secret: "y".into(),
            description: String::new(),
            allowed_actions: vec!["ListOAuthCredentials".into()],
        };
        assert!(c.allows("listoauthcredentials"));
        assert!(c.allows("List_OAuth_Credentials"));
        assert!(!c.allows("CreateOAuthCredential"));
        let all = ApiCredential {
            allowed_actions: vec![],
            ..c.clone()
        };
        assert!(all.allows("anything"));
    }

    #[test]
    fn a_secret_never_shows_in_debug_output() {
        let c = ApiCredential {
            identifier: "x".into(),
            secret: "hunter2".into(),
            description: String::new(),
            allowed_actions: vec![],
        };
        assert!(!format!("{c:?}").contains("hunter2"));
    }

    #[test]
    fn reads_a_toml_file_and_refuses_unknown_actions() {
        let ok: SandboxConfig = toml::from_str(
            r#"
            company_name = "Example Co"
            [[api_credentials]]
            identifier = "a"
            secret = "b"
            allowed_actions = ["ListOAuthCredentials"]
            [[scopes]]
            name = "read"
            [[clients]]
            id = 1
            first_name = "Ada"
            last_name = "Lovelace"
            email = "ada@example.com"
            services = [{ id = 10, product = "Shared", domain = "ada.example" }]
            "#,
        )
        .unwrap();
        ok.check().unwrap();
        assert!(ok.catalogue().contains("read"));
        assert!(!ok.catalogue().contains("openid"));
        let bad = SandboxConfig {
            api_credentials: vec![ApiCredential {
                allowed_actions: vec!["GetInvoices".into()],
                ..ok.api_credentials[0].clone()
            }],
            ..ok
        };
        assert!(bad.check().is_err());
    }
}
