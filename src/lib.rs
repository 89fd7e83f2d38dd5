//! The panel: a Leptos single-page app for WHMCS OAuth credentials. `main.rs` only mounts
//! [`App`]; everything lives here so browser tests can reach it.

pub mod api;
mod app;

pub use app::App;
