//! Integration tests: the real gateway on port 0, driven over HTTP.

mod helpers;
mod skeleton;
