//! Findings (`/findings`): what is wrong across the installation, one row per kind with
//! its count, its severity, what WHMCS does about it and the fix; each row opens the list
//! filtered to those credentials. The page owns its data: the whole list (the session's,
//! when the list last loaded all of it) judged with the loaded context.

use std::sync::Arc;

use leptos::prelude::*;
use whmcs_api::ListQuery;
use whmcs_api::findings::{FindingKind, Tally};

use crate::api;
use crate::components::installation_context::{InstallationContext, thousands};
use crate::components::require_login::RequireLogin;
use crate::context::use_app;
use crate::fetched::Fetched;
use crate::pages::list::state::loaded::{Judge, LoadedList};

/// The Findings page.
#[component]
pub fn FindingsPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <Findings/>
        </RequireLogin>
    }
}

#[component]
fn Findings() -> impl IntoView {
    let app = use_app();
    let cache = app.credentials;
    let contexts = app.services;
    let catalogue = app.config.scopes.clone();
    let source = Fetched::new(move || async move {
        if let Some(rows) = cache.whole() {
            return Ok(rows);
        }
        let rows = Arc::new(api::list(&ListQuery::default()).await?);
        cache.store(rows.clone(), true);
        Ok::<_, api::ClientError>(rows)
    });
    let list = Memo::new(move |_| {
        source.get().and_then(Result::ok).map(|rows| {
            Arc::new(LoadedList::shared(rows).judged_by(Judge {
                catalogue: catalogue.clone(),
                today: crate::clock::today(),
            }))
        })
    });
    let judged = Signal::derive(move || {
        list.with(|l| {
            l.as_ref()
                .and_then(|l| contexts.read(|snap| l.findings(snap)))
        })
    });
    let listed = Signal::derive(move || {
        list.with(|l| {
            l.as_ref()
                .map(|l| l.service_ids_named())
                .unwrap_or_default()
        })
    });
    {
        let app = app.clone();
        Effect::new(move |_| {
            if let Some(Err(e)) = source.get() {
                app.note_failure(&e);
            }
        });
    }
    let total = move || list.with(|l| l.as_ref().map_or(0, |l| l.rows.len()));
    view! {
        <section class="findings" aria-labelledby="findings-title">
            <div class="list-head">
                <h1 id="findings-title">"Findings"</h1>
            </div>
            <p class="muted">
                {move || format!("What WHMCS will misuse or refuse, across all {} credentials.", thousands(total() as u64))}
            </p>
            <InstallationContext listed/>
            {move || match (source.get(), judged.get()) {
                (Some(Err(e)), _) => view! { <div class="alert alert-error" role="alert">{e.to_string()}</div> }.into_any(),
                (_, None) => view! { <p class="muted" aria-busy="true" data-testid="findings-loading">"Judging every credential…"</p> }.into_any(),
                (_, Some(judged)) => {
                    let unjudged = judged.tally.unjudged;
                    view! {
                        <Show when=move || { unjudged > 0 }>
                            <p class="muted" data-testid="findings-unjudged">
                                {format!("{} single sign-on credential{} cannot be judged on their service or customer until those are read.", thousands(unjudged as u64), if unjudged == 1 { "" } else { "s" })}
                            </p>
                        </Show>
                        <div class="table-wrap">
                            <table class="findings-table" data-testid="findings-table">
                                <thead>
                                    <tr>
                                        <th scope="col" class="col-severity">"Severity"</th>
                                        <th scope="col">"Finding"</th>
                                        <th scope="col" class="num col-count">"Credentials"</th>
                                        <th scope="col">"What WHMCS does"</th>
                                        <th scope="col">"How to fix it"</th>
                                    </tr>
                                </thead>
                                <tbody inner_html=rows_html(&judged.tally)></tbody>
                            </table>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// Every kind of finding as a table row: how many credentials have it, and a link to
/// them. Made as escaped HTML in one go (the texts are the shared crate's; only the counts
/// change).
fn rows_html(tally: &Tally) -> String {
    use html_escape::encode_text_to_string as text;
    let mut h = String::with_capacity(6000);
    for kind in FindingKind::ALL {
        let count = tally.count(kind);
        let severity = kind.severity().label();
        h.push_str(&format!(
            r#"<tr data-testid="finding-{key}"{none}><td data-label="Severity"><span class="severity severity-{class}">{severity}</span></td><td class="finding-title" data-label="Finding">"#,
            key = kind.key(),
            none = if count == 0 { r#" class="none""# } else { "" },
            class = severity.to_lowercase(),
        ));
        if count > 0 {
            h.push_str(&format!(
                r#"<a href="/?finding={}" data-testid="finding-link">"#,
                kind.key()
            ));
            text(kind.title(), &mut h);
            h.push_str("</a>");
        } else {
            text(kind.title(), &mut h);
        }
        h.push_str(&format!(
            r#"</td><td class="num" data-label="Credentials" data-testid="finding-count">{}</td><td data-label="What WHMCS does">"#,
            thousands(count as u64)
        ));
        text(kind.whmcs_does(), &mut h);
        h.push_str(r#"</td><td data-label="How to fix it">"#);
        text(kind.fix(), &mut h);
        h.push_str("</td></tr>");
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use whmcs_api::findings::Findings;

    #[test]
    fn each_kind_is_a_row_and_only_those_found_link_to_the_list() {
        let mut tally = Tally::default();
        let mut one = Findings::default();
        one.insert(FindingKind::UnsafeRedirectUri);
        tally.add(one, false);
        let html = rows_html(&tally);
        assert_eq!(html.matches("<tr ").count(), FindingKind::ALL.len());
        assert!(html.contains(r#"<a href="/?finding=unsafe-redirect-uri" data-testid="finding-link">Unsafe redirect URI</a></td><td class="num" data-label="Credentials" data-testid="finding-count">1</td>"#), "{html}");
        assert!(html.contains(r#"<tr data-testid="finding-stale" class="none">"#));
        assert_eq!(html.matches("finding-link").count(), 1);
        assert!(
            html.contains("(&quot;") || html.contains("(\"Single"),
            "texts are escaped as text"
        );
    }
}
