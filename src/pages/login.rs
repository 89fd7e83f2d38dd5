use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::context::{safe_next, use_app};

/// Log in with a WHMCS API credential (identifier and secret).
#[component]
pub fn LoginPage() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let navigate = use_navigate();
    let identifier = RwSignal::new(String::new());
    let secret = RwSignal::new(String::new());

    let login = Action::new_local(move |(id, secret): &(String, String)| {
        let (id, secret) = (id.clone(), secret.clone());
        async move { api::login(&id, &secret).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(info)) = login.value().get() {
            app.session.set(Some(info));
            secret.set(String::new());
            navigate(
                &safe_next(query.get_untracked().get("next")),
                Default::default(),
            );
        }
    });
    let error = move || login.value().get().and_then(Result::err);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !login.pending().get_untracked() {
            login.dispatch((
                identifier.get_untracked().trim().to_owned(),
                secret.get_untracked(),
            ));
        }
    };
    let blank = move || identifier.get().trim().is_empty() || secret.get().is_empty();

    view! {
        <section class="card login" aria-labelledby="login-title">
            <h1 id="login-title">"Log in"</h1>
            <p class="muted">
                "Use a WHMCS API credential (System Settings → API Credentials). "
                "Its role decides what you can do here."
            </p>
            <form on:submit=submit novalidate>
                <div class="field">
                    <label for="login-identifier">"Identifier"</label>
                    <input
                        id="login-identifier"
                        data-testid="login-identifier"
                        autocomplete="username"
                        spellcheck="false"
                        bind:value=identifier
                    />
                </div>
                <div class="field">
                    <label for="login-secret">"Secret"</label>
                    <input
                        id="login-secret"
                        type="password"
                        data-testid="login-secret"
                        autocomplete="current-password"
                        bind:value=secret
                    />
                </div>
                {move || error().map(|e| view! {
                    <div class="alert alert-error" role="alert" data-testid="login-error">{e.to_string()}</div>
                })}
                <button
                    type="submit"
                    class="button button-primary"
                    data-testid="login-submit"
                    disabled=move || blank() || login.pending().get()
                >
                    {move || if login.pending().get() { "Logging in…" } else { "Log in" }}
                </button>
            </form>
        </section>
    }
}
