use leptos::prelude::*;

use crate::context::{login_url, use_app};
use crate::router::{navigate, use_location};

/// Renders its children for a logged-in person; anyone else goes to the login page and,
/// after logging in, comes back here.
#[component]
pub fn RequireLogin(children: ChildrenFn) -> impl IntoView {
    let app = use_app();
    let location = use_location();
    move || {
        if app.session.get().is_some() {
            Some(children())
        } else {
            let login = login_url(&location.here_untracked());
            // Not while rendering: navigating changes the signals this render reads.
            request_animation_frame(move || navigate(&login, false));
            None
        }
    }
}
