//! Bulk jobs the gateway runs: the list of this person's (`/jobs`) and one job
//! (`/jobs/{id}`, in `job.rs`), both following the gateway's progress while a job runs.

mod job;
mod progress;
mod tables;

use leptos::prelude::*;
use whmcs_api::job::JobView;

use crate::api;
use crate::components::require_login::RequireLogin;
use crate::context::use_app;
pub use job::JobPage;
use tables::jobs_rows;

/// Every job of this person, newest first.
#[component]
pub fn JobsPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <Jobs/>
        </RequireLogin>
    }
}

#[component]
fn Jobs() -> impl IntoView {
    let jobs = RwSignal::new(None::<Result<Vec<JobView>, api::ClientError>>);
    progress::follow(
        || async { api::jobs().await },
        move |answer: Result<Vec<JobView>, api::ClientError>| {
            let live = answer
                .as_ref()
                .is_ok_and(|all| all.iter().any(JobView::is_live));
            if let Err(e) = &answer {
                use_app().note_failure(e);
            }
            jobs.set(Some(answer));
            live
        },
    );
    view! {
        <section class="jobs" aria-labelledby="jobs-title">
            <div class="list-head">
                <h1 id="jobs-title">"Jobs"</h1>
            </div>
            <p class="muted">"Changes to many credentials run in the gateway, one WHMCS call per credential, and go on when this tab is closed. Jobs are kept for a day."</p>
            {move || match jobs.get() {
                None => view! { <p class="muted" aria-busy="true">"Loading jobs…"</p> }.into_any(),
                Some(Err(e)) => view! { <div class="alert alert-error" role="alert">{e.to_string()}</div> }.into_any(),
                Some(Ok(all)) if all.is_empty() => view! {
                    <div class="empty" data-testid="jobs-empty">"No job yet. Start one from the list: search or filter, then “Change all shown”."</div>
                }.into_any(),
                Some(Ok(all)) => view! {
                    <div class="table-wrap">
                        <table class="jobs-table" data-testid="jobs-table">
                            <thead>
                                <tr>
                                    <th scope="col">"Change"</th>
                                    <th scope="col">"State"</th>
                                    <th scope="col">"Progress"</th>
                                    <th scope="col">"Started"</th>
                                </tr>
                            </thead>
                            <tbody inner_html=jobs_rows(&all)></tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}
