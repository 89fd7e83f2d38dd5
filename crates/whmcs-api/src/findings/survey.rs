//! Judging credentials against each other and the day, and counting what was found.

use time::Date;

use super::kind::{FindingKind, Findings};
use super::rules::{
    InstallationFacts, client_closed, duplicate_redirect_uri, is_sso, missing_openid,
    missing_sso_scope, no_redirect_uri, service_ended, service_not_active, unknown_scopes,
    unsafe_redirect_uris,
};
use crate::credential::Credential;
use crate::scope::ScopeCatalogue;

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
