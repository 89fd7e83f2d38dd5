//! The page of rows on screen, the column headers that sort, and the pager. It only
//! renders: the page owns the data and loads the rows' context.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use whmcs_api::SortOrder;

use super::density::{DensityToggle, comfortable};
use super::export_buttons::ExportButtons;
use super::pager::Pager;
use super::row::Row;
use super::state::columns::Column;
use super::state::loaded::Shown;
use super::state::rows::PageRow;
use super::state::url::{ListUrlState, page_range};
use crate::components::copy_button::copy_clicked;
use crate::context::use_app;
use crate::dom::closest;

#[component]
pub(super) fn Table(
    view_state: Memo<ListUrlState>,
    shown: Memo<Option<Shown>>,
    /// Positions in the loaded list of the rows on this page.
    page: Memo<Vec<usize>>,
    update: Callback<(ListUrlState, bool)>,
    selected: RwSignal<Vec<u64>>,
    selectable: bool,
    /// False while only the first page is in and the whole list still loads.
    complete: Signal<bool>,
) -> impl IntoView {
    let total = move || shown.with(|s| s.as_ref().map_or(0, |s| s.matches.len()));
    let loaded = move || shown.with(|s| s.as_ref().map_or(0, |s| s.list.rows.len()));
    let range = move || {
        let v = view_state.get();
        page_range(total(), v.page, v.page_size)
    };
    let app = use_app();
    let contexts = app.can_read_services().then_some(app.services);
    // Each row with what its service context adds; only rows whose key changed render.
    let rows = move || {
        let _step = crate::timing::Span::new("list:rows");
        shown.with(|s| {
            let Some(s) = s else { return Vec::new() };
            page.with(|p| {
                p.iter()
                    .map(|&at| {
                        let value = s.list.value(at);
                        let known = contexts
                            .filter(|_| value.service_id > 0)
                            .and_then(|c| c.known(value.service_id));
                        PageRow::new(s.list.serial, at, value, known)
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let page_ids = move || {
        shown.with(|s| {
            s.as_ref().map_or_else(Vec::new, |s| {
                page.with(|p| p.iter().map(|&at| s.list.rows[at].credential_id).collect())
            })
        })
    };
    let page_all_selected = move || {
        let ids = page_ids();
        !ids.is_empty() && selected.with(|s| ids.iter().all(|id| s.contains(id)))
    };
    let toggle_row = move |ev: leptos::ev::Event| {
        let Some(id) = closest(&ev, "input[data-select]")
            .and_then(|input| input.get_attribute("data-select"))
            .and_then(|id| id.parse::<u64>().ok())
        else {
            return;
        };
        selected.update(|s| {
            if let Some(i) = s.iter().position(|x| *x == id) {
                s.remove(i);
            } else {
                s.push(id);
            }
        });
    };
    let comfortable = RwSignal::new(comfortable());
    // Rows are made once as HTML; their ticks follow the selection here, one pass over
    // the page's checkboxes per change (the header's "all on this page", a delete done).
    let body = NodeRef::<leptos::html::Tbody>::new();
    Effect::new(move |_| {
        let Some(body) = body.get() else { return };
        let Ok(inputs) = body.query_selector_all("input[data-select]") else {
            return;
        };
        selected.with(|ids| {
            for input in (0..inputs.length()).filter_map(|i| inputs.item(i)) {
                let element: &web_sys::Element = input.unchecked_ref();
                let ticked = element
                    .get_attribute("data-select")
                    .and_then(|id| id.parse::<u64>().ok())
                    .is_some_and(|id| ids.contains(&id));
                let _ = js_sys::Reflect::set(&input, &"checked".into(), &ticked.into());
            }
        });
    });
    view! {
        <div class="list-meta">
            <p class="muted summary" data-testid="list-summary" aria-live="polite" data-complete=move || complete.get().to_string()>
                {move || {
                    let (r, _) = range();
                    let (t, l) = (total(), loaded());
                    if !complete.get() {
                        format!("Showing 1–{l}; loading every credential for search and sorting…")
                    } else if t == 0 {
                        format!("No credentials shown ({l} loaded)")
                    } else {
                        format!("Showing {}–{} of {t} ({l} loaded)", r.start + 1, r.end)
                    }
                }}
            </p>
            <span class="spacer"></span>
            <DensityToggle comfortable/>
            <ExportButtons shown complete/>
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
                            <Header column=Column::Id view_state update/>
                            <Header column=Column::Name view_state update/>
                            <Header column=Column::GrantType view_state update/>
                            <th scope="col" class="col-scopes">"Scopes"</th>
                            <Header column=Column::ClientIdentifier view_state update/>
                            <Header column=Column::ServiceId view_state update/>
                            <Header column=Column::RedirectUris view_state update/>
                            <Header column=Column::Created view_state update/>
                            <Header column=Column::Updated view_state update/>
                        </tr>
                    </thead>
                    <tbody node_ref=body on:click=|ev| copy_clicked(&ev) on:change=toggle_row>
                        <For each=rows key=|r| r.key let:row>
                            <Row row selected selectable/>
                        </For>
                    </tbody>
                </table>
            </div>
        </Show>
        <Pager view_state total update complete/>
    }
}

/// A column header that sorts by its column.
#[component]
fn Header(
    column: Column,
    view_state: Memo<ListUrlState>,
    update: Callback<(ListUrlState, bool)>,
) -> impl IntoView {
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
}
