//! Edit a credential (`/credentials/:id`), one section per file.

mod danger_zone;
mod secret;
mod sso_test;
mod try_sign_in;

use leptos::prelude::*;
use whmcs_api::{Credential, GrantType, ListQuery, UpdateCredential};

use crate::api::{self, ClientError};
use crate::components::copy_button::CopyButton;
use crate::components::credential_fields::CredentialFields;
use crate::components::credential_findings::CredentialFindings;
use crate::components::require_login::RequireLogin;
use crate::components::toasts::use_toasts;
use crate::context::use_app;
use crate::form::Touched;
use crate::service_context::{ServiceContext, title_for};
use crate::task::Task;
use danger_zone::DangerZone;
use secret::SecretPanel;
use sso_test::SsoTest;
use try_sign_in::TrySignIn;

/// Edit a credential (`/credentials/:id`): fields, secret reveal and reset, delete.
#[component]
pub fn EditPage(id: String) -> impl IntoView {
    let id = id.parse::<u64>().ok();
    view! {
        <RequireLogin>
            <EditLoader id/>
        </RequireLogin>
    }
}

/// The credential from the session's last list at once, without asking WHMCS again (it has
/// no "get one" command: a fetch lists every credential, about a second at 50,000); a deep
/// link, a retry and "Reload" list and pick.
#[component]
fn EditLoader(id: Option<u64>) -> impl IntoView {
    let cache = use_app().credentials;
    let cached = id.and_then(|id| cache.find(id));
    let from_list = RwSignal::new(cached.is_some());
    let shown = RwSignal::new(cached.map(|c| Ok(Some(c))));
    let toasts = use_toasts();
    let fetch = Task::with_answer(
        move |()| async move {
            match id {
                None => Ok(None),
                Some(id) => api::list(&ListQuery::default())
                    .await
                    .map(|rows| rows.into_iter().find(|c| c.credential_id == id)),
            }
        },
        move |answer: &Result<Option<Credential>, ClientError>| {
            if let Err(e) = answer {
                use_app().note_failure(e);
                // A failed reload keeps the form (and any edits in it) and says why.
                if shown.with_untracked(|s| matches!(s, Some(Ok(Some(_))))) {
                    toasts.error(e.to_string());
                    return;
                }
            }
            if let (Some(id), Ok(now)) = (id, answer) {
                cache.note(id, now.clone());
            }
            from_list.set(false);
            shown.set(Some(answer.clone()));
        },
    );
    if !from_list.get_untracked() {
        fetch.dispatch(());
    }
    let reload = Callback::new(move |()| {
        fetch.dispatch(());
    });
    let source_line = move || {
        from_list.get().then(|| {
            view! {
                <p class="muted hint source-line" data-testid="edit-source">
                    "Shown as the list loaded it. "
                    <button class="button button-small" data-testid="edit-reload" disabled=move || fetch.pending().get() on:click=move |_| reload.run(())>
                        {move || if fetch.pending().get() { "Reloading…" } else { "Reload from WHMCS" }}
                    </button>
                </p>
            }
        })
    };
    let page = move || {
        match shown.get() {
        None => view! { <p class="muted" aria-busy="true" data-testid="edit-loading">"Loading the credential…"</p> }.into_any(),
        Some(Err(e)) => view! {
            <div class="alert alert-error" role="alert" data-testid="edit-error">
                <p>{e.to_string()}</p>
                <button class="button" data-testid="retry" on:click=move |_| reload.run(())>"Try again"</button>
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
    };
    view! {
        {source_line}
        {page}
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

    let save = Task::with_answer(
        |u: UpdateCredential| async move { api::update(&u).await },
        move |answer| match answer {
            Ok(_) => {
                toasts.success("Changes saved.");
                reload.run(());
            }
            Err(e) => use_app().note_failure(e),
        },
    );
    let app_for_submit = app.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !app_for_submit.can_update() {
            return;
        }
        if let Some(Ok(u)) = checked.try_get_untracked()
            && !u.changed_fields().is_empty()
        {
            save.dispatch(u);
        }
    };
    // An unnamed single sign-on credential is titled by its service once that is known.
    let title = {
        let (fallback, unnamed, service_id) =
            original.with_value(|o| (o.display_name(), o.name.trim().is_empty(), o.service_id));
        let contexts = app.services;
        Signal::derive(move || match contexts.get(service_id) {
            Some(ServiceContext::Found(s)) if unnamed => title_for(&s),
            _ => fallback.clone(),
        })
    };
    let (single_sign_on, sign_in) = original.with_value(|o| {
        (
            o.has_grant(GrantType::SingleSignOn),
            o.has_grant(GrantType::AuthorizationCode).then(|| o.clone()),
        )
    });
    let just_reset = single_sign_on.then(|| RwSignal::new(None));
    let (id, ident, grant) = original.with_value(|o| {
        let grant = o
            .grant_type()
            .map_or_else(|| o.grant_types.join(" "), |g| g.label().to_owned());
        (o.credential_id, o.client_identifier.clone(), grant)
    });
    let save_error = move || save.value().get().and_then(Result::err);
    let test_title = if single_sign_on {
        "Test"
    } else {
        "Try sign-in"
    };

    view! {
        // Who this is, then every section one click away: the settings on the left, the
        // secret, the test and delete beside them on a wide screen.
        <header class="card edit-identity" aria-labelledby="edit-title">
            <h1 id="edit-title" data-testid="edit-title">{title}</h1>
            <p class="identity-line">
                <span class="badge">{grant}</span>
                <span class="muted">"ID " {id}</span>
                <span class="identity-client">
                    <code data-testid="edit-identifier">{ident.clone()}</code>
                    <CopyButton text=Signal::stored(ident.clone()) label="Copy client identifier"/>
                </span>
            </p>
            <nav class="section-nav" aria-label="Sections">
                <a href="#settings">"Settings"</a>
                <a href="#scopes">"Scopes"</a>
                <a href="#redirects">"Redirect URIs"</a>
                <a href="#secret-title">"Secret"</a>
                {(single_sign_on || sign_in.is_some()).then(|| view! { <a href="#test-section">{test_title}</a> })}
                <a href="#danger-title">"Danger zone"</a>
            </nav>
        </header>
        <CredentialFindings credential=original.get_value()/>
        <div class="edit-layout">
        <section class="card form-card" id="settings" aria-label="Settings">
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
        <aside class="edit-side">
            <SecretPanel id client_identifier=ident.clone() just_reset/>
            {just_reset.map(|just_reset| view! { <SsoTest id just_reset/> })}
            {sign_in.map(|credential| view! { <TrySignIn credential/> })}
            <DangerZone id name=title.get_untracked()/>
        </aside>
        </div>
    }
}
