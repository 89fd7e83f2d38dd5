//! The domain and wire format of WHMCS's four OAuth credential commands
//! (`CreateOAuthCredential`, `UpdateOAuthCredential`, `DeleteOAuthCredential`,
//! `ListOAuthCredentials`) and of the three reads that say whose service a credential is for
//! (`GetClients`, `GetClientsProducts`, `GetClientsDetails`), shared by the browser panel, the gateway and the
//! sandbox.
//!
//! Plain types and pure functions only: no web framework, no runtime, so it compiles for
//! `wasm32-unknown-unknown` and native alike.

pub mod action;
pub mod bulk;
pub mod credential;
pub mod customer;
pub mod export;
pub mod findings;
pub mod grant_type;
pub mod job;
mod lenient;
pub mod limits;
pub mod messages;
pub mod panel_config;
pub mod params;
pub mod readiness;
pub mod request;
pub mod response;
pub mod scope;
pub mod sign_in;
pub mod timestamp;
pub mod uri;
pub mod validation;

pub use action::Action;
pub use credential::Credential;
pub use grant_type::GrantType;
pub use panel_config::PanelConfig;
pub use params::Params;
pub use request::{
    ClientQuery, ClientsQuery, CreateCredential, CredentialRef, DeleteCredential, ListQuery,
    ServicesQuery, SortField, SortOrder, UpdateCredential,
};
pub use response::{
    ApiError, CreateResponse, DeleteResponse, ListResponse, UpdateResponse, decode_response,
};
pub use scope::{ScopeCatalogue, ScopeInfo};
pub use timestamp::Timestamp;
pub use validation::{Field, FieldError, FieldErrors, ServiceCheck, ServiceLookup};
