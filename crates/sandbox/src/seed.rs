//! The built-in demo installation, `data/demo.toml`: a hosting company, customers with
//! services, a full-access and a read-only API credential, and a dozen OAuth credentials.
//! It is read by the same loader as `--config`, so the file is the whole demo; the names
//! here are the parts of it that the command line and the tests refer to, and a test
//! checks that the file still has them.

use rusqlite::Connection;

use crate::config::{OAuthCredentialConfig, SandboxConfig};
use crate::store::{self, StoreError};

/// The demo installation as a file.
const DEMO_TOML: &str = include_str!("../data/demo.toml");

pub const DEMO_IDENTIFIER: &str = "demo-admin";
pub const DEMO_SECRET: &str = "demo-admin-secret";
/// A support role that may only list: the panel turns read-only for it.
pub const READONLY_IDENTIFIER: &str = "demo-support";
pub const READONLY_SECRET: &str = "demo-support-secret";
/// The demo service whose customer's account is Closed (its single sign-on is refused).
pub const CLOSED_CLIENT_SERVICE: u64 = 106;
/// The service of a demo credential that WHMCS still lists after the service was deleted.
pub const DELETED_SERVICE: u64 = 102;

/// The demo installation, its full-access API credential replaced by the one given (the
/// command line's `--api-identifier` / `--api-secret`).
pub fn demo_config(identifier: &str, secret: &str) -> SandboxConfig {
    let mut config = SandboxConfig::from_toml(DEMO_TOML, "the built-in demo (data/demo.toml)")
        .expect("the built-in demo is a valid installation (a test checks it)");
    let admin = &mut config.api_credentials[0];
    admin.identifier = identifier.to_owned();
    admin.secret = secret.to_owned();
    config
}

/// The demo customers `oauth-admin demo` prints: email and client-area password (a Closed
/// account cannot log in, so it is not among them).
pub fn demo_customer_logins() -> Vec<(String, String)> {
    demo_config("", "")
        .clients
        .into_iter()
        .filter(|c| c.status == "Active" && !c.password.is_empty())
        .map(|c| (c.email, c.password))
        .collect()
}

/// The name the starting credentials' seed is marked done under (older databases were
/// marked so, and a renamed mark would seed them again).
const DEMO_SEED: &str = "demo_credentials";

/// Adds the installation's starting credentials once, all or nothing: one transaction that
/// ends by marking the seed done. A database a killed start left partly seeded (before the
/// mark existed) gets the ones it lacks; a seeded one is left alone, whatever was changed
/// since.
pub fn seed_credentials(
    conn: &Connection,
    credentials: &[OAuthCredentialConfig],
    company: &str,
) -> Result<usize, StoreError> {
    let tx = conn.unchecked_transaction()?;
    let done: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM sandbox_seeds WHERE name = ?1)",
        [DEMO_SEED],
        |r| r.get(0),
    )?;
    if done {
        return Ok(0);
    }
    let mut added = 0;
    for c in credentials {
        let present: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM tbloauthserver_clients WHERE name = ?1 AND service_id = ?2)",
            rusqlite::params![c.name, c.service_id],
            |r| r.get(0),
        )?;
        if present {
            continue;
        }
        let (id, _, _) = store::insert(&tx, &c.request(), company)?;
        if let Some(at) = &c.updated_at {
            tx.execute(
                "UPDATE tbloauthserver_clients SET created_at = ?2, updated_at = ?2 WHERE id = ?1",
                rusqlite::params![id, at],
            )?;
        }
        added += 1;
    }
    tx.execute(
        "INSERT INTO sandbox_seeds (name, seeded_at) VALUES (?1, ?2)",
        [DEMO_SEED, &store::now()],
    )?;
    tx.commit()?;
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use whmcs_api::validation::Rules;
    use whmcs_api::{CreateCredential, GrantType};

    /// Every demo credential is one WHMCS could hold: it passes today's validation, or it
    /// is there to be found (a scope the catalogue lost, redirect URIs the panel would
    /// refuse now), or its service was deleted after it was made.
    #[test]
    fn every_demo_credential_passes_validation_or_is_a_finding() {
        let config = demo_config("a", "b");
        let catalogue = config.catalogue();
        let store = crate::store::Store::in_memory().unwrap();
        let conn = store.lock();
        crate::store::upsert_clients(&conn, &config.clients, &config.orphan_services).unwrap();
        let services = crate::store::Services(&conn);
        let rules = Rules {
            catalogue: &catalogue,
            services: &services,
        };
        let mut found = 0;
        for c in config
            .oauth_credentials
            .iter()
            .filter(|c| c.service_id != DELETED_SERVICE)
        {
            let mut p = whmcs_api::Params::new();
            p.push("grantType", c.grant_type.as_str())
                .push("scope", &c.scope)
                .push("name", &c.name)
                .push("serviceId", c.service_id.to_string())
                .push("description", &c.description)
                .push("logoUri", &c.logo_uri)
                .push_list("redirectUri", c.redirect_uris.iter().map(String::as_str));
            if let Err(e) = CreateCredential::from_params(&p, &rules) {
                let request = c.request();
                let uris = &request.redirect_uris;
                let finding = request.scopes.iter().any(|s| !catalogue.contains(s))
                    || uris
                        .iter()
                        .any(|u| whmcs_api::uri::unsafe_redirect(u).is_some())
                    || uris.iter().enumerate().any(|(i, u)| uris[..i].contains(u));
                assert!(finding, "{}: {e}", c.name);
                found += 1;
            }
        }
        assert_eq!(
            found, 3,
            "the lost scope, the http:// and the doubled redirect URI"
        );
        let seed = |conn: &Connection| {
            seed_credentials(conn, &config.oauth_credentials, &config.company_name).unwrap()
        };
        assert_eq!(seed(&conn), config.oauth_credentials.len());
        assert_eq!(seed(&conn), 0, "seeding twice adds nothing");
        let stale: String = conn
            .query_row(
                "SELECT updated_at FROM tbloauthserver_clients WHERE name = 'Intranet Dashboard'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stale, "2024-06-01 09:30:00");
    }

    /// The names the command line and the tests use are the file's.
    #[test]
    fn the_demo_file_holds_what_its_names_say() {
        let config = demo_config(DEMO_IDENTIFIER, DEMO_SECRET);
        let file = SandboxConfig::from_toml(DEMO_TOML, "demo").unwrap();
        let first = &file.api_credentials[0];
        assert_eq!(
            (first.identifier.as_str(), first.secret.as_str()),
            (DEMO_IDENTIFIER, DEMO_SECRET)
        );
        assert!(
            first.allowed_actions.is_empty(),
            "the first is the full-access one"
        );
        let support = config.credential(READONLY_IDENTIFIER).unwrap();
        assert_eq!(support.secret, READONLY_SECRET);
        assert_eq!(support.allowed_actions, ["ListOAuthCredentials"]);
        let closed = config
            .clients
            .iter()
            .find(|c| c.services.iter().any(|s| s.id == CLOSED_CLIENT_SERVICE))
            .unwrap();
        assert_eq!(closed.status, "Closed");
        let services = config.clients.iter().flat_map(|c| &c.services);
        assert!(services.clone().all(|s| s.id != DELETED_SERVICE));
        assert!(config.oauth_credentials.iter().any(|c| {
            c.service_id == DELETED_SERVICE && c.grant_type == GrantType::SingleSignOn
        }));
        assert_eq!(
            demo_customer_logins(),
            [
                (
                    "maria.jensen@example.com".to_owned(),
                    "maria-demo".to_owned()
                ),
                ("kofi.mensah@example.com".to_owned(), "kofi-demo".to_owned()),
                ("hana.sato@example.com".to_owned(), "hana-demo".to_owned()),
            ],
            "as the README prints them"
        );
    }

    fn demo_count() -> i64 {
        demo_config("a", "b").oauth_credentials.len() as i64
    }

    fn count(conn: &Connection) -> i64 {
        conn.query_row("SELECT count(*) FROM tbloauthserver_clients", [], |r| {
            r.get(0)
        })
        .unwrap()
    }

    fn seeded_store() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sandbox.sqlite3");
        (dir, path)
    }

    #[test]
    fn a_seed_that_fails_half_way_leaves_nothing_and_the_next_start_seeds_all() {
        let (_dir, path) = seeded_store();
        {
            let store = crate::store::Store::open(&path).unwrap();
            // The disk "fills" at the fifth credential, as a kill at that moment would.
            store
                .lock()
                .execute_batch(
                    "CREATE TRIGGER full_disk BEFORE INSERT ON tbloauthserver_clients
                     WHEN (SELECT count(*) FROM tbloauthserver_clients) >= 4
                     BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
                )
                .unwrap();
        }
        let config = || demo_config("a", "b");
        assert!(crate::state::SandboxState::open(config(), Some(&path)).is_err());
        {
            let store = crate::store::Store::open(&path).unwrap();
            let conn = store.lock();
            assert_eq!(count(&conn), 0, "no partial seed");
            conn.execute_batch("DROP TRIGGER full_disk").unwrap();
        }
        let state = crate::state::SandboxState::open(config(), Some(&path)).unwrap();
        assert_eq!(count(&state.store.lock()), demo_count());
    }

    #[test]
    fn a_partly_seeded_database_from_before_the_mark_is_completed_once() {
        let (_dir, path) = seeded_store();
        {
            // What an older sandbox killed after its first credential left behind.
            let state =
                crate::state::SandboxState::open(demo_config("a", "b"), Some(&path)).unwrap();
            let conn = state.store.lock();
            conn.execute_batch(
                "DELETE FROM sandbox_seeds;
                 DELETE FROM tbloauthserver_clients WHERE id > 1;",
            )
            .unwrap();
            assert_eq!(count(&conn), 1);
        }
        let state = crate::state::SandboxState::open(demo_config("a", "b"), Some(&path)).unwrap();
        let conn = state.store.lock();
        assert_eq!(
            count(&conn),
            demo_count(),
            "the missing ones were added, the first kept"
        );
        conn.execute("DELETE FROM tbloauthserver_clients WHERE id = (SELECT max(id) FROM tbloauthserver_clients)", [])
            .unwrap();
        drop(conn);
        drop(state);
        let state = crate::state::SandboxState::open(demo_config("a", "b"), Some(&path)).unwrap();
        assert_eq!(
            count(&state.store.lock()),
            demo_count() - 1,
            "a seeded database is left alone"
        );
    }
}
