//! A value fetched in the background, outside any `<Suspense>`: a page shows what it has
//! (a list's first page, say) while other fetches are still under way, keeps its last
//! answer on screen while fetching again, and only the latest fetch's answer lands.

use std::future::Future;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::debounce::Debounce;

pub struct Fetched<T: Send + Sync + 'static> {
    value: RwSignal<Option<T>>,
    again: RwSignal<u32>,
}

impl<T: Send + Sync + 'static> Clone for Fetched<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Fetched<T> {}

impl<T: Clone + Send + Sync + 'static> Fetched<T> {
    /// Runs `fetch` now and whenever what it reads changes; `fetch` reads its inputs
    /// (signals) and returns the future that fetches.
    pub fn new<F, Fut>(fetch: F) -> Fetched<T>
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = T> + 'static,
    {
        let value = RwSignal::new(None);
        let again = RwSignal::new(0u32);
        let latest = Debounce::new(Duration::ZERO);
        Effect::new(move |_| {
            again.track();
            let answer = fetch();
            let ticket = latest.cancel();
            spawn_local(async move {
                let answer = answer.await;
                if ticket.is_latest() {
                    let _ = value.try_set(Some(answer));
                }
            });
        });
        Fetched { value, again }
    }

    /// The last answer, `None` before the first (reactive).
    pub fn get(&self) -> Option<T> {
        self.value.get()
    }

    pub fn with<R>(&self, f: impl FnOnce(&Option<T>) -> R) -> R {
        self.value.with(f)
    }

    /// Fetches again, keeping the last answer until the new one lands.
    pub fn refetch(&self) {
        self.again.update(|n| *n = n.wrapping_add(1));
    }
}
