//! What a job leaves to download: its report (each item, its outcome, WHMCS's message), a
//! bulk reset's new secrets (once), and a bulk delete's record of what it removed.

use std::collections::HashMap;

use serde::Serialize;
use whmcs_api::export::{csv_row, csv_row_verbatim};

use super::model::{JobItem, JobMeta, JobState, Outcome};
use super::worker::is_reset;

/// A file format people choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    pub fn parse(text: &str) -> Option<Format> {
        match text {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Json => "application/json",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ReportLine<'a> {
    pub credential_id: u64,
    pub client_identifier: &'a str,
    pub name: &'a str,
    pub before: &'a str,
    pub after: &'a str,
    /// `done`, `failed`, `in flight` or `not run`.
    pub outcome: &'static str,
    pub message: String,
}

/// One line per item, in the job's order.
pub fn lines<'a>(
    meta: &JobMeta,
    items: &'a [JobItem],
    outcomes: &HashMap<usize, Outcome>,
) -> Vec<ReportLine<'a>> {
    let not_run = match &meta.state {
        JobState::Cancelled(why) => format!("Not run: the job was cancelled ({why})."),
        JobState::Paused => "Not run yet: the job is paused.".into(),
        _ => "Not run yet.".into(),
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let reset = is_reset(&item.request);
            let (outcome, message) = match outcomes.get(&i) {
                Some(Outcome::Done) => ("done", String::new()),
                Some(Outcome::Failed(m)) if reset => {
                    ("failed", format!("{m} The old secret still works."))
                }
                Some(Outcome::Failed(m)) => ("failed", m.clone()),
                Some(Outcome::Started) => (
                    "in flight",
                    "Asked of WHMCS; its answer had not come when this report was made.".into(),
                ),
                None => ("not run", not_run.clone()),
            };
            ReportLine {
                credential_id: item.credential_id,
                client_identifier: &item.client_identifier,
                name: &item.name,
                before: &item.before,
                after: &item.after,
                outcome,
                message,
            }
        })
        .collect()
}

pub fn render(lines: &[ReportLine<'_>], format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string(lines).expect("a report serializes"),
        Format::Csv => {
            let mut out = csv_row([
                "credentialId",
                "clientIdentifier",
                "name",
                "before",
                "after",
                "outcome",
                "message",
            ]);
            for l in lines {
                out.push_str(&csv_row([
                    l.credential_id.to_string().as_str(),
                    l.client_identifier,
                    l.name,
                    l.before,
                    l.after,
                    l.outcome,
                    &l.message,
                ]));
            }
            out
        }
    }
}

/// A bulk reset's new secrets, as a file: id, client identifier, new secret.
pub fn secrets(rows: &[(u64, &str, String)], format: Format) -> String {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Secret<'a> {
        credential_id: u64,
        client_identifier: &'a str,
        client_secret: &'a str,
    }
    match format {
        Format::Json => {
            let rows: Vec<Secret<'_>> = rows
                .iter()
                .map(|(id, client, secret)| Secret {
                    credential_id: *id,
                    client_identifier: client,
                    client_secret: secret,
                })
                .collect();
            serde_json::to_string(&rows).expect("secrets serialize")
        }
        Format::Csv => {
            // Exactly as WHMCS made them: a secret may start with `+`.
            let mut out = csv_row_verbatim(["credentialId", "clientIdentifier", "clientSecret"]);
            for (id, client, secret) in rows {
                out.push_str(&csv_row_verbatim([id.to_string().as_str(), client, secret]));
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use whmcs_api::bulk::BulkChange;

    fn meta(state: JobState) -> JobMeta {
        JobMeta {
            id: "j".into(),
            owner: "o".into(),
            identifier: "admin".into(),
            session: "k".into(),
            change: BulkChange::ResetSecrets,
            label: "Reset client secrets".into(),
            total: 3,
            state,
            created_at: 0,
            run_started_at: 0,
            done_at_run_start: 0,
            finished_at: None,
            refused: 0,
        }
    }

    fn item(id: u64) -> JobItem {
        JobItem {
            credential_id: id,
            client_identifier: format!("ACME.{id}"),
            name: format!("App {id}"),
            before: "current secret".into(),
            after: "new secret, shown once".into(),
            request: format!("action=UpdateOAuthCredential&credentialId={id}&resetSecret=1"),
        }
    }

    #[test]
    fn each_item_says_what_became_of_it_and_a_failed_reset_that_the_old_secret_works() {
        let items = [item(1), item(2), item(3)];
        let outcomes = HashMap::from([
            (0, Outcome::Done),
            (1, Outcome::Failed("Invalid Credential ID provided.".into())),
        ]);
        let cancelled = meta(JobState::Cancelled("logged out".into()));
        let lines = lines(&cancelled, &items, &outcomes);
        assert_eq!(
            lines
                .iter()
                .map(|l| (l.outcome, l.message.as_str()))
                .collect::<Vec<_>>(),
            [
                ("done", ""),
                (
                    "failed",
                    "Invalid Credential ID provided. The old secret still works."
                ),
                ("not run", "Not run: the job was cancelled (logged out)."),
            ]
        );
        let csv = render(&lines, Format::Csv);
        assert!(csv.starts_with("credentialId,clientIdentifier,name,before,after,outcome,message\r\n1,ACME.1,App 1,current secret,"));
        let json: serde_json::Value = serde_json::from_str(&render(&lines, Format::Json)).unwrap();
        assert_eq!(json[1]["outcome"], "failed");
        assert_eq!(json[2]["clientIdentifier"], "ACME.3");
    }

    #[test]
    fn secrets_are_written_with_their_credential() {
        let rows = [(4, "ACME.4", "+b/c==".to_owned())];
        assert_eq!(
            secrets(&rows, Format::Csv),
            "credentialId,clientIdentifier,clientSecret\r\n4,ACME.4,+b/c==\r\n"
        );
        assert_eq!(
            secrets(&rows, Format::Json),
            r#"[{"credentialId":4,"clientIdentifier":"ACME.4","clientSecret":"+b/c=="}]"#
        );
    }
}
