//! Waiting for quick repeats to pause: the latest call runs once its caller has been still
//! for a moment, and any later call makes an earlier one stale, even one already running.

use std::future::Future;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone, Copy)]
pub struct Debounce {
    latest: StoredValue<u64>,
    wait: Duration,
}

/// One call's place in line: whether a later call has come since.
#[derive(Clone, Copy)]
pub struct Ticket {
    latest: StoredValue<u64>,
    number: u64,
}

impl Ticket {
    /// Whether no later call came (false once the owner is gone too).
    pub fn is_latest(&self) -> bool {
        self.latest.try_get_value() == Some(self.number)
    }
}

impl Debounce {
    pub fn new(wait: Duration) -> Debounce {
        Debounce {
            latest: StoredValue::new(0),
            wait,
        }
    }

    /// Runs `work` after the wait, unless another call came meanwhile. `work` gets its
    /// ticket, to check after its own awaits whether its answer is still wanted.
    pub fn call<F, Fut>(&self, work: F)
    where
        F: FnOnce(Ticket) -> Fut + 'static,
        Fut: Future<Output = ()> + 'static,
    {
        let ticket = self.cancel();
        let wait = self.wait;
        spawn_local(async move {
            gloo_timers::future::sleep(wait).await;
            if ticket.is_latest() {
                work(ticket).await;
            }
        });
    }

    /// Makes every earlier call stale; the ticket of this moment.
    pub fn cancel(&self) -> Ticket {
        let number = self.latest.get_value().wrapping_add(1);
        self.latest.set_value(number);
        Ticket {
            latest: self.latest,
            number,
        }
    }
}
