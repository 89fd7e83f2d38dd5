//! The four OAuth credential commands against the store. Each returns WHMCS's JSON body:
//! `result: success` with the payload, or `result: error` with the first message in
//! WHMCS's order. Command-level errors travel with HTTP 200, as in WHMCS.

use rusqlite::Connection;
use serde_json::Value;
use whmcs_api::response::{error_body, success_body};
use whmcs_api::validation::Rules;
use whmcs_api::{
    Action, CreateCredential, CreateResponse, CredentialRef, DeleteCredential, DeleteResponse,
    ListQuery, ListResponse, Params, ScopeCatalogue, UpdateCredential, UpdateResponse, messages,
};

use crate::store::{self, Services, StoreError};

/// Runs one command; the whole of it (reads for validation and the write) under the one
/// connection the caller holds, so it is atomic with respect to other requests.
pub fn run(
    conn: &Connection,
    action: Action,
    params: &Params,
    catalogue: &ScopeCatalogue,
    company: &str,
) -> Result<Value, StoreError> {
    let services = Services(conn);
    let rules = Rules {
        catalogue,
        services: &services,
    };
    match action {
        Action::Create => create(conn, params, &rules, company),
        Action::Update => update(conn, params, &rules),
        Action::Delete => delete(conn, params),
        Action::List => list(conn, params),
    }
}

fn create(
    conn: &Connection,
    params: &Params,
    rules: &Rules<'_>,
    company: &str,
) -> Result<Value, StoreError> {
    let request = match CreateCredential::from_params(params, rules) {
        Ok(r) => r,
        Err(e) => return Ok(error_body(e.first_message())),
    };
    let (credential_id, client_identifier, client_secret) = store::create(conn, &request, company)?;
    Ok(success_body(&CreateResponse {
        credential_id,
        client_identifier,
        client_secret,
    }))
}

fn update(conn: &Connection, params: &Params, rules: &Rules<'_>) -> Result<Value, StoreError> {
    let target = match CredentialRef::from_params(params) {
        Ok(t) => t,
        Err(message) => return Ok(error_body(message)),
    };
    let Some(current) = store::find(conn, &target)? else {
        return Ok(error_body(match target {
            CredentialRef::Id(_) => messages::CREDENTIAL_ID_INVALID,
            CredentialRef::ClientIdentifier(_) => messages::CLIENT_IDENTIFIER_INVALID,
        }));
    };
    let request = match UpdateCredential::from_params(params, rules, Some(&current)) {
        Ok(r) => r,
        Err(e) => return Ok(error_body(e.first_message())),
    };
    let new_client_secret = store::update(conn, &current, &request)?;
    Ok(success_body(&UpdateResponse {
        credential_id: current.credential_id,
        new_client_secret,
    }))
}

fn delete(conn: &Connection, params: &Params) -> Result<Value, StoreError> {
    let request = match DeleteCredential::from_params(params) {
        Ok(r) => r,
        Err(e) => return Ok(error_body(e.first_message())),
    };
    if store::delete(conn, request.credential_id)? {
        Ok(success_body(&DeleteResponse {
            credential_id: request.credential_id,
        }))
    } else {
        Ok(error_body(messages::CREDENTIAL_ID_INVALID))
    }
}

fn list(conn: &Connection, params: &Params) -> Result<Value, StoreError> {
    let query = match ListQuery::from_params(params) {
        Ok(q) => q,
        Err(e) => return Ok(error_body(e.first_message())),
    };
    let clients = store::list(conn, &query)?;
    Ok(success_body(&ListResponse { clients }))
}
