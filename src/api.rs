//! The typed client of the gateway's `/api/*`: one method per call, one private
//! send-and-decode helper, and an error that tells a dead network from a refusal.

use gloo_net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use whmcs_api::bulk::BulkChange;
use whmcs_api::customer::{Client, ClientDetails, ClientMatches, ServiceSummaries, ServiceSummary};
use whmcs_api::job::JobView;
use whmcs_api::messages::CLIENT_NOT_FOUND;
use whmcs_api::panel_config::SessionInfo;
use whmcs_api::{
    ApiError, ClientQuery, ClientsQuery, CreateCredential, CreateResponse, Credential,
    DeleteCredential, DeleteResponse, ListQuery, ListResponse, PanelConfig, Params, ServicesQuery,
    UpdateCredential, UpdateResponse,
};

/// Why a call failed, worded for the person using the panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientError {
    /// The gateway could not be reached at all.
    Network(String),
    /// The gateway or WHMCS refused, with its message and the HTTP status.
    Refused { status: u16, message: String },
    /// An answer that is not what the gateway sends (a proxy's HTML page, say).
    Malformed(String),
}

impl ClientError {
    /// The session is gone: the person must log in again.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, ClientError::Refused { status: 401, .. })
    }

    /// WHMCS refused for lack of permission: a read-only API role.
    pub fn is_permission_denied(&self) -> bool {
        matches!(self, ClientError::Refused { message, .. }
            if message.starts_with(whmcs_api::messages::INVALID_PERMISSIONS_PREFIX))
    }
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClientError::Network(_) => {
                f.write_str("The gateway cannot be reached. Check your connection and try again.")
            }
            ClientError::Refused { message, .. } => f.write_str(message),
            ClientError::Malformed(detail) => write!(
                f,
                "The gateway sent an answer the panel does not understand ({detail})."
            ),
        }
    }
}

/// `GET /api/config`.
pub async fn get_config() -> Result<PanelConfig, ClientError> {
    send(Request::get("/api/config")).await
}

/// `GET /api/session`: who is logged in (401 when nobody).
pub async fn get_session() -> Result<SessionInfo, ClientError> {
    send(Request::get("/api/session")).await
}

/// `POST /api/session`.
pub async fn login(identifier: &str, secret: &str) -> Result<SessionInfo, ClientError> {
    #[derive(serde::Serialize)]
    struct LoginForm<'a> {
        identifier: &'a str,
        secret: &'a str,
    }
    let request = Request::post("/api/session")
        .json(&LoginForm { identifier, secret })
        .map_err(|e| ClientError::Malformed(e.to_string()))?;
    decode(exchange(request).await?)
}

/// `DELETE /api/session`.
pub async fn logout() -> Result<(), ClientError> {
    send::<serde::de::IgnoredAny>(Request::delete("/api/session"))
        .await
        .map(|_| ())
}

pub async fn list(query: &ListQuery) -> Result<Vec<Credential>, ClientError> {
    whmcs::<ListResponse>(query.to_params())
        .await
        .map(|r| r.clients)
}

pub async fn create(request: &CreateCredential) -> Result<CreateResponse, ClientError> {
    whmcs(request.to_params()).await
}

pub async fn update(request: &UpdateCredential) -> Result<UpdateResponse, ClientError> {
    whmcs(request.to_params()).await
}

pub async fn delete(credential_id: u64) -> Result<DeleteResponse, ClientError> {
    whmcs(DeleteCredential { credential_id }.to_params()).await
}

/// One service by id (`GetClientsProducts serviceid=…`); `None` when WHMCS has no such
/// service any more.
pub async fn service(service_id: u64) -> Result<Option<ServiceSummary>, ClientError> {
    let query = ServicesQuery {
        service_id: Some(service_id),
        limit_num: 1,
        ..Default::default()
    };
    services(query).await.map(|found| found.into_iter().next())
}

/// A customer's services, or the services on one domain (`GetClientsProducts`), first 100.
pub async fn services(query: ServicesQuery) -> Result<Vec<ServiceSummary>, ClientError> {
    whmcs::<ServiceSummaries>(query.to_params())
        .await
        .map(|page| page.products)
}

/// A page of every service (`GetClientsProducts` with `limitstart` / `limitnum`), with
/// WHMCS's count of them all.
pub async fn services_page(query: ServicesQuery) -> Result<ServiceSummaries, ClientError> {
    whmcs::<ServiceSummaries>(query.to_params()).await
}

/// A page of every customer (`GetClients` with `limitstart` / `limitnum`).
pub async fn customers_page(query: ClientsQuery) -> Result<Vec<Client>, ClientError> {
    whmcs::<ClientMatches>(query.to_params())
        .await
        .map(|found| found.clients)
}

/// One customer by id (`GetClientsDetails`); `None` when WHMCS has no such customer.
pub async fn customer(client_id: u64) -> Result<Option<Client>, ClientError> {
    match whmcs::<ClientDetails>(ClientQuery::by_id(client_id).to_params()).await {
        Ok(details) => Ok(Some(details.client)),
        Err(ClientError::Refused { message, .. }) if message == CLIENT_NOT_FOUND => Ok(None),
        Err(e) => Err(e),
    }
}

/// Customers whose name, email or company starts with `search` (`GetClients`), first `limit`.
pub async fn find_customers(search: &str, limit: u64) -> Result<Vec<Client>, ClientError> {
    let query = ClientsQuery {
        search: search.to_owned(),
        limit_start: 0,
        limit_num: limit,
    };
    whmcs::<ClientMatches>(query.to_params())
        .await
        .map(|found| found.clients)
}

/// `POST /api/credentials/{id}/secret`: the audited reveal.
pub async fn reveal_secret(credential_id: u64) -> Result<String, ClientError> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Revealed {
        client_secret: String,
    }
    let url = format!("/api/credentials/{credential_id}/secret");
    let request = Request::post(&url)
        .build()
        .map_err(|e| ClientError::Malformed(e.to_string()))?;
    let (status, body) = exchange(request).await?;
    whmcs_api::decode_response::<Revealed>(&body)
        .map(|r| r.client_secret)
        .map_err(|e| from_api(status, e))
}

/// What a credential test found (`POST /api/credentials/{id}/test`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct TestReport {
    /// WHMCS accepted the secret.
    pub ok: bool,
    /// What happened, for a person, with WHMCS's own words (its OAuth error code among them).
    pub message: String,
    /// Whether WHMCS will sign the customer on: service, account, scope.
    #[serde(default)]
    pub checks: Vec<whmcs_api::readiness::Check>,
}

/// `POST /api/credentials/{id}/test`: the credential's current secret, or `secret` (the old
/// one, after a reset), proven at the token endpoint without making a token.
pub async fn test_credential(
    credential_id: u64,
    secret: Option<&str>,
) -> Result<TestReport, ClientError> {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct TestRequest<'a> {
        client_secret: Option<&'a str>,
    }
    let request = Request::post(&format!("/api/credentials/{credential_id}/test"))
        .json(&TestRequest {
            client_secret: secret,
        })
        .map_err(|e| ClientError::Malformed(e.to_string()))?;
    decode(exchange(request).await?)
}

/// `POST /api/credentials/{id}/sign-in-as-customer`: WHMCS's one-time client-area link for
/// the service's customer, or WHMCS's refusal in words.
pub async fn sign_in_as_customer(credential_id: u64) -> Result<String, ClientError> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Link {
        redirect_url: String,
    }
    let request = Request::post(&format!(
        "/api/credentials/{credential_id}/sign-in-as-customer"
    ))
    .build()
    .map_err(|e| ClientError::Malformed(e.to_string()))?;
    let (status, body) = exchange(request).await?;
    whmcs_api::decode_response::<Link>(&body)
        .map(|l| l.redirect_url)
        .map_err(|e| from_api(status, e))
}

/// `POST /api/jobs`: runs `change` over the credentials `ids` in the gateway.
pub async fn start_job(change: &BulkChange, ids: &[u64]) -> Result<JobView, ClientError> {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Start<'a> {
        change: &'a BulkChange,
        credential_ids: &'a [u64],
    }
    let request = Request::post("/api/jobs")
        .json(&Start {
            change,
            credential_ids: ids,
        })
        .map_err(|e| ClientError::Malformed(e.to_string()))?;
    decode(exchange(request).await?)
}

/// `GET /api/jobs`: this person's jobs, newest first.
pub async fn jobs() -> Result<Vec<JobView>, ClientError> {
    send(Request::get("/api/jobs")).await
}

/// `GET /api/jobs/{id}`: one job, with its failures.
pub async fn job(id: &str) -> Result<JobView, ClientError> {
    send(Request::get(&format!("/api/jobs/{id}"))).await
}

/// `POST /api/jobs/{id}/{step}`: `pause`, `resume`, `cancel` or `retry`.
pub async fn job_step(id: &str, step: &str) -> Result<JobView, ClientError> {
    send(Request::post(&format!("/api/jobs/{id}/{step}"))).await
}

/// `POST /api/jobs/{id}/secrets`: a bulk reset's new secrets as a file, given out once.
pub async fn job_secrets(id: &str, format: &str) -> Result<String, ClientError> {
    let request = Request::post(&format!("/api/jobs/{id}/secrets?format={format}"))
        .build()
        .map_err(|e| ClientError::Malformed(e.to_string()))?;
    let (status, body) = exchange(request).await?;
    if (200..300).contains(&status) {
        Ok(body)
    } else {
        Err(refusal(status, &body))
    }
}

/// `POST /api/whmcs` with a command's parameters; WHMCS's own errors come back as `Refused`.
async fn whmcs<T: DeserializeOwned>(params: Params) -> Result<T, ClientError> {
    let request = Request::post("/api/whmcs")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(params.encode())
        .map_err(|e| ClientError::Malformed(e.to_string()))?;
    let (status, body) = exchange(request).await?;
    whmcs_api::decode_response::<T>(&body).map_err(|e| from_api(status, e))
}

fn from_api(status: u16, e: ApiError) -> ClientError {
    match e {
        ApiError::Whmcs { message } => ClientError::Refused { status, message },
        ApiError::Malformed { .. } if !(200..300).contains(&status) => ClientError::Refused {
            status,
            message: format!("The gateway answered with HTTP {status}."),
        },
        ApiError::Malformed { detail } => ClientError::Malformed(detail),
    }
}

/// One round trip: the HTTP status and the body. Not generic, so the network's await
/// machinery is compiled once, not once per answer type.
async fn exchange(request: Request) -> Result<(u16, String), ClientError> {
    let network = |e: gloo_net::Error| ClientError::Network(e.to_string());
    let response = request.send().await.map_err(network)?;
    let status = response.status();
    // Bytes, not text: a big list is copied into the WebAssembly once, without first
    // becoming a JavaScript string.
    let bytes = response.binary().await.map_err(network)?;
    let body = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Ok((status, body))
}

async fn send<T: DeserializeOwned>(request: RequestBuilder) -> Result<T, ClientError> {
    let request = request
        .build()
        .map_err(|e| ClientError::Malformed(e.to_string()))?;
    decode(exchange(request).await?)
}

/// A gateway answer of its own (not WHMCS's): JSON on success, `{"message": …}` otherwise.
fn decode<T: DeserializeOwned>((status, body): (u16, String)) -> Result<T, ClientError> {
    if !(200..300).contains(&status) {
        return Err(refusal(status, &body));
    }
    serde_json::from_str(&body).map_err(|e| ClientError::Malformed(e.to_string()))
}

fn refusal(status: u16, body: &str) -> ClientError {
    #[derive(serde::Deserialize)]
    struct Refusal {
        message: String,
    }
    let message = serde_json::from_str::<Refusal>(body)
        .map(|r| r.message)
        .unwrap_or_else(|_| format!("The gateway answered with HTTP {status}."));
    ClientError::Refused { status, message }
}
