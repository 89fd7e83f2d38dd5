//! The loaded context as the list's search, filter and sort read it: one snapshot for a
//! whole list, rather than a signal read per row.

use whmcs_api::customer::Client;

use super::ServiceContext;
use super::sorted::{Sorted, find};

/// What the list knows of the service behind a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceState {
    Active,
    Suspended,
    /// Terminated, cancelled, fraud or completed: a clean-up candidate.
    Ended,
    /// WHMCS lists the credential but has no such service.
    Missing,
    /// Pending, or a status this panel does not know.
    Other,
}

/// The loaded service context, as searching, filtering and sorting read it.
pub trait ContextLookup {
    /// The state of a service whose context is loaded.
    fn state(&self, service_id: u64) -> Option<ServiceState>;
    /// Whether the service's loaded customer, product or domain contains `needle`
    /// (lower-cased).
    fn matches(&self, service_id: u64, needle: &str) -> bool;
    /// The lower-cased title an unnamed credential of this service is shown with, once its
    /// service is loaded ("sso · gold hosting · example.com").
    fn title(&self, service_id: u64) -> Option<&str>;
}

/// No context loaded (a role that cannot read services).
impl ContextLookup for () {
    fn state(&self, _: u64) -> Option<ServiceState> {
        None
    }
    fn matches(&self, _: u64, _: &str) -> bool {
        false
    }
    fn title(&self, _: u64) -> Option<&str> {
        None
    }
}

/// The loaded context at one moment.
pub struct Snapshot<'a> {
    pub(super) services: &'a Sorted<ServiceContext>,
    pub(super) customers: &'a Sorted<Client>,
}

impl ContextLookup for Snapshot<'_> {
    fn state(&self, service_id: u64) -> Option<ServiceState> {
        find(self.services, service_id).map(|e| e.value.state())
    }

    fn matches(&self, service_id: u64, needle: &str) -> bool {
        let Some(entry) = find(self.services, service_id) else {
            return false;
        };
        entry.text.contains(needle)
            || match &entry.value {
                ServiceContext::Found(s) => {
                    find(self.customers, s.clientid).is_some_and(|e| e.text.contains(needle))
                }
                ServiceContext::Missing => false,
            }
    }

    fn title(&self, service_id: u64) -> Option<&str> {
        find(self.services, service_id)
            .map(|e| e.title.as_str())
            .filter(|t| !t.is_empty())
    }
}
