//! A loaded list: its rows, the index search and sort read (built once per load, after the
//! first rows are painted rather than before), and each row's shown value (made the first
//! time the row is on a page).

use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use whmcs_api::Credential;

use super::columns::Column;
use super::filter::ServiceFilter;
use super::rows::RowValue;
use super::sort::{by_key, by_text};
use super::url::ListUrlState;
use crate::service_context::ContextLookup;
use crate::text::lowercase;

pub struct LoadedList {
    pub rows: Arc<Vec<Credential>>,
    /// Tells this load's rows from another's (the table's row keys).
    pub serial: u64,
    index: OnceLock<Index>,
    values: Vec<OnceLock<Arc<RowValue>>>,
    /// Each row's place in name order, for the titles the context gave when it was made
    /// (their fingerprint first): a name sort is then an integer sort.
    name_ranks: Mutex<Option<(u64, Arc<Vec<u32>>)>>,
}

/// What searching and sorting read, lower-cased once per load rather than per keystroke
/// or per comparison.
struct Index {
    haystacks: Vec<String>,
    names: Vec<String>,
    /// The services the rows name, sorted, each once: what "not loaded yet" is counted over.
    service_ids: Vec<u64>,
    /// Each row's place in client identifier order.
    client_ranks: Vec<u32>,
    /// Rows with no name of their own: titled by their service once it is loaded.
    unnamed: Vec<usize>,
}

impl LoadedList {
    pub fn new(rows: Vec<Credential>) -> LoadedList {
        static SERIALS: AtomicU64 = AtomicU64::new(1);
        LoadedList {
            values: (0..rows.len()).map(|_| OnceLock::new()).collect(),
            rows: Arc::new(rows),
            serial: SERIALS.fetch_add(1, Ordering::Relaxed),
            index: OnceLock::new(),
            name_ranks: Mutex::new(None),
        }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let mut service_ids: Vec<u64> = self
                .rows
                .iter()
                .map(|c| c.service_id)
                .filter(|&id| id > 0)
                .collect();
            service_ids.sort_unstable();
            service_ids.dedup();
            let rows = &self.rows;
            Index {
                haystacks: rows.iter().map(search_text).collect(),
                names: rows.iter().map(|c| lowercase(&c.display_name())).collect(),
                service_ids,
                client_ranks: ranks(
                    rows.len(),
                    |i| &rows[i].client_identifier,
                    |i| rows[i].credential_id,
                ),
                unnamed: (0..rows.len())
                    .filter(|&i| rows[i].service_id > 0 && rows[i].name.trim().is_empty())
                    .collect(),
            }
        })
    }

    /// Builds the index and the name order now, so that the first keystroke or sort does
    /// not wait for them.
    pub fn warm(&self, context: &dyn ContextLookup) {
        self.name_ranks(context);
    }

    /// The name a row shows, lower-cased: an unnamed credential's service title once its
    /// service is loaded, else its own name or fallback.
    fn shown_name<'a>(&'a self, i: usize, context: &'a dyn ContextLookup) -> &'a str {
        let c = &self.rows[i];
        let titled = (c.service_id > 0 && c.name.trim().is_empty())
            .then(|| context.title(c.service_id))
            .flatten();
        titled.unwrap_or(&self.index().names[i])
    }

    /// Each row's place in the order of the names shown, made again only when the titles
    /// of unnamed rows changed.
    fn name_ranks(&self, context: &dyn ContextLookup) -> Arc<Vec<u32>> {
        let index = self.index();
        let mut fingerprint = std::collections::hash_map::DefaultHasher::new();
        for &i in &index.unnamed {
            if let Some(title) = context.title(self.rows[i].service_id) {
                (i, title).hash(&mut fingerprint);
            }
        }
        let fingerprint = fingerprint.finish();
        let mut cached = self.name_ranks.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((made_for, ranks)) = cached.as_ref()
            && *made_for == fingerprint
        {
            return ranks.clone();
        }
        let rows = &self.rows;
        let made = Arc::new(ranks(
            rows.len(),
            |i| self.shown_name(i, context),
            |i| rows[i].credential_id,
        ));
        *cached = Some((fingerprint, made.clone()));
        made
    }

    /// Row `at` as the table shows it.
    pub fn value(&self, at: usize) -> Arc<RowValue> {
        self.values[at]
            .get_or_init(|| Arc::new(RowValue::new(&self.rows[at])))
            .clone()
    }

    /// Positions of the rows that match the search and the service filter, in the view's
    /// column order (ties by id).
    pub fn visible(&self, view: &ListUrlState, context: &dyn ContextLookup) -> Vec<usize> {
        let rows = &self.rows;
        let needle = lowercase(view.search.trim());
        let service = view.service;
        let mut idx: Vec<usize> = if needle.is_empty() && service == ServiceFilter::All {
            (0..rows.len()).collect()
        } else {
            let haystacks = &self.index().haystacks;
            (0..rows.len())
                .filter(|&i| {
                    let id = rows[i].service_id;
                    (needle.is_empty()
                        || haystacks[i].contains(&needle)
                        || (id > 0 && context.matches(id, &needle)))
                        && (service == ServiceFilter::All
                            || (id > 0 && context.state(id).is_some_and(|s| service.keeps(s))))
                })
                .collect()
        };
        let Some((column, order)) = view.sort else {
            return idx;
        };
        let id = |i: usize| rows[i].credential_id;
        match column {
            Column::Name => {
                let ranks = self.name_ranks(context);
                by_key(&mut idx, order, |i| ranks[i], id);
            }
            Column::ClientIdentifier => {
                let ranks = &self.index().client_ranks;
                by_key(&mut idx, order, |i| ranks[i], id);
            }
            Column::Id => by_key(&mut idx, order, id, id),
            Column::GrantType => by_key(&mut idx, order, |i| &rows[i].grant_types, id),
            Column::ServiceId => by_key(&mut idx, order, |i| rows[i].service_id, id),
            Column::RedirectUris => by_key(&mut idx, order, |i| rows[i].redirect_uris.len(), id),
            Column::Created => by_key(&mut idx, order, |i| &rows[i].created_at, id),
            Column::Updated => by_key(&mut idx, order, |i| &rows[i].updated_at, id),
        }
        idx
    }

    /// Service ids of the rows whose context is not loaded yet (each once, sorted): what a
    /// service filter cannot judge until they are.
    pub fn without_context(&self, context: &dyn ContextLookup) -> Vec<u64> {
        self.index()
            .service_ids
            .iter()
            .copied()
            .filter(|&id| context.state(id).is_none())
            .collect()
    }
}

/// One load is one value: comparing identity is enough, and comparing 50,000 rows is not.
impl PartialEq for LoadedList {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// For each of `n` rows, its place when sorted by `text` (rows with equal text share one),
/// so that later sorts compare integers.
fn ranks<'a>(n: usize, text: impl Fn(usize) -> &'a str, id: impl Fn(usize) -> u64) -> Vec<u32> {
    let mut order: Vec<usize> = (0..n).collect();
    by_text(&mut order, whmcs_api::SortOrder::Asc, &text, id);
    let mut ranks = vec![0u32; n];
    let mut rank = 0u32;
    for (at, &i) in order.iter().enumerate() {
        if at > 0 && text(order[at - 1]) != text(i) {
            rank += 1;
        }
        ranks[i] = rank;
    }
    ranks
}

/// Lower-cased text a search looks in.
fn search_text(c: &Credential) -> String {
    let mut s = String::with_capacity(96);
    for part in [
        c.name.as_str(),
        c.description.as_str(),
        c.client_identifier.as_str(),
    ] {
        s.push_str(&lowercase(part));
        s.push('\n');
    }
    for u in &c.redirect_uris {
        s.push_str(&lowercase(u));
        s.push('\n');
    }
    s
}

/// A loaded list and the positions of the rows the view shows, in order.
#[derive(Clone)]
pub struct Shown {
    pub list: Arc<LoadedList>,
    pub matches: Vec<usize>,
}

impl PartialEq for Shown {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.list, &other.list) && self.matches == other.matches
    }
}

#[cfg(test)]
mod tests {
    use super::super::rows::tests::{cred, sso};
    use super::*;
    use crate::service_context::ServiceState;
    use whmcs_api::SortOrder;

    fn find(list: &LoadedList, view: ListUrlState, context: &dyn ContextLookup) -> Vec<usize> {
        list.visible(&view, context)
    }

    #[test]
    fn search_matches_name_identifier_and_redirects_case_insensitively() {
        let list = LoadedList::new(vec![
            cred(
                1,
                "Partner Portal",
                "ACME.1",
                &["https://portal.example/cb"],
            ),
            cred(2, "Forum", "ACME.2", &[]),
            cred(3, "", "OTHER.3", &["https://forum.example/cb"]),
        ]);
        let search = |q: &str| {
            let view = ListUrlState {
                search: q.into(),
                ..ListUrlState::default()
            };
            find(&list, view, &())
        };
        assert_eq!(search("FORUM"), [1, 2]);
        assert_eq!(search("other."), [2]);
        assert_eq!(search("portal.example"), [0]);
        assert_eq!(search("  "), [0, 1, 2]);
        assert!(search("zzz").is_empty());
    }

    /// Loaded context for services 3 (active, Jane Doe's, "SSO · Gold Hosting") and 6
    /// (gone); 2 not loaded yet.
    struct Context;
    impl ContextLookup for Context {
        fn state(&self, id: u64) -> Option<ServiceState> {
            match id {
                3 => Some(ServiceState::Active),
                6 => Some(ServiceState::Missing),
                _ => None,
            }
        }
        fn matches(&self, id: u64, needle: &str) -> bool {
            id == 3 && "jane doe jane@example.com gold hosting example.com".contains(needle)
        }
        fn title(&self, id: u64) -> Option<&str> {
            (id == 3).then_some("sso · gold hosting · example.com")
        }
    }

    #[test]
    fn search_and_service_filter_read_the_loaded_context() {
        // Service ids: row 0 → 3, row 1 → 6, row 2 → 2.
        let list = LoadedList::new(vec![
            cred(1, "Portal", "ACME.1", &[]),
            cred(2, "Forum", "ACME.2", &[]),
            cred(3, "Blog", "ACME.3", &[]),
        ]);
        let filtered = |search: &str, service| {
            let view = ListUrlState {
                search: search.into(),
                service,
                ..ListUrlState::default()
            };
            find(&list, view, &Context)
        };
        assert_eq!(filtered("JANE@", ServiceFilter::All), [0], "customer email");
        assert_eq!(filtered("gold", ServiceFilter::All), [0], "product");
        assert_eq!(
            filtered("forum", ServiceFilter::All),
            [1],
            "own fields still"
        );
        assert_eq!(filtered("", ServiceFilter::Missing), [1]);
        assert_eq!(filtered("", ServiceFilter::Active), [0]);
        assert!(filtered("", ServiceFilter::Ended).is_empty());
        assert!(
            filtered("forum", ServiceFilter::Active).is_empty(),
            "both apply"
        );
        assert_eq!(list.without_context(&Context), [2]);
        assert_eq!(list.without_context(&()), [2, 3, 6]);
    }

    fn sorted(
        list: &LoadedList,
        c: Column,
        o: SortOrder,
        context: &dyn ContextLookup,
    ) -> Vec<usize> {
        let view = ListUrlState {
            sort: Some((c, o)),
            ..ListUrlState::default()
        };
        find(list, view, context)
    }

    #[test]
    fn column_sort_is_stable_by_id() {
        let list = LoadedList::new(vec![
            cred(1, "b", "X", &["u"]),
            cred(2, "A", "Y", &[]),
            cred(3, "b", "Z", &["u", "v"]),
        ]);
        assert_eq!(sorted(&list, Column::Name, SortOrder::Asc, &()), [1, 0, 2]);
        assert_eq!(sorted(&list, Column::Name, SortOrder::Desc, &()), [0, 2, 1]);
        assert_eq!(
            sorted(&list, Column::RedirectUris, SortOrder::Desc, &()),
            [2, 0, 1]
        );
        assert_eq!(
            sorted(&list, Column::ClientIdentifier, SortOrder::Desc, &()),
            [2, 1, 0]
        );
    }

    #[test]
    fn names_sort_as_shown_an_unnamed_credential_by_its_service_title() {
        // "SSO · service 3" shows as "SSO · Gold Hosting · example.com" once loaded, and
        // then sorts before "SSO · Starter…"; service 2 is not loaded and sorts by its
        // fallback title.
        let list = LoadedList::new(vec![
            cred(1, "SSO · Starter Hosting", "ACME.1", &[]),
            sso(2, 3),
            sso(3, 2),
        ]);
        assert_eq!(
            sorted(&list, Column::Name, SortOrder::Asc, &Context),
            [1, 2, 0]
        );
        assert_eq!(
            sorted(&list, Column::Name, SortOrder::Asc, &()),
            [2, 1, 0],
            "without context, both by their fallback (service 2, service 3)"
        );
    }

    #[test]
    fn the_name_order_is_made_again_when_an_unnamed_rows_title_arrives() {
        let list = LoadedList::new(vec![cred(1, "SSO · Hosting", "ACME.1", &[]), sso(2, 3)]);
        list.warm(&());
        assert_eq!(sorted(&list, Column::Name, SortOrder::Asc, &()), [0, 1]);
        // Service 3 now titles row 1 "sso · gold hosting · example.com".
        assert_eq!(
            sorted(&list, Column::Name, SortOrder::Asc, &Context),
            [1, 0]
        );
        assert_eq!(sorted(&list, Column::Name, SortOrder::Asc, &()), [0, 1]);
    }

    #[test]
    fn a_row_value_is_made_once_per_load() {
        let list = LoadedList::new(vec![cred(1, "Portal", "ACME.1", &[])]);
        assert!(Arc::ptr_eq(&list.value(0), &list.value(0)));
        let again = LoadedList::new(vec![cred(1, "Portal", "ACME.1", &[])]);
        assert_ne!(list.serial, again.serial);
    }
}
