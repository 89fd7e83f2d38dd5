//! Measuring inside the page: the paint after an action (`instrument.js`), and what
//! Chromium counts (main-thread time, memory, nodes) through the DevTools Protocol.

use serde_json::{Value, json};

use headless::Browser;

/// Milliseconds from running `action` to the paint after `selector` appeared.
pub async fn time_until(browser: &Browser, action: &str, selector: &str) -> Result<f64, String> {
    let script = format!(
        "const done = arguments[arguments.length - 1];
         window.__bench.timeUntil(() => {{ {action} }}, {selector}).then(done, e => done(String(e)));",
        selector = json!(selector)
    );
    let answer = browser.eval_async(&script, vec![]).await?;
    answer
        .as_f64()
        .ok_or_else(|| format!("timing {action}: {answer}"))
}

/// JS that sets the search box as typing would.
pub fn search_with(text: &str) -> String {
    format!(
        "const input = document.querySelector('[data-testid=search]');
         input.value = {text};
         input.dispatchEvent(new InputEvent('input', {{ bubbles: true, inputType: 'insertText' }}));",
        text = json!(text)
    )
}

/// Milliseconds from running `action` to the paint after the page reacted.
pub async fn time_reaction(browser: &Browser, action: &str) -> Result<f64, String> {
    let script = format!(
        "const done = arguments[arguments.length - 1];
         window.__bench.timeReaction(() => {{ {action} }}).then(done, e => done(String(e)));"
    );
    let v = browser.eval_async(&script, vec![]).await?;
    if let Some(ms) = v.as_f64() {
        return Ok(ms);
    }
    let state = browser
        .eval(
            "return [location.href, document.querySelector('[data-testid=search]')?.value,
                     document.querySelector('[data-testid=list-summary]')?.textContent];",
            vec![],
        )
        .await?;
    Err(format!("timing `{action}`: {v}; page state {state}"))
}

/// Main-thread time spent so far, by kind (Chromium's cumulative `Performance` metrics), in
/// milliseconds: what a reaction's time went on.
pub struct MainThread {
    pub script: f64,
    pub style: f64,
    pub layout: f64,
}

impl MainThread {
    /// The mean per reaction over `runs` since `before`.
    pub fn since(&self, before: &MainThread, runs: usize) -> MainThread {
        let per = |a: f64, b: f64| (a - b) / runs.max(1) as f64;
        MainThread {
            script: per(self.script, before.script),
            style: per(self.style, before.style),
            layout: per(self.layout, before.layout),
        }
    }
}

pub async fn main_thread(browser: &Browser) -> Result<MainThread, String> {
    let counted = chromium_metrics(browser).await?;
    Ok(MainThread {
        script: counted.get("ScriptDuration")? * 1000.0,
        style: counted.get("RecalcStyleDuration")? * 1000.0,
        layout: counted.get("LayoutDuration")? * 1000.0,
    })
}

/// Chromium's `Performance.getMetrics`, by name.
struct Counted(Value);

impl Counted {
    fn get(&self, name: &str) -> Result<f64, String> {
        self.0["metrics"]
            .as_array()
            .and_then(|all| all.iter().find(|m| m["name"] == name))
            .and_then(|m| m["value"].as_f64())
            .ok_or_else(|| format!("no {name} in {}", self.0))
    }
}

async fn chromium_metrics(browser: &Browser) -> Result<Counted, String> {
    browser.cdp("Performance.enable", json!({})).await?;
    Ok(Counted(
        browser.cdp("Performance.getMetrics", json!({})).await?,
    ))
}

pub struct Metrics {
    pub js_heap: f64,
    pub wasm_memory: f64,
    pub nodes: f64,
}

/// After a full garbage collection: what stays alive.
pub async fn metrics(browser: &Browser) -> Result<Metrics, String> {
    browser
        .cdp("HeapProfiler.collectGarbage", json!({}))
        .await?;
    let counted = chromium_metrics(browser).await?;
    let wasm = browser
        .eval(
            "const m = window.__bench && window.__bench.wasmMemory; return m ? m.buffer.byteLength : null;",
            vec![],
        )
        .await?;
    Ok(Metrics {
        js_heap: counted.get("JSHeapUsedSize")?,
        nodes: counted.get("Nodes")?,
        wasm_memory: wasm
            .as_f64()
            .ok_or("the panel's WebAssembly memory was not found (Trunk's start event)")?,
    })
}

/// The durations of the panel's `{name}:start` / `{name}:end` marks (its `timing::Span`s)
/// since the marks were last cleared, in milliseconds; clears them.
pub async fn spans(browser: &Browser, name: &str) -> Result<Vec<f64>, String> {
    let answer = browser
        .eval(
            "const [name] = arguments;
             const starts = performance.getEntriesByName(name + ':start');
             const ends = performance.getEntriesByName(name + ':end');
             const out = starts.map((s, i) => ends[i] ? ends[i].startTime - s.startTime : null)
                               .filter((d) => d !== null);
             performance.clearMarks(name + ':start');
             performance.clearMarks(name + ':end');
             return out;",
            vec![json!(name)],
        )
        .await?;
    Ok(answer
        .as_array()
        .map(|all| all.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default())
}
