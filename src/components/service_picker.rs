//! Finding the service a single sign-on credential is for: type a customer's name, email or
//! company (WHMCS `GetClients`) or a domain (`GetClientsProducts domain=`), pick the customer,
//! then one of their services; the service ID field is filled. A combobox with a listbox
//! (`aria-activedescendant`): arrows move, Enter picks, Escape goes back or closes.

use std::time::Duration;

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use whmcs_api::ServicesQuery;
use whmcs_api::customer::{Client, ServiceSummary};

use crate::api;
use crate::context::use_app;
use crate::debounce::Debounce;

/// Typing settles this long before WHMCS is asked.
const DEBOUNCE: Duration = Duration::from_millis(250);
/// Customers shown for a search.
const CUSTOMERS: u64 = 8;
/// Services listed for one customer.
const SERVICES: u64 = 100;
const LIST_ID: &str = "service-picker-list";

#[derive(Clone, PartialEq)]
enum Found {
    /// Nothing asked yet (fewer than two characters).
    Idle,
    Loading,
    Customers(Vec<Client>),
    /// A customer's services (or a domain's, without a customer).
    Services(Option<Client>, Vec<ServiceSummary>),
    Failed(String),
}

impl Found {
    fn len(&self) -> usize {
        match self {
            Found::Customers(c) => c.len(),
            Found::Services(_, s) => s.len(),
            _ => 0,
        }
    }
}

/// A domain rather than a name or an email: has a dot, no `@`, no space.
fn looks_like_domain(text: &str) -> bool {
    text.contains('.') && !text.contains('@') && !text.contains(' ')
}

#[component]
pub fn ServicePicker(on_pick: Callback<u64>) -> impl IntoView {
    let app = use_app();
    let contexts = app.services;
    let with_customers = app.can_read_customers();
    let query = RwSignal::new(String::new());
    let found = RwSignal::new(Found::Idle);
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    // Each keystroke starts a new search once typing pauses; only the latest may show its
    // answer.
    let searches = Debounce::new(DEBOUNCE);
    // What to go back to from a customer's services.
    let customers_found = StoredValue::new(Vec::<Client>::new());

    let settle = move |next: Found| {
        active.set((next.len() > 0).then_some(0));
        found.set(next);
    };
    let search = move |text: String| {
        let text = text.trim().to_owned();
        open.set(true);
        if text.chars().count() < 2 {
            searches.cancel();
            settle(Found::Idle);
            return;
        }
        found.set(Found::Loading);
        searches.call(move |ticket| async move {
            let mut result = Ok(Found::Idle);
            if looks_like_domain(&text) {
                let query = ServicesQuery {
                    domain: text.clone(),
                    limit_num: SERVICES,
                    ..Default::default()
                };
                result = api::services(query).await.map(|s| {
                    if s.is_empty() {
                        Found::Idle
                    } else {
                        Found::Services(None, s)
                    }
                });
            }
            if matches!(result, Ok(Found::Idle)) {
                result = api::find_customers(&text, CUSTOMERS).await.map(|clients| {
                    customers_found.set_value(clients.clone());
                    Found::Customers(clients)
                });
            }
            if ticket.is_latest() {
                settle(result.unwrap_or_else(|e| Found::Failed(e.to_string())));
            }
        });
    };
    let open_customer = move |client: Client| {
        let ticket = searches.cancel();
        found.set(Found::Loading);
        contexts.remember_customer(client.clone());
        spawn_local(async move {
            let query = ServicesQuery {
                client_id: Some(client.id),
                limit_num: SERVICES,
                ..Default::default()
            };
            let result = api::services(query).await;
            if ticket.is_latest() {
                settle(match result {
                    Ok(services) => Found::Services(Some(client), services),
                    Err(e) => Found::Failed(e.to_string()),
                });
            }
        });
    };
    let pick_service = move |service: ServiceSummary| {
        on_pick.run(service.id);
        contexts.remember(service, with_customers);
        open.set(false);
    };
    let choose = move |i: usize| match found.get_untracked() {
        Found::Customers(c) => {
            if let Some(client) = c.into_iter().nth(i) {
                open_customer(client);
            }
        }
        Found::Services(_, s) => {
            if let Some(service) = s.into_iter().nth(i) {
                pick_service(service);
            }
        }
        _ => {}
    };
    let back = move || match found.get_untracked() {
        Found::Services(Some(_), _) => settle(Found::Customers(customers_found.get_value())),
        _ => open.set(false),
    };
    let on_key = move |ev: KeyboardEvent| {
        let n = found.with_untracked(Found::len);
        let step = |delta: isize| {
            if n > 0 {
                let now = active.get_untracked().map_or(-1, |a| a as isize);
                active.set(Some((now + delta).rem_euclid(n as isize) as usize));
            }
        };
        match ev.key().as_str() {
            "ArrowDown" => {
                open.set(true);
                step(1);
            }
            "ArrowUp" => step(-1),
            "Enter" => match active.get_untracked() {
                Some(i) if open.get_untracked() => choose(i),
                _ => return,
            },
            "Escape" if open.get_untracked() => back(),
            _ => return,
        }
        ev.prevent_default();
    };
    let expanded = move || open.get() && found.with(|f| *f != Found::Idle);
    let option_id = |i: usize| format!("service-picker-{i}");

    let options = move || {
        let on = active.get();
        let option = move |i: usize, body: AnyView| {
            view! {
                <li
                    role="option"
                    id=option_id(i)
                    class="picker-option"
                    data-testid="picker-option"
                    aria-selected=(on == Some(i)).to_string()
                    // Keep focus in the input: a mouse press must not blur it first.
                    on:mousedown=move |ev| { ev.prevent_default(); choose(i); }
                >
                    {body}
                </li>
            }
        };
        match found.get() {
            Found::Customers(c) if c.is_empty() => view! {
                <li class="picker-note" data-testid="picker-empty">
                    "No customer's name, email or company starts like that."
                </li>
            }
            .into_any(),
            Found::Customers(c) => c
                .into_iter()
                .enumerate()
                .map(|(i, client)| {
                    let company = (!client.companyname.is_empty()
                        && client.companyname != client.display_name())
                    .then(|| format!(" · {}", client.companyname));
                    option(
                        i,
                        view! {
                            <strong>{client.display_name()}</strong>
                            <span class="muted">" " {client.email.clone()} {company}</span>
                        }
                        .into_any(),
                    )
                })
                .collect_view()
                .into_any(),
            Found::Services(who, s) => {
                let heading = match &who {
                    Some(c) => format!("Services of {}", c.display_name()),
                    None => "Services on this domain".to_owned(),
                };
                let empty = s.is_empty().then(|| {
                    view! { <li class="picker-note" data-testid="picker-empty">"This customer has no services."</li> }
                });
                let rows = s
                    .into_iter()
                    .enumerate()
                    .map(|(i, service)| {
                        let domain =
                            (!service.domain.is_empty()).then(|| format!(" · {}", service.domain));
                        option(
                            i,
                            view! {
                                <span class="status" class:status-ended=service.is_ended()>{service.status.clone()}</span>
                                <strong>{service.product().to_owned()}</strong>
                                <span>{domain}</span>
                                <span class="muted">" #" {service.id}</span>
                            }
                            .into_any(),
                        )
                    })
                    .collect_view();
                view! {
                    <li class="picker-note" role="presentation" data-testid="picker-heading">{heading}</li>
                    {empty}
                    {rows}
                }
                .into_any()
            }
            Found::Loading => {
                view! { <li class="picker-note" aria-busy="true">"Searching WHMCS…"</li> }
                    .into_any()
            }
            Found::Failed(message) => view! {
                <li class="picker-note field-error" data-testid="picker-error">{message}</li>
            }
            .into_any(),
            Found::Idle => ().into_any(),
        }
    };

    view! {
        <div class="picker">
            <label for="service-picker">"Find the service"</label>
            <input
                id="service-picker"
                type="search"
                role="combobox"
                autocomplete="off"
                spellcheck="false"
                data-testid="service-picker"
                placeholder="Customer name, email, company or domain"
                aria-autocomplete="list"
                aria-controls=LIST_ID
                aria-expanded=move || expanded().to_string()
                aria-activedescendant=move || {
                    active.get().filter(|_| expanded()).map(option_id).unwrap_or_default()
                }
                prop:value=move || query.get()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    query.set(text.clone());
                    search(text);
                }
                on:keydown=on_key
                on:focus=move |_| open.set(true)
                on:blur=move |_| open.set(false)
            />
            <ul id=LIST_ID role="listbox" class="picker-list" data-testid="picker-list" hidden=move || !expanded() aria-label="Matching customers and services">
                {options}
            </ul>
        </div>
    }
}
