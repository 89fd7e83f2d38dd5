use leptos::prelude::*;
use whmcs_api::{GrantType, SortField, SortOrder};

use super::edited;
use super::state::filter::ServiceFilter;
use super::state::url::ListUrlState;
use crate::components::form_field::FormField;
use crate::context::use_app;

/// WHMCS's server-side parameters and the browser's search.
#[component]
pub(super) fn Toolbar(
    view_state: Memo<ListUrlState>,
    update: Callback<(ListUrlState, bool)>,
) -> impl IntoView {
    let grant_options = std::iter::once(("", "All grant types"))
        .chain(GrantType::ALL.iter().map(|g| (g.as_str(), g.label())))
        .map(|(value, label)| view! { <option value=value>{label}</option> })
        .collect_view();
    let field_options =
        std::iter::once(view! { <option value="">"Default (ID)"</option> }.into_any())
            .chain(
                SortField::ALL
                    .iter()
                    .map(|f| view! { <option value=f.column()>{f.label()}</option> }.into_any()),
            )
            .collect_view();
    // At phone width the filters fold away behind one button, so rows show on the first
    // screen; wide screens always show them (CSS).
    let open = RwSignal::new(false);
    let can_filter_services = {
        let app = use_app();
        move || app.can_read_services()
    };
    let active = move || {
        let v = view_state.get();
        [
            !v.grant.is_empty(),
            v.server_sort.is_some(),
            v.limit != ListUrlState::default().limit,
            v.service != ServiceFilter::All,
        ]
        .into_iter()
        .filter(|on| *on)
        .count()
    };
    view! {
        <div class="toolbar" role="search">
            <FormField for_id="list-search" label="Search" class="field-grow">
                <input
                    id="list-search"
                    type="search"
                    data-testid="search"
                    placeholder="Name, client ID, customer, domain…"
                    prop:value=move || view_state.get().search
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        // Typing replaces the history entry: Back should not replay keystrokes.
                        update.run((edited(view_state, |v| { v.search = text; v.page = 1; }), true));
                    }
                />
            </FormField>
            <button
                type="button"
                class="button filters-toggle"
                data-testid="filters-toggle"
                aria-expanded=move || open.get().to_string()
                aria-controls="list-filters"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {move || match active() {
                    0 => "Filters".to_owned(),
                    n => format!("Filters ({n})"),
                }}
            </button>
            <div class="filters" id="list-filters" class:open=move || open.get()>
            <FormField for_id="list-grant" label="Grant type">
                <select
                    id="list-grant"
                    data-testid="filter-grant"
                    prop:value=move || view_state.get().grant
                    on:change=move |ev| {
                        let g = event_target_value(&ev);
                        update.run((edited(view_state, |v| { v.grant = g; v.page = 1; }), false));
                    }
                >
                    {grant_options}
                </select>
            </FormField>
            <Show when=can_filter_services>
                <FormField for_id="list-service" label="Service">
                    <select
                        id="list-service"
                        data-testid="filter-service"
                        title="The status of each single sign-on credential's service, as far as loaded"
                        prop:value=move || view_state.get().service.key()
                        on:change=move |ev| {
                            let f = ServiceFilter::from_key(&event_target_value(&ev));
                            update.run((edited(view_state, |v| { v.service = f; v.page = 1; }), false));
                        }
                    >
                        {ServiceFilter::ALL.map(|f| view! { <option value=f.key()>{f.label()}</option> })}
                    </select>
                </FormField>
            </Show>
            <FormField for_id="list-sort-field" label="WHMCS order">
                <select
                    id="list-sort-field"
                    data-testid="server-sort-field"
                    prop:value=move || view_state.get().server_sort.map(|(f, _)| f.column()).unwrap_or("")
                    on:change=move |ev| {
                        let f = event_target_value(&ev).parse::<SortField>().ok();
                        update.run((edited(view_state, |v| {
                            let order = v.server_sort.map(|(_, o)| o).unwrap_or_default();
                            v.server_sort = f.map(|f| (f, order));
                            v.page = 1;
                        }), false));
                    }
                >
                    {field_options}
                </select>
            </FormField>
            <FormField for_id="list-sort-order" label="Direction">
                <select
                    id="list-sort-order"
                    data-testid="server-sort-order"
                    disabled=move || view_state.get().server_sort.is_none()
                    prop:value=move || view_state.get().server_sort.map(|(_, o)| o.as_str()).unwrap_or("asc")
                    on:change=move |ev| {
                        let o = event_target_value(&ev).parse::<SortOrder>().unwrap_or_default();
                        update.run((edited(view_state, |v| {
                            if let Some((f, _)) = v.server_sort { v.server_sort = Some((f, o)); }
                            v.page = 1;
                        }), false));
                    }
                >
                    <option value="asc">"Ascending"</option>
                    <option value="desc">"Descending"</option>
                </select>
            </FormField>
            <FormField for_id="list-limit" label="Limit" class="field-narrow">
                <input
                    id="list-limit"
                    type="number"
                    min="0"
                    step="1"
                    inputmode="numeric"
                    data-testid="limit"
                    title="How many credentials WHMCS returns; 0 for all"
                    prop:value=move || view_state.get().limit.to_string()
                    on:change=move |ev| {
                        let limit = event_target_value(&ev).trim().parse::<u32>().unwrap_or(0);
                        update.run((edited(view_state, |v| { v.limit = limit; v.page = 1; }), false));
                    }
                />
            </FormField>
            </div>
        </div>
        {move || view_state.get().finding.map(|kind| view! {
            <p class="context-bar" data-testid="finding-filter">
                <span>
                    {format!("Only credentials with the finding “{}” ({}). ", kind.title(), kind.severity().label())}
                    <a href="/findings">"All findings"</a>
                </span>
                <button
                    type="button"
                    class="button button-small"
                    data-testid="finding-filter-clear"
                    on:click=move |_| update.run((edited(view_state, |v| { v.finding = None; v.page = 1; }), false))
                >
                    "Show all"
                </button>
            </p>
        })}
    }
}
