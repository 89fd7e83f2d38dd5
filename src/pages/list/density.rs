//! Row spacing, compact (the default, most rows on a screen) or comfortable, kept in local
//! storage (a display preference, nothing secret).

use leptos::prelude::*;

const KEY: &str = "oauth-admin.list-density";

/// Whether this browser chose comfortable rows.
pub(super) fn comfortable() -> bool {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .as_deref()
        == Some("comfortable")
}

fn keep(comfortable: bool) {
    if let Ok(Some(storage)) = window().local_storage() {
        let value = if comfortable {
            "comfortable"
        } else {
            "compact"
        };
        let _ = storage.set_item(KEY, value);
    }
}

/// The toggle; `comfortable` is what the table's spacing follows.
#[component]
pub(super) fn DensityToggle(comfortable: RwSignal<bool>) -> impl IntoView {
    view! {
        <button
            type="button"
            class="button button-small button-ghost"
            data-testid="density"
            aria-pressed=move || comfortable.get().to_string()
            title="Row spacing, remembered in this browser"
            on:click=move |_| {
                let next = !comfortable.get_untracked();
                comfortable.set(next);
                keep(next);
            }
        >
            "Comfortable rows"
        </button>
    }
}
