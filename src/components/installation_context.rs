//! Context for the whole installation: a button that reads every service and customer
//! in pages, a progress line while it does, Stop, and what it found.

use leptos::prelude::*;

use crate::context::use_app;
use crate::service_context::whole::Progress;

/// The whole-installation context loader. `listed` are the services the credentials
/// name (those WHMCS does not list any more are gone).
#[component]
pub fn InstallationContext(listed: Signal<Vec<u64>>) -> impl IntoView {
    let app = use_app();
    let contexts = app.services;
    let with_customers = app.can_read_customers() || app.can_pick_services();
    let can_read = app.can_read_services();
    let line = move || {
        let p: Progress = contexts.whole();
        let services = match p.services_total {
            Some(total) => format!(
                "services {} of {}",
                thousands(p.services_read),
                thousands(total)
            ),
            None => "services…".to_owned(),
        };
        let customers = if with_customers {
            format!(", customers {}", thousands(p.customers_read))
        } else {
            String::new()
        };
        if p.running {
            format!("Reading the installation: {services}{customers}.")
        } else if let Some(failure) = p.failure {
            format!("Reading stopped: {failure}")
        } else if p.complete {
            format!("The whole installation is read: {services}{customers}.")
        } else if p.stopped {
            format!("Stopped after {services}{customers}.")
        } else {
            "Services and customers are read only for the rows on screen so far.".to_owned()
        }
    };
    view! {
        <div
            class="context-bar"
            data-testid="installation-context"
            data-state=move || {
                let p = contexts.whole();
                if p.running { "running" } else if p.complete { "complete" } else { "idle" }
            }
        >
            <p role="status" data-testid="installation-context-text">
                {move || if can_read { line() } else {
                    "Your API role may not read services (GetClientsProducts), so findings about services cannot be judged.".to_owned()
                }}
            </p>
            <Show when=move || can_read>
                {move || if contexts.whole().running {
                    view! {
                        <button type="button" class="button button-small" data-testid="installation-context-stop" on:click=move |_| contexts.stop_whole()>
                            "Stop"
                        </button>
                    }.into_any()
                } else {
                    view! {
                        <button
                            type="button"
                            class="button button-small"
                            data-testid="installation-context-load"
                            on:click=move |_| contexts.load_whole(listed.get_untracked(), with_customers)
                        >
                            {move || if contexts.whole().complete { "Read again" } else { "Read every service and customer" }}
                        </button>
                    }.into_any()
                }}
            </Show>
        </div>
    }
}

/// 12345 → "12,345".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_grouped() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(12_345), "12,345");
        assert_eq!(super::thousands(1_000_000), "1,000,000");
    }
}
