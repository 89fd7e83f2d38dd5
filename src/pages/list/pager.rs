use leptos::prelude::*;

use super::edited;
use super::state::url::{DEFAULT_PAGE_SIZE, ListUrlState, PAGE_SIZES, page_range};

/// Previous / next, where we are, and the page size.
#[component]
pub(super) fn Pager(
    view_state: Memo<ListUrlState>,
    total: impl Fn() -> usize + Copy + Send + Sync + 'static,
    update: Callback<(ListUrlState, bool)>,
    /// False while only the first page is in: how many pages there are is not known yet.
    complete: Signal<bool>,
) -> impl IntoView {
    let pages = move || page_range(total(), view_state.get().page, view_state.get().page_size).1;
    let page = move || view_state.get().page.min(pages());
    let status = move || {
        if complete.get() {
            format!("Page {} of {}", page(), pages())
        } else {
            "Page 1 of …".to_owned()
        }
    };
    view! {
        <nav class="pager" aria-label="Pages">
            <button
                class="button"
                data-testid="page-prev"
                disabled=move || { page() <= 1 }
                on:click=move |_| {
                    let p = page();
                    update.run((edited(view_state, |v| v.page = p.saturating_sub(1).max(1)), false))
                }
            >
                "Previous"
            </button>
            <span data-testid="page-status">{status}</span>
            <button
                class="button"
                data-testid="page-next"
                disabled=move || { !complete.get() || page() >= pages() }
                on:click=move |_| {
                    let p = page();
                    update.run((edited(view_state, |v| v.page = p + 1), false))
                }
            >
                "Next"
            </button>
            <label for="page-size" class="muted">"Per page"</label>
            <select
                id="page-size"
                data-testid="page-size"
                prop:value=move || view_state.get().page_size.to_string()
                on:change=move |ev| {
                    let size = event_target_value(&ev).parse().unwrap_or(DEFAULT_PAGE_SIZE);
                    update.run((edited(view_state, |v| { v.page_size = size; v.page = 1; }), false));
                }
            >
                {PAGE_SIZES.iter().map(|s| view! { <option value=s.to_string()>{s.to_string()}</option> }).collect_view()}
            </select>
        </nav>
    }
}
