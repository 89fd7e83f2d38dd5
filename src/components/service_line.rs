//! The customer and service behind a service ID, in one line under the field: who it is for
//! (name and email), the product and domain, and the status (an ended or missing service is
//! marked for clean-up). Loaded through the session's context cache.

use leptos::prelude::*;

use crate::context::use_app;
use crate::service_context::ServiceContext;

#[component]
pub fn ServiceLine(service_id: Signal<u64>) -> impl IntoView {
    let app = use_app();
    let contexts = app.services;
    let allowed = app.can_read_services();
    let with_customers = app.can_read_customers();
    Effect::new(move |_| {
        let id = service_id.get();
        if allowed && id > 0 {
            contexts.load([id], with_customers);
        }
    });
    let line = move || {
        let id = service_id.get();
        if !allowed || id == 0 {
            return None;
        }
        Some(match contexts.get(id) {
            None => view! { <span class="muted">"Looking the service up in WHMCS…"</span> }.into_any(),
            Some(ServiceContext::Missing) => view! {
                <span class="status status-ended">"not found"</span>
                "WHMCS has no service with this ID (any more): a credential on it is a candidate for clean-up."
            }
            .into_any(),
            Some(ServiceContext::Found(s)) => {
                let customer = contexts.customer(s.clientid).map(|c| {
                    let email = (!c.email.is_empty()).then(|| format!(" <{}>", c.email));
                    view! { <strong data-testid="service-line-customer">{c.display_name()}</strong> {email} " · " }
                });
                let domain = (!s.domain.is_empty()).then(|| format!(" · {}", s.domain));
                view! {
                    <span class="status" class:status-ended=s.is_ended()>{s.status.clone()}</span>
                    {customer}
                    {s.product().to_owned()}
                    {domain}
                }
                .into_any()
            }
        })
    };
    view! {
        <p class="service-line" data-testid="service-line" aria-live="polite">{line}</p>
    }
}
