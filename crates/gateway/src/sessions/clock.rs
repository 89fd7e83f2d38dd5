//! The time sessions age by: the system's, or one a test moves by hand, so a test of the
//! timeouts waits for nothing and forges no record.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Unix seconds, from the system or from a test.
#[derive(Clone, Default)]
pub struct Clock(Option<Arc<AtomicU64>>);

impl Clock {
    pub fn system() -> Clock {
        Clock(None)
    }

    /// A clock that stands at `secs` until `advance` moves it.
    pub fn manual(secs: u64) -> Clock {
        Clock(Some(Arc::new(AtomicU64::new(secs))))
    }

    pub fn now_secs(&self) -> u64 {
        match &self.0 {
            Some(manual) => manual.load(Ordering::Relaxed),
            None => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0),
        }
    }

    /// Moves a manual clock on (a system clock moves by itself).
    pub fn advance(&self, secs: u64) {
        if let Some(manual) = &self.0 {
            manual.fetch_add(secs, Ordering::Relaxed);
        }
    }
}
