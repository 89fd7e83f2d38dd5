//! Events handled once for many elements (a table's rows), by what was clicked.

use wasm_bindgen::JsCast;

/// The element matching `selector` that `ev` happened in (its target or an ancestor).
pub fn closest(ev: &web_sys::Event, selector: &str) -> Option<web_sys::Element> {
    ev.target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest(selector)
        .ok()
        .flatten()
}
