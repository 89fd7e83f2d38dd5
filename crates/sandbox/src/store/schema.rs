//! Schema migrations, numbered by SQLite's `user_version`. Tables and columns are named as
//! in WHMCS (`tbloauthserver_clients`), since `sortField` takes those column names.

use rusqlite::Connection;

use super::StoreError;

/// Each entry moves the schema one version up; append, never edit.
const MIGRATIONS: &[&str] = &[
    // 1: the installation's clients and services, OAuth clients, their RSA key pairs.
    "CREATE TABLE tblclients (
        id INTEGER PRIMARY KEY,
        firstname TEXT NOT NULL,
        lastname TEXT NOT NULL,
        companyname TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL
    );
    CREATE TABLE tblhosting (
        id INTEGER PRIMARY KEY,
        userid INTEGER NOT NULL,
        product TEXT NOT NULL,
        domain TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE tbloauthserver_keypairs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        identifier TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    );
    CREATE TABLE tbloauthserver_clients (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        identifier TEXT NOT NULL UNIQUE,
        secret TEXT NOT NULL,
        redirect_uri TEXT NOT NULL DEFAULT '',
        grant_types TEXT NOT NULL,
        scope TEXT NOT NULL,
        user_id TEXT NOT NULL DEFAULT '',
        service_id INTEGER NOT NULL DEFAULT 0,
        name TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        logo_uri TEXT NOT NULL DEFAULT '',
        rsa_key_pair_id INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX tbloauthserver_clients_created_at ON tbloauthserver_clients (created_at);",
    // 2: access tokens handed out by /oauth/token.php.
    "CREATE TABLE tbloauthserver_access_tokens (
        token TEXT PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES tbloauthserver_clients (id) ON DELETE CASCADE,
        scope TEXT NOT NULL,
        expires_at TEXT NOT NULL
    );",
    // 3: which seeds are complete, so a start killed while seeding is finished by the next.
    // A database an older sandbox seeded fully (it added 12 credentials at once, or none)
    // counts as seeded, so its data is left alone as before.
    "CREATE TABLE sandbox_seeds (
        name TEXT PRIMARY KEY,
        seeded_at TEXT NOT NULL
    );
    INSERT INTO sandbox_seeds (name, seeded_at)
        SELECT 'demo_credentials', datetime('now')
        WHERE (SELECT count(*) FROM tbloauthserver_clients) >= 12;",
    // 4: what GetClients and GetClientsProducts tell about customers and services.
    "ALTER TABLE tblclients ADD COLUMN status TEXT NOT NULL DEFAULT 'Active';
    ALTER TABLE tblclients ADD COLUMN datecreated TEXT NOT NULL DEFAULT '';
    ALTER TABLE tblclients ADD COLUMN groupid INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE tblhosting ADD COLUMN domainstatus TEXT NOT NULL DEFAULT 'Active';
    ALTER TABLE tblhosting ADD COLUMN regdate TEXT NOT NULL DEFAULT '';
    ALTER TABLE tblhosting ADD COLUMN groupname TEXT NOT NULL DEFAULT '';
    ALTER TABLE tblhosting ADD COLUMN billingcycle TEXT NOT NULL DEFAULT 'Monthly';
    ALTER TABLE tblhosting ADD COLUMN username TEXT NOT NULL DEFAULT '';
    ALTER TABLE tblhosting ADD COLUMN password TEXT NOT NULL DEFAULT '';
    CREATE INDEX tblhosting_userid ON tblhosting (userid);
    CREATE INDEX tblhosting_domain ON tblhosting (domain);",
    // 5: OpenID Connect: the ID token key, authorization codes, refresh tokens, client-area
    // logins, and whose access token is whose.
    "CREATE TABLE tbloauthserver_signing_keys (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kid TEXT NOT NULL UNIQUE,
        private_der BLOB NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE tbloauthserver_auth_codes (
        code TEXT PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES tbloauthserver_clients (id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL,
        redirect_uri TEXT NOT NULL,
        scope TEXT NOT NULL,
        nonce TEXT NOT NULL DEFAULT '',
        code_challenge TEXT NOT NULL DEFAULT '',
        auth_time INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    );
    CREATE TABLE tbloauthserver_refresh_tokens (
        token TEXT PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES tbloauthserver_clients (id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL,
        scope TEXT NOT NULL,
        auth_time INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    );
    ALTER TABLE tbloauthserver_access_tokens ADD COLUMN user_id INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE tblclients ADD COLUMN password TEXT NOT NULL DEFAULT '';",
    // 6: WHMCS 8.12 as it really is (contract points 13, 16, 20-23): customers' UUIDs (the
    // ID token's `sub`), one RSA key per authorization code credential (made when first
    // needed), access tokens that outlive their credential and name a service for single
    // sign-on, ID tokens minted with their code, remembered consents; no refresh tokens.
    "ALTER TABLE tblclients ADD COLUMN uuid TEXT NOT NULL DEFAULT '';
    UPDATE tblclients SET uuid = (SELECT UUID_V4) WHERE uuid = '';
    ALTER TABLE tbloauthserver_keypairs ADD COLUMN private_der BLOB;
    CREATE TABLE tbloauthserver_access_tokens_v6 (
        token TEXT PRIMARY KEY,
        client_id INTEGER NOT NULL,
        scope TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        user_id INTEGER NOT NULL DEFAULT 0,
        service_id INTEGER NOT NULL DEFAULT 0,
        used INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO tbloauthserver_access_tokens_v6 (token, client_id, scope, expires_at, user_id)
        SELECT token, client_id, scope, expires_at, user_id FROM tbloauthserver_access_tokens;
    DROP TABLE tbloauthserver_access_tokens;
    ALTER TABLE tbloauthserver_access_tokens_v6 RENAME TO tbloauthserver_access_tokens;
    DROP TABLE tbloauthserver_refresh_tokens;
    DROP TABLE tbloauthserver_signing_keys;
    ALTER TABLE tbloauthserver_auth_codes ADD COLUMN id_token TEXT NOT NULL DEFAULT '';
    CREATE TABLE tbloauthserver_consents (
        client_id INTEGER NOT NULL REFERENCES tbloauthserver_clients (id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL,
        PRIMARY KEY (client_id, user_id)
    );",
];

/// A random version 4 UUID, in SQL (WHMCS's `tblclients.uuid` form).
pub const UUID_V4: &str = "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||
    substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', abs(random()) % 4 + 1, 1) ||
    substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))";

pub fn migrate(conn: &Connection) -> Result<(), StoreError> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::TooNew {
            found: version,
            known,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(&sql.replace("UUID_V4", UUID_V4))?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once_and_refuses_a_newer_schema() {
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn).unwrap();
        migrate(&conn).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, MIGRATIONS.len() as i64);
        conn.pragma_update(None, "user_version", 99).unwrap();
        assert!(matches!(
            migrate(&conn),
            Err(StoreError::TooNew { found: 99, .. })
        ));
    }

    #[test]
    fn uuids_are_version_4() {
        let conn = Connection::open_in_memory().unwrap();
        let uuid: String = conn
            .query_row(&format!("SELECT {UUID_V4}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(uuid.len(), 36, "{uuid}");
        assert_eq!(&uuid[14..15], "4", "{uuid}");
        assert!("89ab".contains(&uuid[19..20]), "{uuid}");
        assert!(
            uuid.chars().all(|c| c == '-' || c.is_ascii_hexdigit()),
            "{uuid}"
        );
    }
}
