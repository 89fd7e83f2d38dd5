//! Bulk jobs in the gateway: run, pause, resume, cancel, retry what failed, logout, a
//! bounded number of calls at once, an audit line before and after each item, a reset's
//! secrets given out once, a delete's record, and a job interrupted on one instance and
//! resumed on another through a real Redis, with nothing done twice.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, DEMO_CREDENTIALS, Options, SUPPORT, TestApp, start_big_sandbox};

/// The ids of the 30 generated credentials, after the demo's.
const GENERATED: std::ops::RangeInclusive<u64> =
    DEMO_CREDENTIALS as u64 + 1..=DEMO_CREDENTIALS as u64 + 30;
use crate::redis_server::RedisServer;
use crate::relay::Relay;

/// A gateway in front of a relay in front of a sandbox with the demo's credentials and 30
/// generated ones (`GENERATED`), logged in as the administrator.
async fn stack(options: Options) -> (TestApp, Relay, tokio::sync::oneshot::Sender<()>) {
    let (sandbox, stop) = start_big_sandbox(30).await;
    let relay = Relay::start(&sandbox).await;
    let app = TestApp::spawn_with(Options {
        upstream: Some(relay.url.clone()),
        ..options
    })
    .await;
    let (status, body) = app.login(ADMIN).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (app, relay, stop)
}

/// A stack whose WHMCS takes `per_change_ms` over each change, with jobs running
/// `concurrency` items at a time: slow enough to act on a job half way.
async fn slow_stack(
    concurrency: usize,
    per_change_ms: u64,
) -> (TestApp, Relay, tokio::sync::oneshot::Sender<()>) {
    let (app, relay, stop) = stack(Options {
        job_concurrency: concurrency,
        ..Options::default()
    })
    .await;
    relay.slow_changes(Duration::from_millis(per_change_ms));
    (app, relay, stop)
}

impl TestApp {
    /// Starts a job that must be accepted; its id.
    async fn started(&self, change: Value, ids: impl IntoIterator<Item = u64>) -> String {
        let (status, job) = self.start_job(change, ids).await;
        assert_eq!(status, StatusCode::CREATED, "{job}");
        id_of(&job)
    }

    async fn start_job(
        &self,
        change: Value,
        ids: impl IntoIterator<Item = u64>,
    ) -> (StatusCode, Value) {
        let ids: Vec<u64> = ids.into_iter().collect();
        let r = self
            .http
            .post(format!("{}/api/jobs", self.url))
            .json(&json!({ "change": change, "credentialIds": ids }))
            .send()
            .await
            .unwrap();
        (r.status(), r.json().await.unwrap())
    }

    async fn job(&self, id: &str) -> Value {
        let r = self.get(&format!("/api/jobs/{id}")).await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    async fn job_action(&self, id: &str, action: &str) -> (StatusCode, Value) {
        let r = self
            .http
            .post(format!("{}/api/jobs/{id}/{action}", self.url))
            .send()
            .await
            .unwrap();
        (r.status(), r.json().await.unwrap())
    }

    /// The job once `done` holds, within 20 s.
    async fn job_until(&self, id: &str, what: &str, done: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let job = self.job(id).await;
            if done(&job) {
                return job;
            }
            assert!(Instant::now() < deadline, "waited for {what}: {job}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn finished(&self, id: &str) -> Value {
        self.job_until(id, "the job to finish", |j| j["state"] == "finished")
            .await
    }

    async fn download(&self, path: &str) -> (StatusCode, String) {
        let r = self.get(path).await;
        (r.status(), r.text().await.unwrap())
    }

    /// Every credential as WHMCS holds it now.
    async fn credentials(&self) -> Vec<Value> {
        let (_, body) = self.whmcs(&[("action", "ListOAuthCredentials")]).await;
        body["clients"].as_array().unwrap().clone()
    }
}

fn add_scope(scope: &str) -> Value {
    json!({ "kind": "addScopes", "scopes": [scope] })
}

fn id_of(job: &Value) -> String {
    job["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_job_changes_every_item_and_audits_each_before_and_after() {
    let (app, _relay, _stop) = stack(Options {
        metrics: true,
        ..Options::default()
    })
    .await;
    let all = 1..=*GENERATED.end();
    // (One recorder per process: count from here, in case other tests share it.)
    let metrics_before = crate::metrics::scrape(&app).await;
    let (status, job) = app
        .start_job(add_scope("clientarea:announcements"), all.clone())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{job}");
    // The demo's "Old Partner API" (16) holds a scope the catalogue lost: WHMCS would
    // refuse any change that sends its scopes, so it is not sent.
    assert_eq!(
        (job["total"].clone(), job["refused"].clone()),
        (json!(49), json!(1))
    );
    assert_eq!(job["label"], "Add scopes: clientarea:announcements");
    let id = id_of(&job);
    let done = app.finished(&id).await;
    assert_eq!(
        (
            done["done"].clone(),
            done["failed"].clone(),
            done["left"].clone()
        ),
        (json!(49), json!(0), json!(0))
    );
    // Operators see the items by change and outcome.
    let metrics = crate::metrics::scrape(&app).await;
    let done_items = [("change", "add_scopes"), ("outcome", "done")];
    let items =
        |text: &str| crate::metrics::sample(text, "oauth_admin_job_items_total", &done_items);
    assert_eq!(items(&metrics) - items(&metrics_before), 49.0);
    for c in app.credentials().await {
        let scopes = c["scope"].as_str().unwrap();
        let added = scopes.split(' ').any(|s| s == "clientarea:announcements");
        assert_eq!(added, c["credentialId"] != 16, "{c}");
    }
    let lines: Vec<Value> = app
        .audit_lines()
        .into_iter()
        .filter(|l| l["job"] == json!(id))
        .collect();
    assert_eq!(lines.len(), 98, "an intent and an outcome per item");
    for credential in all.clone().filter(|id| *id != 16) {
        let of: Vec<&Value> = lines
            .iter()
            .filter(|l| l["credential_id"] == credential)
            .collect();
        assert_eq!(
            of.iter()
                .map(|l| (l["phase"].as_str().unwrap(), l["outcome"].clone()))
                .collect::<Vec<_>>(),
            [("intent", Value::Null), ("outcome", json!("success"))],
            "credential {credential}"
        );
        assert_eq!(of[0]["action"], "UpdateOAuthCredential");
        assert_eq!(of[0]["fields"], json!(["scope"]));
    }
    // A second time, nothing is left to change.
    let (status, body) = app
        .start_job(add_scope("clientarea:announcements"), all)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("Nothing to change"),
        "{body}"
    );
}

#[tokio::test]
async fn a_job_pauses_resumes_and_cancels() {
    let (app, _relay, _stop) = slow_stack(2, 60).await;
    let id = app.started(add_scope("clientarea:emails"), GENERATED).await;
    app.job_until(&id, "a few items", |j| j["done"].as_u64().unwrap() >= 4)
        .await;
    let (status, paused) = app.job_action(&id, "pause").await;
    assert_eq!(
        (status, paused["state"].clone()),
        (StatusCode::OK, json!("paused"))
    );
    // What was in flight lands; then nothing moves.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let held = app.job(&id).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let still = app.job(&id).await;
    assert_eq!(held["done"], still["done"]);
    assert!(still["done"].as_u64().unwrap() < 30);
    assert_eq!(still["paceTenths"], 0);
    let (status, again) = app.job_action(&id, "pause").await;
    assert_eq!(
        (status, again["message"].clone()),
        (
            StatusCode::CONFLICT,
            json!("Only a running job can be paused.")
        )
    );

    let (status, resumed) = app.job_action(&id, "resume").await;
    assert_eq!(
        (status, resumed["state"].clone()),
        (StatusCode::OK, json!("running"))
    );
    let done = app.finished(&id).await;
    assert_eq!(done["done"], 30);

    // Cancelled half way: the rest is never sent, and the report says why.
    let id = app
        .started(
            json!({"kind": "removeScopes", "scopes": ["clientarea:emails"]}),
            GENERATED,
        )
        .await;
    app.job_until(&id, "a few items", |j| j["done"].as_u64().unwrap() >= 2)
        .await;
    let (status, cancelled) = app.job_action(&id, "cancel").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cancelled["state"], "cancelled");
    assert_eq!(cancelled["reason"], "cancelled by demo-admin");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let settled = app.job(&id).await;
    let ran = settled["done"].as_u64().unwrap();
    assert!(ran < 30, "{settled}");
    let (status, csv) = app
        .download(&format!("/api/jobs/{id}/report?format=csv"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let not_run = csv
        .lines()
        .filter(|l| {
            l.ends_with(",not run,Not run: the job was cancelled (cancelled by demo-admin).")
        })
        .count() as u64;
    assert_eq!(not_run, 30 - ran, "{csv}");
    let (status, _) = app.job_action(&id, "resume").await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a cancelled job stays cancelled"
    );
}

#[tokio::test]
async fn retry_failed_runs_only_the_failures_again() {
    let (app, relay, _stop) = stack(Options::default()).await;
    relay.refuse_once(3, "Invalid Credential ID provided.");
    relay.refuse_once(5, "Invalid Credential ID provided.");
    let id = app.started(add_scope("clientarea:downloads"), 1..=8).await;
    let first = app.finished(&id).await;
    assert_eq!(
        (first["done"].clone(), first["failed"].clone()),
        (json!(6), json!(2))
    );
    let failures: Vec<(u64, String)> = first["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["credentialId"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        failures,
        [
            (3, "Invalid Credential ID provided.".to_owned()),
            (5, "Invalid Credential ID provided.".to_owned())
        ]
    );
    let (status, retried) = app.job_action(&id, "retry").await;
    assert_eq!(status, StatusCode::OK, "{retried}");
    let second = app.finished(&id).await;
    assert_eq!(
        (second["done"].clone(), second["failed"].clone()),
        (json!(8), json!(0))
    );
    let calls = relay.changes();
    for credential in 1..=8u64 {
        let expected = if matches!(credential, 3 | 5) { 2 } else { 1 };
        assert_eq!(
            calls.get(&credential),
            Some(&expected),
            "credential {credential}"
        );
    }
    let (status, _) = app.job_action(&id, "retry").await;
    assert_eq!(status, StatusCode::CONFLICT, "nothing failed any more");
}

#[tokio::test]
async fn calls_towards_whmcs_are_bounded_by_the_configured_concurrency() {
    let (app, relay, _stop) = slow_stack(3, 80).await;
    let id = app.started(add_scope("clientarea:tickets"), 13..=32).await;
    app.finished(&id).await;
    assert_eq!(relay.peak(), 3);
}

#[tokio::test]
async fn logging_out_cancels_the_sessions_jobs_and_the_report_says_so() {
    let (app, _relay, _stop) = slow_stack(1, 100).await;
    let id = app
        .started(add_scope("clientarea:invoices"), GENERATED)
        .await;
    let r = app
        .http
        .delete(format!("{}/api/session", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    app.login(ADMIN).await;
    let job = app.job(&id).await;
    assert_eq!(
        (job["state"].clone(), job["reason"].clone()),
        (json!("cancelled"), json!("logged out"))
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (_, csv) = app
        .download(&format!("/api/jobs/{id}/report?format=csv"))
        .await;
    assert!(
        csv.contains(",not run,Not run: the job was cancelled (logged out)."),
        "{csv}"
    );
    let settled = app.job(&id).await;
    assert!(settled["done"].as_u64().unwrap() < 30);
}

#[tokio::test]
async fn a_bulk_reset_gives_its_new_secrets_out_once_and_no_secret_reaches_the_audit_log() {
    let (app, _relay, _stop) = stack(Options::default()).await;
    let (status, job) = app
        .start_job(json!({"kind": "resetSecrets"}), [7, 9, 10])
        .await;
    assert_eq!(status, StatusCode::CREATED, "{job}");
    let id = id_of(&job);
    let done = app.finished(&id).await;
    assert_eq!(done["secretsHeld"], 3);
    let r = app
        .http
        .post(format!("{}/api/jobs/{id}/secrets?format=json", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    let secrets: Vec<Value> = r.json().await.unwrap();
    assert_eq!(
        secrets
            .iter()
            .map(|s| s["credentialId"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [7, 9, 10]
    );
    // They are the secrets WHMCS holds now, and they are gone from the gateway.
    let upstream = reqwest::Client::new()
        .post(&app.upstream)
        .form(&[
            ("action", "ListOAuthCredentials"),
            ("identifier", ADMIN.0),
            ("secret", ADMIN.1),
            ("responsetype", "json"),
        ])
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    for s in &secrets {
        let held = upstream["clients"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["credentialId"] == s["credentialId"])
            .unwrap();
        assert_eq!(held["clientSecret"], s["clientSecret"]);
        assert_eq!(held["clientIdentifier"], s["clientIdentifier"]);
    }
    let r = app
        .http
        .post(format!("{}/api/jobs/{id}/secrets?format=csv", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::GONE);
    assert_eq!(app.job(&id).await["secretsHeld"], 0);
    let log = std::fs::read_to_string(&app.audit_log).unwrap();
    for s in &secrets {
        assert!(!log.contains(s["clientSecret"].as_str().unwrap()));
    }
}

#[tokio::test]
async fn a_bulk_delete_keeps_a_record_of_what_it_removed() {
    let (app, _relay, _stop) = stack(Options::default()).await;
    let id = app.started(json!({"kind": "delete"}), [8, 11]).await;
    app.finished(&id).await;
    let (status, record) = app
        .download(&format!("/api/jobs/{id}/record?format=json"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let record: Vec<Value> = serde_json::from_str(&record).unwrap();
    assert_eq!(
        record
            .iter()
            .map(|c| c["credentialId"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [8, 11]
    );
    assert!(record.iter().all(|c| c.get("clientSecret").is_none()));
    let (_, csv) = app
        .download(&format!("/api/jobs/{id}/record?format=csv"))
        .await;
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(
        app.credentials()
            .await
            .iter()
            .all(|c| c["credentialId"] != 8 && c["credentialId"] != 11)
    );
}

#[tokio::test]
async fn a_read_only_role_cannot_start_a_job_and_another_person_cannot_see_one() {
    let (app, _relay, _stop) = stack(Options::default()).await;
    let id = app.started(add_scope("clientarea:domains"), [1]).await;
    app.finished(&id).await;
    let support = TestApp::spawn_with(Options {
        upstream: Some(app.upstream.clone()),
        ..Options::default()
    })
    .await;
    support.login(SUPPORT).await;
    let (status, body) = support
        .start_job(add_scope("clientarea:domains"), [2])
        .await;
    assert_eq!(
        (status, body["message"].clone()),
        (
            StatusCode::FORBIDDEN,
            json!("Your API role may not use UpdateOAuthCredential, so it cannot run this change.")
        )
    );
    let r = support.get(&format!("/api/jobs/{id}")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let (status, body) = app
        .start_job(
            json!({"kind": "replaceRedirectPrefix", "from": "", "to": "https://"}),
            [1],
        )
        .await;
    assert_eq!(
        (status, body["message"].clone()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            json!("Enter the prefix to replace.")
        )
    );
}

#[tokio::test]
async fn a_job_interrupted_on_one_instance_is_resumed_on_another_with_nothing_done_twice() {
    let redis = RedisServer::start();
    let (sandbox, _stop) = start_big_sandbox(30).await;
    let relay = Relay::start(&sandbox).await;
    relay.slow_changes(Duration::from_millis(60));
    let key = axum_extra::extract::cookie::Key::generate();
    let instance = || {
        TestApp::spawn_with(Options {
            upstream: Some(relay.url.clone()),
            key: Some(key.clone()),
            session_store: Some(redis.url()),
            job_concurrency: 2,
            job_lease: Duration::from_secs(2),
            ..Options::default()
        })
    };
    let first = instance().await;
    let second = instance().await;
    let cookie = first.login_cookie(ADMIN).await;
    let start = crate::helpers::client_for(&first.url)
        .post(format!("{}/api/jobs", first.url))
        .header("cookie", &cookie)
        .json(&json!({ "change": add_scope("clientarea:services"), "credentialIds": (GENERATED).collect::<Vec<u64>>() }))
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), StatusCode::CREATED);
    let id = id_of(&start.json::<Value>().await.unwrap());
    // The job as the second instance shows it, once `done` holds of it (or the test fails
    // at `deadline`).
    let on_second = async |done: &dyn Fn(&Value) -> bool, deadline: Instant| loop {
        let job: Value = crate::helpers::client_for(&second.url)
            .get(format!("{}/api/jobs/{id}", second.url))
            .header("cookie", cookie.clone())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if done(&job) {
            break job;
        }
        assert!(Instant::now() < deadline, "{job}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    // The second instance shows the job the first runs.
    let deadline = Instant::now() + Duration::from_secs(20);
    let running = on_second(&|job| job["done"].as_u64().unwrap() >= 6, deadline).await;
    assert_eq!(running["state"], "running");
    // The first instance dies: its lease runs out and the job shows as interrupted.
    first.jobs.abort_workers();
    let interrupted = on_second(
        &|job| job["state"] == "interrupted",
        deadline + Duration::from_secs(5),
    )
    .await;
    assert!(interrupted["done"].as_u64().unwrap() < 30);
    assert!(
        interrupted["reason"]
            .as_str()
            .unwrap()
            .contains("Resume it")
    );
    let resumed = crate::helpers::client_for(&second.url)
        .post(format!("{}/api/jobs/{id}/resume", second.url))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(resumed.status(), StatusCode::OK);
    let finished = on_second(
        &|job| job["state"] == "finished",
        deadline + Duration::from_secs(15),
    )
    .await;
    assert_eq!(
        (finished["done"].clone(), finished["failed"].clone()),
        (json!(30), json!(0))
    );
    let calls = relay.changes();
    for credential in GENERATED {
        assert_eq!(
            calls.get(&credential),
            Some(&1),
            "credential {credential} was changed once"
        );
    }
}
