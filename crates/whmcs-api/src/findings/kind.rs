//! The kinds of finding: how bad each is, what WHMCS does about it, how to fix it.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Codes or tokens can go where they should not.
    Danger,
    /// WHMCS will refuse or misuse the credential.
    Warning,
    /// Worth a look; nothing breaks.
    Notice,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Danger => "Danger",
            Severity::Warning => "Warning",
            Severity::Notice => "Notice",
        }
    }
}

/// A kind of finding, in the order the Findings page lists them (worst first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingKind {
    NoRedirectUri,
    UnsafeRedirectUri,
    ServiceEnded,
    ClientClosed,
    ServiceNotActive,
    DuplicateSingleSignOn,
    MissingSsoScope,
    UnknownScope,
    MissingOpenid,
    DuplicateRedirectUri,
    Stale,
}

impl FindingKind {
    pub const ALL: [FindingKind; 11] = [
        FindingKind::NoRedirectUri,
        FindingKind::UnsafeRedirectUri,
        FindingKind::ServiceEnded,
        FindingKind::ClientClosed,
        FindingKind::ServiceNotActive,
        FindingKind::DuplicateSingleSignOn,
        FindingKind::MissingSsoScope,
        FindingKind::UnknownScope,
        FindingKind::MissingOpenid,
        FindingKind::DuplicateRedirectUri,
        FindingKind::Stale,
    ];

    /// The name in a link (`/?finding=no-redirect-uri`).
    pub fn key(self) -> &'static str {
        match self {
            FindingKind::NoRedirectUri => "no-redirect-uri",
            FindingKind::UnsafeRedirectUri => "unsafe-redirect-uri",
            FindingKind::ServiceEnded => "service-ended",
            FindingKind::ClientClosed => "client-closed",
            FindingKind::ServiceNotActive => "service-not-active",
            FindingKind::DuplicateSingleSignOn => "duplicate-sso",
            FindingKind::MissingSsoScope => "missing-sso-scope",
            FindingKind::MissingOpenid => "missing-openid",
            FindingKind::UnknownScope => "unknown-scope",
            FindingKind::DuplicateRedirectUri => "duplicate-redirect-uri",
            FindingKind::Stale => "stale",
        }
    }

    pub fn from_key(key: &str) -> Option<FindingKind> {
        FindingKind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn severity(self) -> Severity {
        match self {
            FindingKind::NoRedirectUri | FindingKind::UnsafeRedirectUri => Severity::Danger,
            FindingKind::ServiceEnded
            | FindingKind::ClientClosed
            | FindingKind::ServiceNotActive
            | FindingKind::DuplicateSingleSignOn
            | FindingKind::MissingSsoScope
            | FindingKind::UnknownScope => Severity::Warning,
            FindingKind::MissingOpenid | FindingKind::DuplicateRedirectUri | FindingKind::Stale => {
                Severity::Notice
            }
        }
    }

    /// Whether judging it needs the service and customer behind the credential.
    pub fn needs_context(self) -> bool {
        matches!(
            self,
            FindingKind::ServiceEnded | FindingKind::ClientClosed | FindingKind::ServiceNotActive
        )
    }

    pub fn title(self) -> &'static str {
        match self {
            FindingKind::NoRedirectUri => "Authorization code credential without a redirect URI",
            FindingKind::UnsafeRedirectUri => "Unsafe redirect URI",
            FindingKind::ServiceEnded => "Single sign-on for a service that ended or is gone",
            FindingKind::ClientClosed => "Single sign-on for a Closed customer account",
            FindingKind::ServiceNotActive => "Single sign-on for a Pending or Completed service",
            FindingKind::DuplicateSingleSignOn => {
                "More than one single sign-on credential for a service"
            }
            FindingKind::MissingSsoScope => "Single sign-on credential without clientarea:sso",
            FindingKind::MissingOpenid => "Authorization code credential without openid",
            FindingKind::UnknownScope => "Scope not in the installation's catalogue",
            FindingKind::DuplicateRedirectUri => "The same redirect URI twice",
            FindingKind::Stale => "Not changed for over a year",
        }
    }

    /// What WHMCS does about it, in one sentence.
    pub fn whmcs_does(self) -> &'static str {
        match self {
            FindingKind::NoRedirectUri => {
                "WHMCS accepts any redirect URI for a credential that has none, so it sends authorization codes to whatever address a link names."
            }
            FindingKind::UnsafeRedirectUri => {
                "WHMCS sends codes to every registered URI that matches exactly: over plain http:// anyone on the way can read them, and a fragment or a \"*\" is matched as text."
            }
            FindingKind::ServiceEnded => {
                "WHMCS provisions single sign-on only for Active or Suspended services; for a Terminated, Cancelled or Fraud service, or one that no longer exists, there is nothing to sign in to."
            }
            FindingKind::ClientClosed => {
                "WHMCS refuses single sign-on for a customer whose account is Closed (\"Single Sign-On authentication denied\")."
            }
            FindingKind::ServiceNotActive => {
                "WHMCS provisions single sign-on only for Active or Suspended services, so a Pending or Completed service's credential does not sign anyone in."
            }
            FindingKind::DuplicateSingleSignOn => {
                "WHMCS keeps one single sign-on credential per service: when it provisions the service's credential again, it deletes the earlier ones."
            }
            FindingKind::MissingSsoScope => {
                "WHMCS always requires clientarea:sso for a single sign-on, so this credential signs nobody in."
            }
            FindingKind::MissingOpenid => {
                "Without openid WHMCS issues no ID token and refuses userinfo (insufficient_scope), so an OpenID Connect app cannot learn who signed in."
            }
            FindingKind::UnknownScope => {
                "WHMCS refuses any change that sends this credential's scopes (\"The requested scope … is invalid.\") until the scope is removed."
            }
            FindingKind::DuplicateRedirectUri => {
                "WHMCS keeps both copies; nothing breaks, but a later edit that merges lists may drop one."
            }
            FindingKind::Stale => {
                "WHMCS records only when a credential last changed, not when it was last used; a credential untouched for a year may be unused."
            }
        }
    }

    /// How to fix it.
    pub fn fix(self) -> &'static str {
        match self {
            FindingKind::NoRedirectUri => "Add the app's exact callback URL as its redirect URI.",
            FindingKind::UnsafeRedirectUri => {
                "Use https:// (http:// only for localhost), without a fragment or \"*\"; replace the prefix in bulk."
            }
            FindingKind::ServiceEnded => {
                "Delete the credential, or point it at the customer's current service."
            }
            FindingKind::ClientClosed => "Delete the credential, or reopen the account in WHMCS.",
            FindingKind::ServiceNotActive => {
                "Wait for the service to become Active, or delete the credential of a Completed one."
            }
            FindingKind::DuplicateSingleSignOn => {
                "Keep the newest credential of the service and delete the others."
            }
            FindingKind::MissingSsoScope => "Add clientarea:sso to its scopes.",
            FindingKind::MissingOpenid => "Add openid to its scopes.",
            FindingKind::UnknownScope => {
                "Remove the scope, or add it back to the catalogue in WHMCS."
            }
            FindingKind::DuplicateRedirectUri => "Remove the second copy.",
            FindingKind::Stale => "Ask its owner whether it is still used; delete it if not.",
        }
    }
}

/// A set of finding kinds: what one credential has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Findings(u16);

impl Findings {
    pub fn insert(&mut self, kind: FindingKind) {
        self.0 |= 1 << kind as u16;
    }

    pub fn contains(self, kind: FindingKind) -> bool {
        self.0 & (1 << kind as u16) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = FindingKind> {
        FindingKind::ALL
            .into_iter()
            .filter(move |k| self.contains(*k))
    }
}
