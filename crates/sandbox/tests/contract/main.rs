//! The contract suite: the real sandbox on port 0, checked over HTTP against every message,
//! status and response form in `docs/whmcs-api-contract.md`.

mod helpers;

mod concurrency;
mod create;
mod customers;
mod delete;
mod formats;
mod limits;
mod list;
mod oauth;
mod oidc;
mod pre_command;
mod restart;
mod round_trip;
mod update;
