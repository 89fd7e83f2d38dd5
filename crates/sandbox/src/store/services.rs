//! Clients and services (`tblclients`, `tblhosting`): what a single sign-on credential
//! points at.

use rusqlite::{Connection, OptionalExtension, params};
use whmcs_api::validation::{ServiceCheck, ServiceLookup};

use super::StoreError;
use crate::config::{ClientConfig, ServiceConfig};

/// When configured clients signed up and their services were ordered (WHMCS keeps dates).
const DEMO_DAY: &str = "2025-03-14";

/// Inserts or replaces the configured clients and services.
pub fn upsert(
    conn: &Connection,
    clients: &[ClientConfig],
    orphans: &[ServiceConfig],
) -> Result<(), StoreError> {
    let tx = conn.unchecked_transaction()?;
    for c in clients {
        // An update keeps the client's UUID: it is the `sub` of tokens already issued.
        tx.execute(
            &format!(
                "INSERT INTO tblclients
                   (id, firstname, lastname, companyname, email, status, datecreated, password, uuid)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, {})
                 ON CONFLICT (id) DO UPDATE SET firstname = excluded.firstname,
                   lastname = excluded.lastname, companyname = excluded.companyname,
                   email = excluded.email, status = excluded.status,
                   datecreated = excluded.datecreated, password = excluded.password",
                super::schema::UUID_V4
            ),
            params![
                c.id,
                c.first_name,
                c.last_name,
                c.company,
                c.email,
                c.status,
                DEMO_DAY,
                c.password
            ],
        )?;
        for s in &c.services {
            insert_service(&tx, s, c.id)?;
        }
    }
    for s in orphans {
        // A client id that no client has: a service whose client was deleted.
        insert_service(&tx, s, 0)?;
    }
    tx.commit()?;
    Ok(())
}

fn insert_service(conn: &Connection, s: &ServiceConfig, client: u64) -> Result<(), StoreError> {
    conn.execute(
        "INSERT OR REPLACE INTO tblhosting
           (id, userid, product, domain, domainstatus, regdate, groupname, username, password)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            s.id, client, s.product, s.domain, s.status, DEMO_DAY, s.group, s.username, s.password
        ],
    )?;
    Ok(())
}

/// The customer a service belongs to and that customer's status (`Active`, `Inactive`,
/// `Closed`), when both exist.
pub fn owner(conn: &Connection, service_id: u64) -> Result<Option<(u64, String)>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT c.id, c.status FROM tblhosting h JOIN tblclients c ON c.id = h.userid
             WHERE h.id = ?1",
            [service_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Service lookups for validation, on a connection the caller already holds.
pub struct Services<'c>(pub &'c Connection);

impl ServiceLookup for Services<'_> {
    fn check_service(&self, service_id: u64) -> ServiceCheck {
        let found: Option<Option<i64>> = self
            .0
            .query_row(
                "SELECT c.id FROM tblhosting h LEFT JOIN tblclients c ON c.id = h.userid
                 WHERE h.id = ?1",
                [service_id],
                |r| r.get(0),
            )
            .optional()
            .unwrap_or(None);
        match found {
            None => ServiceCheck::Missing,
            Some(None) => ServiceCheck::WithoutClient,
            Some(Some(_)) => ServiceCheck::Found,
        }
    }
}
