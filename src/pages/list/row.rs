//! One credential's row: its cells made once as HTML from its precomputed value
//! (`row_html`), with no signal of its own. Copy, the checkbox and the links are handled
//! once for the whole table.

use leptos::prelude::*;

use super::row_html::cells;
use super::state::rows::PageRow;

#[component]
pub(super) fn Row(row: PageRow, selected: RwSignal<Vec<u64>>, selectable: bool) -> impl IntoView {
    let id = row.value.id;
    // Ticked as the selection is now; the table keeps every tick in step afterwards.
    let checkbox = selectable.then(|| selected.with_untracked(|s| s.contains(&id)));
    view! { <tr data-testid="row" data-id=id.to_string() inner_html=cells(&row, checkbox)></tr> }
}
