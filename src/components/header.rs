use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::context::use_app;
use crate::router::navigate_to_page;

/// The top bar: product, the installation, who is logged in, and logout.
#[component]
pub fn Header() -> impl IntoView {
    let app = use_app();
    let label = app.config.upstream_label.clone();
    let logout = move |_| {
        spawn_local(async move {
            // Logged out locally even if the gateway is gone: the cookie dies with its timeout.
            let _ = api::logout().await;
            app.session.set(None);
            app.credentials.clear();
            navigate_to_page("/login");
        });
    };
    view! {
        <header class="topbar">
            <a class="brand" href="/" data-testid="product-name">"WHMCS OAuth Admin"</a>
            <span class="installation" data-testid="upstream-label" title="WHMCS installation">{label}</span>
            <Show when=move || app.session.get().is_some()>
                <nav class="sections" aria-label="Sections">
                    <a href="/" data-testid="nav-credentials">"Credentials"</a>
                    <a href="/findings" data-testid="nav-findings">"Findings"</a>
                    <a href="/jobs" data-testid="nav-jobs">"Jobs"</a>
                </nav>
            </Show>
            <span class="spacer"></span>
            <Show when=move || app.session.get().is_some()>
                <span class="who" data-testid="logged-in-as">
                    {move || app.session.get().map(|s| s.identifier).unwrap_or_default()}
                </span>
                <Show when={
                    let app = app.clone();
                    move || app.is_read_only()
                }>
                    <span class="badge" data-testid="read-only-badge" title="This API credential's role cannot change credentials">
                        "Read-only"
                    </span>
                </Show>
                <button class="button button-ghost" data-testid="logout" on:click=logout>
                    "Log out"
                </button>
            </Show>
        </header>
    }
}
