use serde_json::json;

use crate::helpers::TestSandbox;

const UPDATE: (&str, &str) = ("action", "UpdateOAuthCredential");

#[tokio::test]
async fn point_14_every_update_error_in_whmcs_words() {
    let sb = TestSandbox::spawn().await;
    sb.create_app("App").await;
    sb.create_sso().await;
    let cases: &[(&[(&str, &str)], &str)] = &[
        (
            &[("name", "x")],
            "A Credential ID or Client Identifier is required.",
        ),
        (&[("credentialId", "99")], "Invalid Credential ID provided."),
        (
            &[("credentialId", "abc")],
            "Invalid Credential ID provided.",
        ),
        (
            &[("clientIdentifier", "NOPE.0")],
            "Invalid Client Identifier provided.",
        ),
        (
            &[("clientApiIdentifier", "NOPE.0")],
            "Invalid Client Identifier provided.",
        ),
        (
            &[("credentialId", "1"), ("grantType", "implicit")],
            "The requested grant type \"implicit\" is invalid.",
        ),
        (
            &[("credentialId", "1"), ("name", "")],
            "A name for the Client Credential is required.",
        ),
        (
            &[("credentialId", "2"), ("serviceId", "0")],
            "A service ID is required for the single sign-on grant type.",
        ),
        (
            &[("credentialId", "2"), ("serviceId", "abc")],
            "A service ID is required for the single sign-on grant type.",
        ),
        (
            &[("credentialId", "1"), ("scope", "")],
            "The requested scope \"\" is invalid.",
        ),
        (
            &[("credentialId", "1"), ("scope", "openid  email")],
            "The requested scope \"\" is invalid.",
        ),
        (
            &[("credentialId", "1"), ("scope", "openid bogus")],
            "The requested scope \"bogus\" is invalid.",
        ),
    ];
    for (params, message) in cases {
        let mut all = vec![UPDATE];
        all.extend_from_slice(params);
        assert_eq!(sb.error(&all).await, *message, "{params:?}");
    }
}

#[tokio::test]
async fn point_11_update_never_looks_the_service_up_and_an_unsent_one_is_not_missing() {
    let sb = TestSandbox::spawn().await;
    sb.create_app("App").await;
    sb.ok(&[
        UPDATE,
        ("credentialId", "1"),
        ("grantType", "single_sign_on"),
    ])
    .await;
    let row = sb.list(&[]).await[0].clone();
    assert_eq!(row["grantTypes"], "single_sign_on");
    assert_eq!(row["serviceId"], 0);
    sb.ok(&[UPDATE, ("credentialId", "1"), ("serviceId", "99999")])
        .await;
    assert_eq!(sb.list(&[]).await[0]["serviceId"], 99999);
}

#[tokio::test]
async fn point_9_update_stores_scopes_in_catalogue_order() {
    let sb = TestSandbox::spawn().await;
    sb.create_app("App").await;
    sb.ok(&[
        UPDATE,
        ("credentialId", "1"),
        ("scope", "profile email openid email"),
    ])
    .await;
    assert_eq!(sb.list(&[]).await[0]["scope"], "openid email profile");
}

#[tokio::test]
async fn each_field_changes_alone_and_redirects_survive() {
    let sb = TestSandbox::spawn().await;
    let created = sb.create_app("App").await;
    let ident = created["clientIdentifier"].as_str().unwrap().to_owned();
    let before = sb.list(&[]).await[0].clone();

    let changes: &[(&str, &str, &str, serde_json::Value)] = &[
        ("name", "Renamed", "name", json!("Renamed")),
        ("description", "About it", "description", json!("About it")),
        ("scope", "openid profile", "scope", json!("openid profile")),
        (
            "logoUri",
            "https://cdn.example/l.png",
            "logoUri",
            json!("https://cdn.example/l.png"),
        ),
        ("serviceId", "10", "serviceId", json!(10)),
        (
            "redirectUri[]",
            "https://new.example/cb",
            "redirectUri",
            json!(["https://new.example/cb"]),
        ),
    ];
    for (param, value, field, expected) in changes {
        let body = sb
            .ok(&[UPDATE, ("credentialId", "1"), (param, value)])
            .await;
        assert_eq!(body, json!({"result": "success", "credentialId": 1}));
        let row = sb.list(&[]).await[0].clone();
        assert_eq!(&row[*field], expected, "{param}");
        assert_eq!(
            row["clientSecret"], before["clientSecret"],
            "{param} left the secret alone"
        );
    }
    // Found by either spelling of the client identifier; unsent redirect URIs stay.
    sb.ok(&[
        UPDATE,
        ("clientIdentifier", &ident),
        ("description", "by identifier"),
    ])
    .await;
    sb.ok(&[
        UPDATE,
        ("clientApiIdentifier", &ident),
        ("name", "by api identifier"),
    ])
    .await;
    let row = sb.list(&[]).await[0].clone();
    assert_eq!(row["description"], "by identifier");
    assert_eq!(row["name"], "by api identifier");
    assert_eq!(row["redirectUri"], json!(["https://new.example/cb"]));

    // Switching grant type moves the key pair with it.
    sb.ok(&[
        UPDATE,
        ("credentialId", "1"),
        ("grantType", "single_sign_on"),
    ])
    .await;
    let row = sb.list(&[]).await[0].clone();
    assert_eq!(
        (row["grantTypes"].as_str(), row["rsaKeyPairId"].as_u64()),
        (Some("single_sign_on"), Some(0))
    );

    // Clearing the redirect URIs with an empty value.
    sb.ok(&[UPDATE, ("credentialId", "1"), ("redirectUri", "")])
        .await;
    assert_eq!(sb.list(&[]).await[0]["redirectUri"], json!([]));
}

#[tokio::test]
async fn reset_secret_returns_a_new_one_and_kills_the_old() {
    let sb = TestSandbox::spawn().await;
    let created = sb.create_sso().await;
    let old = created["clientSecret"].as_str().unwrap().to_owned();
    let body = sb
        .ok(&[UPDATE, ("credentialId", "1"), ("resetSecret", "true")])
        .await;
    let new = body["newClientSecret"].as_str().unwrap();
    assert_eq!(new.len(), 88);
    assert_ne!(new, old);
    assert_eq!(sb.list(&[]).await[0]["clientSecret"], new);
}
