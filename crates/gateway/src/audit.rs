//! The audit log: JSON lines, each on disk before the gateway goes on. A change (create,
//! update, reset, delete) gets two: its intent, written before WHMCS is asked (no intent
//! on disk, no change), and its outcome, written after. A secret reveal gets one, written
//! before the secret leaves. Names of changed fields only, never values, so no secret can
//! reach it.

use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// About to ask WHMCS for a change.
    Intent,
    /// What WHMCS answered.
    Outcome,
}

#[derive(Debug, Serialize)]
pub struct AuditEntry<'a> {
    pub time: String,
    pub phase: Phase,
    pub api_identifier: &'a str,
    pub client_address: IpAddr,
    pub action: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_id: Option<u64>,
    pub fields: Vec<&'a str>,
    /// With `Outcome`: `success`, or WHMCS's error message (WHMCS's messages hold no
    /// secrets), or why no answer came.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<&'a str>,
    pub request_id: &'a str,
    /// The bulk job a change belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job: Option<&'a str>,
}

/// Where lines go: a file (synced to disk per line) or, in tests, anything else.
pub trait AuditSink: Send {
    fn append(&mut self, line: &[u8]) -> std::io::Result<()>;
}

impl AuditSink for std::fs::File {
    fn append(&mut self, line: &[u8]) -> std::io::Result<()> {
        self.write_all(line)?;
        self.flush()?;
        self.sync_data()
    }
}

#[derive(Clone)]
pub struct AuditLog {
    path: PathBuf,
    sink: Arc<Mutex<Box<dyn AuditSink>>>,
}

impl AuditLog {
    pub fn open(path: &Path) -> std::io::Result<AuditLog> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        // Who changed what, when: for the operator's eyes only (a new file is 0600).
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(path)?;
        Ok(AuditLog::with_sink(path, Box::new(file)))
    }

    /// Lines go to `sink`; `path` names it in messages.
    pub fn with_sink(path: &Path, sink: Box<dyn AuditSink>) -> AuditLog {
        AuditLog {
            path: path.to_path_buf(),
            sink: Arc::new(Mutex::new(sink)),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line and waits until it is on disk.
    pub async fn record(&self, entry: &AuditEntry<'_>) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
        line.push(b'\n');
        let sink = self.sink.clone();
        let written = tokio::task::spawn_blocking(move || {
            sink.lock().unwrap_or_else(|p| p.into_inner()).append(&line)
        })
        .await
        .map_err(std::io::Error::other)
        .and_then(|r| r);
        if written.is_err() {
            crate::metrics::audit_write_failed();
        }
        written
    }
}

/// RFC 3339 time, UTC.
pub fn timestamp() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
