//! One request type per command. Each encodes to the form parameters WHMCS reads
//! (`to_params`) and is decoded and validated from them (`from_params`) with WHMCS's
//! messages in WHMCS's order, so browser, gateway and sandbox share one set of rules.

mod create;
pub mod customers;
mod delete;
mod list;
mod update;

pub use create::CreateCredential;
pub use customers::{ClientQuery, ClientsQuery, ServicesQuery};
pub use delete::DeleteCredential;
pub use list::{ListQuery, SortField, SortOrder};
pub use update::{CredentialRef, UpdateCredential};

use crate::params::Params;

/// Parameter names, case-sensitive as WHMCS reads them.
pub mod names {
    pub const ACTION: &str = "action";
    pub const GRANT_TYPE: &str = "grantType";
    pub const SCOPE: &str = "scope";
    pub const NAME: &str = "name";
    pub const SERVICE_ID: &str = "serviceId";
    pub const DESCRIPTION: &str = "description";
    pub const LOGO_URI: &str = "logoUri";
    pub const REDIRECT_URI: &str = "redirectUri";
    pub const CREDENTIAL_ID: &str = "credentialId";
    pub const CLIENT_IDENTIFIER: &str = "clientIdentifier";
    /// The documented spelling of the lookup; real installations read `clientIdentifier`.
    pub const CLIENT_API_IDENTIFIER: &str = "clientApiIdentifier";
    pub const RESET_SECRET: &str = "resetSecret";
    pub const SORT_FIELD: &str = "sortField";
    pub const SORT_ORDER: &str = "sortOrder";
    pub const LIMIT: &str = "limit";
}

/// A list parameter (`redirectUri`, `scope`) as its items, `None` when not sent.
fn items(params: &Params, name: &str) -> Option<Vec<String>> {
    params.get_value(name).map(|v| {
        v.into_items()
            .into_iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    })
}

/// PHP truthiness of a form value: anything but `""` and `"0"`.
fn truthy(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "0")
}
