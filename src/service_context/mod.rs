//! Whose service a single sign-on credential is for: the service's product, domain and
//! status (`GetClientsProducts`) and its customer's name and email (`GetClientsDetails`),
//! fetched only for the rows asked for (the page on screen, or "load the rest"), a few
//! requests side by side (WHMCS answers one id per request), kept for the session, and never
//! waited for: rows render first, context fills in.

use leptos::prelude::*;
use leptos::task::spawn_local;
use whmcs_api::customer::{Client, ServiceSummary};

mod lookup;
mod sorted;
pub mod whole;

use crate::api;
use crate::text::lowercase;
pub use lookup::{ContextLookup, Facts, ServiceState, Snapshot};
use sorted::{Entry, Sorted, add_sorted, find, merge};

/// Requests in flight at once: enough to fill a page quickly, few enough for WHMCS.
const PARALLEL: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceContext {
    Found(ServiceSummary),
    /// WHMCS lists the credential, but the service is gone.
    Missing,
}

impl ServiceContext {
    /// The status badge's text, and whether it marks a clean-up candidate (an ended or a
    /// missing service).
    pub fn badge(&self) -> (String, bool) {
        match self {
            ServiceContext::Found(s) => (s.status.clone(), s.is_ended()),
            ServiceContext::Missing => ("not found".to_owned(), true),
        }
    }

    pub fn state(&self) -> ServiceState {
        match self {
            ServiceContext::Missing => ServiceState::Missing,
            ServiceContext::Found(s) if s.is_ended() => ServiceState::Ended,
            ServiceContext::Found(s) => match s.status.as_str() {
                "Active" => ServiceState::Active,
                "Suspended" => ServiceState::Suspended,
                _ => ServiceState::Other,
            },
        }
    }
}

/// How long arrivals gather before the list sees them: a page's context lands at once, and
/// "load the rest" re-filters 50,000 rows a few times a second, not once per answer.
const BATCH_MS: u32 = 50;

/// A service's context and its customer as one row shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct Known {
    pub context: ServiceContext,
    pub customer: Option<Client>,
    /// Changes whenever the service or its customer is reloaded.
    pub stamp: (u64, u64),
}

#[derive(Clone, Copy)]
pub struct ServiceContexts {
    services: RwSignal<Sorted<ServiceContext>>,
    customers: RwSignal<Sorted<Client>>,
    /// Ids asked for (loaded, queued or in flight), services and customers, each sorted:
    /// "load the rest" asks for tens of thousands at once.
    asked: StoredValue<(Vec<u64>, Vec<u64>)>,
    /// Services queued or in flight: "load the rest" shows its progress with it.
    pending: RwSignal<usize>,
    /// The queue the workers take from; emptied to stop.
    queue: StoredValue<Vec<u64>>,
    /// Arrivals not yet in `services` / `customers`, and whether a flush is scheduled.
    batch: StoredValue<Batch>,
    /// The whole-installation load (`whole.rs`).
    whole: RwSignal<whole::Progress>,
    /// Counts the batches merged: what was judged from older context is judged again.
    version: StoredValue<u64>,
}

#[derive(Default)]
struct Batch {
    services: Vec<Entry<ServiceContext>>,
    customers: Vec<Entry<Client>>,
    scheduled: bool,
}

impl ServiceContexts {
    pub fn new() -> ServiceContexts {
        ServiceContexts {
            services: RwSignal::new(Vec::new()),
            customers: RwSignal::new(Vec::new()),
            asked: StoredValue::new((Vec::new(), Vec::new())),
            pending: RwSignal::new(0),
            queue: StoredValue::new(Vec::new()),
            batch: StoredValue::new(Batch::default()),
            whole: RwSignal::new(whole::Progress::default()),
            version: StoredValue::new(0),
        }
    }

    /// The context of a service, once loaded (reactive).
    pub fn get(&self, service_id: u64) -> Option<ServiceContext> {
        self.services
            .with(|k| find(k, service_id).map(|e| e.value.clone()))
    }

    /// What a list row shows of its service: the context and its customer, once loaded,
    /// with a stamp that changes whenever either is reloaded (reactive).
    pub fn known(&self, service_id: u64) -> Option<Known> {
        let (context, stamp) = self
            .services
            .with(|k| find(k, service_id).map(|e| (e.value.clone(), e.stamp)))?;
        let customer = match &context {
            ServiceContext::Found(s) if s.clientid > 0 => self
                .customers
                .with(|k| find(k, s.clientid).map(|e| (e.value.clone(), e.stamp))),
            _ => None,
        };
        let stamp = (stamp, customer.as_ref().map_or(0, |(_, s)| *s));
        Some(Known {
            context,
            customer: customer.map(|(c, _)| c),
            stamp,
        })
    }

    /// A customer, once loaded (reactive).
    pub fn customer(&self, client_id: u64) -> Option<Client> {
        self.customers
            .with(|k| find(k, client_id).map(|e| e.value.clone()))
    }

    /// Services still queued or in flight (reactive).
    pub fn pending(&self) -> usize {
        self.pending.get()
    }

    /// Keeps a service found elsewhere (the service picker), and asks for its customer.
    pub fn remember(&self, service: ServiceSummary, with_customers: bool) {
        let client = service.clientid;
        self.asked.update_value(|(s, _)| {
            add_sorted(s, service.id);
        });
        self.store(service.id, ServiceContext::Found(service));
        if with_customers {
            self.load_customer(client);
        }
    }

    /// Keeps a customer found elsewhere (the service picker).
    pub fn remember_customer(&self, client: Client) {
        self.asked.update_value(|(_, c)| {
            add_sorted(c, client.id);
        });
        let text = customer_text(&client);
        let entry = Entry::new(client.id, client, text, String::new());
        self.gather(|b| b.customers.push(entry));
    }

    fn store(&self, id: u64, context: ServiceContext) {
        let (text, title) = match &context {
            ServiceContext::Found(s) => (
                lowercase(&format!("{}\n{}", s.product(), s.domain)),
                lowercase(&title_for(s)),
            ),
            ServiceContext::Missing => (String::new(), String::new()),
        };
        let entry = Entry::new(id, context, text, title);
        self.gather(|b| b.services.push(entry));
    }

    /// Adds to the batch, and schedules its flush into the signals.
    fn gather(&self, add: impl FnOnce(&mut Batch)) {
        let mut schedule = false;
        let _ = self.batch.try_update_value(|b| {
            add(b);
            schedule = !std::mem::replace(&mut b.scheduled, true);
        });
        if !schedule {
            return;
        }
        let this = *self;
        spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(BATCH_MS).await;
            let Some(batch) = this.batch.try_update_value(std::mem::take) else {
                return;
            };
            this.version.update_value(|v| *v += 1);
            if !batch.services.is_empty() {
                let _ = this.services.try_update(|k| merge(k, batch.services));
            }
            if !batch.customers.is_empty() {
                let _ = this.customers.try_update(|k| merge(k, batch.customers));
            }
        });
    }

    /// Fetches what is not known or asked for yet, `PARALLEL` requests at a time, and the
    /// customer of each service found when `with_customers` (the role may read them). A failed
    /// request leaves its service plain (the id alone) and may be asked again later.
    pub fn load(&self, service_ids: impl IntoIterator<Item = u64>, with_customers: bool) {
        let mut wanted: Vec<u64> = service_ids.into_iter().filter(|id| *id > 0).collect();
        wanted.sort_unstable();
        wanted.dedup();
        self.asked.update_value(|(asked, _)| {
            wanted.retain(|id| asked.binary_search(id).is_err());
            asked.extend_from_slice(&wanted);
            asked.sort_unstable();
        });
        if wanted.is_empty() {
            return;
        }
        // Workers run while anything is pending; new ids join their queue.
        let idle = self.pending.get_untracked() == 0;
        // Workers take from the end of the queue: the latest asked (the page on screen)
        // comes first, in id order.
        wanted.reverse();
        self.pending.update(|p| *p += wanted.len());
        self.queue.update_value(|q| q.extend(wanted));
        if !idle {
            return;
        }
        let this = *self;
        for _ in 0..PARALLEL {
            spawn_local(async move {
                while let Some(id) = this.queue.try_update_value(Vec::pop).flatten() {
                    let found = api::service(id).await;
                    let _ = this.pending.try_update(|p| *p = p.saturating_sub(1));
                    match found {
                        Ok(Some(service)) => this.remember(service, with_customers),
                        Ok(None) => this.store(id, ServiceContext::Missing),
                        Err(_) => this.asked.update_value(|(a, _)| a.retain(|x| *x != id)),
                    }
                }
            });
        }
    }

    /// Stops loading what is queued (what is in flight still lands).
    pub fn stop(&self) {
        let dropped = self
            .queue
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        self.pending
            .update(|p| *p = p.saturating_sub(dropped.len()));
        self.asked
            .update_value(|(a, _)| a.retain(|x| !dropped.contains(x)));
    }

    fn load_customer(&self, client_id: u64) {
        let mut new = false;
        self.asked
            .update_value(|(_, c)| new = client_id > 0 && add_sorted(c, client_id));
        if !new {
            return;
        }
        let this = *self;
        spawn_local(async move {
            match api::customer(client_id).await {
                Ok(Some(client)) => this.remember_customer(client),
                Ok(None) => {}
                Err(_) => this
                    .asked
                    .update_value(|(_, c)| c.retain(|x| *x != client_id)),
            }
        });
    }
}

/// "jane doe\njane@example.com\nacme ltd": what a search finds a customer by.
fn customer_text(client: &Client) -> String {
    lowercase(&format!(
        "{} {}\n{}\n{}",
        client.firstname, client.lastname, client.email, client.companyname
    ))
}

impl ServiceContexts {
    /// Runs `f` over what is loaded now (reactive: re-runs as more loads).
    pub fn read<R>(&self, f: impl FnOnce(&Snapshot) -> R) -> R {
        self.services.with(|services| {
            self.customers.with(|customers| {
                f(&Snapshot {
                    services,
                    customers,
                    version: self.version.get_value(),
                })
            })
        })
    }
}

/// "Gold Hosting · example.com" (the domain when the service has one).
pub fn service_label(service: &ServiceSummary) -> String {
    if service.domain.is_empty() {
        service.product().to_owned()
    } else {
        format!("{} · {}", service.product(), service.domain)
    }
}

/// "SSO · Gold Hosting · example.com": a name for an unnamed single sign-on credential.
pub fn title_for(service: &ServiceSummary) -> String {
    format!("SSO · {}", service_label(service))
}

impl Default for ServiceContexts {
    fn default() -> Self {
        ServiceContexts::new()
    }
}
