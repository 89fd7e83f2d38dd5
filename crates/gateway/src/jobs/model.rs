//! A bulk job as it is kept: its description (`JobMeta`), its items (planned once, never
//! changed), and one outcome per item as it runs.

use serde::{Deserialize, Serialize};
use whmcs_api::bulk::BulkChange;

/// What the job is doing, as people are told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "state", content = "reason")]
pub enum JobState {
    Running,
    Paused,
    /// Stopped for good; why ("cancelled by demo-admin", "logged out").
    Cancelled(String),
    Finished,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobMeta {
    pub id: String,
    /// The API identifier's hash, as the session store indexes sessions.
    pub owner: String,
    pub identifier: String,
    /// The session whose credential runs the job (its record key).
    pub session: String,
    pub change: BulkChange,
    pub label: String,
    pub total: usize,
    pub state: JobState,
    /// Unix seconds.
    pub created_at: u64,
    /// When the current run began, and how many items were done then: the rate.
    pub run_started_at: u64,
    pub done_at_run_start: usize,
    pub finished_at: Option<u64>,
    /// WHMCS would refuse these (from the preview's rules), so they were never sent.
    pub refused: usize,
}

/// One credential's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobItem {
    pub credential_id: u64,
    pub client_identifier: String,
    pub name: String,
    pub before: String,
    pub after: String,
    /// The WHMCS call, form-encoded, without credentials.
    pub request: String,
}

/// What became of one item. Kept as short text in the store: `s` started (its intent is
/// audited and the call may be in flight), `d` done, `f…` failed with WHMCS's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Started,
    Done,
    Failed(String),
}

impl Outcome {
    pub fn encode(&self) -> String {
        match self {
            Outcome::Started => "s".into(),
            Outcome::Done => "d".into(),
            Outcome::Failed(message) => format!("f{message}"),
        }
    }

    pub fn decode(text: &str) -> Option<Outcome> {
        match text.as_bytes().first()? {
            b's' => Some(Outcome::Started),
            b'd' => Some(Outcome::Done),
            b'f' => Some(Outcome::Failed(text[1..].to_owned())),
            _ => None,
        }
    }
}

/// Counts over the outcomes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub done: usize,
    pub failed: usize,
    /// Started but not finished: in flight, or cut short by a dead instance.
    pub started: usize,
}

impl Counts {
    pub fn of<'a>(outcomes: impl IntoIterator<Item = &'a Outcome>) -> Counts {
        let mut c = Counts::default();
        for o in outcomes {
            c.count(o, 1);
        }
        c
    }

    /// Adds (`by` = 1) or takes away (`by` = -1) one outcome.
    pub fn count(&mut self, outcome: &Outcome, by: isize) {
        let field = match outcome {
            Outcome::Started => &mut self.started,
            Outcome::Done => &mut self.done,
            Outcome::Failed(_) => &mut self.failed,
        };
        *field = field.saturating_add_signed(by);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_round_trip_through_their_short_form() {
        for o in [
            Outcome::Started,
            Outcome::Done,
            Outcome::Failed("Invalid Credential ID provided.".into()),
            Outcome::Failed(String::new()),
        ] {
            assert_eq!(Outcome::decode(&o.encode()), Some(o));
        }
        assert_eq!(Outcome::decode(""), None);
        assert_eq!(Outcome::decode("x"), None);
    }

    #[test]
    fn counts_follow_outcomes_replaced() {
        let mut c = Counts::of(&[Outcome::Started, Outcome::Done]);
        assert_eq!(
            c,
            Counts {
                done: 1,
                failed: 0,
                started: 1
            }
        );
        c.count(&Outcome::Started, -1);
        c.count(&Outcome::Failed("x".into()), 1);
        assert_eq!(
            c,
            Counts {
                done: 1,
                failed: 1,
                started: 0
            }
        );
    }
}
