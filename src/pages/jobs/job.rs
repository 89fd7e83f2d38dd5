//! One job (`/jobs/{id}`): its progress while it runs (done, failed, left, pace, time
//! left), pause, resume, cancel, "Retry failed", its failures in WHMCS's words, and what it
//! leaves to download: the report, a reset's new secrets (once), a delete's record.

use leptos::prelude::*;
use whmcs_api::job::{JobShown, JobView};

use super::progress::{StateBadge, counts_line, follow, pace_line, started_at};
use super::tables::failure_rows;
use crate::api;
use crate::components::installation_context::thousands;
use crate::components::require_login::RequireLogin;
use crate::components::toasts::use_toasts;
use crate::context::use_app;
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
    let busy = step.pending();
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
    let link = move |what: &str, format: &str| format!("/api/jobs/{id}/{what}?format={format}");
    view! {
        <section class="job" aria-labelledby="job-title">
            <p><a href="/jobs" data-testid="back-to-jobs">"← Jobs"</a></p>
            {move || match job.get() {
                None => view! { <p class="muted" aria-busy="true">"Loading the job…"</p> }.into_any(),
                Some(Err(e)) => view! { <div class="alert alert-error" role="alert" data-testid="job-error">{e.to_string()}</div> }.into_any(),
                Some(Ok(j)) => {
                    let percent = ((j.done + j.failed) * 100).checked_div(j.total).unwrap_or(100);
                    let state = j.state;
                    let can_pause = state == JobShown::Running;
                    let can_resume = matches!(state, JobShown::Paused | JobShown::Interrupted);
                    let can_cancel = matches!(state, JobShown::Running | JobShown::Paused | JobShown::Interrupted);
                    let can_retry = state == JobShown::Finished && j.failed > 0;
                    let report_csv = link("report", "csv");
                    let report_json = link("report", "json");
                    let record_csv = link("record", "csv");
                    let record_json = link("record", "json");
                    view! {
                        <h1 id="job-title" data-testid="job-label">{j.label.clone()}</h1>
                        <p class="job-state">
                            <StateBadge state/>
                            " "
                            <span class="muted" data-testid="job-reason">{j.reason.clone().unwrap_or_default()}</span>
                            <span class="muted">{format!(" Started {}.", started_at(j.created_at))}</span>
                        </p>
                        <div class="progress" role="progressbar" aria-label="Progress" aria-valuemin="0" aria-valuemax="100" aria-valuenow=percent.to_string()>
                            <span style=format!("width: {percent}%")></span>
                        </div>
                        <p data-testid="job-counts">{counts_line(&j)}</p>
                        {pace_line(&j).map(|pace| view! { <p class="muted" data-testid="job-pace">{pace}</p> })}
                        {(j.refused > 0).then(|| view! {
                            <p class="muted">{format!("{} chosen credential{} were not sent: WHMCS would refuse the change, or they were gone.", thousands(j.refused as u64), if j.refused == 1 { "" } else { "s" })}</p>
                        })}
                        <div class="form-actions job-actions">
                            {can_pause.then(|| view! { <button class="button" data-testid="job-pause" disabled=busy on:click=move |_| step.dispatch("pause")>"Pause"</button> })}
                            {can_resume.then(|| view! { <button class="button button-primary" data-testid="job-resume" disabled=busy on:click=move |_| step.dispatch("resume")>"Resume"</button> })}
                            {can_cancel.then(|| view! { <button class="button button-danger" data-testid="job-cancel" disabled=busy on:click=move |_| step.dispatch("cancel")>"Cancel"</button> })}
                            {can_retry.then(|| view! { <button class="button button-primary" data-testid="job-retry" disabled=busy on:click=move |_| step.dispatch("retry")>"Retry failed"</button> })}
                        </div>
                        {(j.secrets_held > 0).then(|| view! {
                            <div class="alert alert-warning" data-testid="job-secrets">
                                <p>{format!("{} new secret{} wait here, shown once: download them now and store them where their integrations read them. The gateway deletes them as they are downloaded.", thousands(j.secrets_held as u64), if j.secrets_held == 1 { "" } else { "s" })}</p>
                                <div class="form-actions">
                                    <button class="button button-primary" data-testid="job-secrets-csv" on:click=move |_| secrets.dispatch("csv")>"Download the secrets (CSV)"</button>
                                    <button class="button" data-testid="job-secrets-json" on:click=move |_| secrets.dispatch("json")>"JSON"</button>
                                </div>
                            </div>
                        })}
                        <h2>"Downloads"</h2>
                        <p class="downloads">
                            "Report (each credential, its outcome and WHMCS's message): "
                            <a href=report_csv download data-testid="job-report-csv">"CSV"</a>
                            " · "
                            <a href=report_json download data-testid="job-report-json">"JSON"</a>
                        </p>
                        {j.has_record.then(|| view! {
                            <p class="downloads">
                                "What was deleted, as it was (no secrets): "
                                <a href=record_csv download data-testid="job-record-csv">"CSV"</a>
                                " · "
                                <a href=record_json download data-testid="job-record-json">"JSON"</a>
                            </p>
                        })}
                        {(!j.failures.is_empty()).then(|| view! {
                            <h2>{format!("Failures ({})", thousands(j.failures_total as u64))}</h2>
                            <div class="table-wrap">
                                <table class="failures-table" data-testid="job-failures">
                                    <thead><tr><th scope="col" class="num">"ID"</th><th scope="col">"Credential"</th><th scope="col">"WHMCS said"</th></tr></thead>
                                    <tbody inner_html=failure_rows(&j.failures)></tbody>
                                </table>
                            </div>
                        })}
                    }.into_any()
                }
            }}
        </section>
    }
}
