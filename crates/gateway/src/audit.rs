//! The audit log: one JSON line per change (create, update, reset, delete) and per secret
//! reveal, written and flushed to disk before the response leaves. Names of changed fields
//! only, never values, so no secret can reach it.

use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct AuditEntry<'a> {
    pub time: String,
    pub api_identifier: &'a str,
    pub client_address: IpAddr,
    pub action: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_id: Option<u64>,
    pub fields: Vec<&'a str>,
    /// `success`, or WHMCS's error message (WHMCS's messages hold no secrets).
    pub outcome: &'a str,
    pub request_id: &'a str,
}

#[derive(Clone)]
pub struct AuditLog {
    path: PathBuf,
    file: Arc<Mutex<std::fs::File>>,
}

impl AuditLog {
    pub fn open(path: &Path) -> std::io::Result<AuditLog> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        Ok(AuditLog {
            path: path.to_path_buf(),
            file: Arc::new(Mutex::new(file)),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line and waits until it is on disk.
    pub async fn record(&self, entry: &AuditEntry<'_>) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
        line.push(b'\n');
        let file = self.file.clone();
        tokio::task::spawn_blocking(move || {
            let mut f = file.lock().unwrap_or_else(|p| p.into_inner());
            f.write_all(&line)?;
            f.flush()?;
            f.sync_data()
        })
        .await
        .map_err(std::io::Error::other)?
    }
}

/// RFC 3339 time, UTC.
pub fn timestamp() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
