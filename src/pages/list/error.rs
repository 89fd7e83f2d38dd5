use leptos::prelude::*;

use crate::api::ClientError;

/// Why the list could not load, with a way to try again.
#[component]
pub(super) fn ListError(error: ClientError, on_retry: impl Fn() + 'static) -> impl IntoView {
    let hint = if error.is_permission_denied() {
        "This API credential's role may not list OAuth credentials. Ask a WHMCS administrator to allow ListOAuthCredentials."
    } else {
        ""
    };
    view! {
        <div class="alert alert-error" role="alert" data-testid="list-error">
            <p>{error.to_string()}</p>
            {(!hint.is_empty()).then(|| view! { <p>{hint}</p> })}
            <button class="button" data-testid="retry" on:click=move |_| on_retry()>"Try again"</button>
        </div>
    }
}
