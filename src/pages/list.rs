use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use whmcs_api::{Credential, GrantType, SortField, SortOrder};

use crate::api::{self, ClientError};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::copy_button::CopyButton;
use crate::components::require_login::RequireLogin;
use crate::components::toasts::use_toasts;
use crate::context::use_app;
use crate::list_view::{Column, ListView, PAGE_SIZES, page_range, search_text, visible};

/// A loaded list with its search text, built once per load rather than per keystroke.
struct Loaded {
    rows: Vec<Credential>,
    haystacks: Vec<String>,
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
    let query = use_query_map();
    let navigate = use_navigate();
    let view_state = Memo::new(move |_| ListView::from_query(|k| query.with(|q| q.get(k))));
    let server_query = Memo::new(move |_| view_state.get().server_query());

    let data = LocalResource::new(move || {
        let q = server_query.get();
        async move {
            api::list(&q).await.map(|rows| {
                let haystacks = rows.iter().map(search_text).collect();
                Arc::new(Loaded { rows, haystacks })
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
        navigate(
            &format!("/{}", next.to_query()),
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    });

    // Rows ticked for a bulk delete (by id, so re-sorting keeps the choice).
    let selected = RwSignal::new(Vec::<u64>::new());
    let confirm_bulk = RwSignal::new(false);
    let toasts = use_toasts();
    let bulk_delete = Action::new_local(move |ids: &Vec<u64>| {
        let ids = ids.clone();
        async move {
            let mut deleted = 0;
            let mut failures = Vec::new();
            for id in ids {
                match api::delete(id).await {
                    Ok(_) => deleted += 1,
                    Err(e) => failures.push(format!("#{id}: {e}")),
                }
            }
            (deleted, failures)
        }
    });
    Effect::new(move |_| {
        if let Some((deleted, failures)) = bulk_delete.value().get() {
            selected.set(Vec::new());
            if deleted > 0 {
                toasts.success(format!(
                    "Deleted {deleted} credential{}.",
                    if deleted == 1 { "" } else { "s" }
                ));
            }
            if !failures.is_empty() {
                toasts.error(format!("Not deleted: {}", failures.join("; ")));
            }
            data.refetch();
        }
    });

    let shown = Memo::new(move |_| {
        data.get().and_then(Result::ok).map(|loaded| {
            let v = view_state.get();
            let idx = visible(&loaded.rows, &loaded.haystacks, &v);
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
                    view! { <Table view_state shown update selected selectable/> }.into_any()
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
fn edited(view: Memo<ListView>, change: impl FnOnce(&mut ListView)) -> ListView {
    let mut next = view.get_untracked();
    change(&mut next);
    next
}

/// WHMCS's server-side parameters and the browser's search.
#[component]
fn Toolbar(view_state: Memo<ListView>, update: Callback<(ListView, bool)>) -> impl IntoView {
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
    view! {
        <div class="toolbar" role="search">
            <div class="field field-grow">
                <label for="list-search">"Search"</label>
                <input
                    id="list-search"
                    type="search"
                    data-testid="search"
                    placeholder="Name, description, client identifier or redirect URI"
                    prop:value=move || view_state.get().search
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        // Typing replaces the history entry: Back should not replay keystrokes.
                        update.run((edited(view_state, |v| { v.search = text; v.page = 1; }), true));
                    }
                />
            </div>
            <div class="field">
                <label for="list-grant">"Grant type"</label>
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
            </div>
            <div class="field">
                <label for="list-sort-field">"WHMCS order"</label>
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
            </div>
            <div class="field">
                <label for="list-sort-order">"Direction"</label>
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
            </div>
            <div class="field field-narrow">
                <label for="list-limit">"Limit"</label>
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
            </div>
        </div>
    }
}

#[component]
fn ListError(error: ClientError, on_retry: impl Fn() + 'static) -> impl IntoView {
    let hint = if error.is_permission_denied() {
        "This API credential's role may not list OAuth credentials. Ask a WHMCS administrator to allow ListOAuthCredentials."
    } else {
        ""
    };
    view! {
        <div class="alert alert-error" role="alert" data-testid="list-error">
            <p>{error.to_string()}</p>
            {(!hint.is_empty()).then(|| view! { <p>{hint}</p> })}
            <button class="button" data-testid="retry" on:click=move |_| on_retry()>"Try again"</button>
        </div>
    }
}

/// The visible page of rows, the column headers that sort, and the pager.
#[component]
fn Table(
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

#[component]
fn Pager(
    view_state: Memo<ListView>,
    total: impl Fn() -> usize + Copy + Send + Sync + 'static,
    update: Callback<(ListView, bool)>,
) -> impl IntoView {
    let pages = move || page_range(total(), view_state.get().page, view_state.get().page_size).1;
    let page = move || view_state.get().page.min(pages());
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
            <span data-testid="page-status">{move || format!("Page {} of {}", page(), pages())}</span>
            <button
                class="button"
                data-testid="page-next"
                disabled=move || { page() >= pages() }
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
                    let size = event_target_value(&ev).parse().unwrap_or(crate::list_view::DEFAULT_PAGE_SIZE);
                    update.run((edited(view_state, |v| { v.page_size = size; v.page = 1; }), false));
                }
            >
                {PAGE_SIZES.iter().map(|s| view! { <option value=s.to_string()>{s.to_string()}</option> }).collect_view()}
            </select>
        </nav>
    }
}
