//! Whose service a single sign-on credential is for: the service's product, domain and
//! status from WHMCS's `GetClientsProducts`, fetched only for the rows on screen (WHMCS
//! answers one `serviceid` per request, so a few run side by side), kept for the session,
//! and never waited for: rows render first, context fills in.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use whmcs_api::customer::ServiceSummary;

use crate::api;

/// Requests in flight at once: enough to fill a page quickly, few enough for WHMCS.
const PARALLEL: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceContext {
    Found(ServiceSummary),
    /// WHMCS lists the credential, but the service is gone.
    Missing,
}

#[derive(Clone, Copy)]
pub struct ServiceContexts {
    /// A few hundred entries at most per page visited: a list (a hash map would cost the
    /// bundle more than it saves).
    known: RwSignal<Vec<(u64, ServiceContext)>>,
    asked: StoredValue<Vec<u64>>,
}

impl ServiceContexts {
    pub fn new() -> ServiceContexts {
        ServiceContexts {
            known: RwSignal::new(Vec::new()),
            asked: StoredValue::new(Vec::new()),
        }
    }

    /// The context of a service, once loaded (reactive).
    pub fn get(&self, service_id: u64) -> Option<ServiceContext> {
        self.known.with(|k| {
            k.iter()
                .find(|(id, _)| *id == service_id)
                .map(|(_, c)| c.clone())
        })
    }

    /// Fetches what is not known or asked for yet, `PARALLEL` requests at a time. A failed
    /// request leaves its service plain (the id alone) and may be asked again later.
    pub fn load(&self, service_ids: impl IntoIterator<Item = u64>) {
        let mut wanted: Vec<u64> = Vec::new();
        self.asked.update_value(|asked| {
            for id in service_ids {
                if id > 0 && !asked.contains(&id) && !wanted.contains(&id) {
                    asked.push(id);
                    wanted.push(id);
                }
            }
        });
        if wanted.is_empty() {
            return;
        }
        let queue = Rc::new(RefCell::new(wanted));
        let (known, asked) = (self.known, self.asked);
        for _ in 0..PARALLEL {
            let queue = queue.clone();
            spawn_local(async move {
                loop {
                    let Some(id) = queue.borrow_mut().pop() else {
                        break;
                    };
                    match api::service(id).await {
                        Ok(found) => {
                            let context =
                                found.map_or(ServiceContext::Missing, ServiceContext::Found);
                            let _ = known.try_update(|k| k.push((id, context)));
                        }
                        Err(_) => {
                            let _ = asked.try_update_value(|a| a.retain(|x| *x != id));
                        }
                    }
                }
            });
        }
    }
}

impl Default for ServiceContexts {
    fn default() -> Self {
        ServiceContexts::new()
    }
}
