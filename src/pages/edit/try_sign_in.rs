//! "Try sign-in" for an authorization code credential: a setup check that names the usual
//! mistakes before anyone tries, and the authorization URL an app would send a person to
//! (state, nonce and redirect URI always; no PKCE, which WHMCS ignores), to copy or open.

use leptos::prelude::*;
use whmcs_api::Credential;
use whmcs_api::sign_in::{self, AuthorizationRequest, Severity};

use crate::components::copy_button::CopyButton;
use crate::components::form_field::FormField;
use crate::context::use_app;
use crate::pkce;
use crate::task::Task;

/// What one press of "Build sign-in link" made.
#[derive(Clone)]
struct Built {
    url: String,
    state: String,
    nonce: String,
}

#[component]
pub fn TrySignIn(credential: Credential) -> impl IntoView {
    let app = use_app();
    let catalogue = &app.config.scopes;
    let findings = sign_in::setup_check(&credential, catalogue);
    let blocked = findings.iter().any(|f| f.severity == Severity::Problem);
    let redirect = RwSignal::new(
        credential
            .redirect_uris
            .first()
            .cloned()
            .unwrap_or_default(),
    );
    let scopes = RwSignal::new(sign_in::default_scopes(&credential, catalogue).join(" "));
    let endpoint = app.config.authorize_url.clone();
    let client_id = credential.client_identifier.clone();
    let build = Task::new(move |()| {
        let (endpoint, client_id) = (endpoint.clone(), client_id.clone());
        async move {
            let (state, nonce) = (pkce::random_token(16), pkce::random_token(16));
            let scopes: Vec<String> = scopes
                .get_untracked()
                .split_whitespace()
                .map(str::to_owned)
                .collect();
            let redirect_uri = redirect.get_untracked();
            let url = AuthorizationRequest {
                endpoint: &endpoint,
                client_id: &client_id,
                redirect_uri: &redirect_uri,
                scopes: &scopes,
                state: &state,
                nonce: &nonce,
            }
            .url();
            Built { url, state, nonce }
        }
    });
    let redirect_options = StoredValue::new(credential.redirect_uris.clone());
    let none_registered = credential.redirect_uris.is_empty();
    view! {
        <section class="card form-card" id="test-section" aria-labelledby="try-title" data-testid="try-sign-in">
            <h2 id="try-title">"Try sign-in"</h2>
            {if findings.is_empty() {
                view! {
                    <p class="alert alert-success" data-testid="setup-ok">
                        "Setup check: the grant, redirect URIs and scopes are what a sign-in needs."
                    </p>
                }.into_any()
            } else {
                view! {
                    <ul class="findings" data-testid="setup-check">
                        {findings.into_iter().map(|f| view! {
                            <li
                                class=match f.severity {
                                    Severity::Problem | Severity::Danger => "alert alert-error",
                                    Severity::Warning => "alert alert-warning",
                                }
                                data-testid="setup-finding"
                            >
                                {f.message}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <Show when=move || !blocked>
                <FormField for_id="try-redirect" label="Redirect URI">
                    {if none_registered {
                        // None registered: WHMCS takes any, so the person names the app's.
                        view! {
                            <input
                                id="try-redirect"
                                data-testid="try-redirect"
                                type="url"
                                placeholder="https://app.example/callback"
                                prop:value=move || redirect.get()
                                on:input=move |ev| redirect.set(event_target_value(&ev))
                            />
                        }.into_any()
                    } else {
                        view! {
                            <select
                                id="try-redirect"
                                data-testid="try-redirect"
                                on:change=move |ev| redirect.set(event_target_value(&ev))
                            >
                                {redirect_options.with_value(|uris| uris.iter().map(|uri| view! { <option value=uri.clone()>{uri.clone()}</option> }).collect_view())}
                            </select>
                        }.into_any()
                    }}
                </FormField>
                <FormField for_id="try-scopes" label="Scopes">
                    <input
                        id="try-scopes"
                        data-testid="try-scopes"
                        prop:value=move || scopes.get()
                        on:input=move |ev| scopes.set(event_target_value(&ev))
                    />
                </FormField>
                <div class="form-actions">
                    <button class="button" data-testid="build-sign-in" on:click=move |_| { build.dispatch(()); }>
                        "Build sign-in link"
                    </button>
                </div>
                {move || build.value().get().map(|b| {
                    let redirect_uri = redirect.get_untracked();
                    view! {
                        <p class="sign-in-url">
                            <code data-testid="sign-in-url">{b.url.clone()}</code>
                        </p>
                        <p class="form-actions">
                            <CopyButton text=Signal::stored(b.url.clone()) label="Copy the sign-in link" testid="copy-sign-in-url"/>
                            <a class="button button-small" href=b.url target="_blank" rel="noopener noreferrer" data-testid="open-sign-in">
                                "Open in a new tab"
                            </a>
                        </p>
                        <dl class="secrets">
                            <dt>"state"</dt>
                            <dd><code data-testid="sign-in-state">{b.state}</code></dd>
                            <dt>"nonce"</dt>
                            <dd><code data-testid="sign-in-nonce">{b.nonce}</code></dd>
                        </dl>
                        <p class="muted hint">
                            {format!(
                                "After the sign-in and consent, WHMCS sends the browser to {redirect_uri} with code and state. \
                                 The app checks state, exchanges the code within 30 seconds at the token endpoint with its secret \
                                 and this same redirect URI, and checks the ID token's nonce. WHMCS ignores PKCE, \
                                 so the client secret and the exact redirect URI are what protect the code."
                            )}
                        </p>
                    }
                })}
            </Show>
        </section>
    }
}
