use crate::helpers::{TestSandbox, config};

#[tokio::test]
async fn data_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sandbox.sqlite3");

    let first = TestSandbox::spawn_with(config(), Some(&db)).await;
    let created = first.create_app("Kept").await;
    first.create_sso().await;
    first
        .ok(&[
            ("action", "UpdateOAuthCredential"),
            ("credentialId", "2"),
            ("description", "updated"),
        ])
        .await;
    let before = first.list(&[]).await;
    first.shutdown().await;

    let second = TestSandbox::spawn_with(config(), Some(&db)).await;
    let after = second.list(&[]).await;
    assert_eq!(after, before);
    assert_eq!(after[0]["clientSecret"], created["clientSecret"]);
    // New ids continue after the old ones.
    assert_eq!(second.create_sso().await["credentialId"], 3);
}
