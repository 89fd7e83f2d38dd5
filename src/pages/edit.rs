use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use whmcs_api::panel_config::REVEAL_NOT_ALLOWED;
use whmcs_api::{Credential, CredentialRef, ListQuery, UpdateCredential};

use crate::api;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::copy_button::CopyButton;
use crate::components::credential_fields::{CredentialFields, Touched};
use crate::components::one_time_secret::OneTimeSecret;
use crate::components::require_login::RequireLogin;
use crate::components::toasts::use_toasts;
use crate::context::use_app;
use crate::pages::note_failure;

/// Edit a credential (`/credentials/:id`): fields, secret reveal and reset, delete.
#[component]
pub fn EditPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <EditLoader/>
        </RequireLogin>
    }
}

#[component]
fn EditLoader() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<u64>().ok())));
    // WHMCS has no "get one" command: list and pick.
    let data = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                None => Ok(None),
                Some(id) => api::list(&ListQuery::default())
                    .await
                    .map(|rows| rows.into_iter().find(|c| c.credential_id == id)),
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = data.get() {
            note_failure(&e);
        }
    });
    let reload = Callback::new(move |()| data.refetch());
    move || {
        match data.get() {
        None => view! { <p class="muted" aria-busy="true" data-testid="edit-loading">"Loading the credential…"</p> }.into_any(),
        Some(Err(e)) => view! {
            <div class="alert alert-error" role="alert" data-testid="edit-error">
                <p>{e.to_string()}</p>
                <button class="button" data-testid="retry" on:click=move |_| data.refetch()>"Try again"</button>
            </div>
        }
        .into_any(),
        Some(Ok(None)) => view! {
            <section class="card" data-testid="edit-missing">
                <h1>"No such credential"</h1>
                <p>"There is no credential with this ID. It may have been deleted."</p>
                <p><a href="/">"Back to the credentials"</a></p>
            </section>
        }
        .into_any(),
        Some(Ok(Some(original))) => view! { <EditForm original reload/> }.into_any(),
    }
    }
}

#[component]
fn EditForm(original: Credential, reload: Callback<()>) -> impl IntoView {
    let app = use_app();
    let toasts = use_toasts();
    let catalogue = app.config.scopes.clone();
    let form = RwSignal::new(crate::form::CredentialForm::from_credential(
        &original, &catalogue,
    ));
    let touched = Touched::new();
    touched.all();
    let original = StoredValue::new(original);
    let check_catalogue = catalogue.clone();
    let checked = Memo::new(move |_| {
        form.with(|f| original.with_value(|o| f.check_update(o, &check_catalogue)))
    });
    let errors = Memo::new(move |_| checked.with(|c| c.as_ref().err().cloned()));
    let changes = Memo::new(move |_| {
        checked.with(|c| c.as_ref().map(|u| u.changed_fields()).unwrap_or_default())
    });

    let save = Action::new_local(|u: &UpdateCredential| {
        let u = u.clone();
        async move { api::update(&u).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            toasts.success("Changes saved.");
            reload.run(());
        }
        Some(Err(e)) => note_failure(&e),
        None => {}
    });
    let app_for_submit = app.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if save.pending().get_untracked() || !app_for_submit.can_update() {
            return;
        }
        if let Some(Ok(u)) = checked.try_get_untracked()
            && !u.changed_fields().is_empty()
        {
            save.dispatch(u);
        }
    };
    let title = original.with_value(|o| o.display_name().to_owned());
    let (id, ident) = original.with_value(|o| (o.credential_id, o.client_identifier.clone()));
    let save_error = move || save.value().get().and_then(Result::err);

    view! {
        <section class="card form-card" aria-labelledby="edit-title">
            <h1 id="edit-title" data-testid="edit-title">{title.clone()}</h1>
            <p class="muted">
                "ID " {id} " · client identifier "
                <code data-testid="edit-identifier">{ident.clone()}</code>
                <CopyButton text=Signal::stored(ident.clone()) label="Copy client identifier"/>
            </p>
            <Show when={
                let app = app.clone();
                move || !app.can_update()
            }>
                <div class="alert alert-warning" data-testid="read-only-notice">
                    "This API credential's role cannot change credentials: the form is read-only."
                </div>
            </Show>
            <form on:submit=submit novalidate>
                <fieldset class="plain" disabled={
                    let app = app.clone();
                    move || !app.can_update()
                }>
                    <CredentialFields form errors touched catalogue/>
                </fieldset>
                {move || save_error().map(|e| view! {
                    <div class="alert alert-error" role="alert" data-testid="form-error">{e.to_string()}</div>
                })}
                <div class="change-summary" data-testid="change-summary" aria-live="polite">
                    {move || {
                        let c = changes.get();
                        if c.is_empty() { "No changes yet.".to_owned() } else { format!("Will change: {}.", c.join(", ")) }
                    }}
                </div>
                <div class="form-actions">
                    <button
                        type="submit"
                        class="button button-primary"
                        data-testid="save"
                        disabled={
                            let app = app.clone();
                            move || {
                                !app.can_update() || save.pending().get() || errors.with(Option::is_some) || changes.with(Vec::is_empty)
                            }
                        }
                    >
                        {move || if save.pending().get() { "Saving…" } else { "Save changes" }}
                    </button>
                    <a class="button button-ghost" href="/">"Back to the list"</a>
                </div>
            </form>
        </section>
        <SecretPanel id client_identifier=ident.clone()/>
        <DangerZone id name=title/>
    }
}

/// The client secret: masked, revealed on demand (audited), or reset behind a warning.
#[component]
fn SecretPanel(id: u64, client_identifier: String) -> impl IntoView {
    let app = use_app();
    let toasts = use_toasts();
    let can_reveal = Signal::derive({
        let app = app.clone();
        move || app.can_reveal()
    });
    let revealed = RwSignal::new(None::<String>);
    let reveal = Action::new_local(move |_: &()| async move { api::reveal_secret(id).await });
    Effect::new(move |_| match reveal.value().get() {
        Some(Ok(s)) => revealed.set(Some(s)),
        Some(Err(e)) => {
            note_failure(&e);
            toasts.error(e.to_string());
        }
        None => {}
    });
    let confirm_reset = RwSignal::new(false);
    let reset = Action::new_local(move |_: &()| async move {
        let mut u = UpdateCredential::new(CredentialRef::Id(id));
        u.reset_secret = true;
        api::update(&u).await
    });
    let new_secret = move || {
        reset
            .value()
            .get()
            .and_then(Result::ok)
            .and_then(|r| r.new_client_secret)
    };
    // Shown until the person confirms they stored it; a new reset shows the next one.
    let showing_new_secret = RwSignal::new(false);
    Effect::new(move |_| match reset.value().get() {
        Some(Ok(_)) => {
            revealed.set(None);
            showing_new_secret.set(true);
        }
        Some(Err(e)) => {
            note_failure(&e);
            toasts.error(e.to_string());
        }
        None => {}
    });
    view! {
        <section class="card form-card" aria-labelledby="secret-title">
            <h2 id="secret-title">"Client secret"</h2>
            {move || {
                new_secret()
                    .filter(|_| showing_new_secret.get())
                    .map(|secret| {
                        view! {
                            <OneTimeSecret
                                title="New client secret"
                                identifier=client_identifier.clone()
                                secret
                                on_done=Callback::new(move |()| {
                                    showing_new_secret.set(false);
                                    toasts.success("The secret was reset. The old one no longer works.");
                                })
                            />
                        }
                    })
            }}
            <p class="secret-line">
                {move || match revealed.get() {
                    Some(s) => view! {
                        <code data-testid="revealed-secret">{s.clone()}</code>
                        <CopyButton text=Signal::stored(s) label="Copy client secret" testid="copy-secret"/>
                        <button class="button button-small" data-testid="hide-secret" on:click=move |_| revealed.set(None)>"Hide"</button>
                    }
                    .into_any(),
                    None => view! {
                        <code data-testid="secret-masked" aria-label="Secret hidden">"••••••••••••••••"</code>
                        <Show when=move || can_reveal.get()>
                            <button
                                class="button button-small"
                                data-testid="reveal-secret"
                                disabled=move || reveal.pending().get()
                                on:click=move |_| { reveal.dispatch(()); }
                            >
                                "Reveal"
                            </button>
                        </Show>
                    }
                    .into_any(),
                }}
            </p>
            {move || if can_reveal.get() {
                view! { <p class="muted hint">"Revealing a secret is recorded in the audit log."</p> }.into_any()
            } else {
                view! { <p class="muted hint" data-testid="reveal-not-allowed">{REVEAL_NOT_ALLOWED}</p> }.into_any()
            }}
            <div class="form-actions">
                <button
                    class="button"
                    data-testid="reset-secret"
                    disabled={
                        let app = app.clone();
                        move || !app.can_update() || reset.pending().get()
                    }
                    on:click=move |_| confirm_reset.set(true)
                >
                    "Reset secret…"
                </button>
            </div>
            <ConfirmDialog
                open=confirm_reset
                title="Reset the client secret?"
                confirm_label="Reset secret"
                testid="reset-dialog"
                danger=true
                on_confirm=Callback::new(move |()| { reset.dispatch(()); })
            >
                <p>
                    "The current secret stops working at once. Every application or integration "
                    "that uses it will fail to sign in until it is given the new secret."
                </p>
            </ConfirmDialog>
        </section>
    }
}

/// Delete, behind a confirmation that names the credential.
#[component]
fn DangerZone(id: u64, name: String) -> impl IntoView {
    let app = use_app();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let confirm = RwSignal::new(false);
    let delete = Action::new_local(move |_: &()| async move { api::delete(id).await });
    let deleted_name = name.clone();
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(_)) => {
            toasts.success(format!("Deleted “{deleted_name}”."));
            navigate("/", Default::default());
        }
        Some(Err(e)) => {
            note_failure(&e);
            toasts.error(e.to_string());
        }
        None => {}
    });
    view! {
        <section class="card form-card danger-zone" aria-labelledby="danger-title">
            <h2 id="danger-title">"Delete"</h2>
            <p class="muted">"Applications using this credential stop working at once. This cannot be undone."</p>
            <button
                class="button button-danger"
                data-testid="delete"
                disabled={
                    let app = app.clone();
                    move || !app.can_delete() || delete.pending().get()
                }
                on:click=move |_| confirm.set(true)
            >
                "Delete credential…"
            </button>
            <ConfirmDialog
                open=confirm
                title="Delete this credential?"
                confirm_label="Delete"
                testid="delete-dialog"
                danger=true
                on_confirm=Callback::new(move |()| { delete.dispatch(()); })
            >
                <p data-testid="delete-dialog-text">
                    {format!("“{name}” will be deleted. Applications using it stop working at once.")}
                </p>
            </ConfirmDialog>
        </section>
    }
}
