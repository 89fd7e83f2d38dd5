//! A credential's findings at the top of its page: each with what WHMCS does and the fix,
//! judged by the shared rules against the session's list (for duplicates) and the loaded
//! context (for its service and customer).

use leptos::prelude::*;
use whmcs_api::Credential;
use whmcs_api::findings::{FindingKind, Survey, unknown_scopes, unsafe_redirect_uris};

use crate::context::use_app;
use crate::service_context::Facts;

/// The findings of `credential`, or nothing when it has none.
#[component]
pub fn CredentialFindings(credential: Credential) -> impl IntoView {
    let app = use_app();
    let contexts = app.services;
    let catalogue = app.config.scopes.clone();
    // The whole list, when the session has it, tells duplicates apart.
    let all = app
        .credentials
        .whole()
        .unwrap_or_else(|| std::sync::Arc::new(vec![credential.clone()]));
    let lines = Memo::new(move |_| {
        let survey = Survey::new(&all, &catalogue, crate::clock::today());
        let found = contexts.read(|snap| survey.check(&credential, &Facts(snap)));
        found
            .iter()
            .map(|kind| (kind, detail(kind, &credential, &catalogue)))
            .collect::<Vec<_>>()
    });
    view! {
        <Show when=move || lines.with(|l| !l.is_empty())>
            <section class="card findings-box" aria-labelledby="findings-box-title" data-testid="credential-findings">
                <h2 id="findings-box-title">"Findings"</h2>
                <ul class="plain-list">
                    {move || lines.get().into_iter().map(|(kind, detail)| {
                        let severity = kind.severity().label();
                        view! {
                            <li data-testid=format!("credential-finding-{}", kind.key())>
                                <span class=format!("severity severity-{}", severity.to_lowercase())>{severity}</span>
                                " "
                                <strong>{kind.title()}</strong>
                                {detail.map(|d| view! { <span class="muted">{format!(": {d}")}</span> })}
                                <br/>
                                {kind.whmcs_does()}
                                " "
                                <em>{kind.fix()}</em>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}

/// What exactly is wrong, where the rule can say.
fn detail(
    kind: FindingKind,
    c: &Credential,
    catalogue: &whmcs_api::ScopeCatalogue,
) -> Option<String> {
    match kind {
        FindingKind::UnsafeRedirectUri => Some(
            unsafe_redirect_uris(c)
                .map(|(uri, why)| format!("{uri} {why}"))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        FindingKind::UnknownScope => {
            Some(unknown_scopes(c, catalogue).collect::<Vec<_>>().join(", "))
        }
        FindingKind::DuplicateRedirectUri => {
            whmcs_api::findings::duplicate_redirect_uri(c).map(str::to_owned)
        }
        _ => None,
    }
}
