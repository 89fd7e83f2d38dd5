//! Generated credentials in bulk, for load tests and benchmarks: the shape of a hosting
//! company with one single-sign-on credential per customer service (and the customers and
//! services they point to), plus some third-party apps. Inserted in one transaction with the
//! same identifier and secret formats as `CreateOAuthCredential`, so a list of them costs
//! what a real one does. Like a real installation, a few of them have each thing the
//! Findings page finds (every kind at least once from a few hundred credentials on).

use rusqlite::{Connection, params};

use crate::generate;
use crate::store::{StoreError, now};

/// One in this many generated credentials is an `authorization_code` app with redirect URIs.
const APP_EVERY: usize = 10;
/// Services to a customer (50,000 services, 10,000 customers).
const SERVICES_EACH: usize = 5;
/// When the stale ones last changed.
const LONG_AGO: &str = "2024-05-01 09:00:00";

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
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
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
                if row.stale { LONG_AGO } else { stamp.as_str() },
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

/// The customers (five services each) and services the generated SSO credentials use; a
/// few suspended, pending, completed or ended, and a few customers Closed, as in a real
/// installation.
fn add_customers(tx: &Connection, services: &[u64], first_client: u64) -> Result<(), StoreError> {
    let mut client = tx.prepare(&format!(
        "INSERT INTO tblclients (id, firstname, lastname, companyname, email, status, datecreated, uuid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, '2025-01-01', {})",
        crate::store::schema::UUID_V4
    ))?;
    let mut service = tx.prepare(
        "INSERT INTO tblhosting (id, userid, product, groupname, domain, domainstatus, regdate)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, '2025-01-01')",
    )?;
    for (i, id) in services.iter().enumerate() {
        let owner = first_client + (i / SERVICES_EACH) as u64;
        if i % SERVICES_EACH == 0 {
            let n = i / SERVICES_EACH;
            let (first, last) = (FIRST_NAMES[n % 8], LAST_NAMES[(n / 8) % 8]);
            let company = if n.is_multiple_of(2) {
                format!("{last} Studio {n}")
            } else {
                String::new()
            };
            let email = format!(
                "{}.{}{n}@example.net",
                first.to_lowercase(),
                last.to_lowercase()
            );
            let status = if n % 50 == 49 { "Closed" } else { "Active" };
            client.execute(params![owner, first, last, company, email, status])?;
        }
        let (product, group) = PRODUCTS[i % PRODUCTS.len()];
        let status = match i {
            _ if i % 29 == 28 => "Terminated",
            _ if i % 17 == 16 => "Suspended",
            _ if i % 41 == 40 => "Pending",
            _ if i % 43 == 42 => "Completed",
            _ if i % 47 == 46 => "Cancelled",
            _ if i % 53 == 52 => "Fraud",
            _ => "Active",
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
    /// Last changed long ago.
    stale: bool,
}

impl GeneratedRow {
    fn new(n: usize, services: &[u64], sso: &mut usize) -> GeneratedRow {
        let number = n + 1;
        let stale = number % 7 == 3;
        if number.is_multiple_of(APP_EVERY) {
            let app = |path: &str| format!("https://app{number}.example.net/{path}");
            // A few apps as they are found in real installations.
            let (scopes, redirects) = match number / APP_EVERY {
                k if k % 7 == 5 => ("openid profile email", String::new()),
                k if k % 7 == 6 => (
                    "openid profile email",
                    format!("http://app{number}.example.net/oauth/callback"),
                ),
                k if k % 11 == 3 => ("profile email", app("oauth/callback")),
                k if k % 13 == 4 => ("openid legacy:reports", app("oauth/callback")),
                k if k % 17 == 8 => (
                    "openid profile email",
                    format!("{} {}", app("oauth/callback"), app("oauth/callback")),
                ),
                _ => (
                    "openid profile email",
                    format!("{} {}", app("oauth/callback"), app("login")),
                ),
            };
            GeneratedRow {
                grant: "authorization_code",
                scopes,
                service_id: 0,
                name: format!("Partner app {number:05}"),
                description: format!("Third-party integration number {number}"),
                logo: app("logo.png"),
                redirects,
                stale,
            }
        } else {
            let k = *sso;
            let service_id = match k {
                // Two credentials for one service; one for a service that is gone.
                _ if k % 97 == 96 && k > 0 => services[k - 1],
                _ if k % 89 == 88 => 9_000_000 + k as u64,
                _ => services.get(k).copied().unwrap_or(0),
            };
            *sso += 1;
            GeneratedRow {
                grant: "single_sign_on",
                scopes: if k % 83 == 82 {
                    "clientarea:product_details"
                } else {
                    "clientarea:sso clientarea:product_details"
                },
                service_id,
                name: format!("SSO service {number:05}"),
                description: format!("Client area single sign-on for hosting order {number}"),
                logo: String::new(),
                redirects: String::new(),
                stale,
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

    /// A generated installation of a few hundred has every kind of finding.
    #[test]
    fn a_generated_installation_has_every_finding() {
        use whmcs_api::findings::{FindingKind, InstallationFacts, ServiceFacts, Survey};
        let state = SandboxState::open(demo_config("a", "b"), None).unwrap();
        let conn = state.store.lock();
        let before = crate::store::list(&conn, &ListQuery::default())
            .unwrap()
            .len();
        add_credentials(&conn, "Acme Hosting", 1000).unwrap();
        let all = crate::store::list(&conn, &ListQuery::default()).unwrap();
        let generated = &all[before..];
        // What GetClientsProducts and GetClients would say of each service.
        let mut facts: Vec<(u64, String, String)> = Vec::new();
        let mut rows = conn
            .prepare(
                "SELECT h.id, h.domainstatus, c.status FROM tblhosting h JOIN tblclients c ON c.id = h.userid",
            )
            .unwrap();
        for row in rows
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
        {
            facts.push(row.unwrap());
        }
        struct Facts(Vec<(u64, String, String)>);
        impl InstallationFacts for Facts {
            fn service(&self, id: u64) -> ServiceFacts<'_> {
                match self.0.iter().find(|(s, _, _)| *s == id) {
                    Some((_, status, client)) => ServiceFacts::Found {
                        status,
                        client_status: Some(client),
                    },
                    None => ServiceFacts::Missing,
                }
            }
        }
        let facts = Facts(facts);
        let catalogue = whmcs_api::ScopeCatalogue::default();
        let today = time::macros::date!(2026 - 12 - 06);
        let survey = Survey::new(generated, &catalogue, today);
        for kind in FindingKind::ALL {
            assert!(
                generated
                    .iter()
                    .any(|c| survey.check(c, &facts).contains(kind)),
                "{kind:?}"
            );
        }
    }
}
