//! Generated credentials in bulk, for load tests and benchmarks: the shape of a hosting
//! company with one single-sign-on credential per customer service, plus some third-party
//! apps. Inserted in one transaction with the same identifier and secret formats as
//! `CreateOAuthCredential`, so a list of them costs what a real one does.

use rusqlite::{Connection, params};

use crate::generate;
use crate::store::{StoreError, now};

/// One in this many generated credentials is an `authorization_code` app with redirect URIs.
const APP_EVERY: usize = 10;

/// Adds `count` credentials; returns how many were added. Service ids cycle through the
/// services the installation has (0 when it has none).
pub fn add_credentials(
    conn: &Connection,
    company: &str,
    count: usize,
) -> Result<usize, StoreError> {
    let services: Vec<u64> = conn
        .prepare("SELECT id FROM tblhosting WHERE userid > 0 ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let stamp = now();
    let tx = conn.unchecked_transaction()?;
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
        for n in 0..count {
            let row = GeneratedRow::new(n, &services);
            let rsa = if row.grant == "authorization_code" {
                key_pair.execute(params![generate::access_token(), stamp])?;
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
    fn new(n: usize, services: &[u64]) -> GeneratedRow {
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
            let service_id = if services.is_empty() {
                0
            } else {
                services[n % services.len()]
            };
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
        assert!((101..=106).contains(&sso.service_id), "{}", sso.service_id);
    }
}
