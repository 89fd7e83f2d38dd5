//! What is wrong with credentials across an installation: the kinds of finding, what WHMCS
//! does about each (from `docs/whmcs-api-contract.md`), how to fix it, and one plain rule
//! per kind. The panel, the gateway and any command-line tool judge with these, so they
//! give the same answers.

use time::Date;

use crate::credential::Credential;
use crate::grant_type::GrantType;
use crate::readiness::SSO_SCOPE;
use crate::scope::ScopeCatalogue;
use crate::uri::unsafe_redirect;

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

/// What judging one credential needs to know of the others and of the day.
pub struct Survey<'a> {
    pub catalogue: &'a ScopeCatalogue,
    /// Credentials changed before this day are stale.
    pub stale_before: Option<Date>,
    /// The services single sign-on credentials name, sorted, once per credential (a
    /// service twice here has two credentials). No hash map: the panel's download is
    /// smaller without one.
    sso_services: Vec<u64>,
}

impl<'a> Survey<'a> {
    /// `today` is the caller's (the browser's clock, or the server's).
    pub fn new(credentials: &[Credential], catalogue: &'a ScopeCatalogue, today: Date) -> Self {
        let mut sso_services: Vec<u64> = credentials
            .iter()
            .filter(|c| is_sso(c) && c.service_id > 0)
            .map(|c| c.service_id)
            .collect();
        sso_services.sort_unstable();
        Survey {
            catalogue,
            stale_before: today.replace_year(today.year() - 1).ok(),
            sso_services,
        }
    }

    /// Every finding of `c`.
    pub fn check(&self, c: &Credential, facts: &dyn InstallationFacts) -> Findings {
        let mut found = Findings::default();
        let rules: [(FindingKind, bool); 11] = [
            (FindingKind::NoRedirectUri, no_redirect_uri(c)),
            (
                FindingKind::UnsafeRedirectUri,
                unsafe_redirect_uris(c).next().is_some(),
            ),
            (FindingKind::ServiceEnded, service_ended(c, facts)),
            (FindingKind::ClientClosed, client_closed(c, facts)),
            (FindingKind::ServiceNotActive, service_not_active(c, facts)),
            (FindingKind::DuplicateSingleSignOn, self.duplicate_sso(c)),
            (FindingKind::MissingSsoScope, missing_sso_scope(c)),
            (FindingKind::MissingOpenid, missing_openid(c)),
            (
                FindingKind::UnknownScope,
                unknown_scopes(c, self.catalogue).next().is_some(),
            ),
            (
                FindingKind::DuplicateRedirectUri,
                duplicate_redirect_uri(c).is_some(),
            ),
            (FindingKind::Stale, self.stale(c)),
        ];
        for (kind, holds) in rules {
            if holds {
                found.insert(kind);
            }
        }
        found
    }

    /// More than one single sign-on credential names this one's service.
    pub fn duplicate_sso(&self, c: &Credential) -> bool {
        let from = self.sso_services.partition_point(|&s| s < c.service_id);
        is_sso(c)
            && self
                .sso_services
                .get(from + 1)
                .is_some_and(|&next| next == c.service_id)
    }

    /// Not changed since before a year ago (WHMCS tells nothing of use).
    pub fn stale(&self, c: &Credential) -> bool {
        match (self.stale_before, c.updated_at.at()) {
            (Some(before), Some(at)) => at.date() < before,
            _ => false,
        }
    }
}

fn is_sso(c: &Credential) -> bool {
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

/// Counts per kind over many credentials, and how many could not be judged for want of
/// their service's context.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// By kind, in `FindingKind::ALL`'s order.
    counts: [usize; FindingKind::ALL.len()],
    pub unjudged: usize,
}

impl Tally {
    pub fn add(&mut self, findings: Findings, unjudged: bool) {
        for kind in findings.iter() {
            self.counts[kind as usize] += 1;
        }
        self.unjudged += usize::from(unjudged);
    }

    pub fn count(&self, kind: FindingKind) -> usize {
        self.counts[kind as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::Timestamp;
    use time::macros::date;

    fn credential(grant: &str, scopes: &[&str], service: u64, redirects: &[&str]) -> Credential {
        Credential {
            credential_id: 1,
            name: String::new(),
            description: String::new(),
            grant_types: vec![grant.into()],
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            client_identifier: "ACME.x".into(),
            client_secret: None,
            uuid: None,
            service_id: service,
            logo_uri: String::new(),
            redirect_uris: redirects.iter().map(|s| s.to_string()).collect(),
            rsa_key_pair_id: 0,
            created_at: Timestamp::parse("1st January 2026 9:00:00am"),
            updated_at: Timestamp::parse("1st December 2026 9:00:00am"),
        }
    }

    fn app(scopes: &[&str], redirects: &[&str]) -> Credential {
        credential("authorization_code", scopes, 0, redirects)
    }

    fn sso(service: u64) -> Credential {
        credential("single_sign_on", &["clientarea:sso"], service, &[])
    }

    /// Service 1 Active (client Active), 2 Terminated, 3 Pending, 4 Completed, 5 Active for
    /// a Closed client, 6 Cancelled, 7 Fraud, 8 Suspended with the client unread; 9 gone.
    struct Facts;
    impl InstallationFacts for Facts {
        fn service(&self, id: u64) -> ServiceFacts<'_> {
            let found = |status, client_status| ServiceFacts::Found {
                status,
                client_status,
            };
            match id {
                1 => found("Active", Some("Active")),
                2 => found("Terminated", Some("Active")),
                3 => found("Pending", Some("Active")),
                4 => found("Completed", Some("Active")),
                5 => found("Active", Some("Closed")),
                6 => found("Cancelled", Some("Active")),
                7 => found("Fraud", Some("Active")),
                8 => found("Suspended", None),
                9 => ServiceFacts::Missing,
                _ => ServiceFacts::Unknown,
            }
        }
    }

    fn survey_of<'a>(all: &[Credential], catalogue: &'a ScopeCatalogue) -> Survey<'a> {
        Survey::new(all, catalogue, date!(2026 - 12 - 06))
    }

    fn kinds(c: &Credential) -> Vec<FindingKind> {
        let catalogue = ScopeCatalogue::default();
        survey_of(std::slice::from_ref(c), &catalogue)
            .check(c, &Facts)
            .iter()
            .collect()
    }

    #[test]
    fn a_healthy_app_and_a_healthy_sso_credential_have_no_finding() {
        assert!(kinds(&app(&["openid", "email"], &["https://app.example/cb"])).is_empty());
        assert!(kinds(&sso(1)).is_empty());
        assert!(
            kinds(&sso(8)).is_empty(),
            "Suspended is signed in; client unread"
        );
    }

    #[test]
    fn rule_no_redirect_uri() {
        assert!(no_redirect_uri(&app(&["openid"], &[])));
        assert!(no_redirect_uri(&app(&["openid"], &["  "])));
        assert!(!no_redirect_uri(&app(
            &["openid"],
            &["https://a.example/cb"]
        )));
        assert!(!no_redirect_uri(&sso(1)), "single sign-on needs none");
        assert_eq!(kinds(&app(&["openid"], &[])), [FindingKind::NoRedirectUri]);
    }

    #[test]
    fn rule_unsafe_redirect_uri() {
        let c = app(
            &["openid"],
            &[
                "https://ok.example/cb",
                "http://app.example/cb",
                "http://127.0.0.1:7777/cb",
                "https://app.example/cb#done",
                "https://*.example/cb",
            ],
        );
        let named: Vec<&str> = unsafe_redirect_uris(&c).map(|(u, _)| u).collect();
        assert_eq!(
            named,
            [
                "http://app.example/cb",
                "https://app.example/cb#done",
                "https://*.example/cb"
            ]
        );
        assert_eq!(kinds(&c), [FindingKind::UnsafeRedirectUri]);
    }

    #[test]
    fn rule_service_ended() {
        for ended in [2, 6, 7, 9] {
            assert!(service_ended(&sso(ended), &Facts), "service {ended}");
        }
        for not in [1, 3, 4, 5, 8, 10] {
            assert!(!service_ended(&sso(not), &Facts), "service {not}");
        }
        assert!(!service_ended(
            &app(&["openid"], &["https://a.example/"]),
            &Facts
        ));
    }

    #[test]
    fn rule_client_closed() {
        assert!(client_closed(&sso(5), &Facts));
        assert!(!client_closed(&sso(1), &Facts));
        assert!(
            !client_closed(&sso(8), &Facts),
            "an unread client is not judged"
        );
        assert_eq!(kinds(&sso(5)), [FindingKind::ClientClosed]);
    }

    #[test]
    fn rule_service_not_active() {
        assert!(service_not_active(&sso(3), &Facts));
        assert!(service_not_active(&sso(4), &Facts));
        assert!(!service_not_active(&sso(1), &Facts));
        assert!(
            !service_not_active(&sso(2), &Facts),
            "ended is its own finding"
        );
    }

    #[test]
    fn rule_duplicate_single_sign_on() {
        let catalogue = ScopeCatalogue::default();
        let all = [sso(1), sso(1), sso(2)];
        let survey = survey_of(&all, &catalogue);
        assert!(survey.duplicate_sso(&all[0]) && survey.duplicate_sso(&all[1]));
        assert!(!survey.duplicate_sso(&all[2]));
    }

    #[test]
    fn rule_missing_sso_scope() {
        let c = credential("single_sign_on", &["clientarea:services"], 1, &[]);
        assert!(missing_sso_scope(&c));
        assert!(!missing_sso_scope(&sso(1)));
        assert_eq!(kinds(&c), [FindingKind::MissingSsoScope]);
    }

    #[test]
    fn rule_missing_openid() {
        let c = app(&["email", "profile"], &["https://a.example/cb"]);
        assert!(missing_openid(&c));
        assert!(!missing_openid(&sso(1)));
        assert_eq!(kinds(&c), [FindingKind::MissingOpenid]);
    }

    #[test]
    fn rule_unknown_scope() {
        let c = app(&["openid", "legacy:reports"], &["https://a.example/cb"]);
        let catalogue = ScopeCatalogue::default();
        assert_eq!(
            unknown_scopes(&c, &catalogue).collect::<Vec<_>>(),
            ["legacy:reports"]
        );
        assert_eq!(kinds(&c), [FindingKind::UnknownScope]);
    }

    #[test]
    fn rule_duplicate_redirect_uri() {
        let c = app(
            &["openid"],
            &[
                "https://a.example/cb",
                "https://b.example/cb",
                "https://a.example/cb",
            ],
        );
        assert_eq!(duplicate_redirect_uri(&c), Some("https://a.example/cb"));
        assert_eq!(
            duplicate_redirect_uri(&app(&["openid"], &["https://a.example/cb"])),
            None
        );
        assert_eq!(kinds(&c), [FindingKind::DuplicateRedirectUri]);
    }

    #[test]
    fn rule_stale() {
        let catalogue = ScopeCatalogue::default();
        let survey = survey_of(&[], &catalogue);
        let mut c = sso(1);
        c.updated_at = Timestamp::parse("5th December 2025 11:59:59pm");
        assert!(survey.stale(&c), "a year and a day");
        c.updated_at = Timestamp::parse("6th December 2025 0:00:00am");
        assert!(!survey.stale(&c), "exactly a year");
        c.updated_at = Timestamp::Unparsed("yesterday".into());
        assert!(!survey.stale(&c), "an unreadable time is not judged");
    }

    #[test]
    fn unknown_context_leaves_sso_credentials_unjudged_and_tallies_count_them() {
        let catalogue = ScopeCatalogue::default();
        let all = [sso(10), sso(2), sso(5), app(&["openid"], &[])];
        let survey = survey_of(&all, &catalogue);
        let mut tally = Tally::default();
        for c in &all {
            tally.add(survey.check(c, &Facts), unjudged(c, &Facts));
        }
        assert_eq!(tally.unjudged, 1);
        assert_eq!(tally.count(FindingKind::ServiceEnded), 1);
        assert_eq!(tally.count(FindingKind::ClientClosed), 1);
        assert_eq!(tally.count(FindingKind::NoRedirectUri), 1);
        assert!(unjudged(&sso(10), &()), "nothing read");
    }

    #[test]
    fn kinds_round_trip_through_their_keys_and_say_what_whmcs_does_and_the_fix() {
        for kind in FindingKind::ALL {
            assert_eq!(FindingKind::from_key(kind.key()), Some(kind));
            assert!(!kind.title().ends_with('.'), "a title: {kind:?}");
            for sentence in [kind.whmcs_does(), kind.fix()] {
                assert!(sentence.ends_with('.'), "a sentence: {kind:?}: {sentence}");
            }
        }
        assert_eq!(FindingKind::from_key("nope"), None);
        let dangers: Vec<_> = FindingKind::ALL
            .into_iter()
            .filter(|k| k.severity() == Severity::Danger)
            .collect();
        assert_eq!(
            dangers,
            [FindingKind::NoRedirectUri, FindingKind::UnsafeRedirectUri]
        );
        let mut sorted = FindingKind::ALL;
        sorted.sort_by_key(|k| k.severity());
        assert_eq!(sorted, FindingKind::ALL, "listed worst first");
    }
}
