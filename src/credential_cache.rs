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
    /// Whether `rows` is every credential (no WHMCS filter or limit): the findings read it.
    whole: StoredValue<bool>,
    /// Newer versions by id (`None`: deleted); a few per session, so a list (a hash map
    /// would cost the bundle more than it saves).
    changed: StoredValue<Vec<(u64, Option<Credential>)>>,
}

impl CredentialCache {
    pub fn new() -> CredentialCache {
        CredentialCache {
            rows: StoredValue::new(None),
            whole: StoredValue::new(false),
            changed: StoredValue::new(Vec::new()),
        }
    }

    /// A freshly loaded list replaces everything known before; `whole` when it is every
    /// credential of the installation.
    pub fn store(&self, rows: Arc<Vec<Credential>>, whole: bool) {
        self.rows.set_value(Some(rows));
        self.whole.set_value(whole);
        self.changed.update_value(Vec::clear);
    }

    /// Every credential, as this session last saw them (edits and deletes laid over), if
    /// the last list was all of them.
    pub fn whole(&self) -> Option<Arc<Vec<Credential>>> {
        if !self.whole.get_value() {
            return None;
        }
        let rows = self.rows.get_value()?;
        if self.changed.with_value(Vec::is_empty) {
            return Some(rows);
        }
        let changed = self.changed.get_value();
        let mut merged: Vec<Credential> = rows
            .iter()
            .filter_map(
                |c| match changed.iter().find(|(id, _)| *id == c.credential_id) {
                    Some((_, now)) => now.clone(),
                    None => Some(c.clone()),
                },
            )
            .collect();
        merged.extend(
            changed
                .into_iter()
                .filter(|(id, now)| now.is_some() && !rows.iter().any(|c| c.credential_id == *id))
                .filter_map(|(_, now)| now),
        );
        Some(Arc::new(merged))
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
        self.whole.set_value(false);
        self.changed.update_value(Vec::clear);
    }
}

impl Default for CredentialCache {
    fn default() -> Self {
        CredentialCache::new()
    }
}
