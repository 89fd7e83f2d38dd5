use crate::helpers::{MISSING_SERVICE, ORPHAN_SERVICE, TestSandbox};

const CREATE: (&str, &str) = ("action", "CreateOAuthCredential");

#[tokio::test]
async fn every_create_error_in_whmcs_order() {
    let sb = TestSandbox::spawn().await;
    let missing = MISSING_SERVICE.to_string();
    let orphan = ORPHAN_SERVICE.to_string();
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (vec![("scope", "bogus")], "A valid grant type is required."),
        // Parameter names are case-sensitive.
        (
            vec![
                ("granttype", "single_sign_on"),
                ("serviceId", "10"),
                ("scope", "clientarea:sso"),
            ],
            "A valid grant type is required.",
        ),
        (
            vec![("grantType", "password"), ("scope", "bogus")],
            "The requested grant type \"password\" is invalid.",
        ),
        (
            vec![("grantType", "authorization_code"), ("scope", "bogus")],
            "A name for the Client Credential is required.",
        ),
        (
            vec![("grantType", "single_sign_on"), ("scope", "bogus")],
            "A service ID is required for the single sign-on grant type.",
        ),
        (
            vec![
                ("grantType", "single_sign_on"),
                ("serviceId", &missing),
                ("scope", "bogus"),
            ],
            "A valid Service ID is required.",
        ),
        (
            vec![
                ("grantType", "single_sign_on"),
                ("serviceId", &orphan),
                ("scope", "bogus"),
            ],
            "Service ID not associated with valid Client.",
        ),
        (
            vec![("grantType", "single_sign_on"), ("serviceId", "10")],
            "At least one valid scope is required.",
        ),
        (
            vec![
                ("grantType", "single_sign_on"),
                ("serviceId", "10"),
                ("scope", "clientarea:sso bogus worse"),
            ],
            "The requested scope \"bogus\" is invalid.",
        ),
        (
            vec![
                ("grantType", "authorization_code"),
                ("name", "App"),
                ("scope", "openid"),
                ("redirectUri[]", "javascript:alert(1)"),
            ],
            "Redirect URI \"javascript:alert(1)\" uses a scheme that can run code and is never allowed.",
        ),
    ];
    for (mut params, message) in cases {
        params.insert(0, CREATE);
        assert_eq!(sb.error(&params).await, message, "{params:?}");
    }
    assert!(sb.list(&[]).await.is_empty(), "no failed create left a row");
}

#[tokio::test]
async fn a_created_credential_has_whmcs_shapes() {
    let sb = TestSandbox::spawn().await;
    let body = sb.create_app("App").await;
    assert_eq!(body["credentialId"], 1, "ids are integers");
    let identifier = body["clientIdentifier"].as_str().unwrap();
    let (prefix, random) = identifier.split_once('.').unwrap();
    assert_eq!(
        prefix, "TEST-COMPANY-NAM",
        "company name, dashes, 16 characters, upper case"
    );
    assert_eq!(random.len(), 32);
    assert_eq!(body["clientSecret"].as_str().unwrap().len(), 88);
    assert_eq!(
        body.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["result", "credentialId", "clientIdentifier", "clientSecret"]
    );

    let rows = sb.list(&[]).await;
    assert!(
        rows[0]["rsaKeyPairId"].as_u64().unwrap() > 0,
        "authorization_code gets a key pair"
    );
    sb.create_sso().await;
    let rows = sb.list(&[]).await;
    assert_eq!(rows[1]["rsaKeyPairId"], 0, "single_sign_on has none");
    assert_eq!(rows[1]["serviceId"], 10);
}

#[tokio::test]
async fn redirect_uris_as_array_or_space_separated_string() {
    let sb = TestSandbox::spawn().await;
    sb.ok(&[
        CREATE,
        ("grantType", "authorization_code"),
        ("name", "A"),
        ("scope", "openid"),
        ("redirectUri", "https://a.example/1 https://b.example/2"),
    ])
    .await;
    sb.ok(&[
        CREATE,
        ("grantType", "authorization_code"),
        ("name", "B"),
        ("scope", "openid"),
        ("redirectUri[]", "https://a.example/1"),
        ("redirectUri[]", "https://b.example/2"),
    ])
    .await;
    let rows = sb.list(&[]).await;
    for row in rows {
        assert_eq!(
            row["redirectUri"],
            serde_json::json!(["https://a.example/1", "https://b.example/2"])
        );
    }
}

#[tokio::test]
async fn point_8_scopes_split_on_each_single_space() {
    let sb = TestSandbox::spawn().await;
    for scope in [
        "clientarea:sso ",
        "clientarea:sso  clientarea:profile",
        " clientarea:sso",
    ] {
        assert_eq!(
            sb.error(&[
                CREATE,
                ("grantType", "single_sign_on"),
                ("serviceId", "10"),
                ("scope", scope),
            ])
            .await,
            "The requested scope \"\" is invalid.",
            "{scope:?}"
        );
    }
}

#[tokio::test]
async fn point_9_scopes_are_stored_in_catalogue_order_without_repeats() {
    let sb = TestSandbox::spawn().await;
    sb.ok(&[
        CREATE,
        ("grantType", "authorization_code"),
        ("name", "App"),
        ("scope", "profile email openid profile"),
    ])
    .await;
    assert_eq!(sb.list(&[]).await[0]["scope"], "openid email profile");
}

#[tokio::test]
async fn point_10_service_id_is_read_with_phps_int_cast() {
    let sb = TestSandbox::spawn().await;
    assert_eq!(
        sb.error(&[
            CREATE,
            ("grantType", "single_sign_on"),
            ("serviceId", "abc"),
            ("scope", "clientarea:sso"),
        ])
        .await,
        "A service ID is required for the single sign-on grant type."
    );
    sb.ok(&[
        CREATE,
        ("grantType", "single_sign_on"),
        ("serviceId", "10abc"),
        ("scope", "clientarea:sso"),
    ])
    .await;
    assert_eq!(sb.list(&[]).await[0]["serviceId"], 10);
}
