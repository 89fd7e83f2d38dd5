//! The credentials the list last loaded, kept for the session: the edit page opens from
//! them at once (WHMCS has no "get one" command, and listing 50,000 credentials takes about
//! a second) and refreshes behind. Edits and deletes made here are laid over the loaded
//! rows, so a reopened credential shows what was saved without copying the list.

use std::sync::Arc;

use leptos::prelude::*;
use whmcs_api::Credential;

#[derive(Clone, Copy)]
pub struct CredentialCache {
    rows: StoredValue<Option<Arc<Vec<Credential>>>>,
    /// Newer versions by id (`None`: deleted); a few per session, so a list (a hash map
    /// would cost the bundle more than it saves).
    changed: StoredValue<Vec<(u64, Option<Credential>)>>,
}

impl CredentialCache {
    pub fn new() -> CredentialCache {
        CredentialCache {
            rows: StoredValue::new(None),
            changed: StoredValue::new(Vec::new()),
        }
    }

    /// A freshly loaded list replaces everything known before.
    pub fn store(&self, rows: Arc<Vec<Credential>>) {
        self.rows.set_value(Some(rows));
        self.changed.update_value(Vec::clear);
    }

    /// What this session last saw of one credential.
    pub fn find(&self, id: u64) -> Option<Credential> {
        let known = self
            .changed
            .with_value(|c| c.iter().find(|(k, _)| *k == id).map(|(_, v)| v.clone()));
        if let Some(known) = known {
            return known;
        }
        self.rows.with_value(|rows| {
            rows.as_ref()?
                .iter()
                .find(|c| c.credential_id == id)
                .cloned()
        })
    }

    /// A credential as WHMCS now has it (`None`: deleted).
    pub fn note(&self, id: u64, now: Option<Credential>) {
        self.changed
            .update_value(|c| match c.iter_mut().find(|(k, _)| *k == id) {
                Some(known) => known.1 = now,
                None => c.push((id, now)),
            });
    }

    /// Logging out forgets the list.
    pub fn clear(&self) {
        self.rows.set_value(None);
        self.changed.update_value(Vec::clear);
    }
}

impl Default for CredentialCache {
    fn default() -> Self {
        CredentialCache::new()
    }
}
