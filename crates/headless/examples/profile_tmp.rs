use std::time::Duration;
#[tokio::main]
async fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let base = &args[0];
    let browser = headless::Browser::start("chromedriver").await?;
    browser
        .client
        .goto(&format!("{base}/login"))
        .await
        .map_err(|e| e.to_string())?;
    browser.eval_async("const done = arguments[arguments.length - 1];
        fetch('/api/session', {method: 'POST', headers: {'content-type': 'application/json'},
        body: JSON.stringify({identifier: 'demo-admin', secret: 'demo-admin-secret'})}).then(r => done(r.status));", vec![]).await?;
    browser
        .client
        .goto(&format!("{base}/"))
        .await
        .map_err(|e| e.to_string())?;
    browser
        .wait_for(
            "document.querySelectorAll('[data-testid=row]').length > 10",
            Duration::from_secs(30),
        )
        .await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let report = r#"
      const done = arguments[arguments.length - 1];
      const sum = (a, b) => { const s = performance.getEntriesByName(a), e = performance.getEntriesByName(b);
        let t = 0; for (let i = 0; i < Math.min(s.length, e.length); i++) t += e[i].startTime - s[i].startTime; return [s.length, +t.toFixed(2)]; };
      const res = {visible: sum('visible:start','visible:end'), rows: sum('rows:start','rows:end'), cells: sum('cells:start','cells:end')};
      performance.clearMarks();
      done(JSON.stringify(res));"#;
    let act = |js: &str| {
        format!(
            "const done = arguments[arguments.length - 1]; const t0 = performance.now(); {js}; 
        requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));"
        )
    };
    browser.eval_async(report, vec![]).await?;
    browser
        .cdp("Profiler.enable", serde_json::json!({}))
        .await?;
    browser
        .cdp(
            "Profiler.setSamplingInterval",
            serde_json::json!({"interval": 50}),
        )
        .await?;
    for (what, js) in [
        (
            "sort client",
            "document.querySelector('[data-testid=sort-client]').click()",
        ),
        (
            "sort client desc",
            "document.querySelector('[data-testid=sort-client]').click()",
        ),
        (
            "sort created",
            "document.querySelector('[data-testid=sort-created]').click()",
        ),
        (
            "search 7",
            "const i = document.querySelector('[data-testid=search]'); i.value='7'; i.dispatchEvent(new InputEvent('input', {bubbles:true}))",
        ),
        (
            "search clear",
            "const i = document.querySelector('[data-testid=search]'); i.value=''; i.dispatchEvent(new InputEvent('input', {bubbles:true}))",
        ),
        (
            "search 2",
            "const i = document.querySelector('[data-testid=search]'); i.value='2'; i.dispatchEvent(new InputEvent('input', {bubbles:true}))",
        ),
    ] {
        browser.cdp("Profiler.start", serde_json::json!({})).await?;
        let t = browser.eval_async(&act(js), vec![]).await?;
        let prof = browser.cdp("Profiler.stop", serde_json::json!({})).await?;
        std::fs::write(
            format!("/tmp/prof-{}.json", what.replace(' ', "_")),
            prof.to_string(),
        )
        .unwrap();
        tokio::time::sleep(Duration::from_millis(700)).await;
        let r = browser.eval_async(report, vec![]).await?;
        println!("{what}: total {t} marks {r}");
    }
    browser.close().await;
    Ok(())
}
