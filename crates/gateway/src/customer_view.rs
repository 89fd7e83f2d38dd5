//! What the browser may see of customers and services. `GetClientsProducts` answers with
//! everything WHMCS knows of a service, its control panel password decrypted among it, and
//! `GetClientsDetails` with a customer's address, phone and notes; the gateway passes on
//! only the fields the panel shows, so no secret or personal field, present or added in a
//! later WHMCS version, can reach a page.

use serde_json::{Map, Value};
use whmcs_api::{Action, ClientQuery, ClientsQuery, ServicesQuery};

/// Fields of `clients.client[]` passed on.
const CLIENT_FIELDS: [&str; 8] = [
    "id",
    "firstname",
    "lastname",
    "companyname",
    "email",
    "datecreated",
    "groupid",
    "status",
];

/// Fields of `products.product[]` passed on.
const SERVICE_FIELDS: [&str; 13] = [
    "id",
    "clientid",
    "orderid",
    "pid",
    "regdate",
    "name",
    "translated_name",
    "groupname",
    "translated_groupname",
    "domain",
    "billingcycle",
    "nextduedate",
    "status",
];

/// The parameters a read may carry through the gateway, besides `action`; `None` for the
/// credential commands (checked by their own validation).
pub fn allowed_params(action: Action) -> Option<&'static [&'static str]> {
    match action {
        Action::GetClients => Some(&ClientsQuery::PARAMS),
        Action::GetClientsProducts => Some(&ServicesQuery::PARAMS),
        Action::GetClientsDetails => Some(&ClientQuery::PARAMS),
        _ => None,
    }
}

/// Keeps only the passed-on fields of each customer or service in a WHMCS answer.
pub fn restrict(action: Action, body: &mut Value) {
    if action == Action::GetClientsDetails {
        return restrict_details(body);
    }
    let (list, item, fields): (&str, &str, &[&str]) = match action {
        Action::GetClients => ("clients", "client", &CLIENT_FIELDS),
        Action::GetClientsProducts => ("products", "product", &SERVICE_FIELDS),
        _ => return,
    };
    let Some(items) = body
        .get_mut(list)
        .and_then(|l| l.get_mut(item))
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for entry in items {
        if let Value::Object(map) = entry {
            let kept: Map<String, Value> = fields
                .iter()
                .filter_map(|f| map.remove(*f).map(|v| ((*f).to_owned(), v)))
                .collect();
            *map = kept;
        } else {
            *entry = Value::Null;
        }
    }
}

/// `GetClientsDetails`: `result` and the `client` object with the passed-on fields; the
/// copy WHMCS repeats at the top level (and `stats`) is dropped. An error passes as it is.
fn restrict_details(body: &mut Value) {
    let Value::Object(map) = body else { return };
    if map.get("result").and_then(Value::as_str) != Some("success") {
        return;
    }
    let client: Map<String, Value> = match map.remove("client") {
        Some(Value::Object(mut c)) => CLIENT_FIELDS
            .iter()
            .filter_map(|f| c.remove(*f).map(|v| ((*f).to_owned(), v)))
            .collect(),
        _ => Map::new(),
    };
    map.retain(|k, _| k == "result");
    map.insert("client".into(), Value::Object(client));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn services_keep_only_what_the_panel_shows() {
        let mut body = json!({"result": "success", "totalresults": "1", "products": {"product": [
            {"id": "7", "clientid": "2", "name": "Gold", "domain": "a.example", "status": "Active",
             "username": "gold7", "password": "hunter2", "notes": "root pw: x",
             "customfields": {"customfield": [{"name": "API key", "value": "k"}]}}
        ]}});
        restrict(Action::GetClientsProducts, &mut body);
        assert_eq!(
            body["products"]["product"][0],
            json!({"id": "7", "clientid": "2", "name": "Gold", "domain": "a.example", "status": "Active"})
        );
        assert_eq!(body["totalresults"], "1", "the rest of the answer stays");
    }

    #[test]
    fn customer_details_keep_only_the_client_fields() {
        let mut body = json!({"result": "success", "userid": 3, "id": 3, "firstname": "Hana",
            "address1": "1-2-3", "phonenumber": "+81", "stats": {"income": "9"},
            "client": {"id": 3, "firstname": "Hana", "lastname": "Sato", "companyname": "",
                "email": "hana@example.com", "status": "Active", "address1": "1-2-3",
                "phonenumber": "+81", "notes": "VIP", "password": "x"}});
        restrict(Action::GetClientsDetails, &mut body);
        assert_eq!(
            body,
            json!({"result": "success", "client": {"id": 3, "firstname": "Hana",
                "lastname": "Sato", "companyname": "", "email": "hana@example.com",
                "status": "Active"}})
        );
        let mut refused = json!({"result": "error", "message": "Client Not Found"});
        let before = refused.clone();
        restrict(Action::GetClientsDetails, &mut refused);
        assert_eq!(refused, before);
    }

    #[test]
    fn empty_forms_and_other_answers_pass_as_they_are() {
        for mut body in [
            json!({"result": "success", "totalresults": "0", "products": ""}),
            json!({"result": "error", "message": "Invalid Permissions"}),
        ] {
            let before = body.clone();
            restrict(Action::GetClientsProducts, &mut body);
            assert_eq!(body, before);
        }
        let mut clients =
            json!({"clients": {"client": [{"id": 1, "email": "a@b", "password": "x"}]}});
        restrict(Action::GetClients, &mut clients);
        assert_eq!(
            clients["clients"]["client"][0],
            json!({"id": 1, "email": "a@b"})
        );
    }
}
