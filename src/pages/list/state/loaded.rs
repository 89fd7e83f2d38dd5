//! A loaded list: its rows, the index search and sort read (built once per load, after the
//! first rows are painted rather than before), and each row's shown value (made the first
//! time the row is on a page).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use whmcs_api::findings::{Findings, Survey, Tally, unjudged};
use whmcs_api::{Credential, ScopeCatalogue};

use super::columns::Column;
use super::filter::ServiceFilter;
use super::rows::RowValue;
use super::sort::{by_key, ranks_by, ranks_by_text};
use super::url::ListUrlState;
use crate::service_context::{ContextLookup, Facts};
use crate::text::lowercase;

/// Ends each row's text in the search haystack: no search needle holds it, so no match
/// runs from one row into the next.
const ROW_END: char = '\0';

pub struct LoadedList {
    pub rows: Arc<Vec<Credential>>,
    /// Tells this load's rows from another's (the table's row keys).
    pub serial: u64,
    /// Each row's credential and service id, side by side: what filters and sorts touch,
    /// without reading 50,000 credentials scattered in memory.
    ids: Vec<u64>,
    service_ids: Vec<u64>,
    index: OnceLock<Index>,
    values: Vec<OnceLock<Arc<RowValue>>>,
    /// Each row's place in name order, for the titles the context gave when it was made
    /// (their fingerprint first): a name sort is then an integer sort.
    name_ranks: Mutex<Option<(u64, Arc<Vec<u32>>)>>,
    /// Each row's place in the order of a column, made the first time it is sorted by.
    column_ranks: [OnceLock<Vec<u32>>; 4],
    /// What findings are judged by; none judged without it.
    judge: Option<Judge>,
    /// Each row's findings, for the context version they were judged with.
    judged: Mutex<Option<(u64, Arc<Judged>)>>,
}

/// What the findings rules need besides the credentials and their context.
pub struct Judge {
    pub catalogue: ScopeCatalogue,
    /// Today, by the browser's clock (a credential unchanged for a year is stale).
    pub today: time::Date,
}

/// Every row's findings, and their counts over the list.
pub struct Judged {
    pub rows: Vec<Findings>,
    pub tally: Tally,
}

/// What searching reads, lower-cased once per load rather than per keystroke.
struct Index {
    /// Every row's searchable text, each ended by `ROW_END`, in one string: a search is one
    /// pass of one searcher, not 50,000.
    haystack: String,
    /// Where each row's text starts in `haystack`.
    starts: Vec<u32>,
    names: Vec<String>,
    /// The services the rows name, sorted, each once: what "not loaded yet" is counted over.
    service_ids: Vec<u64>,
    /// Rows with no name of their own: titled by their service once it is loaded.
    unnamed: Vec<usize>,
}

impl LoadedList {
    pub fn new(rows: Vec<Credential>) -> LoadedList {
        LoadedList::shared(Arc::new(rows))
    }

    /// A list of rows already shared (the session's cache).
    pub fn shared(rows: Arc<Vec<Credential>>) -> LoadedList {
        static SERIALS: AtomicU64 = AtomicU64::new(1);
        LoadedList {
            values: (0..rows.len()).map(|_| OnceLock::new()).collect(),
            ids: rows.iter().map(|c| c.credential_id).collect(),
            service_ids: rows.iter().map(|c| c.service_id).collect(),
            rows,
            serial: SERIALS.fetch_add(1, Ordering::Relaxed),
            index: OnceLock::new(),
            name_ranks: Mutex::new(None),
            column_ranks: Default::default(),
            judge: None,
            judged: Mutex::new(None),
        }
    }

    /// The same list, its findings judged by `judge`.
    pub fn judged_by(self, judge: Judge) -> LoadedList {
        LoadedList {
            judge: Some(judge),
            ..self
        }
    }

    /// Every row's findings with the context loaded now, judged once per context version.
    pub fn findings(&self, context: &dyn ContextLookup) -> Option<Arc<Judged>> {
        let judge = self.judge.as_ref()?;
        let mut cached = self.judged.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((version, judged)) = cached.as_ref()
            && *version == context.version()
        {
            return Some(judged.clone());
        }
        let survey = Survey::new(&self.rows, &judge.catalogue, judge.today);
        let facts = Facts(context);
        let mut tally = Tally::default();
        let rows = self
            .rows
            .iter()
            .map(|c| {
                let found = survey.check(c, &facts);
                tally.add(found, unjudged(c, &facts));
                found
            })
            .collect();
        let judged = Arc::new(Judged { rows, tally });
        *cached = Some((context.version(), judged.clone()));
        Some(judged)
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let rows = &self.rows;
            let mut service_ids: Vec<u64> = self
                .service_ids
                .iter()
                .copied()
                .filter(|&id| id > 0)
                .collect();
            service_ids.sort_unstable();
            service_ids.dedup();
            let mut haystack = String::with_capacity(rows.len() * 96);
            let mut starts = Vec::with_capacity(rows.len());
            for c in rows.iter() {
                starts.push(haystack.len() as u32);
                push_search_text(&mut haystack, c);
                haystack.push(ROW_END);
            }
            Index {
                haystack,
                starts,
                names: rows.iter().map(|c| lowercase(&c.display_name())).collect(),
                service_ids,
                unnamed: (0..rows.len())
                    .filter(|&i| rows[i].service_id > 0 && rows[i].name.trim().is_empty())
                    .collect(),
            }
        })
    }

    /// Builds the index and the orders of the columns people sort by most now, so that the
    /// first keystroke or sort does not wait for them.
    pub fn warm(&self, context: &dyn ContextLookup) {
        self.name_ranks(context);
        for column in [Column::ClientIdentifier, Column::Created, Column::Updated] {
            self.ranks(column);
        }
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
        // FNV-1a over the titled rows: a cheap fingerprint, not a secret.
        let mut fingerprint: u64 = 0xcbf2_9ce4_8422_2325;
        for &i in &index.unnamed {
            if let Some(title) = context.title(self.service_ids[i]) {
                for byte in (i as u64).to_le_bytes().iter().chain(title.as_bytes()) {
                    fingerprint = (fingerprint ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
                }
            }
        }
        let mut cached = self.name_ranks.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((made_for, ranks)) = cached.as_ref()
            && *made_for == fingerprint
        {
            return ranks.clone();
        }
        let made = Arc::new(ranks_by_text(self.rows.len(), |i| {
            self.shown_name(i, context)
        }));
        *cached = Some((fingerprint, made.clone()));
        made
    }

    /// Each row's place in the order of a column whose values are not small numbers.
    fn ranks(&self, column: Column) -> &[u32] {
        let rows = &self.rows;
        let n = rows.len();
        let (slot, make): (usize, Box<dyn Fn() -> Vec<u32> + '_>) = match column {
            Column::ClientIdentifier => (
                0,
                Box::new(move || ranks_by_text(n, |i| &rows[i].client_identifier)),
            ),
            Column::GrantType => (1, Box::new(move || ranks_by(n, |i| &rows[i].grant_types))),
            Column::Created => (2, Box::new(move || ranks_by(n, |i| &rows[i].created_at))),
            _ => (3, Box::new(move || ranks_by(n, |i| &rows[i].updated_at))),
        };
        self.column_ranks[slot].get_or_init(make)
    }

    /// Row `at` as the table shows it.
    pub fn value(&self, at: usize) -> Arc<RowValue> {
        self.values[at]
            .get_or_init(|| Arc::new(RowValue::new(&self.rows[at])))
            .clone()
    }

    /// The rows whose own text holds `needle`, in order: one haystack, searched on from
    /// the next row's start after each hit with one finder.
    fn own_matches(&self, needle: &str) -> Vec<usize> {
        let index = self.index();
        let haystack = index.haystack.as_bytes();
        let finder = memchr::memmem::Finder::new(needle);
        let mut hits: Vec<usize> = Vec::new();
        let mut from = 0;
        while let Some(offset) = finder.find(&haystack[from..]) {
            let at = from + offset;
            let row = index.starts.partition_point(|&s| s as usize <= at) - 1;
            hits.push(row);
            from = index
                .starts
                .get(row + 1)
                .map_or(haystack.len(), |&s| s as usize);
        }
        hits
    }

    /// Positions of the rows that match the search and the service filter, in the view's
    /// column order (ties by id).
    pub fn visible(&self, view: &ListUrlState, context: &dyn ContextLookup) -> Vec<usize> {
        let needle = lowercase(view.search.trim());
        let service = view.service;
        let mut idx: Vec<usize> = if needle.contains(ROW_END) {
            Vec::new()
        } else if needle.is_empty() && service == ServiceFilter::All {
            (0..self.rows.len()).collect()
        } else {
            let searching = !needle.is_empty();
            let own = if searching {
                self.own_matches(&needle)
            } else {
                Vec::new()
            };
            let by_context = if searching {
                context.matching(&needle)
            } else {
                Vec::new()
            };
            let mut next_own = own.iter().peekable();
            (0..self.rows.len())
                .filter(|&i| {
                    let id = self.service_ids[i];
                    let mine = next_own.next_if_eq(&&i).is_some();
                    let found =
                        !searching || mine || (id > 0 && by_context.binary_search(&id).is_ok());
                    found
                        && (service == ServiceFilter::All
                            || (id > 0 && context.state(id).is_some_and(|s| service.keeps(s))))
                })
                .collect()
        };
        if let Some(kind) = view.finding {
            match self.findings(context) {
                Some(judged) => idx.retain(|&i| judged.rows[i].contains(kind)),
                None => idx.clear(),
            }
        }
        let Some((column, order)) = view.sort else {
            return idx;
        };
        let ids = &self.ids;
        let id = |i: usize| ids[i];
        match column {
            Column::Name => {
                let ranks = self.name_ranks(context);
                by_key(&mut idx, order, |i| ranks[i], id);
            }
            Column::Id => by_key(&mut idx, order, id, id),
            Column::ServiceId => by_key(&mut idx, order, |i| self.service_ids[i], id),
            Column::RedirectUris => {
                let rows = &self.rows;
                by_key(&mut idx, order, |i| rows[i].redirect_uris.len(), id)
            }
            Column::ClientIdentifier | Column::GrantType | Column::Created | Column::Updated => {
                let ranks = self.ranks(column);
                by_key(&mut idx, order, |i| ranks[i], id);
            }
        }
        idx
    }

    /// The services the rows name, each once, sorted.
    pub fn service_ids_named(&self) -> Vec<u64> {
        self.index().service_ids.clone()
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

/// Appends the lower-cased text a search looks in: name, description, client identifier
/// and redirect URIs, one per line.
fn push_search_text(out: &mut String, c: &Credential) {
    for part in [
        c.name.as_str(),
        c.description.as_str(),
        c.client_identifier.as_str(),
    ]
    .into_iter()
    .chain(c.redirect_uris.iter().map(String::as_str))
    {
        out.push_str(&lowercase(part));
        out.push('\n');
    }
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
    use whmcs_api::findings::{FindingKind, ServiceFacts};

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
        fn matching(&self, needle: &str) -> Vec<u64> {
            let text = "jane doe jane@example.com gold hosting example.com";
            if text.contains(needle) {
                vec![3]
            } else {
                vec![]
            }
        }
        fn title(&self, id: u64) -> Option<&str> {
            (id == 3).then_some("sso · gold hosting · example.com")
        }
        fn facts(&self, id: u64) -> ServiceFacts<'_> {
            match id {
                3 => ServiceFacts::Found {
                    status: "Active",
                    client_status: Some("Closed"),
                },
                6 => ServiceFacts::Missing,
                _ => ServiceFacts::Unknown,
            }
        }
        fn version(&self) -> u64 {
            1
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
    fn a_finding_filter_keeps_the_rows_with_that_finding() {
        // Rows 1 and 2 are single sign-on for services 3 (client Closed) and 6 (gone);
        // row 0 an app without a redirect URI.
        let list = LoadedList::new(vec![cred(1, "App", "ACME.1", &[]), sso(2, 3), sso(3, 6)])
            .judged_by(Judge {
                catalogue: ScopeCatalogue::default(),
                today: time::Date::from_calendar_date(2026, time::Month::December, 6).unwrap(),
            });
        let with = |kind| {
            let view = ListUrlState {
                finding: Some(kind),
                ..ListUrlState::default()
            };
            find(&list, view, &Context)
        };
        assert_eq!(with(FindingKind::NoRedirectUri), [0]);
        assert_eq!(with(FindingKind::ClientClosed), [1]);
        assert_eq!(with(FindingKind::ServiceEnded), [2]);
        assert!(with(FindingKind::Stale).is_empty());
        let judged = list.findings(&Context).unwrap();
        assert_eq!(judged.tally.count(FindingKind::ServiceEnded), 1);
        assert!(
            Arc::ptr_eq(&judged, &list.findings(&Context).unwrap()),
            "judged once per context version"
        );
        assert!(
            find(
                &LoadedList::new(vec![cred(1, "App", "ACME.1", &[])]),
                ListUrlState {
                    finding: Some(FindingKind::NoRedirectUri),
                    ..ListUrlState::default()
                },
                &()
            )
            .is_empty(),
            "a list without rules judges nothing"
        );
    }

    #[test]
    fn a_row_value_is_made_once_per_load() {
        let list = LoadedList::new(vec![cred(1, "Portal", "ACME.1", &[])]);
        assert!(Arc::ptr_eq(&list.value(0), &list.value(0)));
        let again = LoadedList::new(vec![cred(1, "Portal", "ACME.1", &[])]);
        assert_ne!(list.serial, again.serial);
    }
}
