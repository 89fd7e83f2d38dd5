use leptos::prelude::*;
use whmcs_api::{CreateCredential, CreateResponse};

use crate::api;
use crate::components::copy_button::CopyButton;
use crate::components::credential_fields::CredentialFields;
use crate::components::one_time_secret::OneTimeSecret;
use crate::components::require_login::RequireLogin;
use crate::context::use_app;
use crate::form::{CredentialForm, Touched};
use crate::task::Task;

/// Create a credential (`/credentials/new`).
#[component]
pub fn CreatePage() -> impl IntoView {
    view! {
        <RequireLogin>
            <CreateForm/>
        </RequireLogin>
    }
}

#[component]
fn CreateForm() -> impl IntoView {
    let app = use_app();
    let catalogue = app.config.scopes.clone();
    let form = RwSignal::new(CredentialForm::default());
    let touched = Touched::new();
    let check_catalogue = catalogue.clone();
    let errors = Memo::new(move |_| form.with(|f| f.check_create(&check_catalogue).err()));

    let create = Task::with_answer(
        |request: CreateCredential| async move { api::create(&request).await },
        |answer| {
            if let Err(e) = answer {
                use_app().note_failure(e);
            }
        },
    );
    let submit_catalogue = catalogue.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched.all();
        if let Ok(request) = form.with_untracked(|f| f.check_create(&submit_catalogue)) {
            create.dispatch(request);
        }
    };
    let invalid = move || errors.with(Option::is_some);
    let hint = move || errors.with(|e| e.as_ref().map(|e| e.first_message().to_owned()));

    view! {
        <section class="card form-card" aria-labelledby="create-title">
            {move || match create.value().get() {
                Some(Ok(created)) => view! { <Created created/> }.into_any(),
                other => {
                    let app = app.clone();
                    let failure = other.and_then(Result::err);
                    let catalogue = catalogue.clone();
                    view! {
                        <h1 id="create-title">"New OAuth credential"</h1>
                        <Show when={
                            let app = app.clone();
                            move || !app.can_create()
                        }>
                            <div class="alert alert-warning" data-testid="read-only-notice">
                                "This API credential's role cannot create credentials: the form is read-only."
                            </div>
                        </Show>
                        <form on:submit=submit.clone() novalidate>
                            <fieldset class="plain" disabled={
                                let app = app.clone();
                                move || !app.can_create()
                            }>
                                <CredentialFields form errors touched catalogue/>
                            </fieldset>
                            {failure.map(|e| view! {
                                <div class="alert alert-error" role="alert" data-testid="form-error">{e.to_string()}</div>
                            })}
                            <div class="form-actions">
                                <button
                                    type="submit"
                                    class="button button-primary"
                                    data-testid="submit"
                                    disabled={
                                        let app = app.clone();
                                        move || invalid() || create.pending().get() || !app.can_create()
                                    }
                                >
                                    {move || if create.pending().get() { "Creating…" } else { "Create credential" }}
                                </button>
                                <a class="button button-ghost" href="/">"Cancel"</a>
                                <Show when=invalid>
                                    <span class="muted hint" data-testid="form-hint">{hint}</span>
                                </Show>
                            </div>
                        </form>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// The new credential: its secret in the one-time dialog first, then what to do next.
#[component]
fn Created(created: CreateResponse) -> impl IntoView {
    let identifier = created.client_identifier.clone();
    let showing_secret = RwSignal::new(true);
    let dialog_identifier = identifier.clone();
    view! {
        <h1 id="create-title">"Credential created"</h1>
        {move || showing_secret.get().then(|| view! {
            <OneTimeSecret
                title="Credential created"
                identifier=dialog_identifier.clone()
                secret=created.client_secret.clone()
                on_done=Callback::new(move |()| showing_secret.set(false))
            />
        })}
        <dl class="secrets">
            <dt>"Client identifier"</dt>
            <dd>
                <code data-testid="created-identifier">{identifier.clone()}</code>
                <CopyButton text=Signal::stored(identifier) label="Copy client identifier" testid="copy-identifier"/>
            </dd>
        </dl>
        <p class="muted" data-testid="secret-shown-once">
            "The client secret was shown once. If it is lost, reset it on the credential's page."
        </p>
        <div class="form-actions">
            <a class="button button-primary" href=format!("/credentials/{}", created.credential_id) data-testid="open-created">
                "Open the credential"
            </a>
            <a class="button" href="/" data-testid="back-to-list">"Back to the list"</a>
        </div>
    }
}
