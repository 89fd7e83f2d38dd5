//! What the browser may see of customers and services. `GetClientsProducts` answers with
//! everything WHMCS knows of a service, its control panel password decrypted among it; the
//! gateway passes on only the fields the panel shows, so no secret field, present or added
//! in a later WHMCS version, can reach a page.

use serde_json::{Map, Value};
use whmcs_api::{Action, ClientsQuery, ServicesQuery};

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
        _ => None,
    }
}

/// Keeps only the passed-on fields of each customer or service in a WHMCS answer.
pub fn restrict(action: Action, body: &mut Value) {
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
