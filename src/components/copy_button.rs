use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

/// How long a button says "Copied".
const COPIED_FOR: Duration = Duration::from_millis(1500);

/// Writes `text` to the clipboard; whether the browser took it.
pub async fn write_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// A button that copies `text` to the clipboard and says so for a moment.
#[component]
pub fn CopyButton(
    #[prop(into)] text: Signal<String>,
    #[prop(into)] label: String,
    #[prop(into, optional)] testid: String,
) -> impl IntoView {
    // What the button says for a moment after a click: whether the browser took the text.
    let said = RwSignal::new(None::<&'static str>);
    let click = move |_| {
        let value = text.get_untracked();
        spawn_local(async move {
            said.set(Some(outcome(write_clipboard(&value).await)));
            gloo_timers::future::sleep(COPIED_FOR).await;
            said.set(None);
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
            {move || said.get().unwrap_or("Copy")}
        </button>
    }
}

/// For a whole table of plain `<button data-copy="…">Copy</button>`: copies the clicked
/// one's text and says so on it for a moment, with one handler instead of signals per row.
pub fn copy_clicked(ev: &web_sys::Event) {
    let Some(button) = crate::dom::closest(ev, "button[data-copy]") else {
        return;
    };
    let Some(text) = button.get_attribute("data-copy") else {
        return;
    };
    spawn_local(async move {
        // A row's button has room for one word only ("Copy failed" is cut off there).
        let said = match write_clipboard(&text).await {
            true => "Copied",
            false => "Failed",
        };
        button.set_text_content(Some(said));
        gloo_timers::future::sleep(COPIED_FOR).await;
        button.set_text_content(Some("Copy"));
    });
}

/// What a copy button says after a click (a row's short one says "Failed"). A browser may refuse the clipboard (no secure
/// context, a permission policy): then the person must select the text themselves, and
/// must not believe it was copied.
fn outcome(copied: bool) -> &'static str {
    if copied { "Copied" } else { "Copy failed" }
}
