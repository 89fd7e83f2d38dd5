//! API action names and WHMCS's lenient matching of them.

use std::fmt;

/// The four OAuth credential commands, and the three reads that say whose service a single
/// sign-on credential belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Create,
    Update,
    Delete,
    List,
    /// `GetClients`: customers by name, email or company.
    GetClients,
    /// `GetClientsProducts`: customers' services (product, domain, status).
    GetClientsProducts,
    /// `GetClientsDetails`: one customer by id (name, company, email).
    GetClientsDetails,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::Create,
        Action::Update,
        Action::Delete,
        Action::List,
        Action::GetClients,
        Action::GetClientsProducts,
        Action::GetClientsDetails,
    ];

    /// The canonical name, as documented.
    pub fn name(self) -> &'static str {
        match self {
            Action::Create => "CreateOAuthCredential",
            Action::Update => "UpdateOAuthCredential",
            Action::Delete => "DeleteOAuthCredential",
            Action::List => "ListOAuthCredentials",
            Action::GetClients => "GetClients",
            Action::GetClientsProducts => "GetClientsProducts",
            Action::GetClientsDetails => "GetClientsDetails",
        }
    }

    /// Whether this command changes data (and so is audited and never retried).
    pub fn is_mutation(self) -> bool {
        matches!(self, Action::Create | Action::Update | Action::Delete)
    }

    /// Matches an `action` parameter the way WHMCS does: case-insensitively after dropping
    /// everything but `[0-9a-z]`, so `List_OAuth_Credentials` is `ListOAuthCredentials`.
    pub fn parse(raw: &str) -> Option<Action> {
        let key = normalize(raw);
        Action::ALL.into_iter().find(|a| normalize(a.name()) == key)
    }
}

/// WHMCS's normal form of an action name: lower case, only `[0-9a-z]`.
pub fn normalize(raw: &str) -> String {
    raw.chars()
        .map(|c| c.to_ascii_lowercase())
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_like_whmcs() {
        for raw in [
            "ListOAuthCredentials",
            "listoauthcredentials",
            "List_OAuth_Credentials",
            " LIST-oauth credentials ",
        ] {
            assert_eq!(Action::parse(raw), Some(Action::List), "{raw}");
        }
        assert_eq!(Action::parse("GetClients"), Some(Action::GetClients));
        assert_eq!(Action::parse("GetInvoices"), None);
        assert_eq!(Action::parse(""), None);
    }

    #[test]
    fn only_credential_changes_are_mutations() {
        assert!(!Action::List.is_mutation());
        assert!(!Action::GetClients.is_mutation());
        assert!(!Action::GetClientsProducts.is_mutation());
        assert!(!Action::GetClientsDetails.is_mutation());
        assert!(Action::Create.is_mutation());
        assert!(Action::Update.is_mutation());
        assert!(Action::Delete.is_mutation());
    }
}
