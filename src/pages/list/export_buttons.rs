//! Saves every row of the current view (filters and search applied, all pages) as CSV or
//! JSON.

use leptos::prelude::*;

use super::state::loaded::Shown;
use crate::components::toasts::use_toasts;
use crate::download::save_text;
use whmcs_api::export;

#[component]
pub(super) fn ExportButtons(
    shown: Memo<Option<Shown>>,
    /// Exports wait for the whole list (not only its first page).
    complete: Signal<bool>,
) -> impl IntoView {
    let toasts = use_toasts();
    let save = move |format: &'static str| {
        shown.with_untracked(|s| {
            let Some(s) = s else { return };
            let rows = s.matches.iter().map(|&i| &s.list.rows[i]);
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
            <button type="button" class="button button-small button-ghost" data-testid="export-csv" disabled=move || !complete.get() on:click=move |_| save("csv")>
                "Export CSV"
            </button>
            <button type="button" class="button button-small button-ghost" data-testid="export-json" disabled=move || !complete.get() on:click=move |_| save("json")>
                "JSON"
            </button>
        </span>
    }
}
