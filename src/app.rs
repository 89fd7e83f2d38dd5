use leptos::prelude::*;

use crate::api;

/// The whole panel. For now it proves the pipeline: it loads `/api/config` and shows the
/// product and the gateway's version.
#[component]
pub fn App() -> impl IntoView {
    let config = LocalResource::new(api::get_config);
    view! {
        <header class="topbar">
            <span class="brand" data-testid="product-name">"WHMCS OAuth Admin"</span>
        </header>
        <main class="page">
            <Suspense fallback=|| view! { <p class="muted" data-testid="loading">"Loading…"</p> }>
                {move || {
                    config
                        .get()
                        .map(|result| match result {
                            Ok(c) => {
                                view! {
                                    <section class="card">
                                        <h1>{c.product.clone()}</h1>
                                        <p>
                                            "Version "
                                            <span data-testid="app-version">{c.version.clone()}</span>
                                            " · "
                                            <span data-testid="upstream-label">{c.upstream_label.clone()}</span>
                                        </p>
                                    </section>
                                }
                                    .into_any()
                            }
                            Err(e) => {
                                view! {
                                    <p class="error" role="alert" data-testid="load-error">
                                        {e.to_string()}
                                    </p>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        </main>
    }
}
