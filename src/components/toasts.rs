use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone, PartialEq, Eq)]
pub struct Toast {
    id: u64,
    text: String,
    error: bool,
}

/// Short notices about results, shown in a live region and gone after a few seconds.
#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next: RwSignal<u64>,
}

impl Toasts {
    pub fn new() -> Toasts {
        Toasts {
            list: RwSignal::new(Vec::new()),
            next: RwSignal::new(0),
        }
    }

    pub fn success(&self, text: impl Into<String>) {
        self.push(text.into(), false);
    }

    pub fn error(&self, text: impl Into<String>) {
        self.push(text.into(), true);
    }

    fn push(&self, text: String, error: bool) {
        let id = self.next.get_untracked();
        self.next.set(id + 1);
        self.list.update(|l| l.push(Toast { id, text, error }));
        let list = self.list;
        spawn_local(async move {
            gloo_timers::future::sleep(Duration::from_secs(6)).await;
            list.update(|l| l.retain(|t| t.id != id));
        });
    }
}

impl Default for Toasts {
    fn default() -> Self {
        Toasts::new()
    }
}

pub fn use_toasts() -> Toasts {
    use_context::<Toasts>().expect("Toasts are provided by the shell")
}

/// Where toasts appear.
#[component]
pub fn Toaster() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toasts.list.get() key=|t| t.id let:t>
                <div class=if t.error { "toast toast-error" } else { "toast" } data-testid="toast">{t.text}</div>
            </For>
        </div>
    }
}
