use std::sync::Arc;

use leptos::prelude::*;
use whmcs_api::{Credential, GrantType, SortOrder, Timestamp};

use super::Loaded;
use super::pager::Pager;
use crate::components::copy_button::CopyButton;
use crate::components::toasts::use_toasts;
use crate::context::use_app;
use crate::download::save_text;
use crate::export;
use crate::list_view::{Column, ListView, middle_ellipsis, page_range};
use crate::service_context::{ServiceContext, ServiceContexts, service_label, title_for};

/// How long a page must stay on screen before its rows' context is fetched.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(150);

/// The visible page of rows, the column headers that sort, and the pager.
#[component]
pub(super) fn Table(
    view_state: Memo<ListView>,
    shown: Memo<Option<(Arc<Loaded>, Vec<usize>)>>,
    update: Callback<(ListView, bool)>,
    selected: RwSignal<Vec<u64>>,
    selectable: bool,
) -> impl IntoView {
    let total = move || shown.with(|s| s.as_ref().map_or(0, |(_, idx)| idx.len()));
    let loaded = move || shown.with(|s| s.as_ref().map_or(0, |(l, _)| l.rows.len()));
    let range = move || {
        let v = view_state.get();
        page_range(total(), v.page, v.page_size)
    };
    let header = move |column: Column| {
        let sorted = move || {
            view_state
                .get()
                .sort
                .filter(|(c, _)| *c == column)
                .map(|(_, o)| o)
        };
        let aria = move || match sorted() {
            Some(SortOrder::Asc) => "ascending",
            Some(SortOrder::Desc) => "descending",
            None => "none",
        };
        view! {
            <th scope="col" class=format!("col-{}", column.key()) aria-sort=aria>
                <button
                    type="button"
                    class="th-button"
                    data-testid=format!("sort-{}", column.key())
                    on:click=move |_| update.run((view_state.get_untracked().toggle_sort(column), false))
                >
                    {column.label()}
                    <span class="sort-mark" aria-hidden="true">
                        {move || match sorted() { Some(SortOrder::Asc) => "▲", Some(SortOrder::Desc) => "▼", None => "" }}
                    </span>
                </button>
            </th>
        }
    };
    // The page's rows, cut once per change: the table, the selection and the context
    // fetch all read them (each used to clone the page again).
    let rows = Memo::new(move |_| {
        shown.with(|s| {
            let Some((loaded, idx)) = s else {
                return Vec::new();
            };
            let (r, _) = range();
            idx[r]
                .iter()
                .map(|&i| loaded.rows[i].clone())
                .collect::<Vec<_>>()
        })
    });
    let page_ids = move || rows.with(|r| r.iter().map(|c| c.credential_id).collect::<Vec<_>>());
    // Whose service each single sign-on row is for: fetched for the rows on screen only.
    let app = use_app();
    let contexts = app.can_read_services().then_some(app.services);
    let with_customers = app.can_read_customers();
    if let Some(contexts) = contexts {
        // The first page at once; later pages once they have settled for a moment, so that
        // typing a search does not fetch the context of every page it passes through.
        let latest = StoredValue::new(0u64);
        Effect::new(move |first: Option<()>| {
            let wanted: Vec<u64> = rows.with(|r| {
                r.iter()
                    .filter(|c| c.has_grant(GrantType::SingleSignOn))
                    .map(|c| c.service_id)
                    .collect()
            });
            if first.is_none() {
                contexts.load(wanted, with_customers);
                return;
            }
            let this = latest.get_value() + 1;
            latest.set_value(this);
            leptos::task::spawn_local(async move {
                gloo_timers::future::sleep(SETTLE).await;
                if latest.try_get_value() == Some(this) {
                    contexts.load(wanted, with_customers);
                }
            });
        });
    }
    let page_all_selected = move || {
        let ids = page_ids();
        !ids.is_empty() && selected.with(|s| ids.iter().all(|id| s.contains(id)))
    };
    let comfortable = RwSignal::new(density::comfortable());
    view! {
        <div class="list-meta">
            <p class="muted summary" data-testid="list-summary" aria-live="polite">
                {move || {
                    let (r, _) = range();
                    let (t, l) = (total(), loaded());
                    if t == 0 {
                        format!("No credentials shown ({l} loaded)")
                    } else {
                        format!("Showing {}–{} of {t} ({l} loaded)", r.start + 1, r.end)
                    }
                }}
            </p>
            <span class="spacer"></span>
            <button
                type="button"
                class="button button-small button-ghost"
                data-testid="density"
                aria-pressed=move || comfortable.get().to_string()
                title="Row spacing, remembered in this browser"
                on:click=move |_| {
                    let next = !comfortable.get_untracked();
                    comfortable.set(next);
                    density::keep(next);
                }
            >
                "Comfortable rows"
            </button>
            <Export shown/>
        </div>
        <Show
            when=move || { total() > 0 }
            fallback=move || view! {
                <div class="empty" data-testid="list-empty">
                    {move || if loaded() == 0 {
                        "There are no OAuth credentials yet."
                    } else {
                        "No credential matches the search."
                    }}
                </div>
            }
        >
            <div class="table-wrap" class:comfortable=move || comfortable.get()>
                <table class="credentials" data-testid="credentials-table">
                    <thead>
                        <tr>
                            {selectable.then(|| view! {
                                <th scope="col" class="select">
                                    <input
                                        type="checkbox"
                                        data-testid="select-page"
                                        aria-label="Select every credential on this page"
                                        prop:checked=page_all_selected
                                        on:change=move |_| {
                                            let ids = page_ids();
                                            let all = page_all_selected();
                                            selected.update(|s| {
                                                s.retain(|id| !ids.contains(id));
                                                if !all { s.extend(ids); }
                                            });
                                        }
                                    />
                                </th>
                            })}
                            {header(Column::Id)}
                            {header(Column::Name)}
                            {header(Column::GrantType)}
                            <th scope="col" class="col-scopes">"Scopes"</th>
                            {header(Column::ClientIdentifier)}
                            {header(Column::ServiceId)}
                            {header(Column::RedirectUris)}
                            {header(Column::Created)}
                            {header(Column::Updated)}
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|c| (c.credential_id, c.updated_at.clone(), c.name.clone()) let:c>
                            <Row c selected selectable contexts/>
                        </For>
                    </tbody>
                </table>
            </div>
        </Show>
        <Pager view_state total update/>
    }
}

/// One credential.
#[component]
fn Row(
    c: Credential,
    selected: RwSignal<Vec<u64>>,
    selectable: bool,
    contexts: Option<ServiceContexts>,
) -> impl IntoView {
    let id = c.credential_id;
    let name = c.display_name();
    let label = format!("Select {name}");
    let service_id = c.service_id;
    let no_service = service_id == 0;
    // Looked up once per change and shared by the title, the name and the service cell.
    let context = Memo::new(move |_| {
        contexts
            .filter(|_| service_id > 0)
            .and_then(|x| x.get(service_id))
    });
    // An unnamed single sign-on credential is titled by what it is for, once known.
    let unnamed = c.name.trim().is_empty();
    let shown_name = Memo::new(move |_| {
        context.with(|c| match c {
            Some(ServiceContext::Found(s)) if unnamed => title_for(s),
            _ => name.clone(),
        })
    });
    const CHIPS: usize = 1;
    let href = format!("/credentials/{}", c.credential_id);
    let grant = c
        .grant_type()
        .map_or_else(|| c.grant_types.join(" "), |g| g.label().to_owned());
    let extra = c.scopes.len().saturating_sub(CHIPS);
    let chips = c
        .scopes
        .iter()
        .take(CHIPS)
        .map(|s| view! { <span class="chip">{s.clone()}</span> })
        .collect_view();
    let client = c.client_identifier.clone();
    let short_client = middle_ellipsis(&client, 12, 6);
    let scopes = c.scopes.join(" ");
    view! {
        <tr data-testid="row" data-id=c.credential_id.to_string()>
            {selectable.then(|| view! {
                <td class="select">
                    <input
                        type="checkbox"
                        data-testid="select-row"
                        aria-label=label
                        prop:checked=move || selected.with(|s| s.contains(&id))
                        on:change=move |_| selected.update(|s| {
                            if let Some(i) = s.iter().position(|x| *x == id) { s.remove(i); } else { s.push(id); }
                        })
                    />
                </td>
            })}
            <td class="num" data-label="ID">{c.credential_id}</td>
            <td class="name"><a href=href title=shown_name data-testid="row-name">{shown_name}</a></td>
            <td class="grant" data-label="Grant" data-testid="row-grant">{grant}</td>
            <td class="scope-chips" data-label="Scopes" title=scopes.clone() aria-label=scopes>
                <span class="chips">
                    {chips}
                    {(extra > 0).then(|| view! { <span class="chip chip-more">{format!("+{extra}")}</span> })}
                </span>
            </td>
            <td class="mono client" data-label="Client">
                // Shortened in the middle (prefix and tail identify it); whole on hover and
                // on keyboard focus.
                <span class="trunc" tabindex="0" title=client.clone() data-testid="row-client" data-full=client.clone()>
                    <span class="trunc-short" aria-hidden="true">{short_client}</span>
                    <span class="trunc-full">{client.clone()}</span>
                </span>
                <CopyButton text=Signal::stored(client) label="Copy client identifier"/>
            </td>
            <td class="service" class:no-service=no_service data-label="Service">
                <span class="service-id" data-testid="row-service">{(service_id > 0).then_some(service_id)}</span>
                {move || context.get().map(|c| view! { <ServiceCell context=c contexts/> })}
            </td>
            <td class="num" data-label="Redirects" data-testid="row-redirects">{c.redirect_uris.len()}</td>
            <td class="date" data-label="Created"><time title=c.created_at.to_string()>{day(&c.created_at)}</time></td>
            <td class="date" data-label="Updated"><time title=c.updated_at.to_string()>{day(&c.updated_at)}</time></td>
        </tr>
    }
}

/// Row spacing, compact (the default, most rows on a screen) or comfortable, kept in local
/// storage (a display preference, nothing secret).
mod density {
    use leptos::prelude::window;

    const KEY: &str = "oauth-admin.list-density";

    pub fn comfortable() -> bool {
        window()
            .local_storage()
            .ok()
            .flatten()
            .and_then(|s| s.get_item(KEY).ok().flatten())
            .as_deref()
            == Some("comfortable")
    }

    pub fn keep(comfortable: bool) {
        if let Ok(Some(storage)) = window().local_storage() {
            let value = if comfortable {
                "comfortable"
            } else {
                "compact"
            };
            let _ = storage.set_item(KEY, value);
        }
    }
}

/// Saves every row of the current view (filters and search applied, all pages) as CSV or
/// JSON.
#[component]
fn Export(shown: Memo<Option<(Arc<Loaded>, Vec<usize>)>>) -> impl IntoView {
    let toasts = use_toasts();
    let save = move |format: &'static str| {
        shown.with_untracked(|s| {
            let Some((loaded, idx)) = s else { return };
            let rows = idx.iter().map(|&i| &loaded.rows[i]);
            let (content, mime) = if format == "csv" {
                (export::csv(rows), "text/csv")
            } else {
                (export::json(rows), "application/json")
            };
            if let Err(e) = save_text(&format!("oauth-credentials.{format}"), mime, &content) {
                toasts.error(e);
            }
        })
    };
    view! {
        <span class="export" role="group" aria-label="Export the credentials shown">
            <button type="button" class="button button-small button-ghost" data-testid="export-csv" on:click=move |_| save("csv")>
                "Export CSV"
            </button>
            <button type="button" class="button button-small button-ghost" data-testid="export-json" on:click=move |_| save("json")>
                "JSON"
            </button>
        </span>
    }
}

/// The day (`2026-12-02`): the columns stay narrow and the name keeps its room; the time is
/// in the hover text.
fn day(at: &Timestamp) -> String {
    let compact = at.compact();
    match compact.split_once(' ') {
        Some((day, _)) if matches!(at, Timestamp::At(_)) => day.to_owned(),
        _ => compact,
    }
}

/// A service's status badge (ended services and missing ones stand out as clean-up
/// candidates), then its customer, product and domain on one line, all of it on hover.
#[component]
fn ServiceCell(context: ServiceContext, contexts: Option<ServiceContexts>) -> impl IntoView {
    let (status, ended) = context.badge();
    let service = match context {
        ServiceContext::Found(s) => Some(s),
        ServiceContext::Missing => None,
    };
    let client = service.as_ref().map_or(0, |s| s.clientid);
    let customer = move || {
        contexts
            .filter(|_| client > 0)
            .and_then(|x| x.customer(client))
    };
    let service = StoredValue::new(service);
    let text = move || {
        service.with_value(|s| match s {
            Some(s) => match customer() {
                Some(c) => format!("{} · {}", c.display_name(), service_label(s)),
                None => service_label(s),
            },
            None => String::new(),
        })
    };
    // Both titles (badge and text) show it: formatted once per change, not twice.
    let detail = Memo::new(move |_| {
        service.with_value(|s| match s {
            Some(s) => {
                let who = customer()
                    .map(|c| format!("{} <{}> · ", c.display_name(), c.email))
                    .unwrap_or_default();
                format!("{who}{} · {}", service_label(s), s.status)
            }
            None => "Service not found: WHMCS has no such service any more".to_owned(),
        })
    });
    view! {
        <span class="status" class:status-ended=ended title=detail data-testid="row-service-status">
            {status}
        </span>
        <span class="service-text" title=detail data-testid="row-service-context">{text}</span>
    }
}
