//! The jobs pages' tables, made as escaped HTML in one go: they only show text and links
//! (the router follows the links), so they need no component per cell.

use html_escape::{
    encode_double_quoted_attribute_to_string as attr, encode_text_to_string as text,
};
use whmcs_api::job::{JobFailure, JobView};

use super::progress::{counts_line, started_at, state_label};

/// One row per job: its change (a link to it), state, progress and start.
pub fn jobs_rows(jobs: &[JobView]) -> String {
    let mut h = String::new();
    for j in jobs {
        let (state, class) = state_label(j.state);
        h.push_str(r#"<tr data-testid="job-row"><td data-label="Change"><a href="/jobs/"#);
        attr(&j.id, &mut h);
        h.push_str(r#"">"#);
        text(&j.label, &mut h);
        h.push_str(&format!(
            r#"</a></td><td data-label="State"><span class="{class}" data-testid="job-state">{state}</span></td><td data-label="Progress">{}</td><td data-label="Started">{}</td></tr>"#,
            counts_line(j),
            started_at(j.created_at)
        ));
    }
    h
}

/// One row per failed item: the credential (a link to it) and what WHMCS said.
pub fn failure_rows(failures: &[JobFailure]) -> String {
    let mut h = String::new();
    for f in failures {
        h.push_str(&format!(
            r#"<tr data-testid="job-failure"><td class="num" data-label="ID"><a href="/credentials/{id}">{id}</a></td><td data-label="Credential">"#,
            id = f.credential_id
        ));
        text(&f.name, &mut h);
        h.push_str(r#"<br><code class="muted">"#);
        text(&f.client_identifier, &mut h);
        h.push_str(r#"</code></td><td data-label="WHMCS said" data-testid="job-failure-message">"#);
        text(&f.message, &mut h);
        h.push_str("</td></tr>");
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_whmcs_and_people_typed_stays_text() {
        let failure = JobFailure {
            credential_id: 7,
            client_identifier: "ACME.<x>".into(),
            name: "<b>App</b>".into(),
            message: "The requested scope \"<x>\" is invalid.".into(),
        };
        let html = failure_rows(&[failure]);
        assert!(html.contains(r#"<a href="/credentials/7">7</a>"#));
        assert!(html.contains("&lt;b&gt;App&lt;/b&gt;<br>"), "{html}");
        assert!(
            html.contains(r#"The requested scope "&lt;x&gt;" is invalid."#),
            "{html}"
        );
    }
}
