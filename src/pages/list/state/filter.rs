//! The list's "service status" filter, over the loaded service context.

use crate::service_context::ServiceState;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ServiceFilter {
    #[default]
    All,
    Active,
    Suspended,
    Ended,
    Missing,
}

impl ServiceFilter {
    pub const ALL: [ServiceFilter; 5] = [
        ServiceFilter::All,
        ServiceFilter::Active,
        ServiceFilter::Suspended,
        ServiceFilter::Ended,
        ServiceFilter::Missing,
    ];

    /// Its name in the URL (`svc=ended`); empty for no filter.
    pub fn key(self) -> &'static str {
        match self {
            ServiceFilter::All => "",
            ServiceFilter::Active => "active",
            ServiceFilter::Suspended => "suspended",
            ServiceFilter::Ended => "ended",
            ServiceFilter::Missing => "missing",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ServiceFilter::All => "Any service",
            ServiceFilter::Active => "Active",
            ServiceFilter::Suspended => "Suspended",
            ServiceFilter::Ended => "Ended (terminated, cancelled…)",
            ServiceFilter::Missing => "Service not found",
        }
    }

    pub fn from_key(key: &str) -> ServiceFilter {
        ServiceFilter::ALL
            .into_iter()
            .find(|f| f.key() == key)
            .unwrap_or_default()
    }

    /// Whether a service in `state` stays in the list.
    pub fn keeps(self, state: ServiceState) -> bool {
        match self {
            ServiceFilter::All => true,
            ServiceFilter::Active => state == ServiceState::Active,
            ServiceFilter::Suspended => state == ServiceState::Suspended,
            ServiceFilter::Ended => state == ServiceState::Ended,
            ServiceFilter::Missing => state == ServiceState::Missing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_keeps_its_own_state_only_and_reads_back_from_its_key() {
        assert!(ServiceFilter::Ended.keeps(ServiceState::Ended));
        assert!(!ServiceFilter::Ended.keeps(ServiceState::Missing));
        assert!(ServiceFilter::All.keeps(ServiceState::Other));
        for f in ServiceFilter::ALL {
            assert_eq!(ServiceFilter::from_key(f.key()), f);
        }
        assert_eq!(ServiceFilter::from_key("nope"), ServiceFilter::All);
    }
}
