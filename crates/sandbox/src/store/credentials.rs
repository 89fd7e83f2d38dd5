//! `tbloauthserver_clients`: the OAuth credentials themselves.

use rusqlite::{Connection, OptionalExtension, Row, params};
use whmcs_api::{
    CreateCredential, Credential, CredentialRef, GrantType, ListQuery, Timestamp, UpdateCredential,
};

use super::{StoreError, now};
use crate::generate;

const COLUMNS: &str = "id, name, description, grant_types, scope, identifier, secret,
    service_id, logo_uri, redirect_uri, rsa_key_pair_id, created_at, updated_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Credential> {
    let words = |s: String| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    Ok(Credential {
        credential_id: r.get(0)?,
        name: r.get(1)?,
        description: r.get(2)?,
        grant_types: words(r.get(3)?),
        scopes: words(r.get(4)?),
        client_identifier: r.get(5)?,
        client_secret: Some(r.get(6)?),
        uuid: None,
        service_id: r.get(7)?,
        logo_uri: r.get(8)?,
        redirect_uris: words(r.get(9)?),
        rsa_key_pair_id: r.get(10)?,
        created_at: Timestamp::parse(&r.get::<_, String>(11)?),
        updated_at: Timestamp::parse(&r.get::<_, String>(12)?),
    })
}

/// A new RSA key pair record for an `authorization_code` credential: its `kid` now, its
/// key when it first signs an ID token (`crate::signing`), so that creating 50,000
/// credentials stays fast.
fn new_key_pair(conn: &Connection) -> Result<u64, StoreError> {
    conn.execute(
        "INSERT INTO tbloauthserver_keypairs (identifier, created_at) VALUES (?1, ?2)",
        params![generate::key_id(), now()],
    )?;
    Ok(conn.last_insert_rowid() as u64)
}

/// Inserts a credential with a fresh identifier and secret; returns (id, identifier, secret).
pub fn create(
    conn: &Connection,
    c: &CreateCredential,
    company: &str,
) -> Result<(u64, String, String), StoreError> {
    let tx = conn.unchecked_transaction()?;
    let created = insert(&tx, c, company)?;
    tx.commit()?;
    Ok(created)
}

/// `create` inside a transaction the caller holds (the demo seed adds all or nothing).
pub fn insert(
    tx: &Connection,
    c: &CreateCredential,
    company: &str,
) -> Result<(u64, String, String), StoreError> {
    let rsa = match c.grant_type {
        GrantType::AuthorizationCode => new_key_pair(tx)?,
        GrantType::SingleSignOn => 0,
    };
    let secret = generate::client_secret();
    let stamp = now();
    // 128 random bits make a clash practically impossible; the UNIQUE column makes it
    // impossible, and a clash only costs a retry.
    let mut attempts = 0;
    let identifier = loop {
        let identifier = generate::client_identifier(company);
        let inserted = tx.execute(
            "INSERT OR IGNORE INTO tbloauthserver_clients
               (identifier, secret, redirect_uri, grant_types, scope, service_id, name,
                description, logo_uri, rsa_key_pair_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            params![
                identifier,
                secret,
                c.redirect_uris.join(" "),
                c.grant_type.as_str(),
                c.scopes.join(" "),
                c.service_id,
                c.name,
                c.description,
                c.logo_uri,
                rsa,
                stamp,
            ],
        )?;
        attempts += 1;
        if inserted == 1 {
            break identifier;
        }
        if attempts >= 5 {
            return Err(StoreError::Sql(rusqlite::Error::StatementChangedRows(0)));
        }
    };
    let id = tx.last_insert_rowid() as u64;
    Ok((id, identifier, secret))
}

/// The credential an update or delete names, if it exists.
pub fn find(conn: &Connection, target: &CredentialRef) -> Result<Option<Credential>, StoreError> {
    let (sql, key): (String, rusqlite::types::Value) = match target {
        CredentialRef::Id(id) => (
            format!("SELECT {COLUMNS} FROM tbloauthserver_clients WHERE id = ?1"),
            (*id as i64).into(),
        ),
        CredentialRef::ClientIdentifier(ci) => (
            format!("SELECT {COLUMNS} FROM tbloauthserver_clients WHERE identifier = ?1"),
            ci.clone().into(),
        ),
    };
    Ok(conn.query_row(&sql, [key], from_row).optional()?)
}

/// Applies only what the update carries. Returns the new secret when it was reset.
///
/// Real WHMCS loses a credential's redirect URIs when an update does not send them; here
/// they change only when `redirectUri` is sent, which is what the contract promises.
pub fn update(
    conn: &Connection,
    current: &Credential,
    u: &UpdateCredential,
) -> Result<Option<String>, StoreError> {
    let tx = conn.unchecked_transaction()?;
    let id = current.credential_id;
    let set = |column: &str, value: rusqlite::types::Value| -> Result<(), StoreError> {
        tx.execute(
            &format!("UPDATE tbloauthserver_clients SET {column} = ?1 WHERE id = ?2"),
            params![value, id],
        )?;
        Ok(())
    };
    if let Some(v) = &u.name {
        set("name", v.clone().into())?;
    }
    if let Some(v) = &u.description {
        set("description", v.clone().into())?;
    }
    if let Some(v) = &u.scopes {
        set("scope", v.join(" ").into())?;
    }
    if let Some(v) = u.service_id {
        set("service_id", (v as i64).into())?;
    }
    if let Some(v) = &u.logo_uri {
        set("logo_uri", v.clone().into())?;
    }
    if let Some(v) = &u.redirect_uris {
        set("redirect_uri", v.join(" ").into())?;
    }
    if let Some(g) = u.grant_type {
        set("grant_types", g.as_str().to_owned().into())?;
        let rsa = match g {
            GrantType::AuthorizationCode if current.rsa_key_pair_id > 0 => current.rsa_key_pair_id,
            GrantType::AuthorizationCode => new_key_pair(&tx)?,
            GrantType::SingleSignOn => 0,
        };
        set("rsa_key_pair_id", (rsa as i64).into())?;
    }
    let new_secret = if u.reset_secret {
        let secret = generate::client_secret();
        // The old secret stops working at once; tokens already issued with it live on
        // (contract point 13).
        set("secret", secret.clone().into())?;
        Some(secret)
    } else {
        None
    };
    set("updated_at", now().into())?;
    tx.commit()?;
    Ok(new_secret)
}

/// Deletes by id; false when there was no such credential. Its access tokens live on
/// (point 13); its RSA key pair goes with it.
pub fn delete(conn: &Connection, id: u64) -> Result<bool, StoreError> {
    let tx = conn.unchecked_transaction()?;
    tx.execute(
        "DELETE FROM tbloauthserver_keypairs WHERE id =
           (SELECT rsa_key_pair_id FROM tbloauthserver_clients WHERE id = ?1)",
        [id],
    )?;
    let deleted = tx.execute("DELETE FROM tbloauthserver_clients WHERE id = ?1", [id])? == 1;
    tx.commit()?;
    Ok(deleted)
}

/// `ListOAuthCredentials`: grant type substring, sort on a known column, limit (0 = all).
pub fn list(conn: &Connection, q: &ListQuery) -> Result<Vec<Credential>, StoreError> {
    let mut sql = format!("SELECT {COLUMNS} FROM tbloauthserver_clients");
    if !q.grant_type.is_empty() {
        // As WHMCS: LIKE '%x%' with the text bound as a parameter, never spliced in.
        sql.push_str(" WHERE grant_types LIKE '%' || ?1 || '%'");
    } else {
        sql.push_str(" WHERE ?1 = ?1");
    }
    match q.sort {
        // The column comes from a closed enum, so it cannot carry SQL.
        Some((field, order)) => {
            sql.push_str(&format!(
                " ORDER BY {} {}, id ASC",
                field.column(),
                order.as_str()
            ));
        }
        None => sql.push_str(" ORDER BY id ASC"),
    }
    if q.limit > 0 {
        sql.push_str(&format!(" LIMIT {}", q.limit));
    }
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([&q.grant_type], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use whmcs_api::{SortField, SortOrder};

    fn sso(service: u64) -> CreateCredential {
        CreateCredential {
            grant_type: GrantType::SingleSignOn,
            scopes: vec!["clientarea:sso".into()],
            name: String::new(),
            service_id: service,
            description: String::new(),
            logo_uri: String::new(),
            redirect_uris: vec![],
        }
    }

    #[test]
    fn create_find_update_delete() {
        let store = Store::in_memory().unwrap();
        let conn = store.lock();
        let (id, ident, secret) = create(&conn, &sso(3), "Acme Hosting").unwrap();
        let c = find(&conn, &CredentialRef::Id(id)).unwrap().unwrap();
        assert_eq!(c.client_identifier, ident);
        assert_eq!(c.client_secret.as_deref(), Some(secret.as_str()));
        assert_eq!(c.rsa_key_pair_id, 0);
        assert!(matches!(c.created_at, Timestamp::At(_)));

        let mut u = UpdateCredential::new(CredentialRef::Id(id));
        u.grant_type = Some(GrantType::AuthorizationCode);
        u.reset_secret = true;
        let new = update(&conn, &c, &u).unwrap().unwrap();
        let c2 = find(&conn, &CredentialRef::ClientIdentifier(ident))
            .unwrap()
            .unwrap();
        assert_eq!(c2.client_secret.as_deref(), Some(new.as_str()));
        assert_ne!(new, secret);
        assert!(c2.rsa_key_pair_id > 0);
        assert_eq!(c2.service_id, 3, "fields not sent stay as they were");

        assert!(delete(&conn, id).unwrap());
        assert!(!delete(&conn, id).unwrap());
        assert_eq!(find(&conn, &CredentialRef::Id(id)).unwrap(), None);
    }

    #[test]
    fn list_filters_sorts_and_limits() {
        let store = Store::in_memory().unwrap();
        let conn = store.lock();
        for s in [5, 1, 3] {
            create(&conn, &sso(s), "Acme").unwrap();
        }
        let mut auth = sso(0);
        auth.grant_type = GrantType::AuthorizationCode;
        auth.name = "App".into();
        create(&conn, &auth, "Acme").unwrap();

        let all = list(&conn, &ListQuery::default()).unwrap();
        assert_eq!(
            all.iter().map(|c| c.credential_id).collect::<Vec<_>>(),
            [1, 2, 3, 4]
        );
        let q = ListQuery {
            grant_type: "single".into(),
            sort: Some((SortField::ServiceId, SortOrder::Desc)),
            limit: 2,
        };
        let got = list(&conn, &q).unwrap();
        assert_eq!(got.iter().map(|c| c.service_id).collect::<Vec<_>>(), [5, 3]);
        let auth_only = ListQuery {
            grant_type: "authorization".into(),
            ..ListQuery::default()
        };
        assert_eq!(list(&conn, &auth_only).unwrap().len(), 1);
    }
}
