use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{ADMIN, TestApp};

#[tokio::test]
async fn lists_reach_the_browser_without_secrets() {
    let app = TestApp::logged_in(ADMIN).await;
    let (status, body) = app.whmcs(&[("action", "ListOAuthCredentials")]).await;
    assert_eq!(status, StatusCode::OK);
    let clients = body["clients"].as_array().unwrap();
    assert_eq!(
        clients.len(),
        crate::helpers::DEMO_CREDENTIALS,
        "the demo seed"
    );
    for c in clients {
        assert!(c.get("clientSecret").is_none(), "{c}");
        let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "credentialId",
                "name",
                "description",
                "grantTypes",
                "scope",
                "clientIdentifier",
                "uuid",
                "serviceId",
                "logoUri",
                "redirectUri",
                "rsaKeyPairId",
                "createdAt",
                "updatedAt"
            ],
            "the other fields keep WHMCS's order"
        );
        assert!(
            c["clientIdentifier"]
                .as_str()
                .unwrap()
                .starts_with("ACME-HOSTING.")
        );
    }
}

#[tokio::test]
async fn validation_answers_like_whmcs_without_a_round_trip() {
    let app = TestApp::logged_in(ADMIN).await;
    let cases: &[(&[(&str, &str)], &str)] = &[
        (
            &[("action", "CreateOAuthCredential"), ("scope", "openid")],
            "A valid grant type is required.",
        ),
        (
            &[
                ("action", "CreateOAuthCredential"),
                ("grantType", "authorization_code"),
                ("scope", "openid"),
            ],
            "A name for the Client Credential is required.",
        ),
        (
            &[
                ("action", "CreateOAuthCredential"),
                ("grantType", "single_sign_on"),
                ("serviceId", "101"),
                ("scope", "bogus"),
            ],
            "The requested scope \"bogus\" is invalid.",
        ),
        (
            &[("action", "UpdateOAuthCredential")],
            "A Credential ID or Client Identifier is required.",
        ),
        (
            &[("action", "DeleteOAuthCredential"), ("credentialId", "x")],
            "Invalid Credential ID provided.",
        ),
        (
            &[("action", "ListOAuthCredentials"), ("sortField", "name")],
            "Order direction must be \"asc\" or \"desc\".",
        ),
    ];
    for (params, message) in cases {
        let (status, body) = app.whmcs(params).await;
        assert_eq!(
            (status, body),
            (
                StatusCode::OK,
                json!({"result": "error", "message": message})
            ),
            "{params:?}"
        );
    }
    assert!(
        app.audit_lines().is_empty(),
        "invalid requests never went upstream"
    );
}

#[tokio::test]
async fn changes_and_reveals_are_audited_without_secrets() {
    let app = TestApp::logged_in(ADMIN).await;
    let mut secrets = vec![ADMIN.1.to_owned()];

    let (_, created) = app
        .whmcs(&[
            ("action", "CreateOAuthCredential"),
            ("grantType", "authorization_code"),
            ("name", "Audited App"),
            ("scope", "openid email"),
            ("redirectUri[]", "https://app.example/cb"),
        ])
        .await;
    assert_eq!(created["result"], "success", "{created}");
    let id = created["credentialId"].as_u64().unwrap();
    secrets.push(created["clientSecret"].as_str().unwrap().to_owned());

    let (_, updated) = app
        .whmcs(&[
            ("action", "UpdateOAuthCredential"),
            ("credentialId", &id.to_string()),
            ("description", "d"),
            ("resetSecret", "1"),
        ])
        .await;
    let new_secret = updated["newClientSecret"].as_str().unwrap().to_owned();
    secrets.push(new_secret.clone());

    let (status, revealed) = app.reveal(id).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        revealed,
        json!({"result": "success", "credentialId": id, "clientSecret": new_secret})
    );
    let (status, missing) = app.reveal(99_999).await;
    assert_eq!(
        (status, missing["message"].as_str().unwrap()),
        (StatusCode::NOT_FOUND, "Invalid Credential ID provided.")
    );

    let (_, deleted) = app
        .whmcs(&[
            ("action", "DeleteOAuthCredential"),
            ("credentialId", &id.to_string()),
        ])
        .await;
    assert_eq!(deleted["result"], "success");
    let (_, failed) = app
        .whmcs(&[
            ("action", "DeleteOAuthCredential"),
            ("credentialId", &id.to_string()),
        ])
        .await;
    assert_eq!(failed["message"], "Invalid Credential ID provided.");

    let lines = app.audit_lines();
    let summary: Vec<(
        String,
        String,
        Option<u64>,
        serde_json::Value,
        serde_json::Value,
    )> = lines
        .iter()
        .map(|l| {
            (
                l["phase"].as_str().unwrap().to_owned(),
                l["action"].as_str().unwrap().to_owned(),
                l["credential_id"].as_u64(),
                l["fields"].clone(),
                l["outcome"].clone(),
            )
        })
        .collect();
    let line = |phase: &str, action: &str, id: Option<u64>, fields, outcome| {
        (phase.to_owned(), action.to_owned(), id, fields, outcome)
    };
    let create_fields = json!(["grantType", "scope", "name", "redirectUri"]);
    let update_fields = json!(["description", "resetSecret"]);
    let reset = "UpdateOAuthCredential+resetSecret";
    let delete = "DeleteOAuthCredential";
    let refused = json!("Invalid Credential ID provided.");
    assert_eq!(
        summary,
        [
            // A create's id is known only from WHMCS's answer.
            line(
                "intent",
                "CreateOAuthCredential",
                None,
                create_fields.clone(),
                json!(null)
            ),
            line(
                "outcome",
                "CreateOAuthCredential",
                Some(id),
                create_fields,
                json!("success")
            ),
            line(
                "intent",
                reset,
                Some(id),
                update_fields.clone(),
                json!(null)
            ),
            line("outcome", reset, Some(id), update_fields, json!("success")),
            line(
                "outcome",
                "RevealClientSecret",
                Some(id),
                json!(["clientSecret"]),
                json!("success")
            ),
            line("intent", delete, Some(id), json!([]), json!(null)),
            line("outcome", delete, Some(id), json!([]), json!("success")),
            line("intent", delete, Some(id), json!([]), json!(null)),
            line("outcome", delete, Some(id), json!([]), refused),
        ]
    );
    for l in &lines {
        assert_eq!(l["api_identifier"], ADMIN.0);
        assert_eq!(l["client_address"], "127.0.0.1");
        assert!(l["time"].as_str().unwrap().ends_with('Z'));
        assert_ne!(l["request_id"], "-");
    }
    let raw = std::fs::read_to_string(&app.audit_log).unwrap();
    for s in &secrets {
        assert!(!raw.contains(s.as_str()), "a secret reached the audit log");
    }
}

#[tokio::test]
async fn list_parameters_pass_through() {
    let app = TestApp::logged_in(ADMIN).await;
    let (_, body) = app
        .whmcs(&[
            ("action", "ListOAuthCredentials"),
            ("grantType", "single_sign_on"),
            ("sortField", "service_id"),
            ("sortOrder", "desc"),
            ("limit", "3"),
        ])
        .await;
    let services: Vec<u64> = body["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["serviceId"].as_u64().unwrap())
        .collect();
    assert_eq!(services, [109, 108, 107]);
}

#[tokio::test]
async fn answers_are_compressed_when_asked() {
    let app = TestApp::logged_in(ADMIN).await;
    let r = app
        .http
        .post(format!("{}/api/whmcs", app.url))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept-encoding", "gzip")
        .body("action=ListOAuthCredentials")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-encoding"], "gzip");
}
