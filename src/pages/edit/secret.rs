use leptos::prelude::*;
use whmcs_api::panel_config::REVEAL_NOT_ALLOWED;
use whmcs_api::{CredentialRef, UpdateCredential};

use super::sso_test::JustReset;
use crate::api;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::copy_button::CopyButton;
use crate::components::one_time_secret::OneTimeSecret;
use crate::components::toasts::use_toasts;
use crate::context::use_app;
use crate::task::Task;

/// The client secret: masked, revealed on demand (audited), or reset behind a warning.
#[component]
pub fn SecretPanel(
    id: u64,
    client_identifier: String,
    /// Set when a reset is done, for the single sign-on test to prove old and new secret.
    just_reset: Option<JustReset>,
) -> impl IntoView {
    let app = use_app();
    let toasts = use_toasts();
    let can_reveal = Signal::derive({
        let app = app.clone();
        move || app.can_reveal()
    });
    let revealed = RwSignal::new(None::<String>);
    let reveal = Task::with_answer(
        move |()| api::reveal_secret(id),
        move |answer| match answer {
            Ok(s) => revealed.set(Some(s.clone())),
            Err(e) => {
                use_app().note_failure(e);
                toasts.error(e.to_string());
            }
        },
    );
    let confirm_reset = RwSignal::new(false);
    // The secret a reset replaces, kept in memory only until the test after the reset: the
    // one on screen, or read (an audited reveal) just before the reset when it can be.
    let old_secret = StoredValue::new(None::<String>);
    // Shown until the person confirms they stored it; a new reset shows the next one.
    let showing_new_secret = RwSignal::new(false);
    let reset = Task::with_answer(
        move |()| async move {
            if just_reset.is_some() {
                let shown = revealed.get_untracked();
                let old = match shown {
                    Some(s) => Some(s),
                    None if can_reveal.get_untracked() => api::reveal_secret(id).await.ok(),
                    None => None,
                };
                old_secret.set_value(old);
            }
            let mut u = UpdateCredential::new(CredentialRef::Id(id));
            u.reset_secret = true;
            api::update(&u).await
        },
        move |answer| match answer {
            Ok(_) => {
                revealed.set(None);
                showing_new_secret.set(true);
            }
            Err(e) => {
                old_secret.set_value(None);
                use_app().note_failure(e);
                toasts.error(e.to_string());
            }
        },
    );
    let new_secret = move || {
        reset
            .value()
            .get()
            .and_then(Result::ok)
            .and_then(|r| r.new_client_secret)
    };
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
                                    if let Some(just_reset) = just_reset {
                                        just_reset.set(Some(old_secret.try_update_value(Option::take).flatten()));
                                    }
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
