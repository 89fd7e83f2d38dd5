//! The sandbox's SQLite store: WAL, migrations, one writer at a time.
//!
//! One connection behind a mutex: every command (validation that reads the database,
//! then the write) runs under one lock, so concurrent requests can neither lose nor
//! duplicate a row, and the `UNIQUE` identifier column guards the rest.

mod credentials;
pub mod customers;
pub(crate) mod schema;
mod services;
pub mod tokens;

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;

pub use credentials::{create, delete, find, insert, list, update};
pub use services::{Services, owner as service_owner, upsert as upsert_clients};

/// Errors from the database; shown to API callers only as a generic message.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("database schema version {found} is newer than this sandbox knows ({known})")]
    TooNew { found: i64, known: i64 },
    #[error("{0}")]
    Corrupt(String),
}

pub struct Store {
    conn: Mutex<Connection>,
}

impl Store {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Self::init(Connection::open(path)?)
    }

    /// A private in-memory database (tests).
    pub fn in_memory() -> Result<Store, StoreError> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Store, StoreError> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        schema::migrate(&conn)?;
        Ok(Store {
            conn: Mutex::new(conn),
        })
    }

    /// The connection, for one command's worth of work.
    pub fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (transactions roll back),
        // so a poisoned lock is safe to keep using.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// "Now" as stored: UTC, `YYYY-MM-DD HH:MM:SS`, which sorts as text.
pub fn now() -> String {
    let now = time::OffsetDateTime::now_utc();
    now.format(time::macros::format_description!(
        "[year]-[month]-[day] [hour]:[minute]:[second]"
    ))
    .expect("formatting a date cannot fail")
}
