//! `GetClients`, `GetClientsDetails` and `GetClientsProducts` over the demo installation's customers and
//! services: WHMCS's shapes (field order, value types, empty forms), paging defaults,
//! search, filters, and the same pre-command checks and role permissions as every command.

use reqwest::StatusCode;
use serde_json::{Value, json};
use whmcs_api::customer::{ClientDetails, ClientsPage, ServicesPage};

use crate::helpers::{ADMIN, TestSandbox};

const SUPPORT: (&str, &str) = (
    sandbox::seed::READONLY_IDENTIFIER,
    sandbox::seed::READONLY_SECRET,
);

async fn demo() -> TestSandbox {
    TestSandbox::spawn_with(sandbox::seed::demo_config(ADMIN.0, ADMIN.1), None).await
}

/// An object's keys, in order.
fn keys_of(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

fn clients_of(body: &Value) -> Vec<(u64, String)> {
    let page: ClientsPage = serde_json::from_value(body.clone()).unwrap();
    page.clients
        .iter()
        .map(|c| (c.id, c.display_name()))
        .collect()
}

#[tokio::test]
async fn get_clients_lists_by_last_name_with_whmcs_fields() {
    let sb = demo().await;
    let body = sb.ok(&[("action", "GetClients")]).await;
    let keys = keys_of(&body);
    assert_eq!(
        keys,
        [
            "result",
            "totalresults",
            "startnumber",
            "numreturned",
            "clients"
        ]
    );
    assert_eq!(
        (
            body["totalresults"].clone(),
            body["startnumber"].clone(),
            body["numreturned"].clone()
        ),
        (json!(5), json!(0), json!(5))
    );
    let first = &body["clients"]["client"][0];
    let fields = keys_of(first);
    assert_eq!(
        fields,
        [
            "id",
            "firstname",
            "lastname",
            "companyname",
            "email",
            "datecreated",
            "groupid",
            "status"
        ]
    );
    assert_eq!(
        clients_of(&body),
        [
            (5, "Brandt Consulting".to_owned()),
            (1, "Nordlys Design".to_owned()),
            (2, "Mensah Logistics".to_owned()),
            (4, "Moreau & Fils".to_owned()),
            (3, "Hana Sato".to_owned()),
        ],
        "Brandt, Jensen, Mensah, Moreau, Sato"
    );
}

#[tokio::test]
async fn get_clients_searches_the_start_of_names_emails_and_companies() {
    let sb = demo().await;
    for (search, ids) in [
        ("hana.sato@", vec![3]),
        ("Kofi", vec![2]),
        ("jens", vec![1]),
        ("Moreau &", vec![4]),
        ("Hana Sa", vec![3]),
        ("ato", vec![]),
        ("   ", vec![5, 1, 2, 4, 3]),
    ] {
        let body = sb.ok(&[("action", "GetClients"), ("search", search)]).await;
        let found: Vec<u64> = clients_of(&body).into_iter().map(|(id, _)| id).collect();
        assert_eq!(found, ids, "{search:?}");
    }
    // Nothing found: WHMCS leaves `clients` out.
    let body = sb.ok(&[("action", "GetClients"), ("search", "zzz")]).await;
    assert_eq!(
        body,
        json!({"result": "success", "totalresults": 0, "startnumber": 0, "numreturned": 0})
    );
}

#[tokio::test]
async fn point_17_get_clients_pages_like_whmcs_and_counts_nothing_past_page_one() {
    let sb = demo().await;
    let body = sb
        .ok(&[
            ("action", "GetClients"),
            ("limitstart", "1"),
            ("limitnum", "2"),
        ])
        .await;
    assert_eq!(
        (
            body["totalresults"].clone(),
            body["startnumber"].clone(),
            body["numreturned"].clone()
        ),
        (json!(0), json!(1), json!(2)),
        "point 17: past the first page WHMCS counts nothing"
    );
    assert_eq!(
        clients_of(&body).iter().map(|c| c.0).collect::<Vec<_>>(),
        [1, 2]
    );
    // limitnum 0 or junk is WHMCS's default of 25; a start past the end is an empty page.
    let body = sb
        .ok(&[("action", "GetClients"), ("limitnum", "abc")])
        .await;
    assert_eq!(body["numreturned"], 5);
    let body = sb
        .ok(&[("action", "GetClients"), ("limitstart", "10")])
        .await;
    assert_eq!(
        (body["totalresults"].clone(), body.get("clients")),
        (json!(0), None)
    );
    let first = sb.ok(&[("action", "GetClients"), ("limitnum", "2")]).await;
    assert_eq!(first["totalresults"], 5, "the first page counts them all");
}

#[tokio::test]
async fn get_clients_products_returns_a_service_with_its_status_and_password() {
    let sb = demo().await;
    let body = sb
        .ok(&[("action", "GetClientsProducts"), ("serviceid", "105")])
        .await;
    let keys = keys_of(&body);
    assert_eq!(
        keys,
        [
            "result",
            "clientid",
            "serviceid",
            "pid",
            "domain",
            "totalresults",
            "startnumber",
            "numreturned",
            "products"
        ]
    );
    assert_eq!(
        (
            body["clientid"].clone(),
            body["serviceid"].clone(),
            body["totalresults"].clone()
        ),
        (json!(""), json!("105"), json!("1")),
        "point 15: unsent filters echoed as \"\""
    );
    let product = &body["products"]["product"][0];
    assert_eq!(product["id"], "105", "ids as strings, as WHMCS sends them");
    assert_eq!(product["clientid"], "3");
    assert_eq!(product["name"], "Email Pro");
    assert_eq!(product["groupname"], "Email");
    assert_eq!(product["domain"], "mail.hanasato.example");
    assert_eq!(product["status"], "Terminated");
    assert_eq!(
        product["password"], "demo-panel-password-105",
        "WHMCS sends the service password decrypted (the gateway removes it)"
    );
    let page: ServicesPage = serde_json::from_value(body).unwrap();
    assert!(page.products[0].is_ended());
}

#[tokio::test]
async fn point_15_get_clients_products_filters_defaults_and_its_empty_form() {
    let sb = demo().await;
    let ids = |body: &Value| -> Vec<u64> {
        let page: ServicesPage = serde_json::from_value(body.clone()).unwrap();
        page.products.iter().map(|s| s.id).collect()
    };
    let body = sb
        .ok(&[("action", "GetClientsProducts"), ("clientid", "3")])
        .await;
    assert_eq!(ids(&body), [104, 105]);
    assert_eq!(body["clientid"], "3");
    let body = sb
        .ok(&[
            ("action", "GetClientsProducts"),
            ("domain", "moreau-fils.example"),
        ])
        .await;
    assert_eq!(ids(&body), [106]);
    let body = sb.ok(&[("action", "GetClientsProducts")]).await;
    assert_eq!(
        ids(&body),
        [101, 103, 104, 105, 106, 107, 108, 109, 199],
        "every service, by id"
    );
    let body = sb
        .ok(&[("action", "GetClientsProducts"), ("serviceid", "199")])
        .await;
    assert_eq!(
        body["products"]["product"][0]["clientid"], "0",
        "its client is gone"
    );
    // A service that was deleted (its SSO credential is still listed): WHMCS's empty form.
    let body = sb
        .ok(&[
            ("action", "GetClientsProducts"),
            ("serviceid", &sandbox::seed::DELETED_SERVICE.to_string()),
        ])
        .await;
    assert_eq!(body["totalresults"], "0");
    assert_eq!(body["products"], "");
    let credentials = sb.list(&[]).await;
    assert!(
        credentials
            .iter()
            .any(|c| c["serviceId"] == sandbox::seed::DELETED_SERVICE),
        "the demo has a credential whose service no longer exists"
    );
    // Point 15: a filter PHP finds truthy but MySQL reads as 0 matches nothing.
    let body = sb
        .ok(&[("action", "GetClientsProducts"), ("serviceid", "abc")])
        .await;
    assert_eq!(
        (body["totalresults"].clone(), body["products"].clone()),
        (json!("0"), json!(""))
    );
    // Paging: no limitnum is every match; limitnum narrows it.
    let body = sb
        .ok(&[
            ("action", "GetClientsProducts"),
            ("limitnum", "2"),
            ("limitstart", "1"),
        ])
        .await;
    assert_eq!(ids(&body), [103, 104]);
    assert_eq!(
        (body["totalresults"].clone(), body["numreturned"].clone()),
        (json!("9"), json!(2))
    );
}

#[tokio::test]
async fn the_same_checks_and_roles_as_every_command() {
    let sb = demo().await;
    for action in ["GetClients", "GetClientsProducts", "GetClientsDetails"] {
        let (status, body) = sb.call_as(SUPPORT, &[("action", action)]).await;
        assert_eq!(
            (status, body["message"].as_str().unwrap()),
            (
                StatusCode::FORBIDDEN,
                format!(
                    "Invalid Permissions: API action \"{}\" is not allowed",
                    action.to_lowercase()
                )
                .as_str()
            )
        );
        let (status, body) = sb.call_as((ADMIN.0, "wrong"), &[("action", action)]).await;
        assert_eq!(
            (status, body["message"].as_str().unwrap()),
            (StatusCode::FORBIDDEN, "Authentication Failed")
        );
    }
    assert_eq!(
        sb.error(&[("action", "GetClients"), ("search", &"x".repeat(256))])
            .await,
        "The search must be at most 255 characters."
    );
}

#[tokio::test]
async fn point_16_get_clients_details_by_id_or_email_its_errors_and_uuid() {
    let sb = demo().await;
    let hana = sb
        .ok(&[("action", "GetClients"), ("search", "hana.sato@")])
        .await;
    let id = hana["clients"]["client"][0]["id"].as_u64().unwrap();
    let body = sb
        .ok(&[
            ("action", "GetClientsDetails"),
            ("clientid", &id.to_string()),
        ])
        .await;
    // WHMCS's two copies: the deprecated top-level fields, and `client`.
    assert_eq!(body["id"], json!(id));
    assert_eq!(body["email"], "hana.sato@example.com");
    assert_eq!(body["client"]["userid"], json!(id));
    assert_eq!(body["client"]["fullname"], "Hana Sato");
    let details: ClientDetails = serde_json::from_value(body).unwrap();
    assert_eq!(details.client.display_name(), "Hana Sato");
    assert_eq!(details.client.status, "Active");
    // Point 16: a UUID of its own, kept across calls; the email works as the id does.
    let uuid = body_uuid(&sb, &[("clientid", &id.to_string())]).await;
    assert_eq!(uuid.len(), 36, "{uuid}");
    assert_eq!(
        body_uuid(&sb, &[("email", "HANA.SATO@example.com")]).await,
        uuid
    );
    assert_eq!(
        sb.error(&[("action", "GetClientsDetails"), ("clientid", "999999")])
            .await,
        "Client Not Found"
    );
    for none in [
        &[][..],
        &[("clientid", "0")][..],
        &[("clientid", "abc")][..],
    ] {
        let mut all = vec![("action", "GetClientsDetails")];
        all.extend_from_slice(none);
        assert_eq!(
            sb.error(&all).await,
            "Either clientid Or email Is Required",
            "{none:?}"
        );
    }
}

async fn body_uuid(sb: &TestSandbox, by: &[(&str, &str)]) -> String {
    let mut all = vec![("action", "GetClientsDetails")];
    all.extend_from_slice(by);
    let body = sb.ok(&all).await;
    assert_eq!(body["uuid"], body["client"]["uuid"]);
    body["client"]["uuid"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn point_6_the_customer_reads_refuse_nvp_and_default_to_xml() {
    let sb = demo().await;
    for action in ["GetClients", "GetClientsProducts"] {
        let (status, body) = sb
            .raw(&[
                ("action", action),
                ("identifier", ADMIN.0),
                ("secret", ADMIN.1),
            ])
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.starts_with("<?xml"), "{action}: {body}");
        let (status, body) = sb
            .raw(&[
                ("action", action),
                ("identifier", ADMIN.0),
                ("secret", ADMIN.1),
                ("responsetype", "nvp"),
            ])
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            serde_json::from_str::<Value>(&body).unwrap(),
            json!({"result": "error", "message": "This API action only supports the XML or JSON response type formats"})
        );
    }
}
