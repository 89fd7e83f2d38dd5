//! The credentials list (`/`), one part per file.

mod context_bar;
mod error;
mod pager;
mod table;
mod toolbar;

use std::sync::Arc;

use leptos::prelude::*;
use whmcs_api::Credential;

use crate::api::{self, ClientError};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::require_login::RequireLogin;
use crate::components::toasts::use_toasts;
use crate::context::use_app;
use crate::list_view::{ListIndex, ListView, visible};
use crate::router::{navigate, use_location};
use crate::task::Task;
use context_bar::ContextBar;
use error::ListError;
use table::Table;
use toolbar::Toolbar;

/// A loaded list with its search and sort index.
pub(super) struct Loaded {
    pub(super) rows: Arc<Vec<Credential>>,
    pub(super) index: ListIndex,
}

/// One load is one value: comparing identity is enough, and comparing 50,000 rows is not.
impl PartialEq for Loaded {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// The credentials list (`/`): WHMCS's filters and order on the server; search, column sort
/// and paging in the browser; all of it in the URL.
#[component]
pub fn ListPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <CredentialList/>
        </RequireLogin>
    }
}

#[component]
fn CredentialList() -> impl IntoView {
    let app = use_app();
    let location = use_location();
    let view_state = Memo::new(move |_| ListView::from_query(|k| location.query(k)));
    let server_query = Memo::new(move |_| view_state.get().server_query());

    let cache = app.credentials;
    let data = LocalResource::new(move || {
        let q = server_query.get();
        async move {
            api::list(&q).await.map(|rows| {
                let index = ListIndex::new(&rows);
                let rows = Arc::new(rows);
                cache.store(rows.clone());
                Arc::new(Loaded { rows, index })
            })
        }
    });

    // A dead session sends the person to log in; a read-only role hides what it cannot do.
    Effect::new(move |_| {
        if let Some(Err(e)) = data.get() {
            if e.is_unauthorized() {
                app.session.set(None);
            } else if e.is_permission_denied() {
                app.read_only.set(true);
            }
        }
    });

    // Every change of view is a navigation, so the URL is the one source of truth.
    let update = Callback::new(move |(next, replace): (ListView, bool)| {
        navigate(&format!("/{}", next.to_query()), replace);
    });

    // Rows ticked for a bulk delete (by id, so re-sorting keeps the choice).
    let selected = RwSignal::new(Vec::<u64>::new());
    let confirm_bulk = RwSignal::new(false);
    let toasts = use_toasts();
    let bulk_delete = Task::with_answer(
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
            data.refetch();
        },
    );

    // Search and the service filter read the loaded context, and re-run as more loads;
    // without them the list does not wait on context at all.
    let contexts = app.services;
    let shown = Memo::new(move |_| {
        data.get().and_then(Result::ok).map(|loaded| {
            let v = view_state.get();
            let idx = if v.reads_context() {
                contexts.read(|snap| visible(&loaded.rows, &loaded.index, &v, snap))
            } else {
                visible(&loaded.rows, &loaded.index, &v, &())
            };
            (loaded, idx)
        })
    });

    view! {
        <section class="list" aria-labelledby="list-title">
            <div class="list-head">
                <h1 id="list-title">"OAuth credentials"</h1>
                <Show when={
                    let app = app.clone();
                    move || app.can_create()
                }>
                    <a class="button button-primary" href="/credentials/new" data-testid="new-credential">"New credential"</a>
                </Show>
            </div>
            <Toolbar view_state update/>
            <Show when={
                let app = app.clone();
                move || app.can_delete() && !selected.with(Vec::is_empty)
            }>
                <div class="bulk-bar">
                    <span data-testid="selection-count">
                        {move || format!("{} selected", selected.with(Vec::len))}
                    </span>
                    <button
                        class="button button-danger"
                        data-testid="bulk-delete"
                        disabled=move || bulk_delete.pending().get()
                        on:click=move |_| confirm_bulk.set(true)
                    >
                        "Delete selected…"
                    </button>
                    <button class="button button-ghost" data-testid="clear-selection" on:click=move |_| selected.set(Vec::new())>
                        "Clear selection"
                    </button>
                </div>
            </Show>
            <ConfirmDialog
                open=confirm_bulk
                title="Delete the selected credentials?"
                confirm_label="Delete them"
                testid="bulk-dialog"
                danger=true
                on_confirm=Callback::new(move |()| { bulk_delete.dispatch(selected.get_untracked()); })
            >
                <p data-testid="bulk-dialog-text">
                    {move || {
                        let n = selected.with(Vec::len);
                        format!("{n} credential{} will be deleted. Applications using them stop working at once. This cannot be undone.", if n == 1 { "" } else { "s" })
                    }}
                </p>
                <ul class="bulk-names" data-testid="bulk-dialog-names">
                    {move || selected_names(data, selected).into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                </ul>
            </ConfirmDialog>
            {move || match data.get() {
                None => view! { <p class="muted" data-testid="list-loading" aria-busy="true">"Loading credentials…"</p> }.into_any(),
                Some(Err(e)) => view! { <ListError error=e on_retry=move || data.refetch()/> }.into_any(),
                Some(Ok(_)) => {
                    let selectable = app.can_delete();
                    view! {
                        <ContextBar view_state shown/>
                        <Table view_state shown update selected selectable/>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// Names of the selected credentials for the confirmation: the first ten, then a count.
fn selected_names(
    data: LocalResource<Result<Arc<Loaded>, ClientError>>,
    selected: RwSignal<Vec<u64>>,
) -> Vec<String> {
    const SHOWN: usize = 10;
    let ids = selected.get();
    let Some(Ok(loaded)) = data.get() else {
        return Vec::new();
    };
    let mut names: Vec<String> = ids
        .iter()
        .take(SHOWN)
        .map(|id| {
            loaded
                .rows
                .iter()
                .find(|c| c.credential_id == *id)
                .map_or_else(
                    || format!("#{id}"),
                    |c| format!("{} (#{id})", c.display_name()),
                )
        })
        .collect();
    if ids.len() > SHOWN {
        names.push(format!("and {} more", ids.len() - SHOWN));
    }
    names
}

/// The current view with one change applied.
pub(super) fn edited(view: Memo<ListView>, change: impl FnOnce(&mut ListView)) -> ListView {
    let mut next = view.get_untracked();
    change(&mut next);
    next
}
