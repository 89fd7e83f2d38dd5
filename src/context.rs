//! What every page shares: the gateway's configuration and who is logged in.

use leptos::prelude::*;
use whmcs_api::PanelConfig;
use whmcs_api::panel_config::{Permissions, SessionInfo};

use crate::api::ClientError;
use crate::credential_cache::CredentialCache;
use crate::service_context::ServiceContexts;

/// Provided once the configuration has loaded.
#[derive(Clone)]
pub struct AppContext {
    pub config: PanelConfig,
    /// `None` when nobody is logged in.
    pub session: RwSignal<Option<SessionInfo>>,
    /// Set when WHMCS refused an action for lack of permission: the panel then hides what
    /// this API role cannot do.
    pub read_only: RwSignal<bool>,
    /// The credentials last listed in this session.
    pub credentials: CredentialCache,
    /// Services behind single sign-on credentials, as far as loaded.
    pub services: ServiceContexts,
}

impl AppContext {
    fn permitted(&self, allowed: impl Fn(&Permissions) -> bool) -> bool {
        !self.read_only.get()
            && self
                .session
                .with(|s| s.as_ref().is_some_and(|s| allowed(&s.permissions)))
    }

    /// Whether the logged-in role may create credentials (reactive).
    pub fn can_create(&self) -> bool {
        self.permitted(|p| p.create)
    }

    pub fn can_update(&self) -> bool {
        self.permitted(|p| p.update)
    }

    pub fn can_delete(&self) -> bool {
        self.permitted(|p| p.delete)
    }

    /// Whether the gateway shows this role client secrets.
    pub fn can_reveal(&self) -> bool {
        self.permitted(|p| p.reveal)
    }

    /// Whether the role may read services (`GetClientsProducts`): context for SSO rows.
    pub fn can_read_services(&self) -> bool {
        self.allows(|p| p.services)
    }

    /// Whether the role may read a customer's name and email (`GetClientsDetails`).
    pub fn can_read_customers(&self) -> bool {
        self.allows(|p| p.customer_details)
    }

    /// Whether the role may search customers and list their services: the service picker.
    pub fn can_pick_services(&self) -> bool {
        self.allows(|p| p.customers && p.services)
    }

    /// What WHMCS lets the role read (unlike `permitted`, not switched off by `read_only`).
    fn allows(&self, allowed: impl Fn(&Permissions) -> bool) -> bool {
        self.session
            .with(|s| s.as_ref().is_some_and(|s| allowed(&s.permissions)))
    }

    /// What a failed request means for the session and the role, applied once: a dead
    /// session sends the person to log in; a refusal for lack of permission hides what the
    /// role cannot do.
    pub fn note_failure(&self, e: &ClientError) {
        if e.is_unauthorized() {
            self.session.set(None);
        } else if e.is_permission_denied() {
            self.read_only.set(true);
        }
    }

    /// Whether the role can change nothing at all.
    pub fn is_read_only(&self) -> bool {
        !self.permitted(Permissions::can_change)
    }
}

pub fn use_app() -> AppContext {
    use_context::<AppContext>().expect("AppContext is provided by App")
}

/// The login page's address that comes back to `path` afterwards.
pub fn login_url(path: &str) -> String {
    if path.is_empty() || path == "/" || path.starts_with("/login") {
        "/login".into()
    } else {
        format!("/login?next={}", whmcs_api::params::encode_component(path))
    }
}

/// Where to go after logging in: only paths of this site, never another origin.
pub fn safe_next(next: Option<String>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") => n,
        _ => "/".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_never_leaves_the_site() {
        assert_eq!(
            safe_next(Some("/credentials/4?x=1".into())),
            "/credentials/4?x=1"
        );
        assert_eq!(safe_next(Some("//evil.example".into())), "/");
        assert_eq!(safe_next(Some("https://evil.example".into())), "/");
        assert_eq!(safe_next(Some("/\\evil.example".into())), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn login_url_carries_the_way_back() {
        assert_eq!(login_url("/"), "/login");
        assert_eq!(login_url("/?q=a b"), "/login?next=%2F%3Fq%3Da+b");
    }
}
