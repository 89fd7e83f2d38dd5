use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{ADMIN, SUPPORT, TestSandbox, config};

async fn json_error(sb: &TestSandbox, params: &[(&str, &str)]) -> (StatusCode, serde_json::Value) {
    let mut all = vec![("responsetype", "json")];
    all.extend_from_slice(params);
    let (status, body) = sb.raw(&all).await;
    (status, serde_json::from_str(&body).unwrap())
}

/// Parameters sent, the status and the message expected.
type Case<'a> = (&'a [(&'a str, &'a str)], StatusCode, &'a str);

#[tokio::test]
async fn point_5_every_pre_command_error_with_its_status() {
    let sb = TestSandbox::spawn().await;
    let cases: &[Case] = &[
        (
            &[("identifier", ADMIN.0), ("secret", ADMIN.1)],
            StatusCode::BAD_REQUEST,
            "Empty action request",
        ),
        (
            &[("action", "ListOAuthCredentials")],
            StatusCode::FORBIDDEN,
            "Invalid or missing credentials",
        ),
        (
            &[("action", "ListOAuthCredentials"), ("identifier", ADMIN.0)],
            StatusCode::FORBIDDEN,
            "Invalid or missing credentials",
        ),
        (
            &[
                ("action", "ListOAuthCredentials"),
                ("identifier", "nobody"),
                ("secret", "x"),
            ],
            StatusCode::FORBIDDEN,
            "Invalid or missing credentials",
        ),
        (
            &[
                ("action", "ListOAuthCredentials"),
                ("identifier", ADMIN.0),
                ("secret", "wrong"),
            ],
            StatusCode::FORBIDDEN,
            "Authentication Failed",
        ),
        (
            &[
                ("action", "CreateOAuthCredential"),
                ("identifier", SUPPORT.0),
                ("secret", SUPPORT.1),
            ],
            StatusCode::FORBIDDEN,
            "Invalid Permissions: API action \"createoauthcredential\" is not allowed",
        ),
        (
            &[
                ("action", "GetInvoices"),
                ("identifier", ADMIN.0),
                ("secret", ADMIN.1),
            ],
            StatusCode::FORBIDDEN,
            "Invalid API Action: \"getinvoices\" is not a valid API action",
        ),
    ];
    for (params, status, message) in cases {
        let (got_status, body) = json_error(&sb, params).await;
        assert_eq!(
            body,
            json!({"result": "error", "message": message}),
            "{params:?}"
        );
        assert_eq!(got_status, *status, "{params:?}");
    }
}

#[tokio::test]
async fn point_1_empty_action_comes_after_the_credentials() {
    let sb = TestSandbox::spawn().await;
    let (status, body) = json_error(&sb, &[("identifier", ADMIN.0), ("secret", "wrong")]).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::FORBIDDEN,
            json!({"result": "error", "message": "Authentication Failed"})
        )
    );
    let (status, body) = json_error(&sb, &[]).await;
    assert_eq!(
        (status, body["message"].as_str().unwrap()),
        (StatusCode::FORBIDDEN, "Invalid or missing credentials")
    );
}

#[tokio::test]
async fn point_2_an_access_key_is_ignored_where_none_is_configured() {
    let mut c = config();
    c.allowed_ips = vec!["192.0.2.10".parse().unwrap()];
    let sb = TestSandbox::spawn_with(c, None).await;
    let (status, body) = json_error(
        &sb,
        &[
            ("action", "ListOAuthCredentials"),
            ("identifier", ADMIN.0),
            ("secret", ADMIN.1),
            ("accesskey", "anything"),
        ],
    )
    .await;
    assert_eq!(
        (status, body["message"].as_str().unwrap()),
        (StatusCode::FORBIDDEN, "Invalid IP 127.0.0.1"),
        "not Invalid Access Key"
    );
}

#[tokio::test]
async fn point_3_the_action_is_normalised_and_exists_before_the_role_is_asked() {
    let sb = TestSandbox::spawn().await;
    let (status, body) = json_error(
        &sb,
        &[
            ("action", "Get_Invoices"),
            ("identifier", SUPPORT.0),
            ("secret", SUPPORT.1),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        body["message"],
        "Invalid API Action: \"getinvoices\" is not a valid API action"
    );
    let (_, body) = json_error(
        &sb,
        &[
            ("action", "Create_OAuth_Credential"),
            ("identifier", SUPPORT.0),
            ("secret", SUPPORT.1),
        ],
    )
    .await;
    assert_eq!(
        body["message"],
        "Invalid Permissions: API action \"createoauthcredential\" is not allowed"
    );
}

#[tokio::test]
async fn point_4_an_unknown_username_is_authentication_failed() {
    let sb = TestSandbox::spawn().await;
    let (status, body) = json_error(
        &sb,
        &[
            ("action", "ListOAuthCredentials"),
            ("username", "nobody"),
            ("password", "x"),
        ],
    )
    .await;
    assert_eq!(
        (status, body["message"].as_str().unwrap()),
        (StatusCode::FORBIDDEN, "Authentication Failed")
    );
}

#[tokio::test]
async fn point_6_an_unknown_response_type_is_refused() {
    let sb = TestSandbox::spawn().await;
    let (status, body) = sb
        .raw(&[
            ("action", "ListOAuthCredentials"),
            ("identifier", ADMIN.0),
            ("secret", ADMIN.1),
            ("responsetype", "yaml"),
        ])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).unwrap(),
        json!({"result": "error", "message": "Unsupported API response type format \"yaml\". Supported formats include: json, xml, nvp"})
    );
}

#[tokio::test]
async fn action_is_case_and_punctuation_insensitive_and_usernames_work() {
    let sb = TestSandbox::spawn().await;
    for action in [
        "listoauthcredentials",
        "ListOAuthCredentials",
        "List_OAuth_Credentials",
    ] {
        let (status, body) = json_error(
            &sb,
            &[
                ("action", action),
                ("username", SUPPORT.0),
                ("password", SUPPORT.1),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["result"], "success", "{action}");
    }
}

#[tokio::test]
async fn ip_allow_list_and_access_key() {
    let mut c = config();
    c.allowed_ips = vec!["192.0.2.10".parse().unwrap()];
    c.access_key = Some("the-key".into());
    let sb = TestSandbox::spawn_with(c, None).await;
    let base = [
        ("action", "ListOAuthCredentials"),
        ("identifier", ADMIN.0),
        ("secret", ADMIN.1),
    ];

    let (status, body) = json_error(&sb, &base).await;
    assert_eq!(
        (status, body["message"].as_str().unwrap()),
        (StatusCode::FORBIDDEN, "Invalid IP 127.0.0.1")
    );

    let mut wrong = base.to_vec();
    wrong.push(("accesskey", "nope"));
    let (status, body) = json_error(&sb, &wrong).await;
    assert_eq!(
        (status, body["message"].as_str().unwrap()),
        (StatusCode::FORBIDDEN, "Invalid Access Key")
    );

    let mut right = base.to_vec();
    right.push(("accesskey", "the-key"));
    let (status, body) = json_error(&sb, &right).await;
    assert_eq!(
        (status, body["result"].as_str().unwrap()),
        (StatusCode::OK, "success")
    );
}
