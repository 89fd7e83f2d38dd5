use std::collections::HashSet;

use crate::helpers::{TestSandbox, config};

/// 8 clients × 200 creates at once: exactly 1,600 new rows, every identifier distinct.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_neither_lose_nor_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sandbox.sqlite3");
    let sb = std::sync::Arc::new(TestSandbox::spawn_with(config(), Some(&db)).await);
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let sb = sb.clone();
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for _ in 0..200 {
                let body = sb.create_sso().await;
                ids.push((
                    body["credentialId"].as_u64().unwrap(),
                    body["clientIdentifier"].as_str().unwrap().to_owned(),
                ));
            }
            ids
        }));
    }
    let mut answered = Vec::new();
    for t in tasks {
        answered.extend(t.await.unwrap());
    }
    assert_eq!(answered.len(), 1600);
    let rows = sb.list(&[]).await;
    assert_eq!(rows.len(), 1600);
    let identifiers: HashSet<&str> = rows
        .iter()
        .map(|r| r["clientIdentifier"].as_str().unwrap())
        .collect();
    assert_eq!(identifiers.len(), 1600, "identifiers are distinct");
    let ids: HashSet<u64> = answered.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids.len(), 1600, "ids are distinct");
    let answered_idents: HashSet<&str> = answered.iter().map(|(_, i)| i.as_str()).collect();
    assert_eq!(
        answered_idents, identifiers,
        "every answered identifier is stored"
    );
}
