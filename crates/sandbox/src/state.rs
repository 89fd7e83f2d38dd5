//! What every request of the sandbox shares: its configuration, scope catalogue and store.

use std::path::Path;

use whmcs_api::ScopeCatalogue;

use crate::config::SandboxConfig;
use crate::flow_state::FlowState;
use crate::seed;
use crate::store::{self, Store, StoreError};

/// Shared by every request.
pub struct SandboxState {
    pub config: SandboxConfig,
    pub catalogue: ScopeCatalogue,
    pub store: Store,
    /// Client-area logins and sign-ins waiting for a consent.
    pub oidc: FlowState,
}

impl SandboxState {
    /// Opens the database (in memory when `db` is `None`), loads clients and services from
    /// the configuration, and adds its starting OAuth credentials to an empty database.
    pub fn open(config: SandboxConfig, db: Option<&Path>) -> Result<SandboxState, StoreError> {
        let store = match db {
            Some(path) => Store::open(path)?,
            None => Store::in_memory()?,
        };
        {
            let conn = store.lock();
            store::upsert_clients(&conn, &config.clients, &config.orphan_services)?;
            if !config.oauth_credentials.is_empty() {
                seed::seed_credentials(&conn, &config.oauth_credentials, &config.company_name)?;
            }
        }
        Ok(SandboxState {
            catalogue: config.catalogue(),
            config,
            store,
            oidc: FlowState::default(),
        })
    }

    /// Adds `count` generated credentials (a large installation, for load tests).
    pub fn add_generated_credentials(&self, count: usize) -> Result<usize, StoreError> {
        crate::bulk::add_credentials(&self.store.lock(), &self.config.company_name, count)
    }
}
