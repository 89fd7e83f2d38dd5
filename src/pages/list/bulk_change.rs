//! One change to every credential the view shows (all pages, not only the ticked rows):
//! add or remove scopes, replace a redirect URI prefix, reset secrets, delete. A preview
//! first (each credential's change before → after, the counts, what WHMCS would refuse in
//! its words, by the shared rules), then a confirmation that names the count; the job then
//! runs in the gateway and its page follows it.

use leptos::html::Dialog;
use leptos::prelude::*;
use whmcs_api::bulk::{BulkChange, PlanCounts, PlannedItem, Verdict, plan};

use super::state::loaded::Shown;
use crate::api;
use crate::components::installation_context::thousands;
use crate::components::toasts::use_toasts;
use crate::context::use_app;
use crate::router::navigate;
use crate::task::Task;

/// Items the preview lists (the counts cover every one).
const LISTED: usize = 100;

/// What a preview found.
#[derive(Clone)]
struct Preview {
    change: BulkChange,
    counts: PlanCounts,
    /// Credentials to change, in order.
    ids: Vec<u64>,
    /// The first changes and refusals, as table rows.
    rows_html: String,
}

#[component]
pub(super) fn BulkChange(shown: Memo<Option<Shown>>, complete: Signal<bool>) -> impl IntoView {
    let app = use_app();
    let catalogue = app.config.scopes.clone();
    let dialog = NodeRef::<Dialog>::new();
    let kind = RwSignal::new("addScopes".to_owned());
    let scopes = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let preview = RwSignal::new(None::<Preview>);
    let mistake = RwSignal::new(None::<&'static str>);
    let matching = move || shown.with(|s| s.as_ref().map_or(0, |s| s.matches.len()));
    let change = move || -> BulkChange {
        let words = || scopes.with(|s| s.split_whitespace().map(str::to_owned).collect());
        match kind.get_untracked().as_str() {
            "removeScopes" => BulkChange::RemoveScopes { scopes: words() },
            "replaceRedirectPrefix" => BulkChange::ReplaceRedirectPrefix {
                from: from.get_untracked().trim().to_owned(),
                to: to.get_untracked().trim().to_owned(),
            },
            "resetSecrets" => BulkChange::ResetSecrets,
            "delete" => BulkChange::Delete,
            _ => BulkChange::AddScopes { scopes: words() },
        }
    };
    let run_preview = move |_| {
        let change = change();
        if let Err(m) = change.check() {
            mistake.set(Some(m));
            preview.set(None);
            return;
        }
        mistake.set(None);
        let _step = crate::timing::Span::new("bulk:preview");
        let found = shown.with_untracked(|s| {
            let s = s.as_ref()?;
            let rows = s.matches.iter().map(|&i| &s.list.rows[i]);
            Some(plan(&change, rows, &catalogue))
        });
        preview.set(found.map(|(items, counts)| {
            Preview {
                ids: items
                    .iter()
                    .filter(|i| matches!(i.verdict, Verdict::Change { .. }))
                    .map(|i| i.credential_id)
                    .collect(),
                rows_html: rows_html(&items),
                change,
                counts,
            }
        }));
    };
    let toasts = use_toasts();
    let start = Task::with_answer(
        |(change, ids): (BulkChange, Vec<u64>)| async move { api::start_job(&change, &ids).await },
        move |answer| match answer {
            Ok(job) => {
                if let Some(d) = dialog.get_untracked() {
                    d.close();
                }
                navigate(&format!("/jobs/{}", job.id), false);
            }
            Err(e) => {
                use_app().note_failure(e);
                toasts.error(e.to_string());
            }
        },
    );
    let open = move |_| {
        preview.set(None);
        mistake.set(None);
        if let Some(d) = dialog.get_untracked() {
            let _ = d.show_modal();
        }
    };
    let may_update = {
        let app = app.clone();
        move || app.can_update()
    };
    let may_delete = {
        let app = app.clone();
        move || app.can_delete()
    };
    let visible = {
        let (u, d) = (may_update.clone(), may_delete.clone());
        move || u() || d()
    };
    view! {
        <Show when=visible>
            <button
                type="button"
                class="button button-small"
                data-testid="bulk-change-open"
                disabled=move || !complete.get() || matching() == 0
                on:click=open
            >
                {move || format!("Change all {} shown…", thousands(matching() as u64))}
            </button>
        </Show>
        <dialog node_ref=dialog class="dialog dialog-wide" data-testid="bulk-change" aria-labelledby="bulk-change-title">
            <h2 id="bulk-change-title">{move || format!("Change all {} credentials shown", thousands(matching() as u64))}</h2>
            <div class="dialog-body">
                <div class="field">
                    <label for="bulk-kind">"What to do"</label>
                    <select id="bulk-kind" data-testid="bulk-kind" prop:value=move || kind.get() on:change=move |ev| { kind.set(event_target_value(&ev)); preview.set(None); }>
                        {may_update().then(|| view! {
                            <option value="addScopes">"Add scopes"</option>
                            <option value="removeScopes">"Remove scopes"</option>
                            <option value="replaceRedirectPrefix">"Replace a redirect URI prefix"</option>
                            <option value="resetSecrets">"Reset client secrets"</option>
                        })}
                        {may_delete().then(|| view! { <option value="delete">"Delete"</option> })}
                    </select>
                </div>
                <Show when=move || kind.with(|k| k.ends_with("Scopes"))>
                    <div class="field">
                        <label for="bulk-scopes">"Scopes (space-separated)"</label>
                        <input id="bulk-scopes" data-testid="bulk-scopes" spellcheck="false" aria-describedby="bulk-mistake" prop:value=move || scopes.get() on:input=move |ev| { scopes.set(event_target_value(&ev)); preview.set(None); }/>
                    </div>
                </Show>
                <Show when=move || kind.with(|k| k == "replaceRedirectPrefix")>
                    <div class="field">
                        <label for="bulk-from">"Replace the prefix"</label>
                        <input id="bulk-from" data-testid="bulk-from" spellcheck="false" placeholder="http://app.example" aria-describedby="bulk-mistake" prop:value=move || from.get() on:input=move |ev| { from.set(event_target_value(&ev)); preview.set(None); }/>
                        <label for="bulk-to">"With"</label>
                        <input id="bulk-to" data-testid="bulk-to" spellcheck="false" placeholder="https://app.example" prop:value=move || to.get() on:input=move |ev| { to.set(event_target_value(&ev)); preview.set(None); }/>
                    </div>
                </Show>
                <p class="field-error" id="bulk-mistake" data-testid="bulk-mistake" role="alert" hidden=move || mistake.with(Option::is_none)>
                    {move || mistake.get().unwrap_or_default()}
                </p>
                <Show when=move || kind.with(|k| k == "resetSecrets")>
                    <p class="alert alert-warning" data-testid="bulk-reset-warning">
                        "Every integration using these credentials stops working at once, until it has its new secret. The new secrets are kept sealed in the gateway until you download them, once, from the job."
                    </p>
                </Show>
                <Show when=move || kind.with(|k| k == "delete")>
                    <p class="alert alert-warning" data-testid="bulk-delete-warning">
                        "WHMCS cannot bring a deleted credential back with the same identifier. The gateway keeps what it deletes (without secrets) as the job's record, to download."
                    </p>
                </Show>
                {move || preview.get().map(|p| {
                    let PlanCounts { change, unchanged, refused } = p.counts;
                    view! {
                        <p data-testid="bulk-counts">
                            {format!("{} will change, {} already are so, {} WHMCS would refuse.", thousands(change as u64), thousands(unchanged as u64), thousands(refused as u64))}
                        </p>
                        <div class="table-wrap preview-wrap">
                            <table class="failures-table" data-testid="bulk-preview">
                                <thead><tr><th scope="col" class="num">"ID"</th><th scope="col">"Credential"</th><th scope="col">"Before"</th><th scope="col">"After"</th></tr></thead>
                                <tbody inner_html=p.rows_html.clone()></tbody>
                            </table>
                        </div>
                    }
                })}
            </div>
            <div class="form-actions">
                <button type="button" class="button" data-testid="bulk-preview-run" on:click=run_preview>"Preview"</button>
                {move || preview.get().filter(|p| !p.ids.is_empty()).map(|p| {
                    let label = confirm_label(&p.change, p.ids.len());
                    let danger = matches!(p.change, BulkChange::Delete | BulkChange::ResetSecrets);
                    view! {
                        <button
                            type="button"
                            class=if danger { "button button-danger" } else { "button button-primary" }
                            data-testid="bulk-confirm"
                            disabled=move || start.pending().get()
                            on:click=move |_| start.dispatch((p.change.clone(), p.ids.clone()))
                        >
                            {label}
                        </button>
                    }
                })}
                <button type="button" class="button button-ghost" data-testid="bulk-cancel" on:click=move |_| { if let Some(d) = dialog.get_untracked() { d.close(); } }>"Cancel"</button>
            </div>
        </dialog>
    }
}

/// "Add scopes to 1,234 credentials": what the confirmation does, with the count.
fn confirm_label(change: &BulkChange, n: usize) -> String {
    let n = format!(
        "{} credential{}",
        thousands(n as u64),
        if n == 1 { "" } else { "s" }
    );
    match change {
        BulkChange::AddScopes { .. } => format!("Add the scopes to {n}"),
        BulkChange::RemoveScopes { .. } => format!("Remove the scopes from {n}"),
        BulkChange::ReplaceRedirectPrefix { .. } => format!("Replace the prefix in {n}"),
        BulkChange::ResetSecrets => format!("Reset the secrets of {n}"),
        BulkChange::Delete => format!("Delete {n}"),
    }
}

/// The first changes and refusals as escaped table rows.
fn rows_html(items: &[PlannedItem]) -> String {
    use html_escape::encode_text_to_string as text;
    let mut h = String::new();
    for item in items
        .iter()
        .filter(|i| !matches!(i.verdict, Verdict::Unchanged))
        .take(LISTED)
    {
        h.push_str(&format!(
            r#"<tr data-testid="bulk-item"><td class="num" data-label="ID">{}</td><td data-label="Credential">"#,
            item.credential_id
        ));
        text(&item.name, &mut h);
        h.push_str(r#"</td><td data-label="Before">"#);
        text(&item.before, &mut h);
        h.push_str(r#"</td><td data-label="After">"#);
        match &item.verdict {
            Verdict::Refused { message } => {
                h.push_str(r#"<span class="field-error" data-testid="bulk-refused">"#);
                text(message, &mut h);
                h.push_str("</span>");
            }
            _ => {
                text(&item.after, &mut h);
            }
        }
        h.push_str("</td></tr>");
    }
    h
}
