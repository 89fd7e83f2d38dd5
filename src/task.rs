//! A job a person starts with a click (log in, save, reveal, delete…): one run at a time,
//! whether it is running, and its last answer. Leptos' `Action::new_local` does this with
//! more than the panel needs (input and version signals, transitions, `Send` futures),
//! compiled once per action, about 5 kB of the download for nine of them. Here only the
//! signals are typed; the job itself is a boxed future, spawned by one non-generic function.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use leptos::reactive::owner::Owner;

type Job<I> = Rc<dyn Fn(I) -> Pin<Box<dyn Future<Output = ()>>>>;

pub struct Task<I: 'static, O: Send + Sync + 'static> {
    /// The job, and the owner of the page that made it: the job and its answer run as
    /// that page (its context: the app state, toasts), as they would in an effect.
    job: StoredValue<(Owner, Job<I>), LocalStorage>,
    pending: ReadSignal<bool>,
    set_pending: WriteSignal<bool>,
    value: ReadSignal<Option<O>>,
}

impl<I: 'static, O: Send + Sync + 'static> Clone for Task<I, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: 'static, O: Send + Sync + 'static> Copy for Task<I, O> {}

impl<I: 'static, O: Send + Sync + 'static> Task<I, O> {
    /// A task that runs `run` on each [`dispatch`](Self::dispatch).
    pub fn new<F, Fut>(run: F) -> Self
    where
        F: Fn(I) -> Fut + 'static,
        Fut: Future<Output = O> + 'static,
    {
        Self::with_answer(run, |_: &O| {})
    }

    /// A task that runs `run` on each dispatch and hands each answer to `on_answer` (toasts,
    /// navigation) before it becomes [`value`](Self::value) — unless the page that made the
    /// task was left while it ran: then nobody is there to tell.
    pub fn with_answer<F, Fut, A>(run: F, on_answer: A) -> Self
    where
        F: Fn(I) -> Fut + 'static,
        Fut: Future<Output = O> + 'static,
        A: Fn(&O) + 'static,
    {
        let (pending, set_pending) = signal(false);
        let (value, set_value) = signal(None::<O>);
        let on_answer = Rc::new(on_answer);
        let job: Job<I> = Rc::new(move |input| {
            let answer = run(input);
            let on_answer = on_answer.clone();
            Box::pin(async move {
                let answer = answer.await;
                if set_value.is_disposed() {
                    return;
                }
                on_answer(&answer);
                set_value.set(Some(answer));
                set_pending.set(false);
            })
        });
        Task {
            job: StoredValue::new_local((Owner::current().unwrap_or_default(), job)),
            pending,
            set_pending,
            value,
        }
    }

    /// Starts the job, unless it is running already: a double click does not do it twice.
    pub fn dispatch(&self, input: I) {
        if self.pending.get_untracked() {
            return;
        }
        let started = self
            .job
            .try_with_value(|(owner, job)| (owner.clone(), owner.with(|| job(input))));
        if let Some((owner, job)) = started {
            self.set_pending.set(true);
            spawn(owner, job);
        }
    }

    /// Whether the job is running (for "Saving…" and disabled buttons).
    pub fn pending(&self) -> ReadSignal<bool> {
        self.pending
    }

    /// The last run's answer, `None` before the first one ends.
    pub fn value(&self) -> ReadSignal<Option<O>> {
        self.value
    }
}

/// Runs the job as its page's owner, with no observer (nothing it reads subscribes).
///
/// On a Leptos upgrade, re-check that `ScopedFuture::new_untracked` still takes the
/// current owner and clears the observer on every poll; the e2e tests that leave a page
/// while its save runs (edit, create) show whether answers still land in the right page.
fn spawn(owner: Owner, job: Pin<Box<dyn Future<Output = ()>>>) {
    wasm_bindgen_futures::spawn_local(owner.with(|| ScopedFuture::new_untracked(job)));
}
