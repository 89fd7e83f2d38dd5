//! The credentials list (`/`), one part per file. The page owns the data: it loads the
//! list, works out what the view shows and which page is on screen, and loads the context
//! of that page's single sign-on rows; its children only render.

mod bulk_change;
mod bulk_delete;
mod context_bar;
mod density;
mod error;
mod export_buttons;
mod pager;
mod row;
mod row_html;
pub mod state;
mod table;
mod toolbar;

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use whmcs_api::{GrantType, ListQuery};

use crate::api;
use crate::components::require_login::RequireLogin;
use crate::context::use_app;
use crate::debounce::Debounce;
use crate::fetched::Fetched;
use crate::router::{navigate, use_location};
use bulk_change::BulkChange;
use bulk_delete::BulkDelete;
use context_bar::ContextBar;
use error::ListError;
use state::loaded::{Judge, LoadedList, Shown};
use state::url::{ListUrlState, page_range};
use table::Table;
use toolbar::Toolbar;

/// How long a page must stay on screen before its rows' context is fetched, so that typing
/// a search does not fetch the context of every page it passes through.
const SETTLE: Duration = Duration::from_millis(150);
/// After the first rows are painted, the search index and the sort orders are built (the
/// first keystroke or sort then does not wait for them).
const INDEX_AFTER: Duration = Duration::from_millis(100);

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
    let view_state = Memo::new(move |_| ListUrlState::from_query(|k| location.query(k)));
    let server_query = Memo::new(move |_| view_state.get().server_query());

    let cache = app.credentials;
    let contexts = app.services;
    let reads_services = app.can_read_services();
    let catalogue = app.config.scopes.clone();
    let judge = move || Judge {
        catalogue: catalogue.clone(),
        today: crate::clock::today(),
    };
    let judged = judge.clone();
    let data = Fetched::new(move || {
        let q = server_query.get();
        let judge = judged();
        async move {
            let rows = api::list(&q).await?;
            crate::timing::mark("list:parsed");
            let list = Arc::new(LoadedList::new(rows).judged_by(judge));
            cache.store(list.rows.clone(), q == ListQuery::default());
            let warm = list.clone();
            leptos::task::spawn_local(async move {
                gloo_timers::future::sleep(INDEX_AFTER).await;
                if reads_services {
                    contexts.read(|snap| warm.warm(snap));
                } else {
                    warm.warm(&());
                }
            });
            Ok(list)
        }
    });
    // The first page of a big list before the whole of it: WHMCS has no offset, so the
    // whole list is still one request, but people see rows without waiting for it.
    let first_page = Fetched::new(move || {
        server_query.track();
        let query = view_state.with_untracked(ListUrlState::first_page_query);
        let judge = judge();
        async move {
            let rows = api::list(&query?).await.ok()?;
            Some(Arc::new(LoadedList::new(rows).judged_by(judge)))
        }
    });
    let complete = Memo::new(move |_| matches!(data.get(), Some(Ok(_))));
    let list = Signal::derive(move || match data.get() {
        Some(Ok(list)) => Some(list),
        Some(Err(_)) => None,
        // Only while the view still is that first page.
        None => view_state
            .with(|v| v.first_page_query().is_some())
            .then(|| first_page.get().flatten())
            .flatten(),
    });
    let ready = Memo::new(move |_| list.with(Option::is_some));
    let failure = Memo::new(move |_| data.get().and_then(Result::err));

    {
        let app = app.clone();
        Effect::new(move |_| {
            if let Some(Err(e)) = data.get() {
                app.note_failure(&e);
            }
        });
    }

    // Every change of view is a navigation, so the URL is the one source of truth.
    let update = Callback::new(move |(next, replace): (ListUrlState, bool)| {
        navigate(&format!("/{}", next.to_query()), replace);
    });

    // Search, the service filter and the name sort read the loaded context, and re-run as
    // more loads; without them the list does not wait on context at all.
    let shown = Memo::new(move |_| {
        list.get().map(|list| {
            let _step = crate::timing::Span::new("list:visible");
            let v = view_state.get();
            let matches = if v.reads_context() {
                contexts.read(|snap| list.visible(&v, snap))
            } else {
                list.visible(&v, &())
            };
            Shown { list, matches }
        })
    });
    let page = Memo::new(move |_| {
        shown.with(|s| {
            let Some(s) = s else { return Vec::new() };
            let (range, _) = view_state.with(|v| page_range(s.matches.len(), v.page, v.page_size));
            s.matches[range].to_vec()
        })
    });
    if app.can_read_services() {
        load_page_context(shown, page, app.can_read_customers());
    }

    // Rows ticked for a bulk delete (by id, so re-sorting keeps the choice).
    let selected = RwSignal::new(Vec::<u64>::new());

    view! {
        <section class="list" aria-labelledby="list-title">
            <div class="list-head">
                <h1 id="list-title">"OAuth credentials"</h1>
                <span class="spacer"></span>
                <BulkChange shown complete=Signal::from(complete)/>
                <Show when={
                    let app = app.clone();
                    move || app.can_create()
                }>
                    <a class="button button-primary" href="/credentials/new" data-testid="new-credential">"New credential"</a>
                </Show>
            </div>
            <Toolbar view_state update/>
            <BulkDelete selected list on_done=Callback::new(move |()| data.refetch())/>
            {move || match (failure.get(), ready.get()) {
                (Some(e), _) => view! { <ListError error=e on_retry=move || data.refetch()/> }.into_any(),
                (None, false) => view! { <p class="muted" data-testid="list-loading" aria-busy="true">"Loading credentials…"</p> }.into_any(),
                (None, true) => {
                    let selectable = app.can_delete();
                    let complete = Signal::from(complete);
                    view! {
                        <ContextBar view_state shown/>
                        <Table view_state shown page update selected selectable complete/>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// Whose service each single sign-on row on screen is for: the first page's at once, a
/// later page's once it has settled.
fn load_page_context(shown: Memo<Option<Shown>>, page: Memo<Vec<usize>>, with_customers: bool) {
    let contexts = use_app().services;
    let settle = Debounce::new(SETTLE);
    // The effect's value: whether a page of a loaded list has been seen yet.
    Effect::new(move |seen: Option<bool>| {
        // The page is read first, so that the effect follows it even before a list is in.
        let (wanted, loaded): (Vec<u64>, bool) = page.with(|p| {
            shown.with_untracked(|s| {
                let Some(s) = s else {
                    return (Vec::new(), false);
                };
                let wanted = p
                    .iter()
                    .map(|&at| &s.list.rows[at])
                    .filter(|c| c.has_grant(GrantType::SingleSignOn))
                    .map(|c| c.service_id)
                    .collect();
                (wanted, true)
            })
        });
        if seen == Some(true) {
            settle.call(move |_| async move { contexts.load(wanted, with_customers) });
        } else {
            contexts.load(wanted, with_customers);
        }
        seen == Some(true) || loaded
    });
}

/// The current view with one change applied.
pub(super) fn edited(
    view: Memo<ListUrlState>,
    change: impl FnOnce(&mut ListUrlState),
) -> ListUrlState {
    let mut next = view.get_untracked();
    change(&mut next);
    next
}
