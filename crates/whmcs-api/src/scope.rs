//! The scope catalogue (`tbloauthserver_scopes`): which scopes a credential may request.
//!
//! An installation can hold a different catalogue, so it is a value passed around (the shipped
//! list is only the default), never a set of literals scattered through the code.

use serde::{Deserialize, Serialize};

/// One scope with what a person needs to choose it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeInfo {
    pub name: String,
    /// A heading to group scopes under in a picker.
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub description: String,
}

/// The scopes an installation accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeCatalogue {
    pub scopes: Vec<ScopeInfo>,
}

/// The scope WHMCS treats as the default for single sign-on.
pub const DEFAULT_SCOPE: &str = "clientarea:sso";

const CLIENT_AREA: &str = "Client area";
const SHOPPING: &str = "Shopping cart";
const SSO: &str = "Single sign-on";
const OPENID: &str = "OpenID Connect";

/// The catalogue as WHMCS ships it, in its order: (name, group, description).
const SHIPPED: &[(&str, &str, &str)] = &[
    (DEFAULT_SCOPE, SSO, "Single sign-on into the client area"),
    ("clientarea:profile", CLIENT_AREA, "Account profile"),
    (
        "clientarea:billing_info",
        CLIENT_AREA,
        "Billing information",
    ),
    ("clientarea:emails", CLIENT_AREA, "Email history"),
    ("clientarea:announcements", CLIENT_AREA, "Announcements"),
    ("clientarea:downloads", CLIENT_AREA, "Downloads"),
    ("clientarea:knowledgebase", CLIENT_AREA, "Knowledgebase"),
    ("clientarea:network_status", CLIENT_AREA, "Network status"),
    ("clientarea:services", CLIENT_AREA, "Services list"),
    ("clientarea:product_details", CLIENT_AREA, "Product details"),
    ("clientarea:domains", CLIENT_AREA, "Domains list"),
    ("clientarea:domain_details", CLIENT_AREA, "Domain details"),
    ("clientarea:invoices", CLIENT_AREA, "Invoices"),
    ("clientarea:tickets", CLIENT_AREA, "Support tickets"),
    ("clientarea:submit_ticket", CLIENT_AREA, "Submit a ticket"),
    ("clientarea:shopping_cart", SHOPPING, "Shopping cart"),
    ("clientarea:shopping_cart_addons", SHOPPING, "Order addons"),
    (
        "clientarea:shopping_cart_domain_register",
        SHOPPING,
        "Register a domain",
    ),
    (
        "clientarea:shopping_cart_domain_transfer",
        SHOPPING,
        "Transfer a domain",
    ),
    (
        "clientarea:upgrade",
        SHOPPING,
        "Upgrade or downgrade a product",
    ),
    (
        "sso:custom_redirect",
        SSO,
        "Redirect to a custom client-area page after sign-on",
    ),
    (
        "openid",
        OPENID,
        "Sign in with OpenID Connect (subject identifier)",
    ),
    ("email", OPENID, "Email address"),
    ("profile", OPENID, "Name and profile details"),
];

impl Default for ScopeCatalogue {
    /// The list WHMCS ships.
    fn default() -> Self {
        ScopeCatalogue {
            scopes: SHIPPED
                .iter()
                .map(|(name, group, description)| ScopeInfo {
                    name: (*name).to_owned(),
                    group: (*group).to_owned(),
                    description: (*description).to_owned(),
                })
                .collect(),
        }
    }
}

impl ScopeCatalogue {
    /// A catalogue of bare names (no groups or descriptions), e.g. read from a database.
    pub fn from_names<I, S>(names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        ScopeCatalogue {
            scopes: names
                .into_iter()
                .map(|n| ScopeInfo {
                    name: n.into(),
                    group: String::new(),
                    description: String::new(),
                })
                .collect(),
        }
    }

    /// Whether `name` is in the catalogue (exact, case-sensitive, as WHMCS compares).
    pub fn contains(&self, name: &str) -> bool {
        self.scopes.iter().any(|s| s.name == name)
    }

    pub fn get(&self, name: &str) -> Option<&ScopeInfo> {
        self.scopes.iter().find(|s| s.name == name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.scopes.iter().map(|s| s.name.as_str())
    }

    /// `scopes` as WHMCS stores them (point 9): in catalogue order, each once. Names the
    /// catalogue does not know keep their order, after the known ones.
    pub fn in_catalogue_order(&self, scopes: &[String]) -> Vec<String> {
        let mut out: Vec<String> = self
            .names()
            .filter(|n| scopes.iter().any(|s| s == n))
            .map(str::to_owned)
            .collect();
        for s in scopes {
            if !out.contains(s) {
                out.push(s.clone());
            }
        }
        out
    }

    /// Groups in first-seen order, each with its scopes, for a grouped picker.
    pub fn grouped(&self) -> Vec<(&str, Vec<&ScopeInfo>)> {
        let mut groups: Vec<(&str, Vec<&ScopeInfo>)> = Vec::new();
        for scope in &self.scopes {
            match groups.iter_mut().find(|(g, _)| *g == scope.group) {
                Some((_, members)) => members.push(scope),
                None => groups.push((scope.group.as_str(), vec![scope])),
            }
        }
        groups
    }
}

/// Splits a stored or granted scope string into its names (runs of whitespace are one
/// separator): for reading, where nothing is validated.
pub fn split_scopes(raw: &str) -> Vec<String> {
    raw.split_whitespace().map(str::to_owned).collect()
}

/// Splits a command's `scope` parameter as WHMCS does, with PHP's `explode(" ")` (contract
/// point 8): on each single space, so a doubled or trailing space yields an empty name,
/// which WHMCS then refuses as `The requested scope "" is invalid.`
pub fn explode_scopes(raw: &str) -> Vec<String> {
    raw.split(' ').map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_the_shipped_list_in_order() {
        let c = ScopeCatalogue::default();
        assert_eq!(c.scopes.len(), 24);
        assert_eq!(c.scopes[0].name, "clientarea:sso");
        assert_eq!(c.scopes[1].name, "clientarea:profile");
        assert_eq!(c.scopes.last().unwrap().name, "profile");
        assert!(c.contains("openid"));
        assert!(c.contains("sso:custom_redirect"));
        assert!(!c.contains("OpenID"));
        assert!(!c.contains("clientarea:admin"));
    }

    #[test]
    fn a_custom_catalogue_replaces_the_default() {
        let c = ScopeCatalogue::from_names(["read", "write"]);
        assert!(c.contains("read"));
        assert!(!c.contains("openid"));
        assert_eq!(c.names().collect::<Vec<_>>(), ["read", "write"]);
    }

    #[test]
    fn groups_keep_first_seen_order() {
        let c = ScopeCatalogue::default();
        let groups: Vec<&str> = c.grouped().into_iter().map(|(g, _)| g).collect();
        assert_eq!(
            groups,
            [
                "Single sign-on",
                "Client area",
                "Shopping cart",
                "OpenID Connect"
            ]
        );
        let total: usize = c.grouped().iter().map(|(_, m)| m.len()).sum();
        assert_eq!(total, c.scopes.len());
    }

    #[test]
    fn a_command_scope_splits_on_each_single_space() {
        assert_eq!(explode_scopes("openid email"), ["openid", "email"]);
        assert_eq!(explode_scopes("openid  email"), ["openid", "", "email"]);
        assert_eq!(explode_scopes("openid "), ["openid", ""]);
        assert_eq!(explode_scopes(""), [""]);
    }

    #[test]
    fn stored_order_is_the_catalogues_without_repeats() {
        let c = ScopeCatalogue::default();
        let got = c.in_catalogue_order(&[
            "profile".into(),
            "email".into(),
            "openid".into(),
            "email".into(),
        ]);
        assert_eq!(got, ["openid", "email", "profile"]);
        let unknown = c.in_catalogue_order(&["zz".into(), "clientarea:sso".into()]);
        assert_eq!(unknown, ["clientarea:sso", "zz"]);
    }

    #[test]
    fn splits_on_any_run_of_whitespace() {
        assert_eq!(split_scopes("  openid   email "), ["openid", "email"]);
        assert!(split_scopes("   ").is_empty());
    }
}
