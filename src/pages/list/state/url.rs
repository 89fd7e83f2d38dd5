//! What the list shows, as its URL says: WHMCS's server-side parameters plus search, the
//! service filter, column sort and paging done in the browser. Every view is a link, and
//! Back works.

use std::ops::Range;

use whmcs_api::findings::FindingKind;
use whmcs_api::params::encode_component;
use whmcs_api::{ListQuery, SortField, SortOrder};

use super::columns::Column;
use super::filter::ServiceFilter;

pub const PAGE_SIZES: [usize; 4] = [25, 50, 100, 250];
pub const DEFAULT_PAGE_SIZE: usize = 50;

/// Everything that decides what the list shows, read from and written to its URL query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListUrlState {
    /// WHMCS `grantType` filter; empty for all.
    pub grant: String,
    /// WHMCS `sortField` / `sortOrder` (which rows a `limit` keeps).
    pub server_sort: Option<(SortField, SortOrder)>,
    /// WHMCS `limit`; 0 for all.
    pub limit: u32,
    /// Search over name, description, client identifier and redirect URIs, and the loaded
    /// customer, product and domain of each service.
    pub search: String,
    /// Only credentials whose loaded service is in this state.
    pub service: ServiceFilter,
    /// Only credentials with this finding (the Findings page links here).
    pub finding: Option<FindingKind>,
    /// Column sort in the browser.
    pub sort: Option<(Column, SortOrder)>,
    /// 1-based.
    pub page: usize,
    pub page_size: usize,
}

impl Default for ListUrlState {
    fn default() -> Self {
        ListUrlState {
            grant: String::new(),
            server_sort: None,
            limit: 0,
            search: String::new(),
            service: ServiceFilter::All,
            finding: None,
            sort: None,
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

impl ListUrlState {
    /// Reads a view from query parameters; anything unreadable falls back to its default.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> ListUrlState {
        let d = ListUrlState::default();
        let order = |k: &str| {
            get(k)
                .and_then(|o| o.parse::<SortOrder>().ok())
                .unwrap_or_default()
        };
        ListUrlState {
            grant: get("grant").unwrap_or_default(),
            server_sort: get("sortField")
                .and_then(|f| f.parse::<SortField>().ok())
                .map(|f| (f, order("sortOrder"))),
            limit: get("limit").and_then(|l| l.parse().ok()).unwrap_or(d.limit),
            search: get("q").unwrap_or_default(),
            service: ServiceFilter::from_key(&get("svc").unwrap_or_default()),
            finding: get("finding").and_then(|k| FindingKind::from_key(&k)),
            sort: get("sort")
                .and_then(|c| Column::from_key(&c))
                .map(|c| (c, order("dir"))),
            page: get("page")
                .and_then(|p| p.parse().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
            page_size: get("size")
                .and_then(|s| s.parse().ok())
                .filter(|s| PAGE_SIZES.contains(s))
                .unwrap_or(d.page_size),
        }
    }

    /// The query string for this view (`?…`, or empty for the default view); defaults are
    /// left out so links stay short.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.grant.is_empty() {
            pairs.push(("grant", self.grant.clone()));
        }
        if let Some((f, o)) = self.server_sort {
            pairs.push(("sortField", f.column().into()));
            pairs.push(("sortOrder", o.as_str().into()));
        }
        if self.limit > 0 {
            pairs.push(("limit", self.limit.to_string()));
        }
        if !self.search.is_empty() {
            pairs.push(("q", self.search.clone()));
        }
        if self.service != ServiceFilter::All {
            pairs.push(("svc", self.service.key().into()));
        }
        if let Some(kind) = self.finding {
            pairs.push(("finding", kind.key().into()));
        }
        if let Some((c, o)) = self.sort {
            pairs.push(("sort", c.key().into()));
            pairs.push(("dir", o.as_str().into()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        if self.page_size != DEFAULT_PAGE_SIZE {
            pairs.push(("size", self.page_size.to_string()));
        }
        if pairs.is_empty() {
            return String::new();
        }
        let joined: Vec<String> = pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode_component(&v)))
            .collect();
        format!("?{}", joined.join("&"))
    }

    /// What to ask WHMCS for.
    pub fn server_query(&self) -> ListQuery {
        ListQuery {
            grant_type: self.grant.clone(),
            sort: self.server_sort,
            limit: self.limit,
        }
    }

    /// The small request that brings this view's rows before the whole list, when there
    /// is one: only for the first page in WHMCS's own order (no search, filter or column
    /// sort), whose rows are WHMCS's first ones, and only when it asks for fewer rows than
    /// the view's own limit.
    pub fn first_page_query(&self) -> Option<ListQuery> {
        let plain = self.page == 1
            && self.sort.is_none()
            && self.finding.is_none()
            && !self.filters_by_context();
        let size = u32::try_from(self.page_size).ok()?;
        (plain && (self.limit == 0 || self.limit > size)).then(|| ListQuery {
            limit: size,
            ..self.server_query()
        })
    }

    /// A click on a column header: ascending first, then descending.
    pub fn toggle_sort(&self, column: Column) -> ListUrlState {
        let sort = match self.sort {
            Some((c, o)) if c == column => Some((c, o.reversed())),
            _ => Some((column, SortOrder::Asc)),
        };
        ListUrlState {
            sort,
            page: 1,
            ..self.clone()
        }
    }

    /// Whether the search or the service filter looks in the loaded service context (and
    /// cannot judge rows whose context is not loaded yet).
    pub fn filters_by_context(&self) -> bool {
        self.service != ServiceFilter::All
            || !self.search.trim().is_empty()
            || self.finding.is_some_and(FindingKind::needs_context)
    }

    /// Whether showing this view reads the loaded service context: its filters, or names
    /// sorted as shown (an unnamed credential's is its service's title).
    pub fn reads_context(&self) -> bool {
        self.filters_by_context()
            || self.finding.is_some()
            || matches!(self.sort, Some((Column::Name, _)))
    }
}

/// The slice of `total` items page `page` shows, and the number of pages (at least 1).
pub fn page_range(total: usize, page: usize, size: usize) -> (Range<usize>, usize) {
    let pages = total.div_ceil(size.max(1)).max(1);
    let page = page.clamp(1, pages);
    let start = (page - 1) * size;
    (start..(start + size).min(total), pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_page_in_whmcs_order_is_asked_for_before_the_whole_list() {
        let plain = ListUrlState::default();
        let first = plain.first_page_query().unwrap();
        assert_eq!(
            (first.limit, plain.server_query().limit),
            (DEFAULT_PAGE_SIZE as u32, 0)
        );
        let kept = ListUrlState {
            grant: "single_sign_on".into(),
            limit: 1000,
            ..ListUrlState::default()
        };
        assert_eq!(
            kept.first_page_query().map(|q| (q.grant_type, q.limit)),
            Some(("single_sign_on".into(), DEFAULT_PAGE_SIZE as u32))
        );
        for not in [
            ListUrlState {
                page: 2,
                ..ListUrlState::default()
            },
            ListUrlState {
                search: "x".into(),
                ..ListUrlState::default()
            },
            ListUrlState {
                sort: Some((Column::Name, SortOrder::Asc)),
                ..ListUrlState::default()
            },
            ListUrlState {
                limit: 10,
                ..ListUrlState::default()
            },
        ] {
            assert_eq!(not.first_page_query(), None, "{not:?}");
        }
    }

    #[test]
    fn the_default_view_is_the_bare_path() {
        assert_eq!(ListUrlState::default().to_query(), "");
        assert_eq!(ListUrlState::from_query(|_| None), ListUrlState::default());
    }

    #[test]
    fn every_field_round_trips_through_the_query() {
        let v = ListUrlState {
            grant: "single_sign_on".into(),
            server_sort: Some((SortField::CreatedAt, SortOrder::Desc)),
            limit: 500,
            search: "a&b c/é".into(),
            service: ServiceFilter::Suspended,
            finding: Some(FindingKind::UnsafeRedirectUri),
            sort: Some((Column::Name, SortOrder::Desc)),
            page: 3,
            page_size: 100,
        };
        let q = v.to_query();
        assert!(q.contains("&finding=unsafe-redirect-uri&"), "{q}");
        let parsed = whmcs_api::Params::parse(q.trim_start_matches('?'));
        assert_eq!(
            ListUrlState::from_query(|k| parsed.get(k).map(str::to_owned)),
            v
        );
        assert!(q.starts_with("?grant=single_sign_on&sortField=created_at&sortOrder=desc&limit=500&q=a%26b+c%2F%C3%A9"), "{q}");
    }

    #[test]
    fn garbage_in_the_url_falls_back_to_defaults() {
        let get = |k: &str| match k {
            "sortField" => Some("credentialId".into()),
            "limit" => Some("-3".into()),
            "sort" => Some("nope".into()),
            "page" => Some("0".into()),
            "size" => Some("7".into()),
            _ => None,
        };
        assert_eq!(ListUrlState::from_query(get), ListUrlState::default());
    }

    #[test]
    fn header_clicks_toggle_and_reset_the_page() {
        let v = ListUrlState {
            page: 4,
            ..ListUrlState::default()
        };
        let a = v.toggle_sort(Column::Name);
        assert_eq!((a.sort, a.page), (Some((Column::Name, SortOrder::Asc)), 1));
        let b = a.toggle_sort(Column::Name);
        assert_eq!(b.sort, Some((Column::Name, SortOrder::Desc)));
        let c = b.toggle_sort(Column::Id);
        assert_eq!(c.sort, Some((Column::Id, SortOrder::Asc)));
    }

    #[test]
    fn the_service_filter_search_and_name_sort_read_the_context() {
        let view = ListUrlState {
            service: ServiceFilter::Ended,
            ..ListUrlState::default()
        };
        assert_eq!(view.to_query(), "?svc=ended");
        assert_eq!(
            ListUrlState::from_query(|k| (k == "svc").then(|| "ended".to_owned())).service,
            ServiceFilter::Ended
        );
        assert!(view.reads_context() && !ListUrlState::default().reads_context());
        let by = |column| ListUrlState {
            sort: Some((column, SortOrder::Asc)),
            ..ListUrlState::default()
        };
        assert!(by(Column::Name).reads_context() && !by(Column::Name).filters_by_context());
        assert!(!by(Column::Created).reads_context());
        assert!(view.filters_by_context());
    }

    #[test]
    fn pages_clamp_to_what_exists() {
        assert_eq!(page_range(0, 1, 50), (0..0, 1));
        assert_eq!(page_range(120, 1, 50), (0..50, 3));
        assert_eq!(page_range(120, 3, 50), (100..120, 3));
        assert_eq!(page_range(120, 9, 50), (100..120, 3));
    }
}
