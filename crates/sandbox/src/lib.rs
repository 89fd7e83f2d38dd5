//! A WHMCS-compatible `api.php` for the OAuth credential commands, on SQLite, with demo
//! data: for demos, sandbox environments and this project's own tests. It answers exactly
//! as `docs/whmcs-api-contract.md` describes a real installation.

pub mod api;
pub mod auth;
pub mod bulk;
pub mod commands;
pub mod config;
pub mod flow_state;
pub mod format;
pub mod generate;
pub mod oauth;
pub mod oidc;
pub mod seed;
pub mod server;
pub mod signing;
pub mod state;
pub mod store;

pub use config::{ApiCredential, SandboxConfig};
pub use server::{Sandbox, router};
pub use state::SandboxState;
pub use store::Store;
