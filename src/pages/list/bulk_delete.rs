//! Deleting the ticked rows: the bar that shows the selection, the confirmation that names
//! them, and the deletes, one WHMCS call each.

use leptos::prelude::*;

use super::state::loaded::LoadedList;
use crate::api;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::toasts::use_toasts;
use crate::context::use_app;
use crate::task::Task;

/// Names the confirmation lists before "and N more".
const NAMED: usize = 10;

#[component]
pub(super) fn BulkDelete(
    selected: RwSignal<Vec<u64>>,
    /// The loaded list, for the names of the selected rows.
    list: Signal<Option<std::sync::Arc<LoadedList>>>,
    /// Runs after the deletes, to load the list again.
    on_done: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let confirm = RwSignal::new(false);
    let toasts = use_toasts();
    let delete = Task::with_answer(
        move |ids: Vec<u64>| async move {
            let mut deleted = 0;
            let mut failures = Vec::new();
            for id in ids {
                match api::delete(id).await {
                    Ok(_) => deleted += 1,
                    Err(e) => failures.push(format!("#{id}: {e}")),
                }
            }
            (deleted, failures)
        },
        move |(deleted, failures): &(usize, Vec<String>)| {
            selected.set(Vec::new());
            if *deleted > 0 {
                toasts.success(format!(
                    "Deleted {deleted} credential{}.",
                    if *deleted == 1 { "" } else { "s" }
                ));
            }
            if !failures.is_empty() {
                toasts.error(format!("Not deleted: {}", failures.join("; ")));
            }
            on_done.run(());
        },
    );
    let names = move || {
        let ids = selected.get();
        list.with(|l| l.as_deref().map(|l| names_of(l, &ids)).unwrap_or_default())
    };
    view! {
        <Show when=move || app.can_delete() && !selected.with(Vec::is_empty)>
            <div class="bulk-bar">
                <span data-testid="selection-count">
                    {move || format!("{} selected", selected.with(Vec::len))}
                </span>
                <button
                    class="button button-danger"
                    data-testid="bulk-delete"
                    disabled=move || delete.pending().get()
                    on:click=move |_| confirm.set(true)
                >
                    "Delete selected…"
                </button>
                <button class="button button-ghost" data-testid="clear-selection" on:click=move |_| selected.set(Vec::new())>
                    "Clear selection"
                </button>
            </div>
        </Show>
        <ConfirmDialog
            open=confirm
            title="Delete the selected credentials?"
            confirm_label="Delete them"
            testid="bulk-dialog"
            danger=true
            on_confirm=Callback::new(move |()| { delete.dispatch(selected.get_untracked()); })
        >
            <p data-testid="bulk-dialog-text">
                {move || {
                    let n = selected.with(Vec::len);
                    format!("{n} credential{} will be deleted. Applications using them stop working at once. This cannot be undone.", if n == 1 { "" } else { "s" })
                }}
            </p>
            <ul class="bulk-names" data-testid="bulk-dialog-names">
                {move || names().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
            </ul>
        </ConfirmDialog>
    }
}

/// Names of the selected credentials for the confirmation: the first ten, then a count.
fn names_of(list: &LoadedList, ids: &[u64]) -> Vec<String> {
    let mut names: Vec<String> = ids
        .iter()
        .take(NAMED)
        .map(|id| {
            list.rows
                .iter()
                .find(|c| c.credential_id == *id)
                .map_or_else(
                    || format!("#{id}"),
                    |c| format!("{} (#{id})", c.display_name()),
                )
        })
        .collect();
    if ids.len() > NAMED {
        names.push(format!("and {} more", ids.len() - NAMED));
    }
    names
}
