//! The panel in headless Chromium: cold load, and the list over a large installation.
//! Every time is taken inside the page with the Performance API (see `instrument.js`);
//! memory and node counts come from the DevTools Protocol. WebDriver only drives.

pub mod fleet;
mod probe;

use std::time::Duration;

use serde_json::json;

use crate::report::Report;
use crate::stack::{API_IDENTIFIER, API_SECRET, Stack};
use crate::stats::median;
use headless::Browser;
use probe::{main_thread, metrics, search_with, spans, time_reaction, time_until};

const INSTRUMENT: &str = include_str!("instrument.js");
const COLD_LOAD_RUNS: usize = 10;
const COLD_LOAD_BUDGET_MS: f64 = 200.0;
const BIG_LIST_RUNS: usize = 3;
// The list within a frame or two at 50,000 (issue 19).
const FIRST_ROWS_BUDGET_MS: f64 = 800.0;
const KEYSTROKE_BUDGET_MS: f64 = 20.0;
const RESORT_BUDGET_MS: f64 = 50.0;
const MEMORY_BUDGET_MB: f64 = 250.0;
const EDIT_OPEN_BUDGET_MS: f64 = 200.0;
const EDIT_OPEN_RUNS: usize = 3;
/// Service context for the visible single sign-on rows, after the rows themselves.
const CONTEXT_BUDGET_MS: f64 = 500.0;
/// The list shows one page of rows: 50,000 credentials may add at most this share of nodes.
const NODE_GROWTH_BUDGET: f64 = 1.1;
pub(crate) const PAGE_TIMEOUT: Duration = Duration::from_secs(60);

/// What the page looks like after a load: for comparing a small list with a big one.
pub struct PageCounts {
    pub dom_nodes: f64,
}

/// Has `instrument.js` run before the panel's own scripts on every page this browser opens
/// from now on. Once per browser: each call adds another copy.
pub async fn instrument(browser: &Browser) -> Result<(), String> {
    browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": INSTRUMENT }),
        )
        .await
        .map(|_| ())
}

/// Opens the panel and logs in through the gateway's API, as the login page does (the
/// session cookie is HttpOnly; the page never sees it).
pub async fn log_in(browser: &Browser, stack: &Stack) -> Result<(), String> {
    browser
        .client
        .goto(&format!("{}/login", stack.gateway_url))
        .await
        .map_err(|e| e.to_string())?;
    let status = browser
        .eval_async(
            "const done = arguments[arguments.length - 1];
             fetch('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' },
                                     body: JSON.stringify({ identifier: arguments[0], secret: arguments[1] }) })
               .then(r => done(r.status), e => done(String(e)));",
            vec![json!(API_IDENTIFIER), json!(API_SECRET)],
        )
        .await?;
    if status != json!(200) {
        return Err(format!("logging in from the page: {status}"));
    }
    Ok(())
}

/// One load of the list, in milliseconds since navigation start.
struct ListLoad {
    rows_painted: f64,
    /// When the panel asked for the list.
    requested: f64,
    /// When the list's answer began and finished arriving (Resource Timing).
    answer_started: f64,
    answer_received: f64,
    /// When the panel had the list's answer parsed (its `list:parsed` mark).
    parsed: f64,
    /// From the first rows painted to their service context painted.
    context_after_rows: f64,
}

/// Opens the list with an empty cache and waits for its first rows to be painted.
async fn load_list(browser: &Browser, stack: &Stack) -> Result<ListLoad, String> {
    browser.cdp("Network.clearBrowserCache", json!({})).await?;
    browser
        .client
        .goto(&format!("{}/", stack.gateway_url))
        .await
        .map_err(|e| e.to_string())?;
    let painted = browser
        .wait_for("window.__bench && window.__bench.rowsPainted", PAGE_TIMEOUT)
        .await?;
    // The first page may show before the whole list is in: wait for all of it.
    browser
        .wait_for(
            "document.querySelector('[data-testid=list-summary][data-complete=true]')",
            PAGE_TIMEOUT,
        )
        .await?;
    let summary = browser
        .eval(
            "return document.querySelector('[data-testid=list-summary]').textContent",
            vec![],
        )
        .await?;
    let expected = format!("of {} ", stack.credentials);
    if !summary.as_str().is_some_and(|s| s.contains(&expected)) {
        return Err(format!(
            "the list shows {summary}, expected all {} rows",
            stack.credentials
        ));
    }
    let answer = browser
        .eval(
            "const lists = performance.getEntriesByType('resource')
                 .filter(e => e.name.endsWith('/api/whmcs'))
                 .sort((a, b) => b.encodedBodySize - a.encodedBodySize);
             const parsed = performance.getEntriesByName('list:parsed');
             return lists.length && parsed.length
                 ? [lists[0].responseStart, lists[0].responseEnd, lists[0].startTime, parsed[parsed.length - 1].startTime]
                 : null;",
            vec![],
        )
        .await?;
    let time = |v: &serde_json::Value| v.as_f64().ok_or_else(|| format!("not a time: {v}"));
    let context = browser
        .wait_for("window.__bench.contextPainted", PAGE_TIMEOUT)
        .await?;
    Ok(ListLoad {
        context_after_rows: time(&context)? - time(&painted)?,
        rows_painted: time(&painted)?,
        requested: time(&answer[2])?,
        answer_started: time(&answer[0])?,
        answer_received: time(&answer[1])?,
        parsed: time(&answer[3])?,
    })
}

pub async fn cold_load(
    browser: &Browser,
    stack: &Stack,
    report: &mut Report,
) -> Result<PageCounts, String> {
    let mut times = Vec::new();
    for _ in 0..COLD_LOAD_RUNS {
        times.push(load_list(browser, stack).await?.rows_painted);
    }
    let n = stack.credentials;
    add_series(
        report,
        &format!("cold load ({n} credentials): first rows painted"),
        &times,
        COLD_LOAD_BUDGET_MS,
    );
    let metrics = metrics(browser).await?;
    report.add(
        format!("DOM nodes ({n} credentials)"),
        metrics.nodes,
        "nodes",
        None,
    );
    Ok(PageCounts {
        dom_nodes: metrics.nodes,
    })
}

pub async fn big_list(
    browser: &Browser,
    stack: &Stack,
    small: Option<&PageCounts>,
    report: &mut Report,
) -> Result<(), String> {
    let n = stack.credentials;
    let mut loads = Vec::new();
    for _ in 0..BIG_LIST_RUNS {
        loads.push(load_list(browser, stack).await?);
    }
    let of =
        |f: fn(&ListLoad) -> f64| times_round(median(&loads.iter().map(f).collect::<Vec<_>>()));
    report.add(
        format!("big list ({n}): list requested, median"),
        of(|l| l.requested),
        "ms",
        None,
    );
    report.add(
        format!("big list ({n}): answer starts arriving, median"),
        of(|l| l.answer_started),
        "ms",
        None,
    );
    report.add(
        format!("big list ({n}): answer received, median"),
        of(|l| l.answer_received),
        "ms",
        None,
    );
    report.add(
        format!("big list ({n}): whole list parsed (search and sort ready), median"),
        of(|l| l.parsed),
        "ms",
        None,
    );
    let times: Vec<f64> = loads.iter().map(|l| l.rows_painted).collect();
    add_series(
        report,
        &format!("big list ({n}): first rows painted"),
        &times,
        FIRST_ROWS_BUDGET_MS,
    );

    report.add(
        format!("big list ({n}): service context for the first page, after the first rows, median of {BIG_LIST_RUNS}"),
        of(|l| l.context_after_rows),
        "ms",
        Some(CONTEXT_BUDGET_MS),
    );

    let m = metrics(browser).await?;
    report.add(
        format!("big list ({n}): JS heap used"),
        mb(m.js_heap),
        "MB",
        None,
    );
    report.add(
        format!("big list ({n}): WebAssembly memory"),
        mb(m.wasm_memory),
        "MB",
        None,
    );
    report.add(
        format!("big list ({n}): memory after load (JS heap + WebAssembly)"),
        mb(m.js_heap + m.wasm_memory),
        "MB",
        Some(MEMORY_BUDGET_MB),
    );
    report.add(
        format!("DOM nodes ({n} credentials)"),
        m.nodes,
        "nodes",
        small.map(|s| (s.dom_nodes * NODE_GROWTH_BUDGET).floor()),
    );

    // What any reaction costs here before the list does anything: a one-word change of the
    // page's heading, timed the same way (the wait for the next frame, style, paint). The
    // keystroke and re-sort figures below include it.
    let mut floor = Vec::new();
    for i in 0..12 {
        let touch = format!(
            "const h = document.querySelector('#list-title'); h.textContent = h.textContent.replace(/ \\d*$/, '') + ' {i}';"
        );
        floor.push(time_reaction(browser, &touch).await?);
    }
    browser
        .eval(
            "const h = document.querySelector('#list-title'); h.textContent = h.textContent.replace(/ \\d*$/, '');",
            vec![],
        )
        .await?;
    report.add(
        format!("big list ({n}): any reaction (a heading's text changed), median of 12"),
        times_round(median(&floor)),
        "ms",
        None,
    );

    // One character typed into an empty search, then cleared: each both ways over all rows.
    // (Characters every row contains would change nothing on the page, so none are used.)
    let mut keystrokes = Vec::new();
    clear_spans(browser).await?;
    let before = main_thread(browser).await?;
    for c in ["2", "7", "x", "5", "q", "9"] {
        keystrokes.push(time_reaction(browser, &search_with(c)).await?);
        keystrokes.push(time_reaction(browser, &search_with("")).await?);
    }
    let spent = main_thread(browser).await?.since(&before, keystrokes.len());
    add_series(
        report,
        &format!("big list ({n}): search keystroke"),
        &keystrokes,
        KEYSTROKE_BUDGET_MS,
    );
    for (what, ms) in [
        ("script", spent.script),
        ("style", spent.style),
        ("layout", spent.layout),
    ] {
        report.add(
            format!("big list ({n}): search keystroke, of which {what}, mean"),
            times_round(ms),
            "ms",
            None,
        );
    }
    add_spans(
        browser,
        report,
        &format!("big list ({n}): search keystroke"),
    )
    .await?;

    // Clicks on a column header: ascending, descending, ascending again.
    for column in ["name", "client", "created"] {
        let mut sorts = Vec::new();
        clear_spans(browser).await?;
        for _ in 0..3 {
            let click = format!("document.querySelector('[data-testid=sort-{column}]').click()");
            sorts.push(time_reaction(browser, &click).await?);
        }
        add_series(
            report,
            &format!("big list ({n}): re-sort by {column}"),
            &sorts,
            RESORT_BUDGET_MS,
        );
        add_spans(
            browser,
            report,
            &format!("big list ({n}): re-sort by {column}"),
        )
        .await?;
    }

    // A credential opened from the list: the edit form from the list's rows, then Back.
    let mut opens = Vec::new();
    for _ in 0..EDIT_OPEN_RUNS {
        let open = "document.querySelector('[data-testid=row-name]').click()";
        opens.push(time_until(browser, open, "[data-testid=edit-identifier]").await?);
        time_until(browser, "history.back()", "[data-testid=row]").await?;
    }
    report.add(
        format!(
            "big list ({n}): edit page ready after a click in the list, median of {EDIT_OPEN_RUNS}"
        ),
        times_round(median(&opens)),
        "ms",
        Some(EDIT_OPEN_BUDGET_MS),
    );
    Ok(())
}

async fn clear_spans(browser: &Browser) -> Result<(), String> {
    for name in ["list:visible", "list:rows"] {
        spans(browser, name).await?;
    }
    Ok(())
}

/// Where a reaction's script time went: the list's filtering and sorting, and making the
/// page's rows (the panel's own marks), as means over every time each ran.
async fn add_spans(browser: &Browser, report: &mut Report, what: &str) -> Result<(), String> {
    for (name, label) in [
        ("list:visible", "filtering and sorting"),
        ("list:rows", "the page's rows"),
    ] {
        let all = spans(browser, name).await?;
        let mean = all.iter().sum::<f64>() / all.len().max(1) as f64;
        report.add(
            format!("{what}, of which {label}, mean of {}", all.len()),
            times_round(mean),
            "ms",
            None,
        );
    }
    Ok(())
}

/// A series of timings: its median against the budget, and its slowest for context.
fn add_series(report: &mut Report, what: &str, samples: &[f64], budget_ms: f64) {
    let runs = samples.len();
    report.add(
        format!("{what}, median of {runs}"),
        times_round(median(samples)),
        "ms",
        Some(budget_ms),
    );
    report.add(
        format!("{what}, slowest of {runs}"),
        times_round(samples.iter().copied().fold(0.0, f64::max)),
        "ms",
        None,
    );
}

fn mb(bytes: f64) -> f64 {
    (bytes / 1e5).round() / 10.0
}

pub(crate) fn times_round(ms: f64) -> f64 {
    (ms * 10.0).round() / 10.0
}
