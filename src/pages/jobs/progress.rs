//! What the jobs pages share: following a job while it runs, and how its state and counts
//! read.

use std::future::Future;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use whmcs_api::job::{JobShown, JobView};

use crate::components::installation_context::thousands;

/// How often a running job is asked about.
const EVERY: Duration = Duration::from_secs(1);

/// Fetches with `fetch`, hands each answer to `take`, and asks again after a second while
/// `take` says the job still runs; stops when the page is left.
pub fn follow<F, Fut, T>(fetch: F, take: impl Fn(T) -> bool + 'static)
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = T> + 'static,
    T: 'static,
{
    let alive = StoredValue::new(());
    spawn_local(async move {
        loop {
            let answer = fetch().await;
            if alive.try_get_value().is_none() || !take(answer) {
                return;
            }
            gloo_timers::future::sleep(EVERY).await;
            if alive.try_get_value().is_none() {
                return;
            }
        }
    });
}

/// A job's state in words, and its badge's classes.
pub fn state_label(state: JobShown) -> (&'static str, &'static str) {
    match state {
        JobShown::Running => ("Running", "status"),
        JobShown::Paused => ("Paused", "status"),
        JobShown::Cancelled => ("Cancelled", "status status-ended"),
        JobShown::Finished => ("Finished", "status status-done"),
        JobShown::Interrupted => ("Interrupted", "status status-ended"),
    }
}

/// "120 done, 2 failed, 878 left of 1,000".
pub fn counts_line(j: &JobView) -> String {
    format!(
        "{} done, {} failed, {} left of {}",
        thousands(j.done as u64),
        thousands(j.failed as u64),
        thousands(j.left as u64),
        thousands(j.total as u64)
    )
}

/// "45.2 per second, about 20 s left", while it runs.
pub fn pace_line(j: &JobView) -> Option<String> {
    if j.state != JobShown::Running || j.pace_tenths == 0 {
        return None;
    }
    let left = j.seconds_left.map(|s| match s {
        0..=59 => format!(", about {s} s left"),
        60..=3599 => format!(", about {} min left", s.div_ceil(60)),
        _ => format!(", about {} h {} min left", s / 3600, (s % 3600) / 60),
    });
    // Integer arithmetic: formatting an `f64` costs the download about 5 kB.
    let tenths = j.pace_tenths;
    Some(format!(
        "{}.{} per second{}",
        tenths / 10,
        tenths % 10,
        left.unwrap_or_default()
    ))
}

/// A Unix time as `2026-12-06 21:55 UTC`.
pub fn started_at(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let date = time::Date::from_julian_day((2_440_588 + days) as i32).unwrap_or(time::Date::MIN);
    let rest = secs % 86_400;
    format!(
        "{}-{:02}-{:02} {:02}:{:02} UTC",
        date.year(),
        u8::from(date.month()),
        date.day(),
        rest / 3600,
        (rest % 3600) / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_pace_read_as_people_say_them() {
        assert_eq!(started_at(0), "1970-01-01 00:00 UTC");
        assert_eq!(started_at(1_796_594_100), "2026-12-06 21:55 UTC");
        let mut j: JobView = serde_json::from_value(serde_json::json!({
            "id": "a", "label": "x", "kind": "delete", "state": "running", "total": 1000,
            "done": 120, "failed": 2, "inFlight": 4, "left": 878, "refused": 0,
            "paceTenths": 452, "secondsLeft": 20, "createdAt": 0, "secretsHeld": 0,
            "hasRecord": true
        }))
        .unwrap();
        assert_eq!(counts_line(&j), "120 done, 2 failed, 878 left of 1,000");
        assert_eq!(
            pace_line(&j).as_deref(),
            Some("45.2 per second, about 20 s left")
        );
        j.seconds_left = Some(3725);
        assert_eq!(
            pace_line(&j).as_deref(),
            Some("45.2 per second, about 1 h 2 min left")
        );
        j.state = JobShown::Paused;
        assert_eq!(pace_line(&j), None);
    }
}
