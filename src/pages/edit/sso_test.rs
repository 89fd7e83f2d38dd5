//! "Test" for a single sign-on credential: the gateway proves its secret at WHMCS's token
//! endpoint without making a token (no secret reaches the browser), and lists whether WHMCS
//! will sign the customer on. Right after a secret reset the same card offers the proof that
//! matters: the new secret works and the old one is refused. "Sign in as the customer" opens
//! WHMCS's one-time client-area link in a new tab.

use leptos::prelude::*;

use whmcs_api::readiness::{Check, Verdict};

use crate::api::{self, ClientError, TestReport};
use crate::context::use_app;
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

fn outcome(
    label: &'static str,
    want_ok: bool,
    result: Result<TestReport, ClientError>,
) -> (Outcome, Vec<Check>) {
    match result {
        Ok(report) => (
            Outcome {
                label,
                expected: report.ok == want_ok,
                message: match (want_ok, report.ok) {
                    (false, false) => format!("Refused, as it should be. {}", report.message),
                    (false, true) => "It still works: WHMCS has not ended the old secret.".into(),
                    _ => report.message,
                },
            },
            report.checks,
        ),
        Err(e) => (
            Outcome {
                label,
                expected: false,
                message: e.to_string(),
            },
            Vec::new(),
        ),
    }
}

#[component]
pub fn SsoTest(id: u64, just_reset: JustReset) -> impl IntoView {
    let app = use_app();
    let may_sign_in = app.can_reveal();
    let run = Task::new(move |old: Option<String>| async move {
        let (current, checks) =
            outcome("Current secret", true, api::test_credential(id, None).await);
        let mut outcomes = vec![current];
        if let Some(old) = old {
            outcomes.push(
                outcome(
                    "Old secret",
                    false,
                    api::test_credential(id, Some(&old)).await,
                )
                .0,
            );
        }
        (outcomes, checks)
    });
    // The tab opens once, when the answer arrives: not in the view, which may render again.
    let sign_in = Task::with_answer(
        move |()| api::sign_in_as_customer(id),
        |answer| {
            if let Ok(url) = answer {
                let _ = window().open_with_url_and_target(url, "_blank");
            }
        },
    );
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
                        "Proves the secret at WHMCS's token endpoint without making a token, and checks that WHMCS will sign the customer on. "
                        "The gateway makes the requests: no secret reaches this page."
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
                <Show when=move || may_sign_in>
                    <button
                        class="button"
                        data-testid="sign-in-as-customer"
                        disabled=move || sign_in.pending().get()
                        on:click=move |_| sign_in.dispatch(())
                    >
                        {move || if sign_in.pending().get() { "Opening…" } else { "Sign in as the customer" }}
                    </button>
                </Show>
            </div>
            <div aria-live="polite">
                {move || sign_in.value().get().map(|answer| match answer {
                    Ok(url) => {
                        view! {
                            <p class="alert alert-success" data-testid="sign-in-as-result">
                                "WHMCS gave a one-time sign-in link, opened in a new tab. If the browser blocked the tab, "
                                <a href=url target="_blank" rel="noopener noreferrer" data-testid="sign-in-as-link">"open the link here"</a>
                                " (it works once)."
                            </p>
                        }.into_any()
                    }
                    Err(e) => view! {
                        <p class="alert alert-error" data-testid="sign-in-as-result">{e.to_string()}</p>
                    }.into_any(),
                })}
            </div>
            <div aria-live="polite">
                {move || run.value().get().map(|(outcomes, checks)| view! {
                    <ul class="test-results" data-testid="test-results">
                        {outcomes.into_iter().map(|o| view! {
                            <li class=if o.expected { "alert alert-success" } else { "alert alert-error" } data-testid="test-result">
                                <strong>{o.label} ": "</strong>{o.message}
                            </li>
                        }).collect_view()}
                    </ul>
                    <h3 class="readiness-title">"Will WHMCS sign the customer on?"</h3>
                    <ul class="findings" data-testid="readiness">
                        {checks.into_iter().map(|c| view! {
                            <li
                                class=match c.verdict {
                                    Verdict::Ready => "alert alert-success",
                                    Verdict::Problem => "alert alert-error",
                                    Verdict::Unknown => "alert alert-warning",
                                }
                                data-testid="readiness-line"
                            >
                                {c.text}
                            </li>
                        }).collect_view()}
                    </ul>
                })}
            </div>
        </section>
    }
}
