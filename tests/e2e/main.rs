//! The end-to-end tests: the built panel, served by the gateway's demo (sandbox included),
//! driven in headless Chromium. One binary with a module per flow, so the gateway, the
//! sandbox and the browser driver are linked once, not once per flow.
#![cfg(not(target_arch = "wasm32"))]

mod support;

mod accessibility;
mod create;
mod credential_tests;
mod edit;
mod fleet;
mod list;
mod list_layout;
mod login;
mod phone;
mod roles_and_faults;
mod service_context;
mod sign_in;
mod skeleton;
