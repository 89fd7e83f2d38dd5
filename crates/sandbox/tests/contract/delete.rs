use serde_json::json;

use crate::helpers::TestSandbox;

#[tokio::test]
async fn deletes_once_then_says_invalid() {
    let sb = TestSandbox::spawn().await;
    sb.create_sso().await;
    let del = [("action", "DeleteOAuthCredential"), ("credentialId", "1")];
    assert_eq!(
        sb.ok(&del).await,
        json!({"result": "success", "credentialId": 1})
    );
    assert_eq!(sb.error(&del).await, "Invalid Credential ID provided.");
    assert_eq!(
        sb.error(&[("action", "DeleteOAuthCredential")]).await,
        "Invalid Credential ID provided."
    );
    assert_eq!(
        sb.error(&[("action", "DeleteOAuthCredential"), ("credentialId", "x")])
            .await,
        "Invalid Credential ID provided."
    );
    assert!(sb.list(&[]).await.is_empty());
}
