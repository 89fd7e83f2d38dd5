//! One job (`/jobs/{id}`): its progress while it runs (done, failed, left, pace, time
//! left), pause, resume, cancel, "Retry failed", its failures in WHMCS's words, and what it
//! leaves to download: the report, a reset's new secrets (once), a delete's record.

use leptos::prelude::*;
use whmcs_api::job::{JobShown, JobView};

use super::progress::{counts_line, follow, pace_line, started_at, state_label};
use super::tables::failure_rows;
use crate::api;
use crate::components::installation_context::thousands;
use crate::components::require_login::RequireLogin;
use crate::components::toasts::use_toasts;
use crate::context::use_app;
use crate::dom::closest;
use crate::download::save_text;
use crate::task::Task;

/// One job, followed while it runs.
#[component]
pub fn JobPage(id: String) -> impl IntoView {
    view! {
        <RequireLogin>
            <Job id=id.clone()/>
        </RequireLogin>
    }
}

#[component]
fn Job(id: String) -> impl IntoView {
    let job = RwSignal::new(None::<Result<JobView, api::ClientError>>);
    let watch = {
        let id = id.clone();
        move || {
            let id = id.clone();
            follow(
                move || {
                    let id = id.clone();
                    async move { api::job(&id).await }
                },
                move |answer: Result<JobView, api::ClientError>| {
                    let live = answer.as_ref().is_ok_and(JobView::is_live);
                    if let Err(e) = &answer {
                        use_app().note_failure(e);
                    }
                    job.set(Some(answer));
                    live
                },
            )
        }
    };
    watch();
    let toasts = use_toasts();
    let step = {
        let id = id.clone();
        let watch = watch.clone();
        Task::with_answer(
            move |step: &'static str| {
                let id = id.clone();
                async move { api::job_step(&id, step).await }
            },
            move |answer: &Result<JobView, api::ClientError>| match answer {
                Ok(now) => {
                    job.set(Some(Ok(now.clone())));
                    if now.is_live() {
                        watch();
                    }
                }
                Err(e) => toasts.error(e.to_string()),
            },
        )
    };
    let secrets = {
        let id = id.clone();
        Task::with_answer(
            move |format: &'static str| {
                let id = id.clone();
                async move {
                    let file = api::job_secrets(&id, format).await?;
                    Ok::<_, api::ClientError>((format, file))
                }
            },
            move |answer: &Result<(&'static str, String), api::ClientError>| match answer {
                Ok((format, file)) => {
                    let mime = if *format == "csv" {
                        "text/csv"
                    } else {
                        "application/json"
                    };
                    match save_text(&format!("new-client-secrets.{format}"), mime, file) {
                        Ok(()) => toasts.success(
                            "The new secrets were downloaded. The gateway keeps none of them.",
                        ),
                        Err(e) => toasts.error(e),
                    }
                    job.update(|j| {
                        if let Some(Ok(j)) = j {
                            j.secrets_held = 0;
                        }
                    });
                }
                Err(e) => toasts.error(e.to_string()),
            },
        )
    };
    // The job's body is made as HTML in one go; its buttons say what they do in
    // `data-step` / `data-secrets`, and one handler acts on them.
    let clicked = move |ev: leptos::ev::MouseEvent| {
        let Some(button) = closest(&ev, "button[data-step], button[data-secrets]") else {
            return;
        };
        if let Some(which) = button.get_attribute("data-step") {
            let which: &'static str = match which.as_str() {
                "pause" => "pause",
                "resume" => "resume",
                "cancel" => "cancel",
                _ => "retry",
            };
            if !step.pending().get_untracked() {
                step.dispatch(which);
            }
        } else if let Some(format) = button.get_attribute("data-secrets") {
            secrets.dispatch(if format == "json" { "json" } else { "csv" });
        }
    };
    view! {
        <section class="job" aria-labelledby="job-title" on:click=clicked>
            <p><a href="/jobs" data-testid="back-to-jobs">"← Jobs"</a></p>
            {move || match job.get() {
                None => view! { <p class="muted" aria-busy="true">"Loading the job…"</p> }.into_any(),
                Some(Err(e)) => view! { <div class="alert alert-error" role="alert" data-testid="job-error">{e.to_string()}</div> }.into_any(),
                Some(Ok(j)) => view! { <div inner_html=body_html(&j)></div> }.into_any(),
            }}
        </section>
    }
}

/// Everything a job shows, as escaped HTML.
fn body_html(j: &JobView) -> String {
    use html_escape::encode_text_to_string as text;
    let state = j.state;
    let (state_text, state_class) = state_label(state);
    let percent = ((j.done + j.failed) * 100)
        .checked_div(j.total)
        .unwrap_or(100);
    let mut h = String::with_capacity(4000);
    h.push_str(r#"<h1 id="job-title" data-testid="job-label">"#);
    text(&j.label, &mut h);
    h.push_str(&format!(
        r#"</h1><p class="job-state"><span class="{state_class}" data-testid="job-state">{state_text}</span> <span class="muted" data-testid="job-reason">"#
    ));
    text(j.reason.as_deref().unwrap_or_default(), &mut h);
    h.push_str(&format!(
        r#"</span><span class="muted"> Started {}.</span></p><div class="progress" role="progressbar" aria-label="Progress" aria-valuemin="0" aria-valuemax="100" aria-valuenow="{percent}"><span style="width: {percent}%"></span></div><p data-testid="job-counts">{}</p>"#,
        started_at(j.created_at),
        counts_line(j),
    ));
    if let Some(pace) = pace_line(j) {
        h.push_str(&format!(
            r#"<p class="muted" data-testid="job-pace">{pace}</p>"#
        ));
    }
    if j.refused > 0 {
        h.push_str(&format!(
            r#"<p class="muted">{} chosen credential{} not sent: WHMCS would refuse the change, or {} gone.</p>"#,
            thousands(j.refused as u64),
            if j.refused == 1 { " was" } else { "s were" },
            if j.refused == 1 { "it was" } else { "they were" }
        ));
    }
    h.push_str(r#"<div class="form-actions job-actions">"#);
    for (shown, which, label, class) in [
        (state == JobShown::Running, "pause", "Pause", "button"),
        (
            matches!(state, JobShown::Paused | JobShown::Interrupted),
            "resume",
            "Resume",
            "button button-primary",
        ),
        (
            matches!(
                state,
                JobShown::Running | JobShown::Paused | JobShown::Interrupted
            ),
            "cancel",
            "Cancel",
            "button button-danger",
        ),
        (
            state == JobShown::Finished && j.failed > 0,
            "retry",
            "Retry failed",
            "button button-primary",
        ),
    ] {
        if shown {
            h.push_str(&format!(
                r#"<button type="button" class="{class}" data-testid="job-{which}" data-step="{which}">{label}</button>"#
            ));
        }
    }
    h.push_str("</div>");
    if j.secrets_held > 0 {
        h.push_str(&format!(
            r#"<div class="alert alert-warning" data-testid="job-secrets"><p>{} new secret{} wait here, shown once: download them now and store them where their integrations read them. The gateway deletes them as they are downloaded.</p><div class="form-actions"><button type="button" class="button button-primary" data-testid="job-secrets-csv" data-secrets="csv">Download the secrets (CSV)</button><button type="button" class="button" data-testid="job-secrets-json" data-secrets="json">JSON</button></div></div>"#,
            thousands(j.secrets_held as u64),
            plural(j.secrets_held)
        ));
    }
    let id = &j.id;
    h.push_str(&format!(
        r#"<h2>Downloads</h2><p class="downloads">Report (each credential, its outcome and WHMCS's message): <a href="/api/jobs/{id}/report?format=csv" download data-testid="job-report-csv">CSV</a> · <a href="/api/jobs/{id}/report?format=json" download data-testid="job-report-json">JSON</a></p>"#
    ));
    if j.has_record {
        h.push_str(&format!(
            r#"<p class="downloads">What was deleted, as it was (no secrets): <a href="/api/jobs/{id}/record?format=csv" download data-testid="job-record-csv">CSV</a> · <a href="/api/jobs/{id}/record?format=json" download data-testid="job-record-json">JSON</a></p>"#
        ));
    }
    if !j.failures.is_empty() {
        h.push_str(&format!(
            r#"<h2>Failures ({})</h2><div class="table-wrap"><table class="failures-table" data-testid="job-failures"><thead><tr><th scope="col" class="num">ID</th><th scope="col">Credential</th><th scope="col">WHMCS said</th></tr></thead><tbody>{}</tbody></table></div>"#,
            thousands(j.failures_total as u64),
            failure_rows(&j.failures)
        ));
    }
    h
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(state: &str, failed: usize, secrets: usize) -> JobView {
        serde_json::from_value(serde_json::json!({
            "id": "0123456789abcdef0123456789abcdef", "label": "Reset <client> secrets", "kind": "resetSecrets",
            "state": state, "total": 4, "done": 4 - failed, "failed": failed, "inFlight": 0,
            "left": 0, "refused": 0, "paceTenths": 0, "createdAt": 0,
            "secretsHeld": secrets, "hasRecord": false,
            "failures": if failed > 0 { serde_json::json!([{"credentialId": 3, "clientIdentifier": "ACME.3", "name": "App", "message": "Invalid Credential ID provided."}]) } else { serde_json::json!([]) },
            "failuresTotal": failed
        }))
        .unwrap()
    }

    #[test]
    fn a_job_shows_the_steps_it_allows_and_its_secrets_once() {
        let finished = body_html(&job("finished", 1, 3));
        assert!(
            finished.contains(r#"data-testid="job-label">Reset &lt;client&gt; secrets</h1>"#),
            "{finished}"
        );
        assert!(finished.contains(r#"data-step="retry">Retry failed</button>"#));
        assert!(
            !finished.contains(r#"data-step="pause""#)
                && !finished.contains(r#"data-step="cancel""#)
        );
        assert!(finished.contains("3 new secrets wait here, shown once"));
        assert!(
            finished.contains(r#"<p data-testid="job-counts">3 done, 1 failed, 0 left of 4</p>"#)
        );
        assert!(finished.contains(r#"aria-valuenow="100""#));
        let running = body_html(&job("running", 0, 0));
        assert!(
            running.contains(r#"data-step="pause""#) && running.contains(r#"data-step="cancel""#)
        );
        assert!(!running.contains("job-secrets") && !running.contains("job-failures"));
        let interrupted = body_html(&job("interrupted", 0, 0));
        assert!(interrupted.contains(r#"data-step="resume""#));
    }
}
