//! The loaded context as the list's search, filter and sort read it: one snapshot for a
//! whole list, rather than a signal read per row.

use whmcs_api::customer::Client;
use whmcs_api::findings::{InstallationFacts, ServiceFacts};

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
    /// The loaded services whose customer, product or domain contains `needle`
    /// (lower-cased), by id, sorted: one pass over what is loaded per search, not one
    /// look-up per row.
    fn matching(&self, needle: &str) -> Vec<u64>;
    /// The lower-cased title an unnamed credential of this service is shown with, once its
    /// service is loaded ("sso · gold hosting · example.com").
    fn title(&self, service_id: u64) -> Option<&str>;
    /// What the findings rules read of a service: its status and its customer's.
    fn facts(&self, service_id: u64) -> ServiceFacts<'_>;
    /// Changes whenever more context arrives: what was judged from older context is
    /// judged again.
    fn version(&self) -> u64;
}

/// The rules' view of the loaded context.
pub struct Facts<'a>(pub &'a dyn ContextLookup);

impl InstallationFacts for Facts<'_> {
    fn service(&self, service_id: u64) -> ServiceFacts<'_> {
        self.0.facts(service_id)
    }
}

/// No context loaded (a role that cannot read services).
impl ContextLookup for () {
    fn state(&self, _: u64) -> Option<ServiceState> {
        None
    }
    fn matching(&self, _: &str) -> Vec<u64> {
        Vec::new()
    }
    fn title(&self, _: u64) -> Option<&str> {
        None
    }
    fn facts(&self, _: u64) -> ServiceFacts<'_> {
        ServiceFacts::Unknown
    }
    fn version(&self) -> u64 {
        0
    }
}

/// The loaded context at one moment.
pub struct Snapshot<'a> {
    pub(super) services: &'a Sorted<ServiceContext>,
    pub(super) customers: &'a Sorted<Client>,
    pub(super) version: u64,
}

impl ContextLookup for Snapshot<'_> {
    fn state(&self, service_id: u64) -> Option<ServiceState> {
        find(self.services, service_id).map(|e| e.value.state())
    }

    fn matching(&self, needle: &str) -> Vec<u64> {
        let customers: Vec<u64> = self
            .customers
            .iter()
            .filter(|e| e.text.contains(needle))
            .map(|e| e.id)
            .collect();
        self.services
            .iter()
            .filter(|e| {
                e.text.contains(needle)
                    || match &e.value {
                        ServiceContext::Found(s) => customers.binary_search(&s.clientid).is_ok(),
                        ServiceContext::Missing => false,
                    }
            })
            .map(|e| e.id)
            .collect()
    }

    fn title(&self, service_id: u64) -> Option<&str> {
        find(self.services, service_id)
            .map(|e| e.title.as_str())
            .filter(|t| !t.is_empty())
    }

    fn facts(&self, service_id: u64) -> ServiceFacts<'_> {
        match find(self.services, service_id).map(|e| &e.value) {
            None => ServiceFacts::Unknown,
            Some(ServiceContext::Missing) => ServiceFacts::Missing,
            Some(ServiceContext::Found(s)) => ServiceFacts::Found {
                status: &s.status,
                client_status: find(self.customers, s.clientid).map(|c| c.value.status.as_str()),
            },
        }
    }

    fn version(&self) -> u64 {
        self.version
    }
}
