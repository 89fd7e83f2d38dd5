//! The redirect URI editor: one row per URI, each with its own inline error and a remove
//! button, and a button that adds a row.

use leptos::prelude::*;
use whmcs_api::FieldErrors;
use whmcs_api::validation::Field;

use crate::components::form_field::FieldError;
use crate::form::{CredentialForm, FormPart, Touched};

/// Every redirect URI row, the add button, and the error about the list as a whole.
#[component]
pub(super) fn RedirectRows(
    form: RwSignal<CredentialForm>,
    errors: Memo<Option<FieldErrors>>,
    touched: Touched,
    /// The error about the list as a whole (too many, too long).
    list_error: Signal<Option<String>>,
) -> impl IntoView {
    let rows = move || form.with(|f| (0..f.redirect_uris.len()).collect::<Vec<_>>());
    view! {
        <fieldset class="field" id="redirects">
            <legend>"Redirect URIs"</legend>
            <p class="hint muted">"Where WHMCS may send people back after they sign in. https, or http for localhost only; matched exactly."</p>
            <For each=rows key=|i| *i let:i>
                <RedirectRow form errors touched index=i/>
            </For>
            <button
                type="button"
                class="button"
                data-testid="add-redirect"
                on:click=move |_| form.update(|f| f.redirect_uris.push(String::new()))
            >
                "+ Add redirect URI"
            </button>
            <FieldError id="redirect".into() message=list_error/>
        </fieldset>
    }
}

/// One redirect URI with its own inline error and a remove button.
#[component]
fn RedirectRow(
    form: RwSignal<CredentialForm>,
    errors: Memo<Option<FieldErrors>>,
    touched: Touched,
    index: usize,
) -> impl IntoView {
    let part = FormPart::Redirect(index);
    // Errors are numbered among non-empty rows (empty rows are not sent).
    let sent_position = move || {
        form.with(|f| {
            let uri = f.redirect_uris.get(index)?;
            if uri.trim().is_empty() {
                return None;
            }
            Some(
                f.redirect_uris[..index]
                    .iter()
                    .filter(|u| !u.trim().is_empty())
                    .count(),
            )
        })
    };
    let message = Signal::derive(move || {
        if !touched.shows(part) {
            return None;
        }
        let pos = sent_position()?;
        errors.with(|e| {
            e.as_ref()
                .and_then(|e| e.for_field(Field::RedirectUri(pos)))
                .map(str::to_owned)
        })
    });
    let error_id = format!("redirect-{index}");
    view! {
        <div class="redirect-row">
            <input
                aria-label=format!("Redirect URI {}", index + 1)
                data-testid=format!("redirect-{index}")
                spellcheck="false"
                placeholder="https://app.example.com/oauth/callback"
                aria-describedby=error_id.clone()
                aria-invalid=move || message.with(Option::is_some).to_string()
                prop:value=move || form.with(|f| f.redirect_uris.get(index).cloned().unwrap_or_default())
                on:input=move |ev| {
                    touched.touch(part);
                    let v = event_target_value(&ev);
                    form.update(|f| if let Some(u) = f.redirect_uris.get_mut(index) { *u = v; });
                }
            />
            <button
                type="button"
                class="button button-small"
                data-testid=format!("remove-redirect-{index}")
                aria-label=format!("Remove redirect URI {}", index + 1)
                on:click=move |_| form.update(|f| { if index < f.redirect_uris.len() { f.redirect_uris.remove(index); } })
            >
                "Remove"
            </button>
            <FieldError id=error_id message=message/>
        </div>
    }
}
