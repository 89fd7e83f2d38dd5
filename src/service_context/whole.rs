//! Context for the whole installation at once: every service (`GetClientsProducts`) and
//! every customer (`GetClients`), read in pages of 250 rather than one service per
//! request, a few pages side by side, with a progress line and Stop. What arrives joins
//! the session's context, which the list, the edit page and the findings all read.

use leptos::prelude::*;
use leptos::task::spawn_local;
use whmcs_api::{ClientsQuery, ServicesQuery};

use super::{ServiceContext, ServiceContexts};
use crate::api;

/// Rows per page: WHMCS's own default page is 25; 250 keeps each answer small.
pub const PAGE: u64 = 250;
/// Pages in flight at once.
const PARALLEL: u64 = 4;

/// How far a whole-installation load has come.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    pub services_read: u64,
    /// WHMCS's count of services (known after the first page).
    pub services_total: Option<u64>,
    pub customers_read: u64,
    pub running: bool,
    pub stopped: bool,
    /// Why it stopped short, in words.
    pub failure: Option<String>,
    /// Everything was read once in this session.
    pub complete: bool,
}

impl ServiceContexts {
    /// Reads every service, then (when the role may) every customer; `listed` are the
    /// services the credentials name, of which those WHMCS does not list are gone.
    pub fn load_whole(&self, listed: Vec<u64>, with_customers: bool) {
        if self.whole.with_untracked(|p| p.running) {
            return;
        }
        self.whole.set(Progress {
            running: true,
            ..Progress::default()
        });
        let this = *self;
        spawn_local(async move {
            let outcome = this.read_all(listed, with_customers).await;
            this.whole.update(|p| {
                p.running = false;
                match outcome {
                    Ok(()) if !p.stopped => p.complete = true,
                    Ok(()) => {}
                    Err(e) => p.failure = Some(e.to_string()),
                }
            });
        });
    }

    /// Stops a whole-installation load after the pages in flight.
    pub fn stop_whole(&self) {
        self.whole.update(|p| p.stopped = p.running);
    }

    /// The whole-installation load's progress (reactive).
    pub fn whole(&self) -> Progress {
        self.whole.get()
    }

    fn stopping(&self) -> bool {
        self.whole.try_with_untracked(|p| p.stopped).unwrap_or(true)
    }

    async fn read_all(
        &self,
        mut listed: Vec<u64>,
        with_customers: bool,
    ) -> Result<(), api::ClientError> {
        // The first page says how many there are; the rest go a few at a time.
        let first = api::services_page(services(0)).await?;
        let pages = first.totalresults.div_ceil(PAGE);
        let seen = StoredValue::new(Vec::with_capacity(first.totalresults as usize));
        self.whole
            .update(|p| p.services_total = Some(first.totalresults));
        self.take_services(first.products, seen);
        let this = *self;
        let next = StoredValue::new(1u64);
        let failed = StoredValue::new(None::<api::ClientError>);
        let workers = (0..PARALLEL).map(|_| async move {
            // Each worker takes the next page until none is left or it is stopped.
            loop {
                let page = next.get_value();
                if page >= pages || this.stopping() || failed.with_value(Option::is_some) {
                    return;
                }
                next.set_value(page + 1);
                match api::services_page(services(page * PAGE)).await {
                    Ok(found) => this.take_services(found.products, seen),
                    Err(e) => failed.set_value(Some(e)),
                }
            }
        });
        futures::future::join_all(workers).await;
        if let Some(e) = failed.get_value() {
            return Err(e);
        }
        if self.stopping() {
            return Ok(());
        }
        // Credentials whose service WHMCS no longer lists.
        let mut seen = seen.get_value();
        seen.sort_unstable();
        listed.sort_unstable();
        listed.dedup();
        for id in listed
            .into_iter()
            .filter(|id| seen.binary_search(id).is_err())
        {
            self.store(id, ServiceContext::Missing);
        }
        if !with_customers {
            return Ok(());
        }
        // GetClients says no reliable total past its first page (contract point 17):
        // pages are read until one comes back short.
        let mut start = 0;
        while !self.stopping() {
            let found = api::customers_page(customers(start)).await?;
            start += PAGE;
            let n = found.len() as u64;
            for client in found {
                self.remember_customer(client);
            }
            self.whole.update(|p| p.customers_read += n);
            if n < PAGE {
                break;
            }
        }
        Ok(())
    }

    fn take_services(
        &self,
        found: Vec<whmcs_api::customer::ServiceSummary>,
        seen: StoredValue<Vec<u64>>,
    ) {
        let n = found.len() as u64;
        for service in found {
            seen.update_value(|s| s.push(service.id));
            self.asked.update_value(|(s, _)| {
                super::sorted::add_sorted(s, service.id);
            });
            self.store(service.id, ServiceContext::Found(service));
        }
        self.whole.update(|p| p.services_read += n);
    }
}

fn services(start: u64) -> ServicesQuery {
    ServicesQuery {
        limit_start: start,
        limit_num: PAGE,
        ..ServicesQuery::default()
    }
}

fn customers(start: u64) -> ClientsQuery {
    ClientsQuery {
        search: String::new(),
        limit_start: start,
        limit_num: PAGE,
    }
}
