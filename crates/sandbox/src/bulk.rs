//! Generated credentials in bulk, for load tests and benchmarks: the shape of a hosting
//! company with one single-sign-on credential per customer service (and the customers and
//! services they point to), plus some third-party apps. Inserted in one transaction with the
//! same identifier and secret formats as `CreateOAuthCredential`, so a list of them costs
//! what a real one does.

use rusqlite::{Connection, params};

use crate::generate;
use crate::store::{StoreError, now};

/// One in this many generated credentials is an `authorization_code` app with redirect URIs.
const APP_EVERY: usize = 10;

/// Adds `count` credentials; returns how many were added. Each single sign-on credential
/// gets a service of its own (three to a customer), numbered after the existing ones.
pub fn add_credentials(
    conn: &Connection,
    company: &str,
    count: usize,
) -> Result<usize, StoreError> {
    let first_service: u64 = conn.query_row(
        "SELECT max(10000, coalesce(max(id), 0) + 1) FROM tblhosting",
        [],
        |r| r.get(0),
    )?;
    let first_client: u64 = conn.query_row(
        "SELECT max(10000, coalesce(max(id), 0) + 1) FROM tblclients",
        [],
        |r| r.get(0),
    )?;
    let sso_rows = count - count / APP_EVERY;
    let services: Vec<u64> = (0..sso_rows as u64).map(|i| first_service + i).collect();
    let stamp = now();
    let tx = conn.unchecked_transaction()?;
    add_customers(&tx, &services, first_client)?;
    {
        let mut key_pair = tx.prepare(
            "INSERT INTO tbloauthserver_keypairs (identifier, created_at) VALUES (?1, ?2)",
        )?;
        let mut insert = tx.prepare(
            "INSERT INTO tbloauthserver_clients
               (identifier, secret, redirect_uri, grant_types, scope, service_id, name,
                description, logo_uri, rsa_key_pair_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        )?;
        let mut sso = 0;
        for n in 0..count {
            let row = GeneratedRow::new(n, &services, &mut sso);
            let rsa = if row.grant == "authorization_code" {
                key_pair.execute(params![generate::key_id(), stamp])?;
                tx.last_insert_rowid()
            } else {
                0
            };
            insert.execute(params![
                generate::client_identifier(company),
                generate::client_secret(),
                row.redirects,
                row.grant,
                row.scopes,
                row.service_id,
                row.name,
                row.description,
                row.logo,
                rsa,
                stamp,
            ])?;
        }
    }
    tx.commit()?;
    Ok(count)
}

const FIRST_NAMES: [&str; 8] = [
    "Ava", "Ben", "Chloe", "Dev", "Elif", "Femi", "Greta", "Hiro",
];
const LAST_NAMES: [&str; 8] = [
    "Novak", "Okafor", "Petrov", "Quinn", "Rossi", "Silva", "Tanaka", "Usman",
];
const PRODUCTS: [(&str, &str); 4] = [
    ("Starter Hosting", "Shared Hosting"),
    ("Business Hosting", "Shared Hosting"),
    ("VPS 2 GB", "VPS"),
    ("Reseller Silver", "Reseller Hosting"),
];

/// The customers (three services each) and services the generated SSO credentials use;
/// a few suspended or terminated, as in a real installation.
fn add_customers(tx: &Connection, services: &[u64], first_client: u64) -> Result<(), StoreError> {
    let mut client = tx.prepare(&format!(
        "INSERT INTO tblclients (id, firstname, lastname, companyname, email, status, datecreated, uuid)
         VALUES (?1, ?2, ?3, ?4, ?5, 'Active', '2025-01-01', {})",
        crate::store::schema::UUID_V4
    ))?;
    let mut service = tx.prepare(
        "INSERT INTO tblhosting (id, userid, product, groupname, domain, domainstatus, regdate)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, '2025-01-01')",
    )?;
    for (i, id) in services.iter().enumerate() {
        let owner = first_client + (i / 3) as u64;
        if i % 3 == 0 {
            let n = i / 3;
            let (first, last) = (FIRST_NAMES[n % 8], LAST_NAMES[(n / 8) % 8]);
            let company = if n % 2 == 0 {
                format!("{last} Studio {n}")
            } else {
                String::new()
            };
            let email = format!(
                "{}.{}{n}@example.net",
                first.to_lowercase(),
                last.to_lowercase()
            );
            client.execute(params![owner, first, last, company, email])?;
        }
        let (product, group) = PRODUCTS[i % PRODUCTS.len()];
        let status = if i % 29 == 28 {
            "Terminated"
        } else if i % 17 == 16 {
            "Suspended"
        } else {
            "Active"
        };
        service.execute(params![
            id,
            owner,
            product,
            group,
            format!("svc{id}.example.net"),
            status
        ])?;
    }
    Ok(())
}

/// The varying columns of the `n`th generated credential.
struct GeneratedRow {
    grant: &'static str,
    scopes: &'static str,
    service_id: u64,
    name: String,
    description: String,
    logo: String,
    redirects: String,
}

impl GeneratedRow {
    fn new(n: usize, services: &[u64], sso: &mut usize) -> GeneratedRow {
        let number = n + 1;
        if number.is_multiple_of(APP_EVERY) {
            GeneratedRow {
                grant: "authorization_code",
                scopes: "openid profile email",
                service_id: 0,
                name: format!("Partner app {number:05}"),
                description: format!("Third-party integration number {number}"),
                logo: format!("https://app{number}.example.net/logo.png"),
                redirects: format!(
                    "https://app{number}.example.net/oauth/callback https://app{number}.example.net/login"
                ),
            }
        } else {
            let service_id = services.get(*sso).copied().unwrap_or(0);
            *sso += 1;
            GeneratedRow {
                grant: "single_sign_on",
                scopes: "clientarea:sso clientarea:product_details",
                service_id,
                name: format!("SSO service {number:05}"),
                description: format!("Client area single sign-on for hosting order {number}"),
                logo: String::new(),
                redirects: String::new(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::demo_config;
    use crate::state::SandboxState;
    use whmcs_api::ListQuery;

    #[test]
    fn adds_that_many_distinct_valid_rows() {
        let state = SandboxState::open(demo_config("a", "b"), None).unwrap();
        let conn = state.store.lock();
        let before = crate::store::list(&conn, &ListQuery::default())
            .unwrap()
            .len();
        assert_eq!(add_credentials(&conn, "Acme Hosting", 250).unwrap(), 250);
        let all = crate::store::list(&conn, &ListQuery::default()).unwrap();
        assert_eq!(all.len(), before + 250);
        let mut ids: Vec<_> = all.iter().map(|c| c.client_identifier.clone()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), all.len(), "identifiers are unique");
        let apps = all
            .iter()
            .filter(|c| c.name.starts_with("Partner app"))
            .count();
        assert_eq!(apps, 25);
        assert!(
            all.iter()
                .all(|c| c.client_secret.as_ref().unwrap().len() == 88)
        );
        let app = all.iter().find(|c| c.name == "Partner app 00010").unwrap();
        assert!(app.rsa_key_pair_id > 0);
        assert_eq!(app.redirect_uris.len(), 2);
        let sso = all.iter().find(|c| c.name == "SSO service 00001").unwrap();
        assert_eq!(sso.grant_types, ["single_sign_on"]);
        // Its service exists, with a customer.
        let owner: i64 = conn
            .query_row(
                "SELECT userid FROM tblhosting WHERE id = ?1",
                [sso.service_id],
                |r| r.get(0),
            )
            .unwrap();
        assert!(owner >= 10_000, "{owner}");
        let services: i64 = conn
            .query_row(
                "SELECT count(*) FROM tblhosting WHERE id >= 10000",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(services, 225, "one service per SSO credential");
    }
}
