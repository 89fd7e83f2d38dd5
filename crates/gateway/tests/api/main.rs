//! Integration tests: the real gateway on port 0 in front of the real sandbox (or a fake
//! upstream that misbehaves on purpose), driven over HTTP.

mod helpers;

mod faults;
mod proxy;
mod refused;
mod session;
mod skeleton;
