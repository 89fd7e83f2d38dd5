//! The built-in demo installation: a hosting company, a few clients with services, a
//! full-access and a read-only API credential, and a dozen OAuth credentials.

use rusqlite::Connection;
use whmcs_api::{CreateCredential, GrantType};

use crate::config::{ApiCredential, ClientConfig, SandboxConfig, ServiceConfig};
use crate::store::{self, StoreError};

pub const DEMO_COMPANY: &str = "Acme Hosting";
pub const DEMO_IDENTIFIER: &str = "demo-admin";
pub const DEMO_SECRET: &str = "demo-admin-secret";
/// A support role that may only list: the panel turns read-only for it.
pub const READONLY_IDENTIFIER: &str = "demo-support";
pub const READONLY_SECRET: &str = "demo-support-secret";

/// A demo customer's client-area password ("Sign in with WHMCS" in the demo).
pub fn demo_customer_password(first_name: &str) -> String {
    format!("{}-demo", first_name.to_lowercase())
}

/// The demo customers `oauth-admin demo` prints: email and client-area password (a Closed
/// account cannot log in, so it is not among them).
pub fn demo_customer_logins() -> Vec<(String, String)> {
    demo_config("", "")
        .clients
        .into_iter()
        .filter(|c| c.status == "Active")
        .map(|c| (c.email, c.password))
        .collect()
}

/// The demo service whose customer's account is Closed (its single sign-on is refused).
pub const CLOSED_CLIENT_SERVICE: u64 = 106;

/// A demo service: id, product, group, domain, status.
type DemoService<'a> = (u64, &'a str, &'a str, &'a str, &'a str);

fn client(
    id: u64,
    first: &str,
    last: &str,
    company: &str,
    services: &[DemoService<'_>],
) -> ClientConfig {
    ClientConfig {
        id,
        first_name: first.into(),
        last_name: last.into(),
        company: company.into(),
        email: format!(
            "{}.{}@example.com",
            first.to_lowercase(),
            last.to_lowercase()
        ),
        status: "Active".into(),
        password: demo_customer_password(first),
        services: services
            .iter()
            .map(|(id, product, group, domain, status)| ServiceConfig {
                id: *id,
                product: (*product).into(),
                domain: (*domain).into(),
                status: (*status).into(),
                group: (*group).into(),
                username: format!("user{id}"),
                password: format!("demo-panel-password-{id}"),
            })
            .collect(),
    }
}

/// The demo installation, with the full-access credential given on the command line.
pub fn demo_config(identifier: &str, secret: &str) -> SandboxConfig {
    SandboxConfig {
        company_name: DEMO_COMPANY.into(),
        api_credentials: vec![
            ApiCredential {
                identifier: identifier.into(),
                secret: secret.into(),
                description: "Full access (demo administrator)".into(),
                allowed_actions: vec![],
            },
            ApiCredential {
                identifier: READONLY_IDENTIFIER.into(),
                secret: READONLY_SECRET.into(),
                description: "Support staff: may list credentials only".into(),
                allowed_actions: vec!["ListOAuthCredentials".into()],
            },
        ],
        scopes: None,
        clients: vec![
            client(
                1,
                "Maria",
                "Jensen",
                "Nordlys Design",
                // Service 102 (Managed WordPress) was deleted; its credential is still listed.
                &[(
                    101,
                    "Business Hosting",
                    "Shared Hosting",
                    "nordlys-design.example",
                    "Active",
                )],
            ),
            client(
                2,
                "Kofi",
                "Mensah",
                "Mensah Logistics",
                &[(
                    103,
                    "VPS 4 GB",
                    "VPS",
                    "vps1.mensah-logistics.example",
                    "Suspended",
                )],
            ),
            client(
                3,
                "Hana",
                "Sato",
                "",
                &[
                    (
                        104,
                        "Starter Hosting",
                        "Shared Hosting",
                        "hanasato.example",
                        "Active",
                    ),
                    (
                        105,
                        "Email Pro",
                        "Email",
                        "mail.hanasato.example",
                        "Terminated",
                    ),
                ],
            ),
            // A Closed account with an Active service: WHMCS refuses its single sign-on.
            ClientConfig {
                status: "Closed".into(),
                ..client(
                    4,
                    "Lucas",
                    "Moreau",
                    "Moreau & Fils",
                    &[(
                        CLOSED_CLIENT_SERVICE,
                        "Reseller Gold",
                        "Reseller Hosting",
                        "moreau-fils.example",
                        "Active",
                    )],
                )
            },
        ],
        orphan_services: vec![ServiceConfig {
            id: 199,
            product: "Legacy Hosting (client closed)".into(),
            domain: "old.example".into(),
            status: "Cancelled".into(),
            group: "Shared Hosting".into(),
            username: String::new(),
            password: String::new(),
        }],
        allowed_ips: vec![],
        access_key: None,
        demo_credentials: true,
        id_token_key_bits: None,
    }
}

struct Demo {
    grant: GrantType,
    name: &'static str,
    description: &'static str,
    scopes: &'static str,
    service: u64,
    logo: &'static str,
    redirects: &'static [&'static str],
}

const DEMO_CREDENTIALS: &[Demo] = &[
    Demo {
        grant: GrantType::AuthorizationCode,
        name: "Partner Portal",
        description: "Resellers sign in to the partner portal with their client account",
        scopes: "openid email profile",
        service: 0,
        logo: "https://partners.acme-hosting.example/logo.png",
        redirects: &["https://partners.acme-hosting.example/oauth/callback"],
    },
    Demo {
        grant: GrantType::AuthorizationCode,
        name: "Community Forum",
        description: "Discourse forum login",
        scopes: "openid email profile",
        service: 0,
        logo: "",
        redirects: &["https://community.acme-hosting.example/auth/oauth2_basic/callback"],
    },
    Demo {
        grant: GrantType::AuthorizationCode,
        name: "Status Page",
        description: "Subscribers manage status notifications",
        scopes: "openid email clientarea:network_status",
        service: 0,
        logo: "assets/img/status-logo.png",
        redirects: &["https://status.acme-hosting.example/login/callback"],
    },
    Demo {
        grant: GrantType::AuthorizationCode,
        name: "Acme Mobile (iOS)",
        description: "Native app; loopback redirect for development builds",
        scopes: "openid profile clientarea:services clientarea:invoices clientarea:tickets",
        service: 0,
        logo: "",
        redirects: &[
            "https://app.acme-hosting.example/ios/callback",
            "http://127.0.0.1:7777/callback",
        ],
    },
    Demo {
        grant: GrantType::AuthorizationCode,
        name: "Billing Dashboard",
        description: "Finance team dashboard",
        scopes: "openid email clientarea:billing_info clientarea:invoices",
        service: 0,
        logo: "",
        redirects: &[
            "https://billing.acme-hosting.example/oidc/callback",
            "https://billing-staging.acme-hosting.example/oidc/callback",
        ],
    },
    Demo {
        grant: GrantType::AuthorizationCode,
        name: "Knowledgebase Widget",
        description: "",
        scopes: "openid clientarea:knowledgebase",
        service: 0,
        logo: "",
        redirects: &["https://help.acme-hosting.example/sso/return"],
    },
    Demo {
        grant: GrantType::SingleSignOn,
        name: "cPanel SSO – nordlys-design.example",
        description: "One-click login from the client area",
        scopes: "clientarea:sso clientarea:product_details",
        service: 101,
        logo: "",
        redirects: &[],
    },
    Demo {
        grant: GrantType::SingleSignOn,
        name: "WordPress SSO – blog.nordlys-design.example",
        description: "",
        scopes: "clientarea:sso",
        service: 102,
        logo: "",
        redirects: &[],
    },
    Demo {
        grant: GrantType::SingleSignOn,
        name: "",
        description: "Provisioned automatically",
        scopes: "clientarea:sso clientarea:services",
        service: 103,
        logo: "",
        redirects: &[],
    },
    Demo {
        grant: GrantType::SingleSignOn,
        name: "",
        description: "",
        scopes: "clientarea:sso",
        service: 104,
        logo: "",
        redirects: &[],
    },
    Demo {
        grant: GrantType::SingleSignOn,
        name: "Webmail SSO",
        description: "Roundcube login for Email Pro",
        scopes: "clientarea:sso clientarea:emails sso:custom_redirect",
        service: 105,
        logo: "",
        redirects: &["https://mail.hanasato.example/sso"],
    },
    Demo {
        grant: GrantType::SingleSignOn,
        name: "Reseller WHM SSO",
        description: "",
        scopes: "clientarea:sso clientarea:upgrade clientarea:shopping_cart",
        service: 106,
        logo: "",
        redirects: &[],
    },
];

/// The service of a demo credential that WHMCS still lists after the service was deleted.
pub const DELETED_SERVICE: u64 = 102;

/// The name the demo credentials' seed is marked done under.
const DEMO_SEED: &str = "demo_credentials";

/// Adds the demo credentials once, all or nothing: one transaction that ends by marking
/// the seed done. A database a killed start left partly seeded (before the mark existed)
/// gets the ones it lacks; a seeded one is left alone, whatever was changed since.
pub fn seed_demo_credentials(conn: &Connection, company: &str) -> Result<usize, StoreError> {
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
    for d in DEMO_CREDENTIALS {
        let present: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM tbloauthserver_clients WHERE name = ?1 AND service_id = ?2)",
            rusqlite::params![d.name, d.service],
            |r| r.get(0),
        )?;
        if present {
            continue;
        }
        let request = CreateCredential {
            grant_type: d.grant,
            scopes: d.scopes.split(' ').map(str::to_owned).collect(),
            name: d.name.into(),
            service_id: d.service,
            description: d.description.into(),
            logo_uri: d.logo.into(),
            redirect_uris: d.redirects.iter().map(|r| (*r).to_owned()).collect(),
        };
        store::insert(&tx, &request, company)?;
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
    use whmcs_api::ScopeCatalogue;
    use whmcs_api::validation::Rules;

    #[test]
    fn every_demo_credential_passes_validation() {
        let catalogue = ScopeCatalogue::default();
        let store = crate::store::Store::in_memory().unwrap();
        let conn = store.lock();
        let config = demo_config("a", "b");
        crate::store::upsert_clients(&conn, &config.clients, &config.orphan_services).unwrap();
        let services = crate::store::Services(&conn);
        let rules = Rules {
            catalogue: &catalogue,
            services: &services,
        };
        // The credential whose service was deleted afterwards is created as it was then.
        for d in DEMO_CREDENTIALS
            .iter()
            .filter(|d| d.service != DELETED_SERVICE)
        {
            let mut p = whmcs_api::Params::new();
            p.push("grantType", d.grant.as_str())
                .push("scope", d.scopes)
                .push("name", d.name)
                .push("serviceId", d.service.to_string())
                .push("description", d.description)
                .push("logoUri", d.logo)
                .push_list("redirectUri", d.redirects.iter().copied());
            CreateCredential::from_params(&p, &rules).unwrap_or_else(|e| panic!("{}: {e}", d.name));
        }
        assert_eq!(seed_demo_credentials(&conn, DEMO_COMPANY).unwrap(), 12);
        assert_eq!(
            seed_demo_credentials(&conn, DEMO_COMPANY).unwrap(),
            0,
            "seeding twice adds nothing"
        );
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
        assert_eq!(count(&state.store.lock()), 12);
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
            12,
            "the 11 missing were added, the first kept"
        );
        conn.execute("DELETE FROM tbloauthserver_clients WHERE id = (SELECT max(id) FROM tbloauthserver_clients)", [])
            .unwrap();
        drop(conn);
        drop(state);
        let state = crate::state::SandboxState::open(demo_config("a", "b"), Some(&path)).unwrap();
        assert_eq!(
            count(&state.store.lock()),
            11,
            "a seeded database is left alone"
        );
    }
}
