//! The customer and service behind a service ID, in one line under the field: who it is for
//! (name and email), the product and domain, and the status (an ended or missing service is
//! marked for clean-up). Loaded through the session's context cache.

use leptos::prelude::*;

use crate::context::use_app;
use crate::service_context::{ServiceContext, service_label};

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
        let context = contexts.get(id);
        let Some(context) = context else {
            return Some(
                view! { <span class="muted">"Looking the service up in WHMCS…"</span> }.into_any(),
            );
        };
        let (status, ended) = context.badge();
        let badge = view! { <span class="status" class:status-ended=ended>{status}</span> };
        Some(match context {
            ServiceContext::Missing => view! {
                {badge}
                "WHMCS has no service with this ID (any more): a credential on it is a candidate for clean-up."
            }
            .into_any(),
            ServiceContext::Found(s) => {
                let customer = contexts.customer(s.clientid).map(|c| {
                    let email = (!c.email.is_empty()).then(|| format!(" <{}>", c.email));
                    view! { <strong data-testid="service-line-customer">{c.display_name()}</strong> {email} " · " }
                });
                view! { {badge} {customer} {service_label(&s)} }.into_any()
            }
        })
    };
    view! {
        <p class="service-line" data-testid="service-line" aria-live="polite">{line}</p>
    }
}
