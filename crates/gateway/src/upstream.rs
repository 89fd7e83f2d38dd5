//! The client of WHMCS's `api.php`: adds the session's API credential and
//! `responsetype=json`, and turns every way an upstream can misbehave into a clear error.

use std::time::Duration;

use axum::body::Bytes;
use secrecy::ExposeSecret;
use serde_json::Value;
use whmcs_api::Params;

use crate::error::GatewayError;
use crate::metrics::{self, CallOutcome};
use crate::sessions::ApiLogin;
use crate::strip::{strip_client_secrets, strip_client_secrets_in_tree};

#[derive(Clone)]
pub struct Upstream {
    http: reqwest::Client,
    url: String,
    timeout: Duration,
}

/// What WHMCS answered: its JSON (success or error) and its HTTP status.
#[derive(Debug)]
pub struct UpstreamReply {
    pub status: u16,
    pub body: Value,
}

/// A WHMCS answer passed on as it came (checked, secrets removed).
#[derive(Debug)]
pub struct RawReply {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Upstream {
    pub fn new(url: String, timeout: Duration) -> Upstream {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            // A redirect would resend the credential somewhere else.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("oauth-admin/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("the HTTP client builds");
        Upstream { http, url, timeout }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Sends `params` with `login`'s credential and parses WHMCS's JSON answer.
    pub async fn call(
        &self,
        params: &Params,
        login: &ApiLogin,
    ) -> Result<UpstreamReply, GatewayError> {
        let (status, bytes) = self.send(params, login).await?;
        parse(status, &bytes)
    }

    /// A list: its answer's shape is checked and it is passed on as bytes without its secrets
    /// in the same pass (see `strip`), rather than parsed into a tree and written out again.
    pub async fn list(&self, params: &Params, login: &ApiLogin) -> Result<RawReply, GatewayError> {
        let (status, bytes) = self.send(params, login).await?;
        let json = bytes.strip_prefix(BOM).unwrap_or(&bytes);
        // A server error is refused below, whatever its body: no point stripping it.
        if let Some(body) = (status < 500).then(|| strip_client_secrets(json)).flatten() {
            return Ok(RawReply { status, body });
        }
        // What the byte pass refuses takes the tree path: garbage gets the same description as
        // for every other command, and valid JSON the pass does not recognise (a `result`
        // name written with escapes) is still served.
        let mut reply = parse(status, &bytes)?;
        strip_client_secrets_in_tree(&mut reply.body);
        Ok(RawReply {
            status,
            body: serde_json::to_vec(&reply.body).expect("a JSON value serializes"),
        })
    }

    /// Sends `params` with `login`'s credential. Never retried: a create that timed out may
    /// still have happened, and a retry would duplicate the credential.
    async fn send(&self, params: &Params, login: &ApiLogin) -> Result<(u16, Bytes), GatewayError> {
        let mut body = params.clone();
        body.set("identifier", login.identifier.as_str())
            .set("secret", login.secret.expose_secret())
            .set("responsetype", "json");
        let started = std::time::Instant::now();
        let answer = self.post_form(&self.url, &body).await;
        let outcome = match &answer {
            Ok((status, bytes)) => CallOutcome::of_answer(*status, bytes),
            Err(GatewayError::UpstreamTimeout { .. }) => CallOutcome::Timeout,
            Err(_) => CallOutcome::Unreachable,
        };
        metrics::whmcs_call(params.get("action"), outcome, started.elapsed());
        answer
    }

    /// POSTs `form` to `url`; the status and the whole body, or what went wrong on the way.
    async fn post_form(&self, url: &str, form: &Params) -> Result<(u16, Bytes), GatewayError> {
        let response = self
            .http
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.encode())
            .send()
            .await
            .map_err(|e| self.transport_error(&e))?;
        let status = response.status().as_u16();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| self.transport_error(&e))?;
        Ok((status, bytes))
    }

    /// The installation's OAuth token endpoint: `…/includes/api.php` → `…/oauth/token.php`.
    pub fn token_url(&self) -> String {
        token_url_for(&self.url)
    }

    /// Asks the token endpoint for a token with a credential's own identifier and secret
    /// (sent in the form body, so no encoding of them can differ between servers). Returns
    /// the HTTP status and the JSON answer; the token itself is the caller's to drop.
    pub async fn token_grant(
        &self,
        client_id: &str,
        client_secret: &str,
        grant: &str,
    ) -> Result<(u16, Value), GatewayError> {
        let mut form = Params::new();
        form.push("grant_type", grant)
            .push("client_id", client_id)
            .push("client_secret", client_secret);
        self.token_endpoint(&self.token_url(), &form).await
    }

    /// A form POST to a token endpoint URL: the HTTP status and the JSON answer (an answer
    /// that is not JSON, such as an HTML error page, is `UpstreamGarbled`).
    async fn token_endpoint(&self, url: &str, form: &Params) -> Result<(u16, Value), GatewayError> {
        let (status, bytes) = self.post_form(url, form).await?;
        let body =
            serde_json::from_slice::<Value>(&bytes).map_err(|_| GatewayError::UpstreamGarbled {
                detail: describe_garbage(status, &String::from_utf8_lossy(&bytes)),
            })?;
        Ok((status, body))
    }

    /// A server module's single sign-on request (contract point 20): the credential as the
    /// module's shim reads it (cPanel: `subscriber_unique_id`, `token`), scope
    /// `clientarea:sso`. Returns the HTTP status and the JSON answer.
    pub async fn server_module_sign_on(
        &self,
        module: &str,
        client_id: &str,
        client_secret: &str,
    ) -> Result<(u16, Value), GatewayError> {
        let mut form = Params::new();
        form.push("subscriber_unique_id", client_id)
            .push("token", client_secret)
            .push("scope", whmcs_api::readiness::SSO_SCOPE);
        let url = format!(
            "{}?module={}&module_type=server",
            self.token_url(),
            whmcs_api::params::encode_component(module)
        );
        self.token_endpoint(&url, &form).await
    }

    /// Whether anything answers at the upstream address (for `/healthz`).
    pub async fn reachable(&self) -> bool {
        self.http
            .post(&self.url)
            .timeout(self.timeout.min(Duration::from_secs(3)))
            .body("responsetype=json")
            .header("content-type", "application/x-www-form-urlencoded")
            .send()
            .await
            .is_ok()
    }

    fn transport_error(&self, e: &reqwest::Error) -> GatewayError {
        tracing::warn!(error = %e, upstream = %self.url, "upstream call failed");
        if e.is_timeout() {
            GatewayError::UpstreamTimeout {
                seconds: self.timeout.as_secs().max(1),
            }
        } else if e.is_body() || e.is_decode() {
            GatewayError::UpstreamGarbled {
                detail: "the answer was cut off".into(),
            }
        } else {
            GatewayError::UpstreamUnreachable {
                upstream: Some(self.url.clone()),
            }
        }
    }
}

const BOM: &[u8] = "\u{feff}".as_bytes();

/// `https://billing.example.com/includes/api.php` → `https://billing.example.com/oauth/token.php`.
pub fn token_url_for(api_url: &str) -> String {
    oauth_url_for(api_url, "token.php")
}

/// One of the installation's OAuth endpoints (`token.php`, `authorize.php`), which WHMCS
/// serves from `/oauth/` beside `/includes/api.php`.
pub fn oauth_url_for(api_url: &str, endpoint: &str) -> String {
    let base = api_url
        .strip_suffix("/includes/api.php")
        .or_else(|| api_url.rsplit_once('/').map(|(dir, _)| dir))
        .unwrap_or(api_url);
    format!("{base}/oauth/{endpoint}")
}

/// WHMCS's JSON, success or error, or what went wrong. A server error (HTTP 5xx) is
/// never passed on as the gateway's own: it becomes a 502 that says so, with WHMCS's
/// message when it sent one.
fn parse(status: u16, bytes: &[u8]) -> Result<UpstreamReply, GatewayError> {
    let text = String::from_utf8_lossy(bytes);
    match serde_json::from_str::<Value>(text.trim_start_matches('\u{feff}')) {
        Ok(body) if status >= 500 => Err(GatewayError::UpstreamFailed {
            status,
            message: body["message"]
                .as_str()
                .map(|m| m.chars().take(300).collect()),
        }),
        Ok(body @ Value::Object(_)) if body.get("result").and_then(Value::as_str).is_some() => {
            Ok(UpstreamReply { status, body })
        }
        _ => Err(GatewayError::UpstreamGarbled {
            detail: describe_garbage(status, &text),
        }),
    }
}

/// A short, safe description of a body that is not WHMCS JSON (no body content is echoed:
/// it could hold anything, secrets included).
fn describe_garbage(status: u16, text: &str) -> String {
    let start = text.trim_start();
    let kind = if start.is_empty() {
        "an empty answer"
    } else if start.starts_with('{') {
        "incomplete JSON"
    } else if start.contains("{\"result\"") {
        "PHP warnings before the JSON"
    } else if start.starts_with('<') {
        "an HTML page"
    } else {
        "text that is not JSON"
    };
    format!("{kind}, HTTP {status}")
}

#[cfg(test)]
mod tests {
    use super::describe_garbage;

    #[test]
    fn the_token_endpoint_sits_next_to_api_php() {
        assert_eq!(
            super::token_url_for("https://billing.example.com/includes/api.php"),
            "https://billing.example.com/oauth/token.php"
        );
        assert_eq!(
            super::token_url_for("https://example.com/whmcs/includes/api.php"),
            "https://example.com/whmcs/oauth/token.php"
        );
    }

    #[test]
    fn names_each_kind_of_garbage() {
        assert_eq!(
            describe_garbage(500, "<html>oops</html>"),
            "an HTML page, HTTP 500"
        );
        assert_eq!(
            describe_garbage(200, "Warning: x in y.php\n{\"result\":\"success\"}"),
            "PHP warnings before the JSON, HTTP 200"
        );
        assert_eq!(
            describe_garbage(200, "{\"result\":\"succ"),
            "incomplete JSON, HTTP 200"
        );
        assert_eq!(describe_garbage(200, ""), "an empty answer, HTTP 200");
        assert_eq!(
            describe_garbage(200, "result=success;"),
            "text that is not JSON, HTTP 200"
        );
    }
}
