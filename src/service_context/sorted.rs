//! Loaded entries kept sorted by id: a binary search per row keeps filtering 50,000 rows
//! fast, without a hash map's code in the bundle.

use std::sync::atomic::{AtomicU64, Ordering};

/// A loaded entry, with the lower-cased text a search looks in and a stamp that changes
/// whenever the entry is (re)loaded: a row shows a new stamp by rendering again.
#[derive(Clone)]
pub(super) struct Entry<T> {
    pub id: u64,
    pub value: T,
    pub text: String,
    /// The lower-cased title an unnamed credential of this service is shown with; empty
    /// for customers and for services that are gone.
    pub title: String,
    pub stamp: u64,
}

impl<T> Entry<T> {
    pub fn new(id: u64, value: T, text: String, title: String) -> Entry<T> {
        static STAMPS: AtomicU64 = AtomicU64::new(1);
        Entry {
            id,
            value,
            text,
            title,
            stamp: STAMPS.fetch_add(1, Ordering::Relaxed),
        }
    }
}

pub(super) type Sorted<T> = Vec<Entry<T>>;

pub(super) fn find<T>(entries: &Sorted<T>, id: u64) -> Option<&Entry<T>> {
    entries
        .binary_search_by_key(&id, |e| e.id)
        .ok()
        .map(|i| &entries[i])
}

/// Adds a batch: known ids replaced in place, new ones appended and sorted once (inserting
/// 25,000 one by one into a sorted vector moves gigabytes).
pub(super) fn merge<T>(entries: &mut Sorted<T>, batch: Vec<Entry<T>>) {
    let before = entries.len();
    for entry in batch {
        match entries[..before].binary_search_by_key(&entry.id, |e| e.id) {
            Ok(i) => entries[i] = entry,
            Err(_) => entries.push(entry),
        }
    }
    if entries.len() > before {
        // Stable, so of two arrivals for one id the later (the newer) is kept.
        entries.sort_by_key(|e| e.id);
        entries.dedup_by(|later, earlier| {
            let same = later.id == earlier.id;
            if same {
                std::mem::swap(later, earlier);
            }
            same
        });
    }
}

/// Adds `id` to a sorted list; whether it was new.
pub(super) fn add_sorted(ids: &mut Vec<u64>, id: u64) -> bool {
    match ids.binary_search(&id) {
        Ok(_) => false,
        Err(i) => {
            ids.insert(i, id);
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: u64, value: &'static str) -> Entry<&'static str> {
        Entry::new(id, value, String::new(), String::new())
    }

    #[test]
    fn a_merge_replaces_known_ids_keeps_the_newest_and_stays_sorted() {
        let mut entries = vec![entry(2, "two"), entry(5, "five")];
        merge(
            &mut entries,
            vec![
                entry(9, "nine"),
                entry(5, "FIVE"),
                entry(1, "one"),
                entry(9, "NINE"),
            ],
        );
        let seen: Vec<_> = entries.iter().map(|e| (e.id, e.value)).collect();
        assert_eq!(seen, [(1, "one"), (2, "two"), (5, "FIVE"), (9, "NINE")]);
        assert_eq!(find(&entries, 5).map(|e| e.value), Some("FIVE"));
        assert!(find(&entries, 3).is_none());
    }

    #[test]
    fn every_entry_gets_its_own_stamp() {
        let (a, b) = (entry(1, "a"), entry(1, "a"));
        assert_ne!(a.stamp, b.stamp);
    }

    #[test]
    fn add_sorted_says_whether_the_id_was_new() {
        let mut ids = vec![1, 4];
        assert!(add_sorted(&mut ids, 3));
        assert!(!add_sorted(&mut ids, 4));
        assert_eq!(ids, [1, 3, 4]);
    }
}
