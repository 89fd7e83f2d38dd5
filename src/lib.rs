//! The panel: a Leptos single-page app for WHMCS OAuth credentials. `main.rs` only mounts
//! [`App`]; everything lives here so browser tests can reach it.

pub mod api;
mod app;
pub mod clock;
pub mod components;
pub mod context;
pub mod credential_cache;
pub mod debounce;
pub mod dom;
mod download;
pub mod fetched;
pub mod form;
pub mod pages;
pub mod pkce;
pub mod router;
pub mod service_context;
pub mod task;
pub mod text;
mod timing;

pub use app::App;
