use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::TestSandbox;

async fn token(sb: &TestSandbox, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let body: whmcs_api::Params = form.iter().copied().collect();
    let r = sb
        .http
        .post(format!("{}/oauth/token.php", sb.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.encode())
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap())
}

#[tokio::test]
async fn discovery_names_the_endpoints() {
    let sb = TestSandbox::spawn().await;
    let v: Value = sb
        .http
        .get(format!("{}/oauth/openid-configuration.php", sb.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["issuer"], sb.base);
    assert_eq!(v["token_endpoint"], format!("{}/oauth/token.php", sb.base));
    assert_eq!(v["id_token_signing_alg_values_supported"], json!(["RS256"]));
    assert!(
        v["scopes_supported"]
            .as_array()
            .unwrap()
            .contains(&json!("clientarea:sso"))
    );
}

#[tokio::test]
async fn a_secret_works_until_it_is_reset() {
    let sb = TestSandbox::spawn().await;
    let created = sb.create_sso().await;
    let id = created["clientIdentifier"].as_str().unwrap();
    let old = created["clientSecret"].as_str().unwrap();

    let (status, body) = token(
        &sb,
        &[
            ("grant_type", "single_sign_on"),
            ("client_id", id),
            ("client_secret", old),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], "clientarea:sso");
    assert_eq!(body["access_token"].as_str().unwrap().len(), 64);

    let reset = sb
        .ok(&[
            ("action", "UpdateOAuthCredential"),
            ("credentialId", "1"),
            ("resetSecret", "1"),
        ])
        .await;
    let new = reset["newClientSecret"].as_str().unwrap();

    let invalid = json!({"error": "invalid_client", "error_description": "The client credentials are invalid"});
    let (status, body) = token(
        &sb,
        &[
            ("grant_type", "single_sign_on"),
            ("client_id", id),
            ("client_secret", old),
        ],
    )
    .await;
    assert_eq!((status, body), (StatusCode::UNAUTHORIZED, invalid.clone()));
    let (status, _) = token(
        &sb,
        &[
            ("grant_type", "single_sign_on"),
            ("client_id", id),
            ("client_secret", new),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn rfc_6749_errors() {
    let sb = TestSandbox::spawn().await;
    let app = sb.create_app("App").await;
    let id = app["clientIdentifier"].as_str().unwrap();
    let secret = app["clientSecret"].as_str().unwrap();
    let cases = [
        (None, id, secret, StatusCode::BAD_REQUEST, "invalid_request"),
        (
            Some("password"),
            id,
            secret,
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
        ),
        // An authorization_code credential may not use the single sign-on grant.
        (
            Some("single_sign_on"),
            id,
            secret,
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
        ),
        (
            Some("single_sign_on"),
            "nobody",
            "x",
            StatusCode::UNAUTHORIZED,
            "invalid_client",
        ),
    ];
    for (grant, client_id, client_secret, status, error) in cases {
        let mut form = vec![("client_id", client_id), ("client_secret", client_secret)];
        if let Some(g) = grant {
            form.insert(0, ("grant_type", g));
        }
        let (s, b) = token(&sb, &form).await;
        assert_eq!(
            (s, b["error"].as_str().unwrap()),
            (status, error),
            "{grant:?} {client_id}"
        );
    }
}

#[tokio::test]
async fn certs_publish_one_rs256_key_that_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sandbox.sqlite3");
    let jwks = |sb: &TestSandbox| {
        let url = format!("{}/oauth/certs.php", sb.base);
        let http = sb.http.clone();
        async move {
            let r = http.get(url).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            r.json::<Value>().await.unwrap()
        }
    };
    let sb = TestSandbox::spawn_with(crate::helpers::config(), Some(&db)).await;
    let first = jwks(&sb).await;
    let key = &first["keys"][0];
    assert_eq!(first["keys"].as_array().unwrap().len(), 1);
    assert_eq!(
        (
            key["kty"].as_str(),
            key["alg"].as_str(),
            key["use"].as_str()
        ),
        (Some("RSA"), Some("RS256"), Some("sig"))
    );
    assert_eq!(key["e"], "AQAB");
    assert!(key["n"].as_str().unwrap().len() > 300, "a 2048-bit modulus");
    assert!(!key["kid"].as_str().unwrap().is_empty());
    assert!(
        key.get("d").is_none() && key.get("p").is_none(),
        "no private part"
    );
    sb.shutdown().await;
    let sb = TestSandbox::spawn_with(crate::helpers::config(), Some(&db)).await;
    assert_eq!(jwks(&sb).await, first, "the same key after a restart");
}
