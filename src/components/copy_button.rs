use leptos::prelude::*;
use leptos::task::spawn_local;

/// A button that copies `text` to the clipboard and says so for a moment.
#[component]
pub fn CopyButton(
    #[prop(into)] text: Signal<String>,
    #[prop(into)] label: String,
    #[prop(into, optional)] testid: String,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let click = move |_| {
        let value = text.get_untracked();
        spawn_local(async move {
            let Some(window) = web_sys::window() else {
                return;
            };
            let promise = window.navigator().clipboard().write_text(&value);
            if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                copied.set(true);
                gloo_timers::future::sleep(std::time::Duration::from_millis(1500)).await;
                copied.set(false);
            }
        });
    };
    view! {
        <button
            type="button"
            class="button button-small"
            data-testid=testid
            aria-label=label.clone()
            on:click=click
        >
            {move || if copied.get() { "Copied" } else { "Copy" }}
        </button>
    }
}
