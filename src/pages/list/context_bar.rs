//! While a search or the service filter is on, how many rows it cannot judge yet (their
//! service's context is not loaded), and "Load the rest": every such service, a few
//! requests at a time, with what is left to go and a way to stop.

use leptos::prelude::*;

use super::state::loaded::Shown;
use super::state::url::ListUrlState;
use crate::context::use_app;

#[component]
pub(super) fn ContextBar(
    view_state: Memo<ListUrlState>,
    shown: Memo<Option<Shown>>,
) -> impl IntoView {
    let app = use_app();
    let contexts = app.services;
    // What is missing depends on the loaded list and context, not on what a keystroke
    // shows: these two memos keep a search from walking all rows again per keystroke.
    let reads_context = Memo::new(move |_| view_state.with(ListUrlState::filters_by_context));
    let loaded = Memo::new(move |_| shown.with(|s| s.as_ref().map(|s| s.list.clone())));
    // Not read while no search or filter is on, and not made again when one starts or
    // ends: only a new list or new context changes it.
    let lacking = Memo::new(move |_| {
        if !app.can_read_services() {
            return Vec::new();
        }
        loaded.with(|l| {
            l.as_ref().map_or_else(Vec::new, |loaded| {
                contexts.read(|snap| loaded.without_context(snap))
            })
        })
    });
    let pending = move || contexts.pending();
    let visible = move || reads_context.get() && (!lacking.with(Vec::is_empty) || pending() > 0);
    let with_customers = {
        let app = use_app();
        move || app.can_read_customers()
    };
    view! {
        <Show when=visible>
            <div class="context-bar" data-testid="context-bar">
                <p role="status" data-testid="context-bar-text">
                    {move || match (pending(), lacking.with(Vec::len)) {
                        (0, n) => format!(
                            "{n} service{} not loaded yet: the search and the service filter cannot see {} customer, product or domain.",
                            if n == 1 { "" } else { "s" },
                            if n == 1 { "its" } else { "their" },
                        ),
                        (p, _) => format!("Loading customers and services… {p} to go."),
                    }}
                </p>
                {
                    let with_customers = with_customers.clone();
                    move || if pending() > 0 {
                        view! {
                            <button type="button" class="button button-small" data-testid="context-stop" on:click=move |_| contexts.stop()>
                                "Stop"
                            </button>
                        }.into_any()
                    } else {
                        let with_customers = with_customers.clone();
                        view! {
                            <button
                                type="button"
                                class="button button-small"
                                data-testid="context-load-rest"
                                on:click=move |_| contexts.load(lacking.get_untracked(), with_customers())
                            >
                                "Load the rest"
                            </button>
                        }.into_any()
                    }
                }
            </div>
        </Show>
    }
}
