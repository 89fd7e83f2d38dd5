//! `GetClients`, `GetClientsProducts` and `GetClientsDetails` through the gateway: read-only,
//! only their documented parameters, only the fields the panel shows (never a service's
//! password, never a customer's address or phone).

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{ADMIN, SUPPORT, TestApp};

#[tokio::test]
async fn a_service_comes_through_without_its_password() {
    let app = TestApp::logged_in(ADMIN).await;
    let (status, body) = app
        .whmcs(&[("action", "GetClientsProducts"), ("serviceid", "105")])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["totalresults"], "1");
    let service = &body["products"]["product"][0];
    assert_eq!(
        *service,
        json!({
            "id": "105", "clientid": "3", "orderid": "105", "pid": "1", "regdate": "2025-03-14",
            "name": "Email Pro", "translated_name": "Email Pro", "groupname": "Email",
            "translated_groupname": "Email", "domain": "mail.hanasato.example",
            "billingcycle": "Monthly", "nextduedate": "0000-00-00", "status": "Terminated"
        })
    );
    let text = body.to_string();
    assert!(!text.contains("demo-panel-password"), "{text}");
    // The empty form passes as WHMCS sent it.
    let (_, body) = app
        .whmcs(&[("action", "GetClientsProducts"), ("serviceid", "102")])
        .await;
    assert_eq!(body["products"], "");
}

#[tokio::test]
async fn a_customer_comes_through_with_name_and_email_only() {
    let app = TestApp::logged_in(ADMIN).await;
    let (status, body) = app
        .whmcs(&[("action", "GetClientsDetails"), ("clientid", "3")])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!({"result": "success", "client": {
            "id": 3, "firstname": "Hana", "lastname": "Sato", "companyname": "",
            "email": "hana.sato@example.com", "datecreated": body["client"]["datecreated"],
            "groupid": 0, "status": "Active"
        }})
    );
    let (status, body) = app
        .whmcs(&[("action", "GetClientsDetails"), ("clientid", "999")])
        .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::OK,
            json!({"result": "error", "message": "Client Not Found"})
        )
    );
    assert!(app.audit_lines().is_empty(), "reads are not audited");
}

#[tokio::test]
async fn customers_are_found_by_the_start_of_their_email() {
    let app = TestApp::logged_in(ADMIN).await;
    let (status, body) = app
        .whmcs(&[
            ("action", "GetClients"),
            ("search", "kofi.mensah@"),
            ("limitnum", "5"),
        ])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["totalresults"], 1);
    assert_eq!(
        body["clients"]["client"][0]["companyname"],
        "Mensah Logistics"
    );
}

#[tokio::test]
async fn only_the_documented_parameters_pass() {
    let app = TestApp::logged_in(ADMIN).await;
    for (params, message) in [
        (
            vec![("action", "GetClients"), ("status", "Active")],
            "The parameter \"status\" is not allowed with GetClients through this gateway: only search, limitstart, limitnum are.",
        ),
        (
            vec![("action", "GetClientsProducts"), ("pid", "1")],
            "The parameter \"pid\" is not allowed with GetClientsProducts through this gateway: only serviceid, clientid, domain, limitstart, limitnum are.",
        ),
        (
            vec![("action", "GetClientsProducts"), ("username2", "user101")],
            "The parameter \"username2\" is not allowed with GetClientsProducts through this gateway: only serviceid, clientid, domain, limitstart, limitnum are.",
        ),
    ] {
        let (status, body) = app.whmcs(&params).await;
        assert_eq!(
            (status, body),
            (
                StatusCode::FORBIDDEN,
                json!({"result": "error", "message": message})
            )
        );
    }
    for (params, message) in [
        (
            vec![
                ("action", "GetClientsDetails"),
                ("email", "hana.sato@example.com"),
            ],
            "The parameter \"email\" is not allowed with GetClientsDetails through this gateway: only clientid are.",
        ),
        (
            vec![
                ("action", "GetClientsDetails"),
                ("clientid", "3"),
                ("stats", "true"),
            ],
            "The parameter \"stats\" is not allowed with GetClientsDetails through this gateway: only clientid are.",
        ),
    ] {
        let (status, body) = app.whmcs(&params).await;
        assert_eq!(
            (status, body),
            (
                StatusCode::FORBIDDEN,
                json!({"result": "error", "message": message})
            )
        );
    }
    // Other reads stay outside the allow-list.
    let (status, body) = app.whmcs(&[("action", "GetClientsDomains")]).await;
    assert_eq!(
        (status, body["message"].as_str().unwrap()),
        (
            StatusCode::FORBIDDEN,
            "The action \"GetClientsDomains\" is not allowed through this gateway: only the OAuth credential commands, GetClients, GetClientsProducts and GetClientsDetails are."
        )
    );
    let (status, body) = app
        .whmcs(&[("action", "GetClients"), ("search", &"x".repeat(300))])
        .await;
    assert_eq!(
        (status, body["message"].as_str().unwrap()),
        (StatusCode::OK, "The search must be at most 255 characters.")
    );
    assert!(app.audit_lines().is_empty(), "reads are not audited");
}

#[tokio::test]
async fn a_role_without_them_is_told_by_whmcs_and_the_session_knows() {
    let app = TestApp::spawn().await;
    let (_, who) = app.login(SUPPORT).await;
    assert_eq!(
        (
            who["permissions"]["customers"].clone(),
            who["permissions"]["services"].clone(),
            who["permissions"]["customer_details"].clone()
        ),
        (json!(false), json!(false), json!(false))
    );
    let (status, body) = app
        .whmcs(&[("action", "GetClientsProducts"), ("serviceid", "101")])
        .await;
    assert_eq!(
        (status, body["message"].as_str().unwrap()),
        (
            StatusCode::FORBIDDEN,
            "Invalid Permissions: API action \"getclientsproducts\" is not allowed"
        )
    );
}
