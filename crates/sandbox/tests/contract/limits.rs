//! Parameter lengths: a value no client needs is refused with a WHMCS-shaped message and
//! HTTP 200 (a command error), never handed to SQLite (whose `LIKE` refuses patterns over
//! 50,000 bytes with HTTP 500).

use crate::helpers::TestSandbox;

#[tokio::test]
async fn an_enormous_grant_type_filter_is_a_command_error_not_a_500() {
    let sb = TestSandbox::spawn().await;
    let huge = "a".repeat(50_000);
    assert_eq!(
        sb.error(&[("action", "ListOAuthCredentials"), ("grantType", &huge)])
            .await,
        "The grant type must be at most 64 characters."
    );
    // At the cap it is an ordinary filter that matches nothing.
    let at_cap = "a".repeat(64);
    assert!(
        sb.list(&[("grantType", &at_cap)]).await.is_empty(),
        "a 64-character filter is still a filter"
    );
}

#[tokio::test]
async fn every_command_caps_what_it_reads() {
    let sb = TestSandbox::spawn().await;
    let long_number = "1".repeat(21);
    let long_identifier = "x".repeat(256);
    let cases: [(&[(&str, &str)], &str); 6] = [
        (
            &[("action", "ListOAuthCredentials"), ("limit", &long_number)],
            "The limit must be at most 20 characters.",
        ),
        (
            &[
                ("action", "ListOAuthCredentials"),
                ("sortField", &long_identifier),
            ],
            "The sort field must be at most 64 characters.",
        ),
        (
            &[
                ("action", "UpdateOAuthCredential"),
                ("clientIdentifier", &long_identifier),
            ],
            "The client identifier must be at most 255 characters.",
        ),
        (
            &[
                ("action", "DeleteOAuthCredential"),
                ("credentialId", &long_number),
            ],
            "The credential ID must be at most 20 characters.",
        ),
        (
            &[
                ("action", "CreateOAuthCredential"),
                ("grantType", "single_sign_on"),
                ("scope", "clientarea:sso"),
                ("serviceId", &long_number),
            ],
            "The service ID must be at most 20 characters.",
        ),
        (
            &[
                ("action", "ListOAuthCredentials"),
                ("anythingElse", &"z".repeat(70_000)),
            ],
            "The parameter \"anythingElse\" must be at most 65536 characters.",
        ),
    ];
    for (params, message) in cases {
        assert_eq!(sb.error(params).await, message, "{:?}", params[1].0);
    }
    // Nothing was created along the way.
    assert_eq!(sb.list(&[]).await.len(), 0);
}
