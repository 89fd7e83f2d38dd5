//! `TestSandbox`: a sandbox on a free port with a known installation, stopped on drop.

use std::path::Path;

use reqwest::StatusCode;
use sandbox::config::{ClientConfig, ServiceConfig};
use sandbox::server::SandboxState;
use sandbox::{ApiCredential, Sandbox, SandboxConfig};
use serde_json::Value;

pub const ADMIN: (&str, &str) = ("admin", "admin-secret+/=");
pub const SUPPORT: (&str, &str) = ("support", "support-secret");
/// Service 10 belongs to client 1; service 20 to no client; 30 does not exist.
/// The client-area login of the one customer.
pub const CUSTOMER: (&str, &str) = ("ada@example.com", "ada-client-area-password");
pub const SERVICE: u64 = 10;
pub const ORPHAN_SERVICE: u64 = 20;
pub const MISSING_SERVICE: u64 = 30;

pub fn config() -> SandboxConfig {
    SandboxConfig {
        company_name: "Test Company Name".into(),
        api_credentials: vec![
            ApiCredential {
                identifier: ADMIN.0.into(),
                secret: ADMIN.1.into(),
                description: String::new(),
                allowed_actions: vec![],
            },
            ApiCredential {
                identifier: SUPPORT.0.into(),
                secret: SUPPORT.1.into(),
                description: String::new(),
                allowed_actions: vec!["ListOAuthCredentials".into()],
            },
        ],
        scopes: None,
        clients: vec![ClientConfig {
            id: 1,
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            company: String::new(),
            email: "ada@example.com".into(),
            status: "Active".into(),
            password: CUSTOMER.1.into(),
            services: vec![service(SERVICE, "Hosting", "ada.example")],
        }],
        orphan_services: vec![service(ORPHAN_SERVICE, "Old", "")],
        allowed_ips: vec![],
        access_key: None,
        oauth_credentials: vec![],
        id_token_key_bits: Some(2048),
    }
}

fn service(id: u64, product: &str, domain: &str) -> ServiceConfig {
    ServiceConfig {
        id,
        product: product.into(),
        domain: domain.into(),
        status: "Active".into(),
        group: "Shared Hosting".into(),
        username: String::new(),
        password: String::new(),
    }
}

pub struct TestSandbox {
    pub base: String,
    pub api: String,
    pub http: reqwest::Client,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl TestSandbox {
    pub async fn spawn() -> TestSandbox {
        Self::spawn_with(config(), None).await
    }

    pub async fn spawn_with(config: SandboxConfig, db: Option<&Path>) -> TestSandbox {
        let state = SandboxState::open(config, db).expect("store opens");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = Sandbox::start("127.0.0.1:0".parse().unwrap(), state, async {
            let _ = stopped.await;
        })
        .await
        .expect("sandbox starts");
        TestSandbox {
            base: server.base_url(),
            api: server.api_url(),
            http: reqwest::Client::new(),
            stop: Some(stop),
            handle: Some(server.handle),
        }
    }

    /// Stops the server and waits until it has let go of the database.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(handle) = self.handle.take() {
            handle.await.unwrap().unwrap();
        }
    }

    /// A raw call: `params` as sent, nothing added.
    pub async fn raw(&self, params: &[(&str, &str)]) -> (StatusCode, String) {
        let body: whmcs_api::Params = params.iter().copied().collect();
        let response = self
            .http
            .post(&self.api)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.encode())
            .send()
            .await
            .expect("request sent");
        (response.status(), response.text().await.unwrap())
    }

    /// A JSON call as `who`.
    pub async fn call_as(&self, who: (&str, &str), params: &[(&str, &str)]) -> (StatusCode, Value) {
        let mut all = vec![
            ("identifier", who.0),
            ("secret", who.1),
            ("responsetype", "json"),
        ];
        all.extend_from_slice(params);
        let (status, body) = self.raw(&all).await;
        (
            status,
            serde_json::from_str(&body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}")),
        )
    }

    /// A JSON call as the full-access credential.
    pub async fn call(&self, params: &[(&str, &str)]) -> (StatusCode, Value) {
        self.call_as(ADMIN, params).await
    }

    /// A call that must succeed; returns the body.
    pub async fn ok(&self, params: &[(&str, &str)]) -> Value {
        let (status, body) = self.call(params).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["result"], "success", "{body}");
        body
    }

    /// A command error: HTTP 200, `result: error`, the message.
    pub async fn error(&self, params: &[(&str, &str)]) -> String {
        let (status, body) = self.call(params).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["result"], "error", "{body}");
        body["message"].as_str().unwrap().to_owned()
    }

    pub async fn create_sso(&self) -> Value {
        self.ok(&[
            ("action", "CreateOAuthCredential"),
            ("grantType", "single_sign_on"),
            ("serviceId", "10"),
            ("scope", "clientarea:sso"),
        ])
        .await
    }

    pub async fn create_app(&self, name: &str) -> Value {
        self.ok(&[
            ("action", "CreateOAuthCredential"),
            ("grantType", "authorization_code"),
            ("name", name),
            ("scope", "openid email"),
            ("redirectUri[]", "https://app.example/cb"),
        ])
        .await
    }

    pub async fn list(&self, params: &[(&str, &str)]) -> Vec<Value> {
        let mut all = vec![("action", "ListOAuthCredentials")];
        all.extend_from_slice(params);
        self.ok(&all).await["clients"].as_array().unwrap().clone()
    }
}

impl Drop for TestSandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
