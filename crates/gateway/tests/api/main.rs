//! Integration tests: the real gateway on port 0 in front of the real sandbox (or a fake
//! upstream that misbehaves on purpose), driven over HTTP; several instances on a real
//! Redis; the `oauth-admin` binary itself for what it logs.

mod helpers;
mod redis_server;
mod relay;
mod serve_process;

mod audit_first;
mod credential_test;
mod customers;
mod errors;
mod faults;
mod jobs;
mod logs;
mod metrics;
mod production;
mod proxy;
mod refused;
mod reveal_policy;
mod session;
mod shared_store;
mod skeleton;
mod systemd_unit;
