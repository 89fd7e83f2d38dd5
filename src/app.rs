use leptos::prelude::*;

use crate::api;
use crate::components::header::Header;
use crate::components::toasts::{Toaster, Toasts};
use crate::context::AppContext;
use crate::fetched::Fetched;
use crate::pages::{
    CreatePage, EditPage, FindingsPage, JobPage, JobsPage, ListPage, LoginPage, NotFound,
};
use crate::router::{Route, provide_router};

/// The whole panel: loads the gateway's configuration and session, then routes.
#[component]
pub fn App() -> impl IntoView {
    let config = Fetched::new(api::get_config);
    view! {
            {move || {
                config
                    .get()
                    .map_or_else(|| view! { <p class="page muted" data-testid="loading">"Loading…"</p> }.into_any(), |result| match result {
                        Ok(config) => view! { <Shell config/> }.into_any(),
                        Err(e) => {
                            view! {
                                <header class="topbar">
                                    <span class="brand" data-testid="product-name">"WHMCS OAuth Admin"</span>
                                </header>
                                <main class="page">
                                    <div class="alert alert-error" role="alert" data-testid="load-error">
                                        {e.to_string()}
                                    </div>
                                </main>
                            }
                                .into_any()
                        }
                    })
            }}
    }
}

/// Everything below the configuration: session, header and routes.
#[component]
fn Shell(config: whmcs_api::PanelConfig) -> impl IntoView {
    let version = config.version.clone();
    let ctx = AppContext {
        config,
        session: RwSignal::new(None),
        read_only: RwSignal::new(false),
        credentials: Default::default(),
        services: Default::default(),
    };
    provide_context(ctx.clone());
    provide_context(Toasts::new());
    let location = provide_router();
    // Only a change of path changes the page; a change of query is the page's own business.
    let route = Memo::new(move |_| location.path.with(|p| Route::parse(p)));
    // Who is logged in decides whether pages render or send the person to the login page.
    let checked = Fetched::new(move || async move {
        if let Ok(info) = api::get_session().await {
            ctx.session.set(Some(info));
        }
    });
    view! {
            <Header/>
            <main class="page">
                    {move || checked.get().map_or_else(|| view! { <p class="muted">"Loading…"</p> }.into_any(), |_| match route.get() {
                        Route::List => view! { <ListPage/> }.into_any(),
                        Route::Login => view! { <LoginPage/> }.into_any(),
                        Route::Create => view! { <CreatePage/> }.into_any(),
                        Route::Edit(id) => view! { <EditPage id/> }.into_any(),
                        Route::Findings => view! { <FindingsPage/> }.into_any(),
                        Route::Jobs => view! { <JobsPage/> }.into_any(),
                        Route::Job(id) => view! { <JobPage id/> }.into_any(),
                        Route::NotFound => view! { <NotFound/> }.into_any(),
                    })}
            </main>
            <Toaster/>
            <footer class="footer muted">
                "WHMCS OAuth Admin " <span data-testid="app-version">{version}</span>
            </footer>
    }
}
