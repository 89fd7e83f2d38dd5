// Injected before the panel's own scripts on every navigation (Page.addScriptToEvaluateOnNewDocument).
// Times are performance.now(): milliseconds since navigation start.
(() => {
  const bench = (window.__bench = { rowsPainted: null, contextPainted: null, wasmMemory: null });

  // After the next paint: a frame callback runs just before paint, a message posted from it
  // is delivered just after.
  bench.afterPaint = (done) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now());
      channel.port2.postMessage(null);
    });

  // Trunk's loader announces the started app with the WebAssembly exports, among them its
  // memory (by type: the build shortens export names, so `memory` has another name).
  addEventListener("TrunkApplicationStarted", (e) => {
    bench.wasmMemory = Object.values(e.detail.wasm).find((v) => v instanceof WebAssembly.Memory);
  });

  // The first credential row: when it is in the document, the paint after it shows it.
  const firstRow = new MutationObserver(() => {
    if (document.querySelector("[data-testid=row]")) {
      firstRow.disconnect();
      bench.afterPaint((t) => {
        bench.rowsPainted = t;
        performance.mark("bench:first-rows-painted");
      });
    }
  });
  firstRow.observe(document, { childList: true, subtree: true });

  // Service context: when every single sign-on row on screen that names a service shows
  // its service's status, the paint after it shows them.
  const contextShown = () => {
    const rows = [...document.querySelectorAll("[data-testid=row]")];
    return (
      rows.length > 0 &&
      rows
        .filter(
          (r) =>
            r.querySelector("[data-testid=row-grant]")?.textContent === "Single sign-on" &&
            r.querySelector("[data-testid=row-service]")?.textContent !== "",
        )
        .every((r) => r.querySelector("[data-testid=row-service-status]"))
    );
  };
  const context = new MutationObserver(() => {
    if (contextShown()) {
      context.disconnect();
      bench.afterPaint((t) => {
        bench.contextPainted = t;
      });
    }
  });
  context.observe(document, { childList: true, subtree: true });

  // Runs `act`, then resolves with the milliseconds until the paint after the page has
  // reacted (its first DOM change); rejects if it never reacts.
  bench.timeReaction = (act) =>
    new Promise((resolve, reject) => {
      const start = performance.now();
      const timer = setTimeout(() => {
        changed.disconnect();
        reject(new Error("the page did not react within 10 s"));
      }, 10000);
      const changed = new MutationObserver(() => {
        changed.disconnect();
        clearTimeout(timer);
        bench.afterPaint((t) => resolve(t - start));
      });
      changed.observe(document.body, { childList: true, subtree: true, characterData: true });
      act();
    });

  // Runs `act`, then resolves with the milliseconds until the paint after an element
  // matching `selector` is in the document; rejects after 10 s.
  bench.timeUntil = (act, selector) =>
    new Promise((resolve, reject) => {
      const start = performance.now();
      const timer = setTimeout(() => {
        appeared.disconnect();
        reject(new Error(`${selector} did not appear within 10 s`));
      }, 10000);
      const appeared = new MutationObserver(() => {
        if (!document.querySelector(selector)) return;
        appeared.disconnect();
        clearTimeout(timer);
        bench.afterPaint((t) => resolve(t - start));
      });
      appeared.observe(document.body, { childList: true, subtree: true });
      act();
    });
})();
