//! One plain rule per kind of finding, and where the rules read what the installation says
//! about a service.

use crate::credential::Credential;
use crate::grant_type::GrantType;
use crate::readiness::SSO_SCOPE;
use crate::scope::ScopeCatalogue;
use crate::uri::unsafe_redirect;

/// What the installation says about a single sign-on credential's service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceFacts<'a> {
    /// Not read yet, or not readable with this API role.
    Unknown,
    /// WHMCS has no such service.
    Missing,
    Found {
        status: &'a str,
        /// The customer's account status; `None` when not read.
        client_status: Option<&'a str>,
    },
}

/// Where the rules look up what the installation says about a service.
pub trait InstallationFacts {
    fn service(&self, service_id: u64) -> ServiceFacts<'_>;
}

/// Nothing known (a role that may not read services).
impl InstallationFacts for () {
    fn service(&self, _: u64) -> ServiceFacts<'_> {
        ServiceFacts::Unknown
    }
}

pub(super) fn is_sso(c: &Credential) -> bool {
    c.has_grant(GrantType::SingleSignOn)
}

fn is_authorization_code(c: &Credential) -> bool {
    c.has_grant(GrantType::AuthorizationCode)
}

/// An authorization code credential with no redirect URI: WHMCS sends its codes anywhere.
pub fn no_redirect_uri(c: &Credential) -> bool {
    is_authorization_code(c) && c.redirect_uris.iter().all(|u| u.trim().is_empty())
}

/// Its redirect URIs that are unsafe, each with why.
pub fn unsafe_redirect_uris(c: &Credential) -> impl Iterator<Item = (&str, &'static str)> {
    c.redirect_uris
        .iter()
        .filter_map(|u| unsafe_redirect(u).map(|why| (u.as_str(), why)))
}

/// A single sign-on credential whose service ended (Terminated, Cancelled, Fraud) or is gone.
pub fn service_ended(c: &Credential, facts: &dyn InstallationFacts) -> bool {
    is_sso(c)
        && match facts.service(c.service_id) {
            ServiceFacts::Missing => true,
            ServiceFacts::Found { status, .. } => {
                matches!(status, "Terminated" | "Cancelled" | "Fraud")
            }
            ServiceFacts::Unknown => false,
        }
}

/// A single sign-on credential whose customer's account is Closed.
pub fn client_closed(c: &Credential, facts: &dyn InstallationFacts) -> bool {
    is_sso(c)
        && matches!(
            facts.service(c.service_id),
            ServiceFacts::Found {
                client_status: Some("Closed"),
                ..
            }
        )
}

/// A single sign-on credential whose service is Pending or Completed.
pub fn service_not_active(c: &Credential, facts: &dyn InstallationFacts) -> bool {
    is_sso(c)
        && matches!(
            facts.service(c.service_id),
            ServiceFacts::Found {
                status: "Pending" | "Completed",
                ..
            }
        )
}

/// Whether `c`'s context-dependent findings cannot be judged yet.
pub fn unjudged(c: &Credential, facts: &dyn InstallationFacts) -> bool {
    is_sso(c) && matches!(facts.service(c.service_id), ServiceFacts::Unknown)
}

/// A single sign-on credential without `clientarea:sso`.
pub fn missing_sso_scope(c: &Credential) -> bool {
    is_sso(c) && !c.scopes.iter().any(|s| s == SSO_SCOPE)
}

/// An authorization code credential without `openid`: no ID token.
pub fn missing_openid(c: &Credential) -> bool {
    is_authorization_code(c) && !c.scopes.iter().any(|s| s == "openid")
}

/// Its scopes the installation's catalogue does not have.
pub fn unknown_scopes<'c>(
    c: &'c Credential,
    catalogue: &ScopeCatalogue,
) -> impl Iterator<Item = &'c str> {
    c.scopes
        .iter()
        .filter(|s| !catalogue.contains(s))
        .map(String::as_str)
}

/// The first redirect URI it holds twice.
pub fn duplicate_redirect_uri(c: &Credential) -> Option<&str> {
    let uris = &c.redirect_uris;
    uris.iter()
        .enumerate()
        .find(|(i, u)| uris[..*i].contains(u))
        .map(|(_, u)| u.as_str())
}
