//! The four OAuth credential commands and the three customer reads against the store. Each returns WHMCS's JSON body:
//! `result: success` with the payload, or `result: error` with the first message in
//! WHMCS's order. Command-level errors travel with HTTP 200, as in WHMCS.

use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value;
use whmcs_api::response::{error_body, success_body};
use whmcs_api::validation::Rules;
use whmcs_api::{
    Action, ClientQuery, ClientsQuery, CreateCredential, CreateResponse, Credential, CredentialRef,
    DeleteCredential, DeleteResponse, ListQuery, ListResponse, Params, ScopeCatalogue,
    ServicesQuery, UpdateCredential, UpdateResponse, messages,
};

use crate::format::ResponseType;
use crate::store::{self, Services, StoreError};

/// A command's answer. A list stays rows until it is rendered: 50,000 credentials go
/// straight to JSON text, outside the database lock, instead of through a JSON tree.
#[derive(Debug)]
pub enum Answer {
    Body(Value),
    List(Vec<Credential>),
}

impl Answer {
    /// `success` or `error`, for the request log.
    pub fn result(&self) -> &str {
        match self {
            Answer::Body(body) => body["result"].as_str().unwrap_or(""),
            Answer::List(_) => "success",
        }
    }

    pub fn into_value(self) -> Value {
        match self {
            Answer::Body(body) => body,
            Answer::List(clients) => success_body(&ListResponse { clients }),
        }
    }

    /// The text of the answer in the requested format (the same JSON `into_value` gives).
    pub fn render(self, format: ResponseType, action: &str) -> String {
        #[derive(Serialize)]
        struct ListSuccess<'a> {
            result: &'static str,
            clients: &'a [Credential],
        }
        match (self, format) {
            (Answer::List(clients), ResponseType::Json) => crate::format::json_text(
                &serde_json::to_string(&ListSuccess {
                    result: "success",
                    clients: &clients,
                })
                .expect("credentials serialize"),
            ),
            (answer, format) => format.render(&answer.into_value(), action),
        }
    }
}

/// Runs one command; the whole of it (reads for validation and the write) under the one
/// connection the caller holds, so it is atomic with respect to other requests.
pub fn run(
    conn: &Connection,
    action: Action,
    params: &Params,
    catalogue: &ScopeCatalogue,
    company: &str,
) -> Result<Answer, StoreError> {
    // Before any command reads a value: nothing a client sends can reach SQLite's limits.
    if let Err(message) = whmcs_api::limits::check_params(params) {
        return Ok(Answer::Body(error_body(&message)));
    }
    let services = Services(conn);
    let rules = Rules {
        catalogue,
        services: &services,
    };
    match action {
        Action::Create => create(conn, params, &rules, company).map(Answer::Body),
        Action::Update => update(conn, params, &rules).map(Answer::Body),
        Action::Delete => delete(conn, params).map(Answer::Body),
        Action::List => list(conn, params),
        Action::GetClients => {
            store::customers::clients(conn, &ClientsQuery::from_params(params)).map(Answer::Body)
        }
        Action::GetClientsProducts => {
            store::customers::services(conn, &ServicesQuery::from_params(params), params)
                .map(Answer::Body)
        }
        Action::GetClientsDetails => {
            store::customers::client(conn, &ClientQuery::from_params(params)).map(Answer::Body)
        }
    }
}

fn create(
    conn: &Connection,
    params: &Params,
    rules: &Rules<'_>,
    company: &str,
) -> Result<Value, StoreError> {
    let mut request = match CreateCredential::from_params(params, rules) {
        Ok(r) => r,
        Err(e) => return Ok(error_body(e.first_message())),
    };
    request.scopes = rules.catalogue.in_catalogue_order(&request.scopes);
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
    let mut request = match UpdateCredential::from_params(params, rules, Some(&current)) {
        Ok(r) => r,
        Err(e) => return Ok(error_body(e.first_message())),
    };
    if let Some(scopes) = &mut request.scopes {
        *scopes = rules.catalogue.in_catalogue_order(scopes);
    }
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

fn list(conn: &Connection, params: &Params) -> Result<Answer, StoreError> {
    let query = match ListQuery::from_params(params) {
        Ok(q) => q,
        Err(e) => return Ok(Answer::Body(error_body(e.first_message()))),
    };
    Ok(Answer::List(store::list(conn, &query)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::demo_config;
    use crate::state::SandboxState;

    #[test]
    fn a_list_rendered_straight_to_json_is_the_tree_rendered() {
        let state = SandboxState::open(demo_config("a", "b"), None).unwrap();
        let conn = state.store.lock();
        let mut params = Params::new();
        params.push("limit", "0");
        let answer = || run(&conn, Action::List, &params, &state.catalogue, "Acme").unwrap();
        let direct = answer().render(ResponseType::Json, "listoauthcredentials");
        let tree = crate::format::json_text(&answer().into_value().to_string());
        assert_eq!(direct, tree);
        assert!(direct.starts_with("{\"result\":\"success\",\"clients\":[{\"credentialId\":1,"));
        // Other formats still go through the tree.
        let xml = answer().render(ResponseType::Xml, "listoauthcredentials");
        assert!(
            xml.contains("<action>listoauthcredentials</action>"),
            "{xml}"
        );
    }
}
