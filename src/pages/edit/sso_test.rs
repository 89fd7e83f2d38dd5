//! "Test" for a single sign-on credential: the gateway asks WHMCS's token endpoint for a
//! token with it (no secret and no token reach the browser). Right after a secret reset the
//! same card offers the proof that matters: the new secret works and the old one is refused.

use leptos::prelude::*;

use crate::api::{self, ClientError, TestReport};
use crate::task::Task;

/// The secret a reset just replaced: `Some(None)` when it was reset but the old one was
/// not available to test (the role may not reveal secrets).
pub type JustReset = RwSignal<Option<Option<String>>>;

/// One line of results: which secret, and what WHMCS said.
#[derive(Clone, PartialEq)]
struct Outcome {
    label: &'static str,
    /// Whether this is what should happen (the current secret works, the old is refused).
    expected: bool,
    message: String,
}

fn outcome(label: &'static str, want_ok: bool, result: Result<TestReport, ClientError>) -> Outcome {
    match result {
        Ok(report) => Outcome {
            label,
            expected: report.ok == want_ok,
            message: match (want_ok, report.ok) {
                (false, false) => format!("Refused, as it should be. {}", report.message),
                (false, true) => "It still works: WHMCS has not ended the old secret.".into(),
                _ => report.message,
            },
        },
        Err(e) => Outcome {
            label,
            expected: false,
            message: e.to_string(),
        },
    }
}

#[component]
pub fn SsoTest(id: u64, just_reset: JustReset) -> impl IntoView {
    let run = Task::new(move |old: Option<String>| async move {
        let mut outcomes = vec![outcome(
            "Current secret",
            true,
            api::test_credential(id, None).await,
        )];
        if let Some(old) = old {
            outcomes.push(outcome(
                "Old secret",
                false,
                api::test_credential(id, Some(&old)).await,
            ));
        }
        outcomes
    });
    let test = move |_| {
        // After a reset the old secret is tried once, then forgotten.
        let old = just_reset.get_untracked().flatten();
        just_reset.set(None);
        run.dispatch(old);
    };
    view! {
        <section class="card form-card" id="test-section" aria-labelledby="test-title" data-testid="sso-test">
            <h2 id="test-title">"Test"</h2>
            {move || match just_reset.get() {
                Some(old) => view! {
                    <p class="alert alert-warning" data-testid="test-offer">
                        {if old.is_some() {
                            "The secret was just reset. Test it now: the new secret should work and the old one be refused."
                        } else {
                            "The secret was just reset. Test it now to see that the new secret works."
                        }}
                    </p>
                }.into_any(),
                None => view! {
                    <p class="muted hint">
                        "Asks WHMCS's token endpoint for a single sign-on token with this credential. "
                        "The gateway makes the request: no secret or token reaches this page."
                    </p>
                }.into_any(),
            }}
            <div class="form-actions">
                <button
                    class="button"
                    class:button-primary=move || just_reset.with(Option::is_some)
                    data-testid="test-credential"
                    disabled=move || run.pending().get()
                    on:click=test
                >
                    {move || if run.pending().get() { "Testing…" } else { "Test" }}
                </button>
            </div>
            <div aria-live="polite">
                {move || run.value().get().map(|outcomes| view! {
                    <ul class="test-results" data-testid="test-results">
                        {outcomes.into_iter().map(|o| view! {
                            <li class=if o.expected { "alert alert-success" } else { "alert alert-error" } data-testid="test-result">
                                <strong>{o.label} ": "</strong>{o.message}
                            </li>
                        }).collect_view()}
                    </ul>
                })}
            </div>
        </section>
    }
}
