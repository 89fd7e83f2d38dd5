use serde_json::json;

use crate::helpers::TestSandbox;

/// create → list → update (each field, and secret reset) → list → delete → list.
#[tokio::test]
async fn create_list_update_list_delete_list() {
    let sb = TestSandbox::spawn().await;
    let created = sb
        .ok(&[
            ("action", "CreateOAuthCredential"),
            ("grantType", "authorization_code"),
            ("name", "Portal"),
            ("description", "Partner portal"),
            ("scope", "openid email"),
            ("logoUri", "assets/logo.png"),
            ("redirectUri[]", "https://portal.example/cb"),
            ("redirectUri[]", "http://localhost:3000/cb"),
        ])
        .await;
    let id = created["credentialId"].to_string();

    let listed = sb.list(&[]).await;
    assert_eq!(listed.len(), 1);
    let row = &listed[0];
    assert_eq!(row["clientIdentifier"], created["clientIdentifier"]);
    assert_eq!(row["clientSecret"], created["clientSecret"]);
    assert_eq!(row["name"], "Portal");
    assert_eq!(row["description"], "Partner portal");
    assert_eq!(row["grantTypes"], "authorization_code");
    assert_eq!(row["scope"], "openid email");
    assert_eq!(row["logoUri"], "assets/logo.png");
    assert_eq!(
        row["redirectUri"],
        json!(["https://portal.example/cb", "http://localhost:3000/cb"])
    );

    let updated = sb
        .ok(&[
            ("action", "UpdateOAuthCredential"),
            ("credentialId", &id),
            ("name", "Portal v2"),
            ("description", ""),
            ("scope", "openid profile"),
            ("logoUri", "https://cdn.example/p.png"),
            ("redirectUri", "https://portal.example/v2/cb"),
            ("resetSecret", "1"),
        ])
        .await;
    let new_secret = updated["newClientSecret"].as_str().unwrap();

    let row = &sb.list(&[]).await[0];
    assert_eq!(row["name"], "Portal v2");
    assert_eq!(row["description"], "");
    assert_eq!(row["scope"], "openid profile");
    assert_eq!(row["logoUri"], "https://cdn.example/p.png");
    assert_eq!(row["redirectUri"], json!(["https://portal.example/v2/cb"]));
    assert_eq!(row["clientSecret"], new_secret);
    assert_eq!(
        row["clientIdentifier"], created["clientIdentifier"],
        "the identifier never changes"
    );

    sb.ok(&[("action", "DeleteOAuthCredential"), ("credentialId", &id)])
        .await;
    assert!(sb.list(&[]).await.is_empty());
}
