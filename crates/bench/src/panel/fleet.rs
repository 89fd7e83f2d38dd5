//! Fleet hygiene in the browser over the large installation: the context of every service
//! and customer read in pages, the Findings page painted once it is in, and the preview of
//! a 20,000-credential change.

use headless::Browser;

use super::probe::time_until;
use super::{PAGE_TIMEOUT, times_round};
use crate::report::Report;
use crate::stack::Stack;

const CONTEXT_BUDGET_MS: f64 = 10_000.0;
const FINDINGS_BUDGET_MS: f64 = 500.0;
const PREVIEW_BUDGET_MS: f64 = 1_000.0;
/// Credentials in the previewed change.
pub const PREVIEWED: usize = 20_000;

pub async fn measure(browser: &Browser, stack: &Stack, report: &mut Report) -> Result<(), String> {
    let n = stack.credentials;
    browser
        .client
        .goto(&format!("{}/findings", stack.gateway_url))
        .await
        .map_err(|e| e.to_string())?;
    browser
        .wait_for(
            "document.querySelector('[data-testid=findings-table]')",
            PAGE_TIMEOUT,
        )
        .await?;
    let context = time_until(
        browser,
        "document.querySelector('[data-testid=installation-context-load]').click()",
        "[data-testid=installation-context][data-state=complete]",
    )
    .await?;
    report.add(
        format!("fleet ({n}): context of every service and customer, end to end"),
        times_round(context),
        "ms",
        Some(CONTEXT_BUDGET_MS),
    );
    // Away to the list and back: the Findings page judged anew with the context in.
    browser
        .eval(
            "document.querySelector('[data-testid=nav-credentials]').click()",
            vec![],
        )
        .await?;
    browser
        .wait_for("document.querySelector('[data-testid=row]')", PAGE_TIMEOUT)
        .await?;
    let findings = time_until(
        browser,
        "document.querySelector('[data-testid=nav-findings]').click()",
        "[data-testid=findings-table]",
    )
    .await?;
    report.add(
        format!("fleet ({n}): Findings page painted, context in"),
        times_round(findings),
        "ms",
        Some(FINDINGS_BUDGET_MS),
    );
    // A change to 20,000 credentials: WHMCS's own limit picks them.
    browser
        .client
        .goto(&format!(
            "{}/?grant=single_sign_on&limit={PREVIEWED}",
            stack.gateway_url
        ))
        .await
        .map_err(|e| e.to_string())?;
    browser
        .wait_for(
            "document.querySelector('[data-testid=list-summary][data-complete=true]')",
            PAGE_TIMEOUT,
        )
        .await?;
    browser
        .eval(
            "document.querySelector('[data-testid=bulk-change-open]').click();
             const scopes = document.querySelector('[data-testid=bulk-scopes]');
             scopes.value = 'clientarea:services';
             scopes.dispatchEvent(new InputEvent('input', { bubbles: true }));",
            vec![],
        )
        .await?;
    let preview = time_until(
        browser,
        "document.querySelector('[data-testid=bulk-preview-run]').click()",
        "[data-testid=bulk-counts]",
    )
    .await?;
    report.add(
        format!("fleet ({n}): preview of a {PREVIEWED}-credential change"),
        times_round(preview),
        "ms",
        Some(PREVIEW_BUDGET_MS),
    );
    Ok(())
}
