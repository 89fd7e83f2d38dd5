//! The panel's own browser tests: components mounted in headless Chromium by
//! wasm-bindgen-test (`cargo xtask test` runs them with `--target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// Polls until `[data-testid=…]` exists inside `root`, or fails after five seconds.
async fn wait_for(root: &web_sys::Element, testid: &str) -> HtmlElement {
    for _ in 0..100 {
        if let Ok(Some(el)) = root.query_selector(&format!("[data-testid='{testid}']")) {
            return el.unchecked_into();
        }
        gloo_timers::future::sleep(Duration::from_millis(50)).await;
    }
    panic!("[data-testid='{testid}'] never appeared");
}

fn fresh_root() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

#[wasm_bindgen_test]
async fn without_a_gateway_the_panel_says_so_instead_of_staying_blank() {
    let root = fresh_root();
    let _handle = leptos::mount::mount_to(root.clone(), panel::App);
    assert_eq!(
        wait_for(&root, "product-name").await.inner_text(),
        "WHMCS OAuth Admin"
    );
    // The test runner's own server has no /api/config: the panel must show why, not hang.
    let error = wait_for(&root, "load-error").await;
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(error.inner_text(), "The gateway answered with HTTP 404.");
}
