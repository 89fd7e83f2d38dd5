use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use crate::context::{login_url, use_app};

/// Renders its children for a logged-in person; anyone else goes to the login page and,
/// after logging in, comes back here.
#[component]
pub fn RequireLogin(children: ChildrenFn) -> impl IntoView {
    let app = use_app();
    let location = use_location();
    move || {
        if app.session.get().is_some() {
            children().into_any()
        } else {
            // The router's `search` comes without its `?`.
            let search = location.search.get_untracked();
            let search = search.trim_start_matches('?');
            let path = location.pathname.get_untracked();
            let here = if search.is_empty() {
                path
            } else {
                format!("{path}?{search}")
            };
            view! { <Redirect path=login_url(&here)/> }.into_any()
        }
    }
}
