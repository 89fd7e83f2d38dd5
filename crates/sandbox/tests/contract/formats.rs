use crate::helpers::{ADMIN, TestSandbox};

#[tokio::test]
async fn xml_nvp_and_json() {
    let sb = TestSandbox::spawn().await;
    sb.create_sso().await;
    let base = [
        ("action", "DeleteOAuthCredential"),
        ("identifier", ADMIN.0),
        ("secret", ADMIN.1),
        ("credentialId", "1"),
    ];

    let mut xml = base.to_vec();
    xml.push(("responsetype", "xml"));
    let (_, body) = sb.raw(&xml).await;
    assert!(
        body.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<whmcsapi version=\""),
        "{body}"
    );
    assert!(
        body.contains("<action>deleteoauthcredential</action>"),
        "{body}"
    );
    assert!(body.contains("<result>success</result>"), "{body}");
    assert!(body.contains("<credentialId>1</credentialId>"), "{body}");

    // No responsetype: NVP.
    let (status, body) = sb.raw(&base).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        "result=error;message=Invalid Credential ID provided.;"
    );

    let mut json = base.to_vec();
    json.push(("responsetype", "json"));
    let (_, body) = sb.raw(&json).await;
    assert_eq!(
        body,
        r#"{"result":"error","message":"Invalid Credential ID provided."}"#
    );
}

#[tokio::test]
async fn pre_command_errors_follow_the_response_type_too() {
    let sb = TestSandbox::spawn().await;
    let (status, body) = sb.raw(&[("action", "ListOAuthCredentials")]).await;
    assert_eq!(status, 403);
    assert_eq!(body, "result=error;message=Invalid or missing credentials;");
}

#[tokio::test]
async fn point_7_json_escapes_ampersands_and_xml_uses_cdata_only_where_needed() {
    let sb = TestSandbox::spawn().await;
    sb.ok(&[
        ("action", "CreateOAuthCredential"),
        ("grantType", "authorization_code"),
        ("name", "Tom & Jerry"),
        ("scope", "openid"),
        ("redirectUri[]", "https://app.example/cb"),
    ])
    .await;
    let list = [
        ("action", "ListOAuthCredentials"),
        ("identifier", ADMIN.0),
        ("secret", ADMIN.1),
    ];
    let mut json = list.to_vec();
    json.push(("responsetype", "json"));
    let (_, body) = sb.raw(&json).await;
    assert!(body.contains(r#""name":"Tom \u0026 Jerry""#), "{body}");
    assert!(
        body.contains(r#""redirectUri":["https://app.example/cb"]"#),
        "{body}"
    );

    let mut xml = list.to_vec();
    xml.push(("responsetype", "xml"));
    let (_, body) = sb.raw(&xml).await;
    assert!(
        body.contains("<name><![CDATA[Tom & Jerry]]></name>"),
        "{body}"
    );
    assert!(
        body.contains("<clients><credentialId>1</credentialId>"),
        "no per-item element: {body}"
    );
    assert!(!body.contains("<client>"), "{body}");

    let mut error = list.to_vec();
    error[2] = ("secret", "wrong");
    error.push(("responsetype", "xml"));
    let (_, body) = sb.raw(&error).await;
    assert!(body.contains("<whmcsapi version=\"\">"), "{body}");
}
