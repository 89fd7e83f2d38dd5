use leptos::prelude::*;

use crate::api;
use crate::components::form_field::FormField;
use crate::context::{safe_next, use_app};
use crate::router::{navigate_to_page, use_location};
use crate::task::Task;

/// Log in with a WHMCS API credential (identifier and secret).
#[component]
pub fn LoginPage() -> impl IntoView {
    let app = use_app();
    let location = use_location();
    let identifier = RwSignal::new(String::new());
    let secret = RwSignal::new(String::new());

    let login = Task::with_answer(
        move |(id, secret): (String, String)| async move { api::login(&id, &secret).await },
        move |answer| {
            if let Ok(info) = answer {
                app.session.set(Some(info.clone()));
                secret.set(String::new());
                navigate_to_page(&safe_next(location.query("next")));
            }
        },
    );
    let error = move || login.value().get().and_then(Result::err);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        login.dispatch((
            identifier.get_untracked().trim().to_owned(),
            secret.get_untracked(),
        ));
    };
    let blank = move || identifier.get().trim().is_empty() || secret.get().is_empty();

    view! {
        <section class="card login" aria-labelledby="login-title">
            <h1 id="login-title">"Log in"</h1>
            <p class="muted">
                "Use a WHMCS API credential (System Settings → API Credentials). "
                "Its role decides what you can do here."
            </p>
            {(!app.config.demo_logins.is_empty()).then(|| view! {
                <div class="alert alert-success demo-logins" data-testid="demo-logins">
                    <p><strong>"Demo installation."</strong> " Log in with one of its API credentials:"</p>
                    <ul>
                        {app.config.demo_logins.iter().map(|l| {
                            let (id, sec) = (l.identifier.clone(), l.secret.clone());
                            view! {
                                <li>
                                    <code>{l.identifier.clone()}</code> " / " <code>{l.secret.clone()}</code>
                                    <span class="muted">" · " {l.role.clone()} " "</span>
                                    <button
                                        type="button"
                                        class="button button-small"
                                        data-testid="use-demo-login"
                                        on:click=move |_| {
                                            identifier.set(id.clone());
                                            secret.set(sec.clone());
                                        }
                                    >
                                        "Use"
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            })}
            <form on:submit=submit novalidate>
                <FormField for_id="login-identifier" label="Identifier">
                    <input
                        id="login-identifier"
                        data-testid="login-identifier"
                        autocomplete="username"
                        spellcheck="false"
                        bind:value=identifier
                    />
                </FormField>
                <FormField for_id="login-secret" label="Secret">
                    <input
                        id="login-secret"
                        type="password"
                        data-testid="login-secret"
                        autocomplete="current-password"
                        bind:value=secret
                    />
                </FormField>
                {move || error().map(|e| view! {
                    <div class="alert alert-error" role="alert" data-testid="login-error">{e.to_string()}</div>
                })}
                <button
                    type="submit"
                    class="button button-primary"
                    data-testid="login-submit"
                    aria-describedby="login-hint"
                    disabled=move || blank() || login.pending().get()
                >
                    {move || if login.pending().get() { "Logging in…" } else { "Log in" }}
                </button>
                // Why the button is disabled, where the person looks for it.
                <p class="muted hint login-hint" id="login-hint" data-testid="login-hint">
                    {move || if blank() { "Enter the identifier and the secret to log in." } else { "" }}
                </p>
            </form>
        </section>
    }
}
