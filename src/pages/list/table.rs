use std::sync::Arc;

use leptos::prelude::*;
use whmcs_api::{Credential, SortOrder};

use super::Loaded;
use super::pager::Pager;
use crate::components::copy_button::CopyButton;
use crate::list_view::{Column, ListView, page_range};

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
            <th scope="col" aria-sort=aria>
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
    let rows = move || {
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
    };
    let page_ids = move || rows().iter().map(|c| c.credential_id).collect::<Vec<_>>();
    let page_all_selected = move || {
        let ids = page_ids();
        !ids.is_empty() && selected.with(|s| ids.iter().all(|id| s.contains(id)))
    };
    view! {
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
            <div class="table-wrap">
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
                            <th scope="col">"Scopes"</th>
                            {header(Column::ClientIdentifier)}
                            {header(Column::ServiceId)}
                            {header(Column::RedirectUris)}
                            {header(Column::Created)}
                            {header(Column::Updated)}
                        </tr>
                    </thead>
                    <tbody>
                        <For each=rows key=|c| (c.credential_id, c.updated_at.clone(), c.name.clone()) let:c>
                            <Row c selected selectable/>
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
fn Row(c: Credential, selected: RwSignal<Vec<u64>>, selectable: bool) -> impl IntoView {
    let id = c.credential_id;
    let label = format!("Select {}", c.display_name());
    const CHIPS: usize = 3;
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
            <td class="num">{c.credential_id}</td>
            <td><a href=href data-testid="row-name">{c.display_name().to_owned()}</a></td>
            <td data-testid="row-grant">{grant}</td>
            <td title=c.scopes.join(" ")>
                <div class="chips">
                    {chips}
                    {(extra > 0).then(|| view! { <span class="chip chip-more">{format!("+{extra}")}</span> })}
                </div>
            </td>
            <td class="mono">
                <span class="ident" data-testid="row-client">{client.clone()}</span>
                <CopyButton text=Signal::stored(client) label="Copy client identifier"/>
            </td>
            <td class="num" data-testid="row-service">{(c.service_id > 0).then_some(c.service_id)}</td>
            <td class="num" data-testid="row-redirects">{c.redirect_uris.len()}</td>
            <td class="date">{c.created_at.to_string()}</td>
            <td class="date">{c.updated_at.to_string()}</td>
        </tr>
    }
}
