use std::cmp::Ordering;
use std::time::Duration;

use serde_json::{Value, json};
use whmcs_api::{SortField, Timestamp};

use crate::helpers::TestSandbox;

const CREATE: (&str, &str) = ("action", "CreateOAuthCredential");

/// Four credentials that differ in every sortable column, a second apart.
async fn seeded() -> TestSandbox {
    let sb = TestSandbox::spawn().await;
    let rows: [&[(&str, &str)]; 4] = [
        &[
            ("grantType", "authorization_code"),
            ("name", "Charlie"),
            ("description", "b"),
            ("logoUri", "c.png"),
            ("scope", "openid"),
        ],
        &[
            ("grantType", "single_sign_on"),
            ("serviceId", "10"),
            ("name", "Alpha"),
            ("description", "d"),
            ("logoUri", "a.png"),
            ("scope", "clientarea:sso"),
        ],
        &[
            ("grantType", "authorization_code"),
            ("name", "Delta"),
            ("description", "a"),
            ("logoUri", "d.png"),
            ("scope", "email"),
        ],
        &[
            ("grantType", "single_sign_on"),
            ("serviceId", "10"),
            ("name", "Bravo"),
            ("description", "c"),
            ("logoUri", "b.png"),
            ("scope", "clientarea:sso"),
        ],
    ];
    for (i, params) in rows.iter().enumerate() {
        if i > 0 {
            // createdAt has one-second resolution.
            tokio::time::sleep(Duration::from_millis(1100)).await;
        }
        let mut all = vec![CREATE];
        all.extend_from_slice(params);
        sb.ok(&all).await;
    }
    // Make updated_at order differ from created_at order.
    sb.ok(&[
        ("action", "UpdateOAuthCredential"),
        ("credentialId", "1"),
        ("description", "b"),
    ])
    .await;
    sb
}

fn response_field(f: SortField) -> &'static str {
    match f {
        SortField::Id => "credentialId",
        SortField::Identifier => "clientIdentifier",
        SortField::Name => "name",
        SortField::Description => "description",
        SortField::GrantTypes => "grantTypes",
        SortField::ServiceId => "serviceId",
        SortField::LogoUri => "logoUri",
        SortField::RsaKeyPairId => "rsaKeyPairId",
        SortField::CreatedAt => "createdAt",
        SortField::UpdatedAt => "updatedAt",
    }
}

fn compare(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_u64().cmp(&y.as_u64()),
        (Value::String(x), Value::String(y)) => match (Timestamp::parse(x), Timestamp::parse(y)) {
            (Timestamp::At(p), Timestamp::At(q)) => p.cmp(&q),
            _ => x.as_bytes().cmp(y.as_bytes()),
        },
        _ => panic!("unexpected values {a} {b}"),
    }
}

fn ids(rows: &[Value]) -> Vec<u64> {
    rows.iter()
        .map(|r| r["credentialId"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn sorts_by_every_column_both_ways() {
    let sb = seeded().await;
    let all = sb.list(&[]).await;
    assert_eq!(ids(&all), [1, 2, 3, 4], "default order is by id");
    for field in SortField::ALL {
        for order in ["asc", "DESC"] {
            let got = sb
                .list(&[("sortField", field.column()), ("sortOrder", order)])
                .await;
            let mut expected = all.clone();
            let key = response_field(field);
            expected.sort_by(|a, b| {
                let primary = compare(&a[key], &b[key]);
                let primary = if order == "asc" {
                    primary
                } else {
                    primary.reverse()
                };
                primary.then(compare(&a["credentialId"], &b["credentialId"]))
            });
            assert_eq!(ids(&got), ids(&expected), "{} {order}", field.column());
        }
    }
    // Sorting really changes the order (the test would pass vacuously otherwise).
    assert_eq!(
        ids(&sb
            .list(&[("sortField", "name"), ("sortOrder", "asc")])
            .await),
        [2, 4, 1, 3]
    );
    assert_eq!(
        ids(&sb
            .list(&[("sortField", "updated_at"), ("sortOrder", "desc")])
            .await),
        [1, 4, 3, 2]
    );
}

#[tokio::test]
async fn sort_errors_never_reach_sql() {
    let sb = TestSandbox::spawn().await;
    let list = ("action", "ListOAuthCredentials");
    assert_eq!(
        sb.error(&[list, ("sortField", "credentialId"), ("sortOrder", "asc")])
            .await,
        "The requested sort field \"credentialId\" is invalid."
    );
    assert_eq!(
        sb.error(&[
            list,
            ("sortField", "id; DROP TABLE tbloauthserver_clients"),
            ("sortOrder", "asc")
        ])
        .await,
        "The requested sort field \"id; DROP TABLE tbloauthserver_clients\" is invalid."
    );
    assert_eq!(
        sb.error(&[list, ("sortField", "name")]).await,
        "Order direction must be \"asc\" or \"desc\"."
    );
    assert_eq!(
        sb.error(&[list, ("sortField", "name"), ("sortOrder", "up")])
            .await,
        "Order direction must be \"asc\" or \"desc\"."
    );
    sb.create_sso().await;
    assert_eq!(sb.list(&[]).await.len(), 1, "the table is still there");
}

#[tokio::test]
async fn filters_by_grant_type_substring_and_limits() {
    let sb = seeded().await;
    assert_eq!(
        ids(&sb.list(&[("grantType", "single_sign_on")]).await),
        [2, 4]
    );
    assert_eq!(
        ids(&sb.list(&[("grantType", "authorization")]).await),
        [1, 3]
    );
    assert_eq!(ids(&sb.list(&[("grantType", "sign")]).await), [2, 4]);
    assert!(sb.list(&[("grantType", "password")]).await.is_empty());
    assert_eq!(ids(&sb.list(&[("limit", "2")]).await), [1, 2]);
    assert_eq!(sb.list(&[("limit", "0")]).await.len(), 4, "0 means all");
    assert_eq!(sb.list(&[("limit", "")]).await.len(), 4, "empty means all");
}

#[tokio::test]
async fn each_row_has_the_documented_fields_and_forms() {
    let sb = TestSandbox::spawn().await;
    sb.create_app("App").await;
    let row = &sb.list(&[]).await[0];
    let keys: Vec<&str> = row
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "credentialId",
            "name",
            "description",
            "grantTypes",
            "scope",
            "clientIdentifier",
            "clientSecret",
            "uuid",
            "serviceId",
            "logoUri",
            "redirectUri",
            "rsaKeyPairId",
            "createdAt",
            "updatedAt"
        ]
    );
    assert_eq!(row["uuid"], json!(null));
    assert_eq!(row["serviceId"], json!(0));
    assert_eq!(row["logoUri"], json!(""));
    assert_eq!(row["scope"], json!("openid email"));
    assert!(
        matches!(
            Timestamp::parse(row["createdAt"].as_str().unwrap()),
            Timestamp::At(_)
        ),
        "{}",
        row["createdAt"]
    );
    let text = row["createdAt"].as_str().unwrap();
    assert!(text.ends_with("am") || text.ends_with("pm"), "{text}");
}
