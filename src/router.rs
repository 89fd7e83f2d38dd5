//! The panel's router: a handful of routes over the History API.
//!
//! `leptos_router` did this job with ~22 kB brotli of WebAssembly, generality the
//! panel never used (nested routes, matching macros, forms, transitions), against a bundle
//! budget of 250 kB. What stays: the URL is the one source of truth, Back and Forward work,
//! same-origin links navigate without a reload, and pages read the path and query reactively.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use whmcs_api::params::Params;

/// A page of the panel, decided by the path alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    List,
    Login,
    Create,
    /// `/credentials/{id}`, the id as written (the page says when it is not a number).
    Edit(String),
    Findings,
    Jobs,
    /// `/jobs/{id}`.
    Job(String),
    NotFound,
}

impl Route {
    pub fn parse(path: &str) -> Route {
        match path.trim_end_matches('/') {
            "" => Route::List,
            "/login" => Route::Login,
            "/credentials/new" => Route::Create,
            "/findings" => Route::Findings,
            "/jobs" => Route::Jobs,
            p => {
                let one = |prefix: &str| {
                    p.strip_prefix(prefix)
                        .filter(|id| !id.is_empty() && !id.contains('/'))
                        .map(str::to_owned)
                };
                if let Some(id) = one("/credentials/") {
                    Route::Edit(id)
                } else if let Some(id) = one("/jobs/") {
                    Route::Job(id)
                } else {
                    Route::NotFound
                }
            }
        }
    }
}

/// Where the panel is: the path and the query (without its `?`).
#[derive(Clone, Copy)]
pub struct Location {
    pub path: RwSignal<String>,
    pub search: RwSignal<String>,
    query: Memo<Params>,
}

impl Location {
    /// A query parameter (reactive).
    pub fn query(&self, name: &str) -> Option<String> {
        self.query.with(|q| q.get(name).map(str::to_owned))
    }

    /// The path and query, as a link back here would need them.
    pub fn here_untracked(&self) -> String {
        let (path, search) = (self.path.get_untracked(), self.search.get_untracked());
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    }

    fn set(&self, url: &str) {
        let (path, search) = split(url);
        self.path.set(path.to_owned());
        self.search.set(search.to_owned());
    }
}

/// Path and query of a same-site URL (`/a?b#c` → `/a`, `b`); the fragment is not routed.
fn split(url: &str) -> (&str, &str) {
    let url = url.split('#').next().unwrap_or_default();
    let (path, search) = url.split_once('?').unwrap_or((url, ""));
    (if path.is_empty() { "/" } else { path }, search)
}

/// Starts routing: reads the address bar, follows Back/Forward, and turns clicks on
/// same-origin links into navigations. Call once, at the top of the app.
pub fn provide_router() -> Location {
    let here = window().location();
    let path = here.pathname().unwrap_or_else(|_| "/".into());
    let search = here.search().unwrap_or_default();
    let search = RwSignal::new(search.trim_start_matches('?').to_owned());
    let location = Location {
        path: RwSignal::new(path),
        search,
        query: Memo::new(move |_| search.with(|s| Params::parse(s))),
    };
    provide_context(location);
    CURRENT.set(Some(location));

    let _ = window_event_listener(leptos::ev::popstate, move |_| {
        let here = window().location();
        let url = format!(
            "{}{}",
            here.pathname().unwrap_or_default(),
            here.search().unwrap_or_default()
        );
        location.set(&url);
    });
    intercept_link_clicks();
    location
}

thread_local! {
    /// The router, for navigations from event listeners and tasks that run outside any
    /// reactive owner (where `use_context` finds nothing).
    static CURRENT: std::cell::Cell<Option<Location>> = const { std::cell::Cell::new(None) };
}

pub fn use_location() -> Location {
    use_context::<Location>()
        .or_else(|| CURRENT.get())
        .expect("provide_router runs at the top of the app")
}

/// Goes to a same-site `url`. `replace` rewrites the current history entry instead of
/// adding one (view changes such as typing in the search box).
pub fn navigate(url: &str, replace: bool) {
    let history = window().history().expect("the History API");
    let pushed = if replace {
        history.replace_state_with_url(&wasm_bindgen_null(), "", Some(url))
    } else {
        history.push_state_with_url(&wasm_bindgen_null(), "", Some(url))
    };
    if pushed.is_err() {
        // Not a same-origin URL: let the browser go there.
        let _ = window().location().set_href(url);
        return;
    }
    use_location().set(url);
}

/// Goes to `url` and, if it is a new page, shows it from its top.
pub fn navigate_to_page(url: &str) {
    navigate(url, false);
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

fn wasm_bindgen_null() -> wasm_bindgen::JsValue {
    wasm_bindgen::JsValue::NULL
}

/// A plain left click on a link to this origin navigates in place; anything else
/// (modifier keys, other buttons, `download`, `target`, other origins) is the browser's.
fn intercept_link_clicks() {
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(|ev: web_sys::MouseEvent| {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.meta_key()
            || ev.ctrl_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return;
        }
        let Some(link) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        let own_origin = window().location().origin().unwrap_or_default();
        let same_page_anchor = !link.hash().is_empty()
            && link.pathname() == window().location().pathname().unwrap_or_default()
            && link.search() == window().location().search().unwrap_or_default();
        if link.has_attribute("download")
            || !link.target().is_empty()
            || link.origin() != own_origin
            || same_page_anchor
        {
            return;
        }
        ev.prevent_default();
        navigate_to_page(&format!("{}{}", link.pathname(), link.search()));
    });
    let _ = document().add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    on_click.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_by_path() {
        assert_eq!(Route::parse("/"), Route::List);
        assert_eq!(Route::parse(""), Route::List);
        assert_eq!(Route::parse("/login"), Route::Login);
        assert_eq!(Route::parse("/login/"), Route::Login);
        assert_eq!(Route::parse("/credentials/new"), Route::Create);
        assert_eq!(Route::parse("/credentials/42"), Route::Edit("42".into()));
        assert_eq!(Route::parse("/credentials/abc"), Route::Edit("abc".into()));
        assert_eq!(Route::parse("/credentials/"), Route::NotFound);
        assert_eq!(Route::parse("/credentials/4/x"), Route::NotFound);
        assert_eq!(Route::parse("/nope"), Route::NotFound);
        assert_eq!(Route::parse("/findings"), Route::Findings);
        assert_eq!(Route::parse("/jobs"), Route::Jobs);
        assert_eq!(Route::parse("/jobs/0a1b"), Route::Job("0a1b".into()));
        assert_eq!(Route::parse("/jobs/0a1b/x"), Route::NotFound);
    }

    #[test]
    fn splits_path_and_query() {
        assert_eq!(split("/?q=a+b"), ("/", "q=a+b"));
        assert_eq!(split("/credentials/4"), ("/credentials/4", ""));
        assert_eq!(split("/login?next=%2F#top"), ("/login", "next=%2F"));
        assert_eq!(split("?q=1"), ("/", "q=1"));
    }
}
