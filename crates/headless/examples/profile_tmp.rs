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
    browser.cdp("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({"source": "window.__lt = []; new PerformanceObserver(l => l.getEntries().forEach(e => window.__lt.push([e.startTime.toFixed(0), e.duration.toFixed(0)]))).observe({type: 'longtask', buffered: true}); new MutationObserver((m, o) => { if (document.querySelector('[data-testid=row]')) { window.__row = performance.now(); o.disconnect(); } }).observe(document, {childList: true, subtree: true});"})).await?;
    browser
        .client
        .goto(&format!("{base}/"))
        .await
        .map_err(|e| e.to_string())?;
    let mut last = String::new();
    for _ in 0..60 {
        let s = browser.eval("const s = document.querySelector('[data-testid=list-summary]'); const l = document.querySelector('[data-testid=list-loading]');
            return performance.now().toFixed(0) + ' ' + (s ? s.textContent : (l ? 'loading' : 'none'));", vec![]).await?;
        let s = s.as_str().unwrap_or("").to_owned();
        let text = s.split_once(' ').map(|x| x.1).unwrap_or("").to_owned();
        if text != last {
            println!("{s}");
            last = text;
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    let r = browser.eval("return performance.getEntriesByType('resource').filter(e => e.name.endsWith('/api/whmcs')).map(e => [e.startTime.toFixed(0), e.responseStart.toFixed(0), e.responseEnd.toFixed(0), e.encodedBodySize])", vec![]).await?;
    println!("{r}");
    let r = browser
        .eval("return [window.__row, window.__lt]", vec![])
        .await?;
    println!("first row at, long tasks: {r}");
    browser.close().await;
    Ok(())
}
