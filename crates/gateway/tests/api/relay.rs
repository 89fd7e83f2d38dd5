//! A relay in front of the real sandbox: every `api.php` call goes through it, so a test
//! can count the calls WHMCS receives (how many at once, how many per credential), slow
//! them down, or refuse chosen ones once as WHMCS would.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;

#[derive(Default)]
struct Counts {
    in_flight: usize,
    peak: usize,
    /// Change calls (update, delete) per credential id.
    changes: HashMap<u64, usize>,
    /// Credential ids whose next change is refused once, with WHMCS's message.
    refuse_once: HashMap<u64, String>,
}

#[derive(Clone)]
pub struct Relay {
    pub url: String,
    counts: Arc<Mutex<Counts>>,
    delay: Arc<Mutex<Duration>>,
}

struct Shared {
    upstream: String,
    http: reqwest::Client,
    counts: Arc<Mutex<Counts>>,
    delay: Arc<Mutex<Duration>>,
}

impl Relay {
    pub async fn start(upstream: &str) -> Relay {
        let counts = Arc::new(Mutex::new(Counts::default()));
        let delay = Arc::new(Mutex::new(Duration::ZERO));
        let shared = Arc::new(Shared {
            upstream: upstream.to_owned(),
            http: reqwest::Client::new(),
            counts: counts.clone(),
            delay: delay.clone(),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/includes/api.php", listener.local_addr().unwrap());
        let app = Router::new()
            .route("/includes/api.php", post(relay))
            .with_state(shared);
        tokio::spawn(async move { axum::serve(listener, app).await });
        Relay { url, counts, delay }
    }

    /// Each change call takes this long before it reaches the sandbox.
    pub fn slow_changes(&self, by: Duration) {
        *self.delay.lock().unwrap() = by;
    }

    /// The next change of `credential_id` gets WHMCS's `message` instead of the sandbox.
    pub fn refuse_once(&self, credential_id: u64, message: &str) {
        self.counts
            .lock()
            .unwrap()
            .refuse_once
            .insert(credential_id, message.to_owned());
    }

    /// The most change calls that were in flight at once.
    pub fn peak(&self) -> usize {
        self.counts.lock().unwrap().peak
    }

    /// Change calls that reached the relay, per credential id.
    pub fn changes(&self) -> HashMap<u64, usize> {
        self.counts.lock().unwrap().changes.clone()
    }
}

/// Relays in a task of its own, so a caller that hangs up (a gateway that dies) does not
/// stop a change half way: WHMCS finishes what it was asked.
async fn relay(State(shared): State<Arc<Shared>>, body: Bytes) -> axum::response::Response {
    tokio::spawn(relay_detached(shared, body)).await.unwrap()
}

async fn relay_detached(shared: Arc<Shared>, body: Bytes) -> axum::response::Response {
    let params = whmcs_api::Params::parse(&String::from_utf8_lossy(&body));
    let change = matches!(
        params.get("action"),
        Some("UpdateOAuthCredential" | "DeleteOAuthCredential")
    ) && params.get("credentialId").is_some();
    let id: u64 = params
        .get("credentialId")
        .and_then(|i| i.parse().ok())
        .unwrap_or(0);
    let refusal = if change {
        let mut c = shared.counts.lock().unwrap();
        c.in_flight += 1;
        c.peak = c.peak.max(c.in_flight);
        *c.changes.entry(id).or_default() += 1;
        c.refuse_once.remove(&id)
    } else {
        None
    };
    if change {
        let delay = *shared.delay.lock().unwrap();
        tokio::time::sleep(delay).await;
    }
    let answer = match refusal {
        Some(message) => (
            axum::http::StatusCode::OK,
            serde_json::json!({"result": "error", "message": message}).to_string(),
        ),
        None => {
            let r = shared
                .http
                .post(&shared.upstream)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .unwrap();
            (
                axum::http::StatusCode::from_u16(r.status().as_u16()).unwrap(),
                r.text().await.unwrap(),
            )
        }
    };
    if change {
        shared.counts.lock().unwrap().in_flight -= 1;
    }
    axum::response::IntoResponse::into_response((
        answer.0,
        [("content-type", "application/json")],
        answer.1,
    ))
}
