use leptos::prelude::*;

/// Any address the panel does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="card" data-testid="not-found">
            <h1>"Page not found"</h1>
            <p><a href="/">"Back to the credentials"</a></p>
        </section>
    }
}
