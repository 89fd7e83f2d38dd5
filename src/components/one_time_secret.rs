use leptos::html::Dialog;
use leptos::prelude::*;

use crate::components::copy_button::CopyButton;

/// A client secret shown once (after a create or a reset), in a modal that nothing covers
/// and that stays until the person confirms they stored it: Escape does not close it.
/// Copy buttons for each value, and both as a `.env` file to download.
#[component]
pub fn OneTimeSecret(
    #[prop(into)] title: String,
    identifier: String,
    secret: String,
    on_done: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    Effect::new(move |_| {
        if let Some(d) = dialog.get()
            && !d.open()
        {
            let _ = d.show_modal();
        }
    });
    let stored = RwSignal::new(false);
    let finished = RwSignal::new(false);
    let env = format!("WHMCS_CLIENT_ID={identifier}\nWHMCS_CLIENT_SECRET={secret}\n");
    let download = format!(
        "data:text/plain;charset=utf-8,{}",
        whmcs_api::params::encode_component(&env)
    );
    let file_name = format!(
        "{}.env",
        identifier
            .rsplit('.')
            .next()
            .unwrap_or("whmcs-oauth-client")
    );
    view! {
        <dialog
            node_ref=dialog
            class="dialog secret-dialog"
            data-testid="secret-dialog"
            aria-labelledby="secret-dialog-title"
            aria-describedby="secret-dialog-warning"
            // Escape closes a modal dialog (and browsers let a page refuse that only once per
            // user gesture), so a close that was not "Done" opens it again at once.
            on:close=move |_| {
                if !finished.get_untracked()
                    && let Some(d) = dialog.get_untracked()
                {
                    let _ = d.show_modal();
                }
            }
        >
            <h2 id="secret-dialog-title">{title}</h2>
            <p class="alert alert-warning" id="secret-dialog-warning" data-testid="secret-dialog-warning">
                "Copy the client secret now. It is shown only this once; if it is lost, reset it."
            </p>
            <dl class="secrets">
                <dt>"Client identifier"</dt>
                <dd>
                    <code data-testid="secret-dialog-identifier">{identifier.clone()}</code>
                    <CopyButton text=Signal::stored(identifier) label="Copy the client identifier" testid="secret-dialog-copy-identifier"/>
                </dd>
                <dt>"Client secret"</dt>
                <dd>
                    <code data-testid="secret-dialog-secret">{secret.clone()}</code>
                    <CopyButton text=Signal::stored(secret) label="Copy the client secret" testid="secret-dialog-copy-secret"/>
                </dd>
            </dl>
            <p class="secret-dialog-env">
                <a class="button button-small" href=download download=file_name data-testid="secret-dialog-download">
                    "Download as .env"
                </a>
                <span class="muted">"both values as " <code>"WHMCS_CLIENT_ID"</code> " and " <code>"WHMCS_CLIENT_SECRET"</code></span>
            </p>
            <label class="checkbox">
                <input type="checkbox" data-testid="secret-dialog-stored" on:change=move |_| stored.update(|s| *s = !*s)/>
                " I have stored the client secret somewhere safe."
            </label>
            <div class="form-actions">
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="secret-dialog-done"
                    disabled=move || !stored.get()
                    on:click=move |_| {
                        finished.set(true);
                        if let Some(d) = dialog.get_untracked() {
                            d.close();
                        }
                        on_done.run(());
                    }
                >
                    "Done"
                </button>
            </div>
        </dialog>
    }
}
