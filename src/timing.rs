//! Named moments for the bench (`performance.mark`): where a load's or a reaction's time
//! goes, read by `crates/bench` from the Performance API. Costs one call each; nothing
//! reads them in use.

/// Marks `name` now.
pub fn mark(name: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = name;
}

/// Marks `{name}:start` now and `{name}:end` when dropped: how long a step took.
pub struct Span(&'static str);

impl Span {
    pub fn new(name: &'static str) -> Span {
        mark(&format!("{name}:start"));
        Span(name)
    }
}

impl Drop for Span {
    fn drop(&mut self) {
        mark(&format!("{}:end", self.0));
    }
}
